import { useRef } from 'react';
import { useController, useExplorer } from '../ExplorerContext.tsx';

/** "Compare with…": a second file, compared with the open one in the Compare tab. */
export function CompareButton({ className = 'btn ghost', label = 'Compare with…', inputLabel = 'Compare with a save image' }: { className?: string; label?: string; inputLabel?: string }) {
  const controller = useController();
  const open = useExplorer((s) => s.file !== null);
  const input = useRef<HTMLInputElement>(null);
  if (!open) return null;
  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()} title="Open a second save image and compare it with this one: pages, registers, config, records">
        {label}
      </button>
      <input
        ref={input}
        type="file"
        aria-label={inputLabel}
        className="visually-hidden"
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) controller.compareWith(file);
          e.target.value = '';
        }}
      />
    </>
  );
}
