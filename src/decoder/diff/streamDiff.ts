/**
 * Two streams compared (or two checkpoints of one): guest memory page by page, each vCPU's
 * registers, the domain config key by key, and the records side by side with the fields that
 * changed in each record of vCPU or device state.
 */
import { decodeEntry } from '../decodeEntry.ts';
import { readVcpus } from '../memory/vcpus.ts';
import { lastGroup, sideMemory, type DiffSide } from './checkpoint.ts';
import { configTree, diffConfig, readConfigText, type ConfigChange } from './configTree.ts';
import { diffFields, type FieldChange } from './fieldDiff.ts';
import { diffMemory, type DiffOptions, type MemoryDiff } from './memoryDiff.ts';
import { alignRecords, type RecordAlignment, type RecordChange } from './recordAlignment.ts';
import { diffRegisters, type VcpuChange } from './registerDiff.ts';

/** A changed record with the fields that differ (`fieldsChanged` counts those not listed too). */
export interface RecordDiff extends RecordChange {
  fields: FieldChange[];
  fieldsChanged: number;
}

export interface StreamDiff extends Omit<MemoryDiff, 'cancelled'> {
  vcpus: VcpuChange[];
  config: ConfigChange[];
  records: Omit<RecordAlignment, 'changed'> & { changed: RecordDiff[] };
  cancelled: boolean;
}

/** Changed records whose fields are listed; the rest are named only. */
export const RECORDS_DECODED = 200;

export async function diffStreams(a: DiffSide, b: DiffSide, opts: DiffOptions = {}): Promise<StreamDiff> {
  const ga = lastGroup(a);
  const gb = lastGroup(b);
  const signal = opts.signal;
  const [ma, mb] = [await sideMemory(a, ga, signal), await sideMemory(b, gb, signal)];
  const memory = await diffMemory({ source: a.source, memory: ma }, { source: b.source, memory: mb }, opts);
  const vcpus = diffRegisters(await readVcpus(a.source, a.scan, ga), await readVcpus(b.source, b.scan, gb));
  const config = await diffSideConfigs(a, b);
  const aligned = await alignRecords(a, ga, b, gb, signal);
  const changed: RecordDiff[] = [];
  for (const c of aligned.changed) {
    if (changed.length >= RECORDS_DECODED || signal?.aborted) {
      changed.push({ ...c, fields: [], fieldsChanged: 0 });
      continue;
    }
    const [fa, fb] = [await decodeEntry(a.source, a.scan.index.get(c.a!.index), a.scan.facts), await decodeEntry(b.source, b.scan.index.get(c.b!.index), b.scan.facts)];
    const { changes, total } = diffFields(fa, fb);
    changed.push({ ...c, fields: changes, fieldsChanged: total });
  }
  return { ...memory, vcpus, config, records: { ...aligned, changed }, cancelled: memory.cancelled || !!signal?.aborted };
}

async function diffSideConfigs(a: DiffSide, b: DiffSide): Promise<ConfigChange[]> {
  const [ta, tb] = [await readConfigText(a.source, a.scan), await readConfigText(b.source, b.scan)];
  const tree = (text: string | null, side: DiffSide) => (text === null ? new Map<string, string>() : configTree(text, side.scan.facts.config!.format));
  return diffConfig(tree(ta, a), tree(tb, b));
}

/**
 * Whether the two hold the same guest state: the same memory (contents and page types), vCPU
 * registers, config and state records. Page records batched differently do not count.
 */
export function sameGuestState(d: StreamDiff): boolean {
  const p = d.pages;
  const r = d.records;
  return p.changed + p.onlyA + p.onlyB + p.typeChanged === 0 && d.vcpus.length === 0 && d.config.length === 0 && r.changed.length + r.onlyA.length + r.onlyB.length === 0;
}
