/** A fuzz run: `cases` cases from `seed`, each replayable alone by its number. */
import { mutateBase, type FuzzBase, type MutationName } from './mutations.ts';
import { Random } from './random.ts';
import { runCase, type CaseLimits, type FailureKind } from './runCase.ts';

export interface FuzzFailure {
  caseNumber: number;
  kind: FailureKind;
  detail: string;
  base: string;
  applied: MutationName[];
  input: Uint8Array;
}

export interface CampaignResult {
  cases: number;
  failures: FuzzFailure[];
  slowest: { caseNumber: number; ms: number };
}

/** The input of case `caseNumber` of a run with `seed`. */
export function fuzzCase(seed: number, caseNumber: number, bases: readonly FuzzBase[]): ReturnType<typeof mutateBase> {
  return mutateBase(new Random(seed, caseNumber), bases);
}

export async function runCampaign(o: { seed: number; cases: number; bases: readonly FuzzBase[]; limits?: CaseLimits; onProgress?: (done: number) => void }): Promise<CampaignResult> {
  const failures: FuzzFailure[] = [];
  const slowest = { caseNumber: -1, ms: 0 };
  for (let n = 0; n < o.cases; n++) {
    const c = fuzzCase(o.seed, n, o.bases);
    const r = await runCase(c.bytes, o.limits);
    if (r.ms > slowest.ms) Object.assign(slowest, { caseNumber: n, ms: r.ms });
    if (r.failure) failures.push({ caseNumber: n, ...r.failure, base: c.base, applied: c.applied, input: c.bytes });
    if (n % 1000 === 999) o.onProgress?.(n + 1);
  }
  return { cases: o.cases, failures, slowest };
}
