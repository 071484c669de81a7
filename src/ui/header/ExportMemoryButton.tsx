/**
 * "Export memory…": the guest's memory as an ELF core (for gdb, crash, Volatility; with each
 * vCPU's registers) or a raw image (each page at PFN × 4096). The worker answers with a Blob of
 * slices of the dropped file plus small generated headers, so a 16 GiB guest downloads with
 * flat memory. Disabled, saying why, until there is memory to export.
 */
import { useState } from 'react';
import type { ExportMemoryReply, MemoryExportFormat } from '../../worker/protocol.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { count } from '../format.ts';
import { download } from './download.ts';
import { useMenu } from './useMenu.ts';

const FORMATS: { format: MemoryExportFormat; title: string; description: string }[] = [
  { format: 'elf', title: 'ELF core', description: 'For gdb, crash and Volatility: one segment per run of pages, each vCPU’s registers as a thread' },
  { format: 'raw', title: 'Raw image', description: 'Each page at PFN × 4096, pages never sent left as zeros' },
];

/** "guest.save" → "guest-memory.elf". */
export const exportName = (name: string, format: MemoryExportFormat): string => `${name.replace(/\.[^.]*$/, '')}-memory.${format}`;

export function ExportMemoryButton() {
  const controller = useController();
  const file = useExplorer((s) => s.file);
  const done = useExplorer((s) => s.status === 'done');
  const pages = useExplorer((s) => s.facts?.libxc?.pages ?? s.facts?.legacy?.pages ?? 0);
  const { open, setOpen, root, button, onKeyDown } = useMenu();
  const [result, setResult] = useState<{ reply: ExportMemoryReply; name: string } | null>(null);
  const [working, setWorking] = useState(false);
  if (!file) return null;
  const why = !done ? 'Memory can be exported when the scan has finished' : pages === 0 ? 'This image holds no guest pages' : null;

  const exportAs = async (format: MemoryExportFormat) => {
    setOpen(false);
    setWorking(true);
    const name = exportName(file.name, format);
    try {
      const reply = await controller.exportMemory(format);
      if (reply.ok) download(reply.blob, name);
      setResult({ reply, name });
    } catch (e) {
      setResult({ reply: { ok: false, reason: (e as Error).message }, name });
    } finally {
      setWorking(false);
    }
  };

  const r = result?.reply;
  return (
    <div className="menu-root" ref={root} onKeyDown={onKeyDown}>
      <button ref={button} type="button" className="btn" aria-haspopup="menu" aria-expanded={open} disabled={why !== null || working} title={why ?? 'Download the guest’s memory as an ELF core or a raw image'} onClick={() => setOpen(!open)}>
        {working ? 'Exporting…' : 'Export memory…'}
      </button>
      {open ? (
        <div role="menu" aria-label="Export memory as" className="menu">
          {FORMATS.map((f) => (
            <button key={f.format} type="button" role="menuitem" className="menu-item" onClick={() => void exportAs(f.format)}>
              <span className="menu-title">{f.title}</span>
              <span className="menu-desc">{f.description}</span>
            </button>
          ))}
        </div>
      ) : null}
      {r && result ? (
        <div className="convert-result" role="status">
          {r.ok ? <span>Downloading {result.name}: {count(r.pages)} pages, {count(r.blob.size)} bytes.</span> : <span>Cannot export memory: {r.reason}</span>}
          {r.ok && r.leftOut ? (
            <span role="alert">
              {count(r.leftOut)} pages a Remus checkpoint sent compressed are not in it: Convert to v2… first, and export from the converted file.
            </span>
          ) : null}
          <button type="button" className="btn small" onClick={() => setResult(null)}>
            Done
          </button>
        </div>
      ) : null}
    </div>
  );
}
