import { useController, useExplorer } from '../ExplorerContext.tsx';
import { FilePicker } from './FilePicker.tsx';

/** "Compare with…": a second file, compared with the open one in the Compare tab. */
export function CompareButton({ className = 'btn ghost', label = 'Compare with…', inputLabel = 'Compare with a save image' }: { className?: string; label?: string; inputLabel?: string }) {
  const controller = useController();
  const open = useExplorer((s) => s.file !== null);
  if (!open) return null;
  return (
    <FilePicker
      className={className}
      label={label}
      inputLabel={inputLabel}
      title="Open a second save image and compare it with this one: pages, registers, config, records"
      onFile={(file) => controller.compare.with(file)}
    />
  );
}
