import type { CheckId } from '../core/checks.ts';
import type { DiagnosticList } from '../model/Diagnostic.ts';

/**
 * One kind of problem repeated across the entries of a big array (a PFN array): remembered at
 * its first entry and counted, then reported once, so a batch of 1024 bad entries is one
 * diagnostic, not 1024.
 */
export class ProblemTally {
  private first = -1;
  private detail = '';
  count = 0;

  /** Notes an occurrence at file offset `at`; `detail` describes it when it is the first. */
  note(at: number, detail: string): void {
    if (this.count++ === 0) {
      this.first = at;
      this.detail = detail;
    }
  }

  /** Reports the problem, if any, at its first entry; `message` gets the first detail and a "(and N more …)" suffix. */
  report(diags: DiagnosticList | null, id: CheckId, length: number, record: number, message: (detail: string, more: string) => string): void {
    if (!diags || this.count === 0) return;
    const more = this.count > 1 ? ` (and ${this.count - 1} more entr${this.count === 2 ? 'y' : 'ies'})` : '';
    diags.add(id, this.first, length, record, message(this.detail, more));
  }
}
