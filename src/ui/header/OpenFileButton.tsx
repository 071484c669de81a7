import { useRef } from 'react';
import { useController } from '../ExplorerContext.tsx';

/** A real file input (tests and keyboards use it) behind an ordinary button. */
export function OpenFileButton({ className = 'btn', label = 'Open file…' }: { className?: string; label?: string }) {
  const controller = useController();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        aria-label="Open a save image"
        className="visually-hidden"
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) controller.openFile(file);
          e.target.value = '';
        }}
      />
    </>
  );
}
