/**
 * Statistics of a scanned stream: records and bytes per type, pages, rounds, checkpoints, vCPUs
 * and the largest records, from the index alone; the per-PFN numbers come from the guest memory
 * model when there is one.
 */
import { LegacyEntry } from '../legacy/constants.ts';
import { Rec } from '../libxc/constants.ts';
import { PAGE_TYPE_NAMES, pageTypeHasData } from '../core/pageTypes.ts';
import { PAGE_RUN_AUX, type RecordKind } from '../core/RecordKind.ts';
import { CHUNK_PFNS, type GuestMemory } from '../memory/GuestMemory.ts';
import { PfnRunList } from '../memory/PfnRunList.ts';
import { Layer } from '../model/Layer.ts';
import { AUX, EntryFlag, type RecordIndex } from '../model/RecordIndex.ts';
import type { StreamFacts } from '../core/facts.ts';
import { KindRuns } from './KindRuns.ts';
import { findRounds, type Round } from './rounds.ts';

/** What the stream says per PFN, by each PFN's last entry (what a restore ends up with). */
export interface PfnCensus {
  /** PFNs whose last entry carries data, and the highest of them (-1: none). */
  distinct: number;
  max: number;
  /** PFNs any entry names, with data or not (XTAB, XALLOC, BROKEN). */
  named: number;
  /** PFNs named more than once. */
  resent: number;
  /** Named PFNs by the page type of their last entry. */
  types: Record<string, number>;
}

export interface LargestRecord {
  record: number;
  name: string;
  offset: number;
  length: number;
}

export interface StreamStatistics {
  /** Records (and headers) by type name (libxl records as "libxl NAME"): how many, and their bytes on the wire. */
  records: Record<string, { count: number; bytes: number }>;
  /** Page records, their PFN entries, and the entries that carry a page of data. */
  pages: { records: number; entries: number; withData: number };
  /** Per-PFN numbers and the guest memory the highest PFN with data implies ((max + 1) × 4 KiB). */
  pfns?: PfnCensus & { memoryBytes: number };
  rounds: Round[];
  checkpoints: number;
  vcpus: number;
  largest: LargestRecord[];
}

const LARGEST = 10;

/** The per-PFN numbers of a guest memory model: one pass over its chunks, a run at a time where it keeps runs. */
export function pfnCensus(memory: GuestMemory): PfnCensus {
  let resent = 0;
  let distinct = 0;
  let max = -1;
  // Indexed by the 4-bit page type: a typed array, as this runs once per PFN of the guest.
  const byType = new Float64Array(16);
  for (const c of memory.storedChunks()) {
    if (c instanceof PfnRunList) {
      // Each PFN of a run list was sent once.
      for (let r = 0; r < c.length; r++) {
        const t = c.type[r]!;
        const n = c.count[r]!;
        if (pageTypeHasData(t)) {
          distinct += n;
          max = c.base + c.first[r]! + n - 1;
        }
        byType[t]! += n;
      }
      continue;
    }
    const { sent, types } = c;
    for (let i = 0; i < CHUNK_PFNS; i++) {
      const n = sent[i]!;
      if (n === 0) continue;
      if (n > 1) resent++;
      const t = types[i]!;
      if (pageTypeHasData(t)) {
        distinct++;
        max = c.base + i;
      }
      byType[t]!++;
    }
  }
  const types: Record<string, number> = {};
  byType.forEach((n, t) => {
    if (n > 0) types[PAGE_TYPE_NAMES[t] ?? `type ${t}`] = n;
  });
  return { distinct, max, named: memory.pfnCount, resent, types };
}

/**
 * The name the statistics give entries of a kind: libxl and libxc both have an END (and more may
 * share names), so libxl's records get their layer's name.
 */
export function recordTypeName(kind: RecordKind, layer: Layer, flags: number): string {
  return (layer === Layer.Libxl && !(flags & EntryFlag.Header) ? 'libxl ' : '') + kind.name;
}

/** The records tally of a kind, by the name the statistics give it. */
class RecordTallies {
  readonly byName: StreamStatistics['records'] = {};
  /** Names by kind key (kinds of one name in different layers are different keys). */
  private readonly names = new Map<number, string>();

  name(key: number, kind: RecordKind, layer: Layer, flags: number): string {
    let name = this.names.get(key);
    if (name === undefined) this.names.set(key, (name = recordTypeName(kind, layer, flags)));
    return name;
  }

  add(name: string, count: number, bytes: number): void {
    const r = (this.byName[name] ??= { count: 0, bytes: 0 });
    r.count += count;
    r.bytes += bytes;
  }
}

/**
 * `rounds`: the stream's rounds when the caller has found them already (the worker keeps them
 * per session). vCPUs: distinct ids of PV vCPU records (v2 and legacy), or what an HVM context
 * covers; else the domain config's count.
 */
export function streamStatistics(index: RecordIndex, facts: StreamFacts, census?: PfnCensus, rounds: Round[] = findRounds(index)): StreamStatistics {
  const tallies = new RecordTallies();
  const largest: LargestRecord[] = [];
  // A record must be longer than this to be among the largest.
  let least = -1;
  let pageRecords = 0;
  let entries = 0;
  let withData = 0;
  const vcpuIds = new Set<number>();
  let hvmVcpus = 0;
  for (const runs = new KindRuns(index, 0); runs.next(); ) {
    const { kind, start, end } = runs;
    const { base, layer, flags, type, length, aux, offset } = runs.span;
    const l = layer[start]!;
    const t = type[start]!;
    const name = tallies.name(runs.key, kind, l as Layer, flags[start]!);
    let bytes = 0;
    for (let k = start; k < end; k++) {
      const n = length[k]!;
      bytes += n;
      if (n > least) {
        if (largest.length === LARGEST) largest.pop();
        const at = largest.findIndex((x) => x.length < n);
        largest.splice(at < 0 ? largest.length : at, 0, { record: base + k, name, offset: offset[k]!, length: n });
        if (largest.length === LARGEST) least = largest[LARGEST - 1]!.length;
      }
    }
    tallies.add(name, end - start, bytes);
    if (kind.aux === PAGE_RUN_AUX) {
      pageRecords += end - start;
      for (let k = start; k < end; k++) {
        entries += aux[k * AUX]!;
        withData += aux[k * AUX + 1]!;
      }
    } else if ((l === Layer.Libxc && t === Rec.X86_PV_VCPU_BASIC) || (l === Layer.Legacy && t === LegacyEntry.VcpuBasic)) {
      for (let k = start; k < end; k++) vcpuIds.add(aux[k * AUX]!);
    } else if (l === Layer.Libxc && t === Rec.HVM_CONTEXT) {
      for (let k = start; k < end; k++) hvmVcpus = Math.max(hvmVcpus, aux[k * AUX]!);
    }
  }
  const records = tallies.byName;
  const pages = { records: pageRecords, entries, withData };
  const vcpus = Math.max(vcpuIds.size, hvmVcpus) || (facts.config?.vcpus ?? 0);
  return {
    records,
    pages,
    ...(census ? { pfns: { ...census, memoryBytes: census.max < 0 ? 0 : (census.max + 1) * 4096 } } : {}),
    rounds,
    checkpoints: facts.checkpoints,
    vcpus,
    largest,
  };
}
