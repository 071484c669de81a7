/**
 * The vCPUs tab: pick a vCPU; its registers (named as xenctx names them), the code bytes around
 * its instruction pointer and the stack words from its stack pointer, read by the worker
 * through the vCPU's own page tables. Addresses are links to the Memory tab.
 */
import { useEffect, useState } from 'react';
import { registerHex } from '../../decoder/memory/vcpuSnapshot.ts';
import type { AnalysisReply } from '../../worker/protocol.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { AddressLink } from './AddressLink.tsx';
import { looksLikeAddress } from './looksLikeAddress.ts';
import './guest.css';

type VcpuReport = AnalysisReply<'vcpus'>[number];
type Loaded = { scan: number; vcpus: VcpuReport[] } | { scan: number; error: string };

const hexByte = (b: number) => b.toString(16).padStart(2, '0');

export function VcpuPanel() {
  const controller = useController();
  const status = useExplorer((s) => s.status);
  const scan = useExplorer((s) => s.scanId);
  const selected = useExplorer((s) => s.selection?.record ?? -1);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [chosen, setChosen] = useState(0);

  useEffect(() => {
    if (status !== 'done') return;
    let live = true;
    controller.analyse('vcpus', {}).then(
      (vcpus) => live && vcpus && setLoaded({ scan, vcpus }),
      (e: Error) => live && setLoaded({ scan, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [controller, status, scan]);

  const mine = loaded?.scan === scan ? loaded : null;
  // Selecting a record of vCPU state shows its vCPU here (without bringing the tab forward).
  const holder = mine && 'vcpus' in mine ? mine.vcpus.find((x) => x.record === selected) : undefined;
  useEffect(() => {
    if (holder) setChosen(holder.id);
  }, [holder]);
  if (!mine) return <p className="guest-note">{status === 'cancelled' ? 'The scan was cancelled, so the vCPU state is not known.' : status === 'done' ? 'Reading the vCPUs…' : 'The vCPUs are shown when the scan has finished.'}</p>;
  if ('error' in mine) return <p className="guest-note" role="alert">Cannot read the vCPUs: {mine.error}</p>;
  if (!mine.vcpus.length) return <p className="guest-note">This image holds no vCPU state.</p>;
  const v = mine.vcpus.find((x) => x.id === chosen) ?? mine.vcpus[0]!;
  return (
    <section className="guest-panel" aria-label="vCPUs">
      <div className="dock-bar">
        <label>
          vCPU{' '}
          <select value={v.id} onChange={(e) => setChosen(Number(e.target.value))}>
            {mine.vcpus.map((x) => (
              <option key={x.id} value={x.id}>
                {x.id}
              </option>
            ))}
          </select>
        </label>
        <span>
          {v.kind === 'pv' ? 'PV' : 'HVM/PVH'}, {v.width * 8}-bit, {v.paging}
        </span>
        <button type="button" className="btn small" onClick={() => controller.selectRecord(v.record)} title="Select the record holding these registers">
          Record #{v.record}
        </button>
      </div>
      <div className="vcpu-body">
        <Registers v={v} />
        <Code v={v} />
        <Stack v={v} />
      </div>
    </section>
  );
}

function Registers({ v }: { v: VcpuReport }) {
  const virtual = (address: bigint) => ({ kind: 'virtual' as const, address, vcpu: v.id });
  const link = (name: string, value: bigint) => {
    const text = registerHex(value, v.width);
    if (name === 'cr3' && v.pageTables !== null) return <AddressLink target={{ kind: 'physical', address: v.pageTables }}>{text}</AddressLink>;
    if (name === 'rip' || name === 'eip' || name === 'rsp' || name === 'esp' || (!name.startsWith('cr') && !name.startsWith('dr') && looksLikeAddress(value, v.width))) return <AddressLink target={virtual(value)}>{text}</AddressLink>;
    return <span className="mono">{text}</span>;
  };
  return (
    <div className="vcpu-col">
      <table className="guest-table" aria-label="Registers">
        <thead>
          <tr>
            <th scope="col">Register</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {v.registers.map(([name, value]) => (
            <tr key={name}>
              <th scope="row" className="mono">
                {name}
              </th>
              <td>{link(name, value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Code({ v }: { v: VcpuReport }) {
  const code = v.code;
  return (
    <div className="vcpu-col" role="group" aria-label="Code at the instruction pointer">
      <h3>
        Code at <AddressLink target={{ kind: 'virtual', address: v.ip, vcpu: v.id }}>{registerHex(v.ip, v.width)}</AddressLink>
      </h3>
      {'bytes' in code ? (
        <p className="vcpu-code mono" aria-label="Code bytes, the byte at the instruction pointer marked">
          {[...code.bytes].map((b, i) =>
            code.address + BigInt(i) === v.ip ? (
              <mark key={i} title="the byte at the instruction pointer">
                {hexByte(b)}
              </mark>
            ) : (
              <span key={i}>{hexByte(b)}</span>
            ),
          )}
        </p>
      ) : (
        <p className="guest-error">Unreadable: {code.error}</p>
      )}
    </div>
  );
}

function Stack({ v }: { v: VcpuReport }) {
  return (
    <div className="vcpu-col" role="group" aria-label="Stack">
      <h3>
        Stack at <AddressLink target={{ kind: 'virtual', address: v.sp, vcpu: v.id }}>{registerHex(v.sp, v.width)}</AddressLink>
      </h3>
      {'words' in v.stack ? (
        <table className="guest-table" aria-label="Stack words">
          <tbody>
            {v.stack.words.map((w, i) => (
              <tr key={i}>
                <th scope="row" className="mono">
                  +{(i * v.width).toString(16).padStart(2, '0')}
                </th>
                <td>{looksLikeAddress(w, v.width) ? <AddressLink target={{ kind: 'virtual', address: w, vcpu: v.id }}>{registerHex(w, v.width)}</AddressLink> : <span className="mono">{registerHex(w, v.width)}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="guest-error">Unreadable: {v.stack.error}</p>
      )}
    </div>
  );
}
