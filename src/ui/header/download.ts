/** Hands a Blob to the browser as a download named `name` (a Blob of file slices stays slices). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The download has taken its reference by the next task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
