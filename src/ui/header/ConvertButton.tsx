/**
 * "Convert to v2…" for a legacy stream: the worker converts it from the finished scan and hands
 * back a Blob made of slices of the dropped file plus the generated records, so even a 16 GiB
 * image downloads with flat memory. A refusal says why and where.
 */
import { useState } from 'react';
import { hex } from '../../decoder/dissect/show.ts';
import type { ConvertReply } from '../../worker/protocol.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { download } from './download.ts';

/** "guest.save" → "guest-v2.save". */
export const convertedName = (name: string): string => `${name.replace(/\.[^.]*$/, '')}-v2.save`;

type State = { kind: 'idle' } | { kind: 'working' } | { kind: 'done'; reply: ConvertReply; name: string };

export function ConvertButton() {
  const controller = useController();
  const legacy = useExplorer((s) => s.status === 'done' && s.facts?.legacy !== undefined);
  const fileName = useExplorer((s) => s.file?.name ?? 'converted.save');
  const [state, setState] = useState<State>({ kind: 'idle' });
  if (!legacy) return null;

  const convert = async () => {
    setState({ kind: 'working' });
    try {
      const reply = await controller.convertToV2();
      const name = convertedName(fileName);
      if (reply.ok) download(reply.blob, name);
      setState({ kind: 'done', reply, name });
    } catch (e) {
      setState({ kind: 'done', reply: { ok: false, reason: (e as Error).message, offset: 0 }, name: '' });
    }
  };

  const r = state.kind === 'done' ? state.reply : null;
  return (
    <div className="convert">
      <button type="button" className="btn" disabled={state.kind === 'working'} onClick={() => void convert()} title="Download this legacy image converted to a stream Xen ≥ 4.6 restores (verified first)">
        {state.kind === 'working' ? 'Converting…' : 'Convert to v2…'}
      </button>
      {r && state.kind === 'done' ? (
        <div className="convert-result" role="status">
          {r.ok ? (
            <span>
              Downloading {state.name}: {r.checkpoints > 1 ? `checkpoint ${r.checkpoint} of ${r.checkpoints}` : 'the stream'} as {r.format === 'xl' ? 'an xl save file' : `a ${r.format} stream`}, verified.
            </span>
          ) : (
            <span>
              Cannot convert (at {hex(r.offset)}): {r.reason}
            </span>
          )}
          {r.ok && r.warnings.length ? (
            <ul>
              {r.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
          <button type="button" className="btn small" onClick={() => setState({ kind: 'idle' })}>
            Done
          </button>
        </div>
      ) : null}
    </div>
  );
}
