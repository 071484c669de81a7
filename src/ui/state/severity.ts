import type { Severity } from '../../decoder/model/Diagnostic.ts';

/** Severities ordered so that "worst" is the maximum; 0 means no diagnostic. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export const SEVERITY_BY_RANK: (Severity | null)[] = [null, 'info', 'warning', 'error'];
