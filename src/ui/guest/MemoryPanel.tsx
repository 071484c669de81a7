/**
 * The Memory tab: a guest address (virtual through a vCPU's page tables, guest-physical, or a
 * PFN) and where its page lies in the file: the PFN, every copy the stream sent (record and
 * offset, oldest first; the last is what a restore ends up with), the copy shown in the hex
 * view, whose rows then carry the page's guest addresses. Or why it cannot be read.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { hex } from '../../decoder/dissect/show.ts';
import { describeGuestAddress, type GuestAddress } from '../../decoder/memory/guestAddress.ts';
import { PAGE_TYPE_NAMES } from '../../decoder/core/pageTypes.ts';
import type { PageCopy } from '../../decoder/memory/pageCopies.ts';
import { PAGE_BYTES } from '../../decoder/memory/paging.ts';
import { entryName } from '../../decoder/names.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { parseNumber } from '../hex/parseOffset.ts';
import type { GuestView } from '../state/store.ts';
import './guest.css';

type Kind = GuestAddress['kind'];

const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'virtual', label: 'Virtual' },
  { kind: 'physical', label: 'Physical' },
  { kind: 'pfn', label: 'PFN' },
];

const valueOf = (a: GuestAddress) => hex(a.kind === 'pfn' ? a.pfn : a.address);

/** The PFN whose copies to list: the page read, or the one a PFN or physical address names. */
function pfnOf(g: GuestView): number | null {
  if (g.page?.ok) return g.page.pieces[0]?.pfn ?? null;
  if (g.target.kind === 'pfn') return g.target.pfn;
  return g.target.kind === 'physical' ? Math.floor(g.target.address / PAGE_BYTES) : null;
}

/** What the form holds turned into an address, or what is wrong with it. */
function addressOf(kind: Kind, text: string, vcpuText: string): GuestAddress | string {
  const v = parseNumber(text);
  if (v === null) return `“${text}” is not a number (hex 0x… or decimal)`;
  if (kind === 'virtual') {
    const vcpu = parseNumber(vcpuText);
    if (vcpu === null || vcpu > 4096n) return `“${vcpuText}” is not a vCPU number`;
    if (v >= 1n << 64n) return 'a virtual address has at most 64 bits';
    return { kind, address: v, vcpu: Number(vcpu) };
  }
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) return `${kind === 'pfn' ? 'a PFN' : 'a guest-physical address'} must be below 2^53`;
  return kind === 'pfn' ? { kind, pfn: Number(v) } : { kind, address: Number(v) };
}

export function MemoryPanel() {
  const controller = useController();
  const guest = useExplorer((s) => s.guest);
  const ready = useExplorer((s) => s.status === 'done');
  const [kind, setKind] = useState<Kind>('virtual');
  const [text, setText] = useState('');
  const [vcpu, setVcpu] = useState('0');
  const [problem, setProblem] = useState<string | null>(null);
  const target = guest?.target ?? null;

  // An address asked for elsewhere (a register, a PFN field, a link) fills the form.
  useEffect(() => {
    if (!target) return;
    setKind(target.kind);
    setText(valueOf(target));
    if (target.kind === 'virtual') setVcpu(String(target.vcpu));
    setProblem(null);
  }, [target]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const a = addressOf(kind, text, vcpu);
    if (typeof a === 'string') return setProblem(a);
    setProblem(null);
    void controller.showGuest(a);
  };

  return (
    <section className="guest-panel" aria-label="Guest memory">
      <form className="dock-bar" onSubmit={submit} aria-label="Go to a guest address">
        <label>
          Address{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} aria-label="Address kind">
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <input className="mono" value={text} onChange={(e) => setText(e.target.value)} placeholder="0x…" size={20} aria-label="Guest address" disabled={!ready} />
        {kind === 'virtual' ? (
          <label>
            through vCPU <input className="mono" value={vcpu} onChange={(e) => setVcpu(e.target.value)} size={3} aria-label="vCPU to translate through" disabled={!ready} />
          </label>
        ) : null}
        <button type="submit" className="btn small" disabled={!ready}>
          Show
        </button>
        {problem ? <span role="alert" className="guest-error">{problem}</span> : null}
      </form>
      {!ready && !guest ? <p className="guest-note">Guest memory can be read when the scan has finished.</p> : guest ? <PageSummary guest={guest} /> : <p className="guest-note">Type an address, or click one in the vCPUs tab or a PFN in the fields.</p>}
    </section>
  );
}

function PageSummary({ guest }: { guest: GuestView }) {
  const page = guest.page;
  if (!page) return <p className="guest-note">Reading {describeGuestAddress(guest.target)}…</p>;
  if (!page.ok) {
    return (
      <div className="guest-body">
        <p className="guest-error" role="alert">
          Cannot read {describeGuestAddress(guest.target)} ({page.level === 'page' ? 'page not in the image' : page.level === 'address' || page.level === 'vcpu' || page.level === 'request' ? page.level : `page table ${page.level}`}): {page.reason}
        </p>
        {page.steps.length ? (
          <ol className="guest-walk mono" aria-label="Page-table entries read">
            {page.steps.map((st) => (
              <li key={st.level}>
                {st.level} entry at {hex(st.entryAddress)} = {hex(st.entry)}
              </li>
            ))}
          </ol>
        ) : null}
        <Copies guest={guest} />
      </div>
    );
  }
  const p = page.pieces[0]!;
  return (
    <div className="guest-body">
      <dl className="facts-list guest-facts" aria-label="Where the page lies">
        <dt>PFN</dt>
        <dd className="mono">{hex(p.pfn)}</dd>
        <dt>Guest-physical</dt>
        <dd className="mono">{hex(p.physical)}</dd>
        {p.virtual !== undefined ? (
          <>
            <dt>Virtual</dt>
            <dd className="mono">{hex(p.virtual)}</dd>
          </>
        ) : null}
        <dt>Last copy</dt>
        <dd className="mono">
          file {hex(p.fileOffset)}, record #{p.record}
        </dd>
      </dl>
      <Copies guest={guest} />
    </div>
  );
}

/** Every copy of the page's PFN the stream sent, oldest first; each can be shown. */
function Copies({ guest }: { guest: GuestView }) {
  const controller = useController();
  const index = useExplorer((s) => s.index);
  const pfn = pfnOf(guest);
  const [copies, setCopies] = useState<{ pfn: number; list: PageCopy[] } | null>(null);
  useEffect(() => {
    if (pfn === null) return;
    let live = true;
    controller.findPfn(pfn).then(
      (list) => live && setCopies({ pfn, list }),
      () => live && setCopies({ pfn, list: [] }),
    );
    return () => {
      live = false;
    };
  }, [controller, pfn]);
  if (pfn === null || copies?.pfn !== pfn) return null;
  const { list } = copies;
  if (!list.length) return <p className="guest-note">PFN {hex(pfn)} was never sent in this image.</p>;
  return (
    <div className="guest-copies">
      <p>
        PFN {hex(pfn)} sent {list.length === 1 ? 'once' : `${list.length} times`}, oldest first (the last is what a restore ends up with):
      </p>
      <ol aria-label="Copies of the page">
        {list.map((c, i) => {
          const name = `#${c.record} ${entryName(index.layer(c.record), index.type(c.record), index.flags(c.record))}`;
          const type = PAGE_TYPE_NAMES[c.type] ?? `type ${c.type}`;
          const shown = c.offset !== null && c.offset === guest.shownCopy;
          return (
            <li key={`${c.record}-${i}`}>
              {c.offset !== null && c.offset >= 0 ? (
                <button type="button" className="btn small" aria-current={shown ? 'true' : undefined} onClick={() => controller.showCopy(c.record, c.offset!)}>
                  {name}, page at {hex(c.offset)}
                </button>
              ) : (
                <span>
                  {name}, {c.offset === null ? 'compressed' : 'no data'}
                </span>
              )}{' '}
              {type}
              {shown ? ' (shown)' : ''}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
