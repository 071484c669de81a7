import { useRef } from 'react';

interface FilePickerProps {
  label: string;
  /** The file input's accessible name (tests and assistive technology find it by this). */
  inputLabel: string;
  className?: string;
  title?: string;
  onFile(file: File): void;
}

/** A real file input (tests and keyboards use it) behind an ordinary button. */
export function FilePicker({ label, inputLabel, className = 'btn', title, onFile }: FilePickerProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()} title={title}>
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
          if (file) onFile(file);
          // The same file chosen again opens again.
          e.target.value = '';
        }}
      />
    </>
  );
}
