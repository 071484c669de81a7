/** Where the CLI writes: process streams in the bin, string buffers in tests. */
export interface Writer {
  /** Text, or bytes (`memory --raw`). */
  write(s: string | Uint8Array): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  out: Writer;
  err: Writer;
}

/** A problem with `file` as a line after "xen-stream: ": a file that cannot be opened says so with its path already. */
export function aboutFile(file: string, message: string): string {
  return message.startsWith(`${file}: `) ? message : `${file}: ${message}`;
}

/** Thrown for a bad command line: printed with the usage, exit status 2. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/** A one-line progress meter on a terminal's stderr; silent elsewhere. */
export function progressMeter(err: Writer, label: string): { update(done: number, total: number): void; clear(): void } {
  let shown = false;
  return {
    update(done, total) {
      if (!err.isTTY || total <= 0) return;
      shown = true;
      err.write(`\r${label}: ${Math.floor((100 * done) / total)}%`.padEnd(60));
    },
    clear() {
      if (shown) err.write('\r' + ' '.repeat(60) + '\r');
    },
  };
}
