import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

interface SplitterProps {
  /** "horizontal" lies between stacked panes and changes heights; "vertical" changes widths. */
  orientation: 'horizontal' | 'vertical';
  label: string;
  value: number;
  min: number;
  max: number;
  /** +1 when moving the splitter down/right grows the pane, -1 when it shrinks it. */
  direction?: 1 | -1;
  onChange: (value: number) => void;
}

/** A pane divider: drag it, or focus it and use the arrow keys (ARIA window splitter). */
export function Splitter({ orientation, label, value, min, max, direction = 1, onChange }: SplitterProps) {
  const drag = useRef<{ from: number; value: number } | null>(null);
  const clamp = (v: number) => Math.round(Math.min(max, Math.max(min, v)));
  const pos = (e: PointerEvent) => (orientation === 'horizontal' ? e.clientY : e.clientX);

  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 64 : 16;
    const keys: Record<string, number> =
      orientation === 'horizontal' ? { ArrowDown: step * direction, ArrowUp: -step * direction } : { ArrowRight: step * direction, ArrowLeft: -step * direction };
    const d = keys[e.key];
    if (d === undefined) return;
    e.preventDefault();
    onChange(clamp(value + d));
  };

  return (
    <div
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className={`splitter ${orientation}`}
      onKeyDown={onKeyDown}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { from: pos(e), value };
      }}
      onPointerMove={(e) => {
        if (drag.current) onChange(clamp(drag.current.value + (pos(e) - drag.current.from) * direction));
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
    />
  );
}
