import { useController } from '../ExplorerContext.tsx';
import { FilePicker } from './FilePicker.tsx';

/** "Open file…": a save image to open in place of the one open. */
export function OpenFileButton({ className = 'btn', label = 'Open file…' }: { className?: string; label?: string }) {
  const controller = useController();
  return <FilePicker className={className} label={label} inputLabel="Open a save image" onFile={(file) => controller.openFile(file)} />;
}
