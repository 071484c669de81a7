import { CHECKS, type CheckId } from '../core/checks.ts';
import type { Severity } from './Severity.ts';

export type { Severity };

/** A problem (or note) about a byte range of the file. */
export interface Diagnostic {
  id: CheckId;
  severity: Severity;
  /** Absolute file offset the diagnostic is about. */
  offset: number;
  length: number;
  /** Index of the record (timeline row) it belongs to, or -1. */
  record: number;
  message: string;
}

/** Beyond this many diagnostics a file is hopeless; the rest are counted, not kept. */
export const MAX_DIAGNOSTICS = 10_000;

/** Collects diagnostics with the catalogue's severities, bounded in number. */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  /** Diagnostics not kept because of MAX_DIAGNOSTICS, by severity. */
  readonly dropped = { error: 0, warning: 0, info: 0 };
  readonly counts = { error: 0, warning: 0, info: 0 };

  constructor(private readonly onAdd?: (d: Diagnostic, index: number) => void) {}

  add(id: CheckId, offset: number, length: number, record: number, message: string): Diagnostic | null {
    const severity = CHECKS[id].severity;
    this.counts[severity]++;
    if (this.items.length >= MAX_DIAGNOSTICS) {
      this.dropped[severity]++;
      return null;
    }
    const d: Diagnostic = { id, severity, offset, length, record, message };
    this.items.push(d);
    this.onAdd?.(d, this.items.length - 1);
    return d;
  }

  get errorCount(): number {
    return this.counts.error;
  }
}
