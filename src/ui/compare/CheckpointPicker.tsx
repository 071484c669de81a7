/**
 * Which checkpoint of each file to compare, when either is a checkpointed (Remus/COLO) stream:
 * a number from 1, or empty for the whole stream; Compare runs the comparison again.
 */
import { useState, type ReactElement } from 'react';
import { useController, useExplorer } from '../ExplorerContext.tsx';

function CheckpointInput({ label, max, value, onChange }: { label: string; max: number; value: string; onChange: (v: string) => void }): ReactElement | null {
  if (max === 0) return null;
  return (
    <label className="checkpoint-input">
      {label}
      <input type="number" min={1} max={max} step={1} placeholder="whole" value={value} onChange={(e) => onChange(e.target.value)} aria-label={`${label} (1 to ${max}, empty for the whole stream)`} />
      <span className="muted">of {max}</span>
    </label>
  );
}

const asCheckpoint = (v: string): number | null => (/^[1-9]\d*$/.test(v) ? Number(v) : null);

export function CheckpointPicker(): ReactElement | null {
  const controller = useController();
  const maxA = useExplorer((s) => s.facts?.checkpoints ?? 0);
  const compare = useExplorer((s) => s.compare);
  const [a, setA] = useState(compare?.checkpoints[0]?.toString() ?? '');
  const [b, setB] = useState(compare?.checkpoints[1]?.toString() ?? '');
  if (!compare || (maxA === 0 && compare.checkpointsB === 0)) return null;
  const busy = compare.status === 'scanning' || compare.status === 'comparing';
  return (
    <form
      className="checkpoint-picker"
      aria-label="Checkpoints to compare"
      onSubmit={(e) => {
        e.preventDefault();
        controller.compare.recompare([asCheckpoint(a), asCheckpoint(b)]);
      }}
    >
      <CheckpointInput label="Checkpoint of A" max={maxA} value={a} onChange={setA} />
      <CheckpointInput label="Checkpoint of B" max={compare.checkpointsB} value={b} onChange={setB} />
      <button type="submit" className="btn ghost" disabled={busy}>
        Compare
      </button>
    </form>
  );
}
