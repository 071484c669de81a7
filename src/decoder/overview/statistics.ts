/**
 * Statistics of a scanned stream: records and bytes per type, pages, rounds, checkpoints, vCPUs
 * and the largest records, from the index alone; the per-PFN numbers come from the guest memory
 * model when there is one.
 */
import { LegacyEntry } from '../legacy/constants.ts';
import { Rec } from '../libxc/constants.ts';
import { PAGE_TYPE_NAMES, pageTypeHasData } from '../core/pageTypes.ts';
import type { RecordKind } from '../core/RecordKind.ts';
import { CHUNK_PFNS, type GuestMemory } from '../memory/GuestMemory.ts';
import { PfnRunList } from '../memory/PfnRunList.ts';
import { Layer } from '../model/Layer.ts';
import { AUX, EntryFlag } from '../model/RecordIndex.ts';
import type { StreamFacts } from '../core/facts.ts';
import type { KindRuns } from './KindRuns.ts';
import type { Round } from './rounds.ts';

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

/**
 * The statistics' numbers of an index taken in a run of one kind at a time, in file order, as
 * the scan settles them (see IndexSummary): records and bytes per kind, page records, vCPUs and
 * the largest records. Records and bytes are summed per kind in the slot the kind was given when
 * first met.
 */
export class RecordTally {
  /** Per slot: the kind key, the statistics' name, the records and their bytes. */
  private readonly keys: number[] = [];
  private readonly names: string[] = [];
  private readonly counts: number[] = [];
  private readonly bytes: number[] = [];
  private readonly vcpuIds = new Set<number>();
  /** The most vCPUs an HVM context covers. */
  private hvmVcpus = 0;
  readonly largest: LargestRecord[] = [];
  /** A record must be longer than this to be among the largest. */
  private least = -1;

  /** Takes in a run of entries of one kind, the next ones after those taken. */
  takeRun(runs: KindRuns): void {
    const { kind, start, end } = runs;
    const { base, layer, flags, type, length, aux, offset } = runs.span;
    const l = layer[start]!;
    const t = type[start]!;
    const slot = this.slotOf(runs.key, kind, l as Layer, flags[start]!);
    this.counts[slot]! += end - start;
    // A run's entries lie back to back.
    this.bytes[slot]! += runs.length;
    const least = this.least;
    for (let k = start; k < end; k++) if (length[k]! > least) this.placeLargest(base + k, this.names[slot]!, offset[k]!, length[k]!);
    if ((l === Layer.Libxc && t === Rec.X86_PV_VCPU_BASIC) || (l === Layer.Legacy && t === LegacyEntry.VcpuBasic)) {
      for (let k = start; k < end; k++) this.vcpuIds.add(aux[k * AUX]!);
    } else if (l === Layer.Libxc && t === Rec.HVM_CONTEXT) {
      for (let k = start; k < end; k++) this.hvmVcpus = Math.max(this.hvmVcpus, aux[k * AUX]!);
    }
  }

  /** The slot of a kind (by kindKey), given one when first met. */
  private slotOf(key: number, kind: RecordKind, layer: Layer, flags: number): number {
    const slot = this.keys.indexOf(key);
    if (slot >= 0) return slot;
    this.keys.push(key);
    this.names.push(recordTypeName(kind, layer, flags));
    this.counts.push(0);
    this.bytes.push(0);
    return this.names.length - 1;
  }

  private placeLargest(record: number, name: string, offset: number, length: number): void {
    const largest = this.largest;
    // `least` may have risen since the caller read it.
    if (length <= this.least) return;
    if (largest.length === LARGEST) largest.pop();
    const at = largest.findIndex((x) => x.length < length);
    largest.splice(at < 0 ? largest.length : at, 0, { record, name, offset, length });
    if (largest.length === LARGEST) this.least = largest[LARGEST - 1]!.length;
  }

  /**
   * The statistics of the entries taken so far, whose `rounds` are given (every page record is in
   * one: the page numbers are theirs). vCPUs: distinct ids of PV vCPU records (v2 and legacy), or
   * what an HVM context covers; else the domain config's count.
   */
  statistics(facts: StreamFacts, rounds: Round[], census?: PfnCensus): StreamStatistics {
    // Kinds of one name (libxl and libxc each have an END, so libxl's get their layer's name; unknown types may share one) add up.
    const records: StreamStatistics['records'] = {};
    this.names.forEach((name, slot) => {
      const r = (records[name] ??= { count: 0, bytes: 0 });
      r.count += this.counts[slot]!;
      r.bytes += this.bytes[slot]!;
    });
    const pages = { records: 0, entries: 0, withData: 0 };
    for (const r of rounds) {
      pages.records += r.records;
      pages.entries += r.pfns;
      pages.withData += r.pages;
    }
    return {
      records,
      pages,
      ...(census ? { pfns: { ...census, memoryBytes: census.max < 0 ? 0 : (census.max + 1) * 4096 } } : {}),
      rounds,
      checkpoints: facts.checkpoints,
      vcpus: Math.max(this.vcpuIds.size, this.hvmVcpus) || (facts.config?.vcpus ?? 0),
      largest: this.largest.map((x) => ({ ...x })),
    };
  }
}
