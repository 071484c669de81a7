/**
 * The TAIL after each legacy BODY (spec: legacy-stream.md §5): for PV the unmapped-PFN list,
 * each online vCPU's contexts and the shared-info page; for HVM the magic PFNs, the HVM context
 * and the QEMU record.
 */
import type { LegacyFacts } from '../core/facts.ts';
import { INLINE_BODY_MAX } from '../core/sizes.ts';
import { Dissection } from '../dissect/Dissection.ts';
import { hex, sizeText } from '../dissect/show.ts';
import { EXT_VCPU_CONTEXT_SIZE, LegacyEntry, LEGACY_MAX_UNMAPPED, MAGIC_PFNS_SIZE, QEMU_SIGNATURE_SIZE, QemuSignature, SHARED_INFO_SIZE } from './constants.ts';
import type { LegacyEntries } from './entries.ts';
import { basicContextSize, type LegacyEnv } from './env.ts';
import type { LegacyRules } from './rules.ts';
import {
  dissectHvmContextRecord,
  dissectMagicPfns,
  dissectQemuRecord,
  dissectSharedInfo,
  dissectUnmapped,
  dissectVcpuBasic,
  dissectVcpuExtended,
  dissectVcpuXsave,
  qemuRecordLength,
} from './tail.ts';

export interface TailStop {
  next: number;
  /** A xend QEMU record runs to the end of the file. */
  toEndOfFile: boolean;
}

/**
 * Walks a legacy TAIL from `at`. Returns where the next checkpoint starts (and whether the rest
 * of the file belongs to a xend QEMU record), or null when the stream ended or broke.
 */
export async function scanTail(entries: LegacyEntries, env: LegacyEnv, rules: LegacyRules, facts: LegacyFacts, at: number): Promise<TailStop | null> {
  if (env.guest === 'hvm') return hvmTail(entries, env, rules, facts, at);
  const next = await pvTail(entries, env, rules, at);
  return next === null ? null : { next, toEndOfFile: false };
}

/** PV: the unmapped-PFN list, each online vCPU's contexts, the shared-info page. */
async function pvTail(entries: LegacyEntries, env: LegacyEnv, rules: LegacyRules, at: number): Promise<number | null> {
  const ctx = entries.ctx;
  const head = await ctx.reader.bytes(at, 4);
  const count = head.length === 4 ? new DataView(head.buffer, head.byteOffset).getUint32(0, true) : 0;
  const tooMany = count > LEGACY_MAX_UNMAPPED;
  const length = 4 + (tooMany ? 0 : env.width * count);
  const e = entries.add(at, length, LegacyEntry.Unmapped);
  if (!entries.fits(e, at, head.length < 4 ? 4 : length, 'the PV tail\'s unmapped-PFN list')) return null;
  const listed = Math.min(length, 4 + env.width * 1024);
  dissectUnmapped(new Dissection(await ctx.reader.bytes(at, listed), at, entries.opts(e)), env);
  ctx.index.setNote(e, `${count} PFN(s)`);
  if (tooMany) return null;
  let pos = at + length;
  for (const v of rules.online) {
    await ctx.tick(pos);
    const basic = basicContextSize(env);
    let next = await entries.piece(pos, basic, LegacyEntry.VcpuBasic, `vCPU ${v}'s context`, (d) => (dissectVcpuBasic(d, env, v), `vCPU ${v}, ${basic} bytes`), v);
    if (next === null) return null;
    pos = next;
    if (env.extendedContexts) {
      next = await entries.piece(pos, 128, LegacyEntry.VcpuExtended, `vCPU ${v}'s extended context`, (d) => (dissectVcpuExtended(d, v), `vCPU ${v}, ${EXT_VCPU_CONTEXT_SIZE} bytes`), v);
      if (next === null) return null;
      pos = next;
    }
    if (env.xsaveSize) {
      next = await entries.piece(pos, env.xsaveSize, LegacyEntry.VcpuXsave, `vCPU ${v}'s XSAVE record`, (d) => `vCPU ${v}, ${dissectVcpuXsave(d, env, v)} bytes of XSAVE state`, v);
      if (next === null) return null;
      pos = next;
    }
  }
  return entries.piece(pos, SHARED_INFO_SIZE, LegacyEntry.SharedInfo, 'the shared-info page', (d) => (dissectSharedInfo(d), `${SHARED_INFO_SIZE} bytes`));
}

/** HVM: the magic PFNs, the HVM context, the QEMU record. */
async function hvmTail(entries: LegacyEntries, env: LegacyEnv, rules: LegacyRules, facts: LegacyFacts, at: number): Promise<TailStop | null> {
  const ctx = entries.ctx;
  let pos = await entries.piece(at, MAGIC_PFNS_SIZE, LegacyEntry.MagicPfns, 'the magic PFNs', (d) => {
    const [ioreq, bufioreq, store] = dissectMagicPfns(d);
    return `ioreq ${hex(ioreq!)}, bufioreq ${hex(bufioreq!)}, xenstore ${hex(store!)}`;
  });
  if (pos === null) return null;

  const lenBytes = await ctx.reader.bytes(pos, 4);
  const ctxLength = lenBytes.length === 4 ? new DataView(lenBytes.buffer, lenBytes.byteOffset).getUint32(0, true) : 0;
  const ce = entries.add(pos, 4 + ctxLength, LegacyEntry.HvmContext);
  if (!entries.fits(ce, pos, lenBytes.length < 4 ? 4 : 4 + ctxLength, 'the HVM context')) return null;
  if (ctxLength > INLINE_BODY_MAX) {
    ctx.problem('BODY_NOT_EXAMINED', pos + 4, ctxLength, ce, `HVM context of ${sizeText(ctxLength)} is too large to examine`);
    ctx.index.setNote(ce, sizeText(ctxLength));
  } else {
    ctx.index.setNote(ce, dissectHvmContextRecord(new Dissection(await ctx.reader.bytes(pos, 4 + ctxLength), pos, entries.opts(ce)), env));
  }
  pos += 4 + ctxLength;

  const head = await ctx.reader.bytes(pos, QEMU_SIGNATURE_SIZE + 4 + 8);
  const q = head.length >= QEMU_SIGNATURE_SIZE ? qemuRecordLength(head, ctx.size - pos) : null;
  const qe = entries.add(pos, q ? q.length : QEMU_SIGNATURE_SIZE, LegacyEntry.QemuRecord);
  if (!entries.fits(qe, pos, q ? q.length : QEMU_SIGNATURE_SIZE, 'the QEMU record')) return null;
  ctx.index.setNote(qe, dissectQemuRecord(new Dissection(head, pos, entries.opts(qe)), q ? q.length : QEMU_SIGNATURE_SIZE));
  if (!q) return null;
  facts.qemu = q.signature;
  rules.qemu(q.signature, pos, QEMU_SIGNATURE_SIZE, qe);
  return { next: pos + q.length, toEndOfFile: q.signature === QemuSignature.Xend };
}
