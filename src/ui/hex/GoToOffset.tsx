import { useState, type FormEvent } from 'react';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { hexOffset } from '../format.ts';
import { parseOffset } from './parseOffset.ts';

export const GOTO_INPUT_ID = 'goto-offset';

/** "Go to offset" (Ctrl+G or G focuses it): hex with 0x, or decimal. */
export function GoToOffset() {
  const controller = useController();
  const size = useExplorer((s) => s.file?.size ?? 0);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = parseOffset(text);
    if (v === null) setError('Type an offset: 0x… for hex, or decimal');
    else if (v >= size) setError(`Past the end: the file's last byte is ${hexOffset(Math.max(0, size - 1))}`);
    else {
      setError(null);
      controller.goTo(v);
    }
  };

  return (
    <form className="goto" onSubmit={submit} role="search" aria-label="Go to offset">
      <label htmlFor={GOTO_INPUT_ID} className="visually-hidden">
        Go to offset
      </label>
      <input
        id={GOTO_INPUT_ID}
        className="mono"
        placeholder="Go to offset (Ctrl+G)"
        value={text}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error !== null}
        aria-describedby={error ? 'goto-error' : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
        }}
      />
      {error ? (
        <span id="goto-error" className="goto-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
