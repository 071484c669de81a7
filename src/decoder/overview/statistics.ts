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
import { EntryFlag, type RecordIndex } from '../model/RecordIndex.ts';
import type { StreamFacts } from '../core/facts.ts';
import { KindsInOrder } from './KindsInOrder.ts';
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
 * vCPUs with a context in the stream: distinct ids of PV vCPU records (v2 and legacy), or what
 * an HVM context covers; else the domain config's count.
 */
function countVcpus(index: RecordIndex, facts: StreamFacts): number {
  const ids = new Set<number>();
  let hvm = 0;
  for (let i = 0; i < index.count; i++) {
    const layer = index.layer(i);
    const type = index.type(i);
    if ((layer === Layer.Libxc && type === Rec.X86_PV_VCPU_BASIC) || (layer === Layer.Legacy && type === LegacyEntry.VcpuBasic)) ids.add(index.aux(i, 0));
    else if (layer === Layer.Libxc && type === Rec.HVM_CONTEXT) hvm = Math.max(hvm, index.aux(i, 0));
  }
  return Math.max(ids.size, hvm) || (facts.config?.vcpus ?? 0);
}

/** `rounds`: the stream's rounds when the caller has found them already (the worker keeps them per session). */
export function streamStatistics(index: RecordIndex, facts: StreamFacts, census?: PfnCensus, rounds: Round[] = findRounds(index)): StreamStatistics {
  const records: StreamStatistics['records'] = {};
  const pages = { records: 0, entries: 0, withData: 0 };
  const largest: LargestRecord[] = [];
  const kinds = new KindsInOrder();
  // Consecutive entries of one kind share a tally: its name is built once per change of kind.
  let tallied: RecordKind | null = null;
  let talliedLibxl = false;
  let name = '';
  let r = { count: 0, bytes: 0 };
  for (let i = 0; i < index.count; i++) {
    const layer = index.layer(i);
    const flags = index.flags(i);
    const length = index.length(i);
    const kind = kinds.of(layer, flags, index.type(i));
    // libxl and libxc both have an END (and more may share names): libxl's get their layer's name.
    const libxlRecord = layer === Layer.Libxl && !(flags & EntryFlag.Header);
    if (kind !== tallied || libxlRecord !== talliedLibxl) {
      tallied = kind;
      talliedLibxl = libxlRecord;
      name = (libxlRecord ? 'libxl ' : '') + kind.name;
      r = records[name] ??= { count: 0, bytes: 0 };
    }
    r.count++;
    r.bytes += length;
    if (kind.aux === PAGE_RUN_AUX) {
      pages.records++;
      pages.entries += index.aux(i, 0);
      pages.withData += index.aux(i, 1);
    }
    if (largest.length < LARGEST || length > largest[largest.length - 1]!.length) {
      if (largest.length === LARGEST) largest.pop();
      const at = largest.findIndex((x) => x.length < length);
      largest.splice(at < 0 ? largest.length : at, 0, { record: i, name, offset: index.offset(i), length });
    }
  }
  return {
    records,
    pages,
    ...(census ? { pfns: { ...census, memoryBytes: census.max < 0 ? 0 : (census.max + 1) * 4096 } } : {}),
    rounds,
    checkpoints: facts.checkpoints,
    vcpus: countVcpus(index, facts),
    largest,
  };
}
