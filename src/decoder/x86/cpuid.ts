/**
 * The X86_CPUID_POLICY record: xen_cpuid_leaf_t entries {leaf, subleaf, eax, ebx, ecx, edx}
 * (public domctl.h; subleaf 0xffffffff = XEN_CPUID_NO_SUBLEAF), with what people look for in
 * them: the vendor (leaf 0), the brand string (0x80000002-4), family/model/stepping (leaf 1,
 * SDM vol. 2A "CPUID—Processor Identification") and the feature flags by name.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { hex } from '../dissect/show.ts';
import { featureNames, featureTable } from './cpuidFeatures.ts';
import { xstateNames } from './xsave.ts';

export const CPUID_ENTRY_SIZE = 24;
const NO_SUBLEAF = 0xffffffff;
const REGS = ['eax', 'ebx', 'ecx', 'edx'] as const;

interface CpuidLeaf {
  leaf: number;
  subleaf: number | null;
  regs: [number, number, number, number];
}

export interface CpuidIdentity {
  vendor?: string;
  brand?: string;
  family?: number;
  model?: number;
  stepping?: number;
}

function readLeaves(d: Dissection, count: number): CpuidLeaf[] {
  const out: CpuidLeaf[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * CPUID_ENTRY_SIZE;
    const sub = d.peekU32(at + 4);
    out.push({
      leaf: d.peekU32(at),
      subleaf: sub === NO_SUBLEAF ? null : sub,
      regs: [d.peekU32(at + 8), d.peekU32(at + 12), d.peekU32(at + 16), d.peekU32(at + 20)],
    });
  }
  return out;
}

/** Four-character groups of register values as text (the vendor and brand strings). */
function regText(values: number[]): string {
  let s = '';
  for (const v of values) for (let k = 0; k < 4; k++) s += String.fromCharCode((v >>> (8 * k)) & 0xff);
  return s.replace(/\0+$/, '').trim();
}

export function cpuidIdentity(leaves: readonly CpuidLeaf[]): CpuidIdentity {
  const find = (leaf: number) => leaves.find((l) => l.leaf === leaf && (l.subleaf === null || l.subleaf === 0));
  const id: CpuidIdentity = {};
  const l0 = find(0);
  if (l0) id.vendor = regText([l0.regs[1], l0.regs[3], l0.regs[2]]);
  const brand = [0x80000002, 0x80000003, 0x80000004].map(find);
  if (brand.every((b) => b)) id.brand = regText(brand.flatMap((b) => b!.regs));
  const l1 = find(1);
  if (l1) {
    const eax = l1.regs[0];
    const base = (eax >>> 8) & 0xf;
    id.family = base === 0xf ? base + ((eax >>> 20) & 0xff) : base;
    id.model = base === 0x6 || base === 0xf ? (((eax >>> 16) & 0xf) << 4) | ((eax >>> 4) & 0xf) : (eax >>> 4) & 0xf;
    id.stepping = eax & 0xf;
  }
  return id;
}

export function identityText(id: CpuidIdentity): string {
  const parts: string[] = [];
  if (id.vendor) parts.push(id.vendor);
  if (id.family !== undefined) parts.push(`family ${hex(id.family)} model ${hex(id.model!)} stepping ${id.stepping}`);
  if (id.brand) parts.push(`"${id.brand}"`);
  return parts.join(', ');
}

/** How a register's value reads: flag names, XSTATE components for leaf 0xD.0, else hex. */
function showReg(leaf: CpuidLeaf, reg: (typeof REGS)[number]): (v: number) => string {
  const table = featureTable(leaf.leaf, leaf.subleaf, reg);
  if (table) return (v) => `${featureNames(v, table).join(' ') || 'none'} (${hex(v, 8)})`;
  if (leaf.leaf === 0xd && leaf.subleaf === 0 && reg === 'eax') return (v) => xstateNames(BigInt(v));
  return (v) => hex(v, 8);
}

/**
 * The policy's `count` entries, the identity first (vendor, family/model/stepping, brand) as
 * fields on the bytes they come from; returns the identity for the record's summary.
 */
export function dissectCpuidPolicy(d: Dissection, count: number, limit: number): CpuidIdentity {
  const leaves = readLeaves(d, count);
  const id = cpuidIdentity(leaves);
  if (!d.tree) return id;
  if (id.vendor || id.family !== undefined) d.field('identity', 0, 0, null, identityText(id));
  for (let i = 0; i < Math.min(count, limit); i++) {
    const at = i * CPUID_ENTRY_SIZE;
    const leaf = leaves[i]!;
    const label = `leaf ${hex(leaf.leaf)}${leaf.subleaf === null ? '' : `.${hex(leaf.subleaf)}`}`;
    d.group(`leaf[${i}]`, at, CPUID_ENTRY_SIZE, label, () => {
      d.u32('leaf', at, (v) => hex(v));
      d.u32('subleaf', at + 4, (v) => (v === NO_SUBLEAF ? `none (${hex(v)})` : hex(v)));
      for (const [j, r] of REGS.entries()) d.u32(r, at + 8 + 4 * j, showReg(leaf, r));
    });
  }
  if (count > limit) d.span(`… ${count - limit} more`, limit * CPUID_ENTRY_SIZE, (count - limit) * CPUID_ENTRY_SIZE, 'not listed');
  return id;
}
