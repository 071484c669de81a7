/**
 * Dissectors for libxc record bodies (spec: libxc-stream.md §6), with the per-record checks of
 * verify-stream-v2 (validation-checks.md §D) and the per-record checks restore makes (§G).
 * Each takes a Dissection spanning exactly the body. PAGE_DATA is in pageData.ts.
 */
import { pvCr3Pfn } from '../core/cr3.ts';
import { TREE_ARRAY_LIMIT } from '../core/sizes.ts';
import type { Dissection } from '../dissect/Dissection.ts';
import { decHex, hex, named, sizeText } from '../dissect/show.ts';
import { dissectHvmContext } from '../hvm/context.ts';
import { dissectPvVcpuContext } from '../x86/pvVcpuContext.ts';
import { pvField } from '../x86/pvVcpuLayout.ts';
import { HVM_PARAM, HVM_PARAM_NAMES, HVM_PARAMS_MIGRATED, hvmParamPfn } from '../hvm/params.ts';
import { VCPU_BASIC_SIZE, VCPU_EXTENDED_MAX, VCPU_XSAVE_MIN } from './constants.ts';
import { TSC_MODE_NAMES } from '../core/tscModes.ts';
import type { LibxcEnv, RecordFacts } from './env.ts';
import { dissectCpuidPolicy, identityText } from '../x86/cpuid.ts';
import { dissectMsrList, POLICY_MSR_ENTRY, VCPU_MSR_ENTRY } from '../x86/msrs.ts';
import { dissectPvExtendedContext } from '../x86/pvExtended.ts';
import { dissectXsaveContext } from '../x86/xsave.ts';

export type BodyDissector = (d: Dissection, env: LibxcEnv) => RecordFacts;

/** Span offsets of the record header before the body: problems with a length point at it. */
const RECORD_HEADER = -8;
const LENGTH_FIELD = -4;

function mustBeEmpty(id: Parameters<Dissection['problem']>[0], what: string): BodyDissector {
  return (d) => {
    if (d.size !== 0) {
      d.problem(id, LENGTH_FIELD, 4, `${what} record must have an empty body; it has ${d.size} bytes`);
      d.span('unexpected body', 0, d.size, `${d.size} bytes`);
    }
    return {};
  };
}

function reservedZero(d: Dissection, id: Parameters<Dissection['problem']>[0], at: number, size: 2 | 4): void {
  const v = size === 2 ? d.u16('reserved', at) : d.u32('reserved', at);
  if (v !== 0) d.problem(id, at, size, `reserved field is ${hex(v)}, must be 0`);
}

const pvInfo: BodyDissector = (d) => {
  if (d.size !== 8) {
    d.problem('PV_INFO_BAD_LENGTH', LENGTH_FIELD, 4, `X86_PV_INFO body is ${d.size} bytes, expected 8${d.size < 8 ? ' (restore refuses it too)' : ''}`);
  }
  if (d.size < 2) return {};
  const width = d.u8('guest_width', 0, (v) => `${v} bytes (${v === 4 ? '32-bit' : v === 8 ? '64-bit' : 'invalid'})`);
  const levels = d.u8('pt_levels', 1);
  if (width !== 4 && width !== 8) d.problem('PV_INFO_BAD_WIDTH', 0, 1, `guest width is ${width}, expected 4 or 8`);
  if (levels !== 3 && levels !== 4) d.problem('PV_INFO_BAD_LEVELS', 1, 1, `page-table levels is ${levels}, expected 3 or 4`);
  else if ((width === 4 || width === 8) && !((width === 4 && levels === 3) || (width === 8 && levels === 4))) {
    d.problem('R_PV_INFO_COMBINATION', 0, 2, `guest width ${width} with ${levels} page-table levels: restore accepts only 4 with 3, or 8 with 4`);
  }
  if (d.size >= 8) {
    const r1 = d.u16('reserved', 2);
    const r2 = d.u32('reserved', 4);
    if (r1 !== 0 || r2 !== 0) d.problem('PV_INFO_RESERVED', 2, 6, `X86_PV_INFO reserved bytes are ${hex(r1)} and ${hex(r2)}, must be 0`);
  }
  return { pvInfo: { width, levels }, summary: `${width * 8}-bit guest, ${levels} levels` };
};

const p2mFrames: BodyDissector = (d, env) => {
  if (d.size < 8) {
    d.problem('P2M_FRAMES_TOO_SHORT', LENGTH_FIELD, 4, `X86_PV_P2M_FRAMES body is ${d.size} bytes, at least 8 needed`);
    return {};
  }
  if (d.size % 8 !== 0) d.problem('P2M_FRAMES_NOT_MULT8', LENGTH_FIELD, 4, `X86_PV_P2M_FRAMES body is ${d.size} bytes, not a multiple of 8`);
  const start = d.u32('p2m_start_pfn', 0);
  const end = d.u32('p2m_end_pfn', 4);
  const k = Math.floor((d.size - 8) / 8);
  if (start > end) {
    d.problem('R_P2M_START_GT_END', 0, 8, `start PFN ${hex(start)} is after end PFN ${hex(end)}`);
  } else if (env.guestWidth) {
    const fpp = 4096 / env.guestWidth;
    const want = Math.floor(end / fpp) - Math.floor(start / fpp) + 1;
    if (d.size !== 8 + 8 * want) {
      d.problem('R_P2M_BAD_LENGTH', LENGTH_FIELD, 4, `PFNs ${hex(start)}-${hex(end)} of a ${env.guestWidth * 8}-bit guest need ${want} frame(s) (${8 + 8 * want} bytes); the record has ${k} (${d.size} bytes)`);
    }
  }
  const frames: number[] = [];
  for (let i = 0; i < k; i++) {
    const lo = d.peekU32(8 + 8 * i);
    const hi = d.peekU32(12 + 8 * i);
    frames.push(hi * 2 ** 32 + lo);
  }
  if (d.tree) {
    d.group('p2m_pfn', 8, 8 * k, `${k} frame(s)`, () => {
      for (let i = 0; i < Math.min(k, TREE_ARRAY_LIMIT); i++) {
        d.u64(`p2m_pfn[${i}]`, 8 + 8 * i, (v) => hex(v));
        // A save image holds the P2M's frames as PFNs (normalised, libxc-stream.md §6.2).
        d.pfn(frames[i]!);
      }
      if (k > TREE_ARRAY_LIMIT) d.span(`… ${k - TREE_ARRAY_LIMIT} more`, 8 + 8 * TREE_ARRAY_LIMIT, 8 * (k - TREE_ARRAY_LIMIT), 'not listed');
    });
  }
  return { p2m: { start, end, frames, framesAt: 8 }, summary: `PFNs ${hex(start)}-${hex(end)}, ${k} frame(s)` };
};

function pvVcpu(kind: 'basic' | 'extended' | 'xsave' | 'msrs'): BodyDissector {
  return (d, env) => {
    const upper = `X86_PV_VCPU_${kind.toUpperCase()}`;
    if (d.size < 8) {
      d.problem('PV_VCPU_TOO_SHORT', LENGTH_FIELD, 4, `${upper} body is ${d.size} bytes, at least 8 needed`);
      return {};
    }
    const id = d.u32('vcpu_id', 0);
    reservedZero(d, 'PV_VCPU_RESERVED', 4, 4);
    const blob = d.size - 8;
    if (blob === 0) {
      d.problem('PV_VCPU_EMPTY', 0, 8, `${upper} for vCPU ${id} carries no context; restore ignores it`);
      return { vcpu: { id }, summary: `vCPU ${id}, empty` };
    }
    if (env.vcpus !== undefined && id >= env.vcpus) {
      d.problem('R_PV_VCPU_ID_RANGE', 0, 4, `vCPU id ${id}, but the domain config has ${env.vcpus} vCPU(s)`);
    }
    if (kind === 'basic' && env.guestWidth && blob !== VCPU_BASIC_SIZE[env.guestWidth]) {
      d.problem('R_PV_VCPU_BASIC_SIZE', 8, blob, `basic context is ${blob} bytes; a ${env.guestWidth * 8}-bit guest needs exactly ${VCPU_BASIC_SIZE[env.guestWidth]}`);
    }
    if (kind === 'extended' && blob > VCPU_EXTENDED_MAX) {
      d.problem('R_PV_VCPU_EXT_TOO_LONG', 8, blob, `extended context is ${blob} bytes; restore accepts at most ${VCPU_EXTENDED_MAX}`);
    }
    if (kind === 'xsave' && blob < VCPU_XSAVE_MIN) {
      d.problem('R_PV_VCPU_XSAVE_SHORT', 8, blob, `xsave context is ${blob} bytes; restore needs at least ${VCPU_XSAVE_MIN}`);
    }
    if (kind === 'msrs' && blob % 16 !== 0) {
      d.problem('R_PV_VCPU_MSRS_NOT_MULT16', 8, blob, `MSR list is ${blob} bytes, not a multiple of 16`);
    }
    if (d.tree) vcpuBlob(d, kind, blob, env.guestWidth, id);
    const facts: RecordFacts = { vcpu: { id }, summary: `vCPU ${id}, ${kind} context, ${blob} bytes` };
    if (kind === 'basic' && (env.guestWidth === 4 || env.guestWidth === 8) && blob === VCPU_BASIC_SIZE[env.guestWidth]) Object.assign(facts.vcpu!, basicPointers(d, id, env.guestWidth));
    return facts;
  };
}

/**
 * The PFNs a basic context points at: cr3 (and a 64-bit guest's user cr3 in ctrlreg[1], when its
 * valid bit is set), and for vCPU 0 the start_info PFN in rdx/edx. The saver normalised them.
 */
function basicPointers(d: Dissection, id: number, width: 4 | 8): NonNullable<RecordFacts['vcpu']> {
  const word = (name: string) => {
    const f = pvField(width, name);
    return { value: width === 8 ? d.peekU64(8 + f.offset) & 0xfffffffffffffn : BigInt(d.peekU32(8 + f.offset)), at: 8 + f.offset };
  };
  const cr3 = word('ctrlreg[3]');
  const roots = [{ name: 'cr3', pfn: pvCr3Pfn(width, cr3.value), at: cr3.at }];
  const cr1 = word('ctrlreg[1]');
  if (width === 8 && cr1.value % 2n === 1n) roots.push({ name: 'user cr3 (ctrlreg[1])', pfn: pvCr3Pfn(width, cr1.value), at: cr1.at });
  const out: NonNullable<RecordFacts['vcpu']> = { id, roots };
  const dx = word(width === 8 ? 'user_regs.rdx' : 'user_regs.edx');
  if (id === 0) out.startInfo = { pfn: Number(dx.value), at: dx.at };
  return out;
}

function vcpuBlob(d: Dissection, kind: string, blob: number, width: number, vcpu: number): void {
  if (kind === 'xsave' && blob >= 16) {
    d.group('context', 8, blob, `${blob} bytes`, () => dissectXsaveContext(d, 8, blob, false));
  } else if (kind === 'msrs' && blob % 16 === 0) {
    d.group('msrs', 8, blob, `${blob / 16} MSR(s)`, () => dissectMsrList(d, 8, blob / 16, VCPU_MSR_ENTRY, TREE_ARRAY_LIMIT));
  } else if (kind === 'extended') {
    d.group('context', 8, blob, `xen_domctl_ext_vcpucontext, ${blob} bytes`, () => dissectPvExtendedContext(d, 8, blob));
  } else if (kind === 'basic' && (width === 4 || width === 8) && blob === VCPU_BASIC_SIZE[width]) {
    d.group('context', 8, blob, `vcpu_guest_context, ${width * 8}-bit, ${blob} bytes`, () => dissectPvVcpuContext(d, 8, width, vcpu));
  } else {
    d.span('context', 8, blob, `${blob} bytes (vcpu_guest_context)`);
  }
}

const sharedInfo: BodyDissector = (d) => {
  if (d.size !== 4096) d.problem('SHARED_INFO_BAD_LENGTH', LENGTH_FIELD, 4, `SHARED_INFO body is ${d.size} bytes, expected 4096`);
  d.span('shared_info page', 0, d.size, `${d.size} bytes`);
  return { summary: `${d.size} bytes` };
};

const tscInfo: BodyDissector = (d) => {
  if (d.size !== 24) {
    d.problem('TSC_INFO_BAD_LENGTH', LENGTH_FIELD, 4, `X86_TSC_INFO body is ${d.size} bytes, expected 24`);
    return {};
  }
  const mode = d.u32('mode', 0, named(TSC_MODE_NAMES));
  const khz = d.u32('khz', 4, (v) => `${v} kHz`);
  const nsec = d.u64('nsec', 8, (v) => `${v} ns`);
  const inc = d.u32('incarnation', 16);
  reservedZero(d, 'TSC_INFO_RESERVED', 20, 4);
  return { summary: `mode ${TSC_MODE_NAMES[mode] ?? mode}, ${khz} kHz, ${nsec} ns, incarnation ${inc}` };
};

const hvmContext: BodyDissector = (d, env) => {
  if (d.size === 0) {
    d.problem('HVM_CONTEXT_EMPTY', LENGTH_FIELD, 4, 'HVM_CONTEXT record is empty');
    return {};
  }
  const facts = dissectHvmContext(d, 0, d.size, env.vcpus);
  return { summary: `${facts.entries} entries, ${d.size} bytes`, vcpus: facts.maxVcpu + 1 };
};

const hvmParams: BodyDissector = (d) => {
  if (d.size < 8) {
    d.problem('HVM_PARAMS_TOO_SHORT', LENGTH_FIELD, 4, `HVM_PARAMS body is ${d.size} bytes, at least 8 needed`);
    return {};
  }
  const count = d.u32('count', 0);
  reservedZero(d, 'HVM_PARAMS_RESERVED', 4, 4);
  if (count === 0) d.problem('HVM_PARAMS_EMPTY', 0, 4, 'HVM_PARAMS with a count of 0; restore ignores it');
  if (d.size !== 8 + 16 * count) {
    d.problem('HVM_PARAMS_BAD_LENGTH', LENGTH_FIELD, 4, `HVM_PARAMS with count ${count} must be ${8 + 16 * count} bytes; it is ${d.size}`);
  }
  const n = Math.min(count, Math.floor((d.size - 8) / 16));
  const indices: number[] = [];
  for (let i = 0; i < n; i++) {
    const at = 8 + 16 * i;
    const idx = d.peekU64(at);
    const index = idx > 0xffffffffn ? Number.MAX_SAFE_INTEGER : Number(idx);
    indices.push(index);
    if (index === HVM_PARAM.PAE_ENABLED) {
      d.problem('R_HVM_PARAM_PAE', at, 16, 'HVM param PAE_ENABLED (4) is obsolete; restore drops it');
    } else if (!HVM_PARAMS_MIGRATED.has(index)) {
      d.problem('HVM_PARAM_UNEXPECTED', at, 8, `HVM param ${HVM_PARAM_NAMES[index] ?? ''} (${idx}) is not one Xen's saver migrates; restore may refuse to set it`);
    }
    if (d.tree && i < TREE_ARRAY_LIMIT) {
      d.group(`param[${i}]`, at, 16, () => `${HVM_PARAM_NAMES[index] ?? `index ${idx}`} = ${hex(d.peekU64(at + 8))}`, () => {
        d.u64('index', at, (v) => `${HVM_PARAM_NAMES[Number(v)] ?? 'unknown'} (${v})`);
        const pfn = hvmParamPfn(index, d.u64('value', at + 8, (v) => decHex(v)));
        if (pfn !== null) d.pfn(pfn);
      });
    }
  }
  const names = indices.slice(0, 4).map((i) => HVM_PARAM_NAMES[i] ?? String(i));
  return { hvmParams: { indices }, summary: `${count} param(s)${names.length ? ': ' + names.join(', ') + (indices.length > 4 ? ', …' : '') : ''}` };
};

function policy(kind: 'cpuid' | 'msr'): BodyDissector {
  const entry = kind === 'cpuid' ? 24 : 16;
  const upper = kind === 'cpuid' ? 'X86_CPUID_POLICY' : 'X86_MSR_POLICY';
  return (d, env) => {
    if (env.version < 3) d.problem(kind === 'cpuid' ? 'CPUID_POLICY_IN_V2' : 'MSR_POLICY_IN_V2', RECORD_HEADER, 8, `${upper} exists only in version 3 streams; this is version ${env.version}`);
    if (d.size < entry || d.size % entry !== 0) {
      d.problem(kind === 'cpuid' ? 'CPUID_POLICY_BAD_LENGTH' : 'MSR_POLICY_BAD_LENGTH', LENGTH_FIELD, 4, `${upper} body is ${d.size} bytes; it must be a non-zero multiple of ${entry}`);
    }
    const n = Math.floor(d.size / entry);
    if (kind === 'cpuid') {
      const id = identityText(dissectCpuidPolicy(d, n, TREE_ARRAY_LIMIT));
      return { summary: `${n} leaves${id ? ', ' + id : ''}` };
    }
    if (d.tree) dissectMsrList(d, 0, n, POLICY_MSR_ENTRY, TREE_ARRAY_LIMIT);
    return { summary: `${n} MSRs` };
  };
}

const opaque =
  (what: string): BodyDissector =>
  (d) => {
    if (d.size) d.span(what, 0, d.size, sizeText(d.size));
    return { summary: sizeText(d.size) };
  };

const dirtyPfnList: BodyDissector = (d) => {
  d.problem('DIRTY_PFN_LIST_PRESENT', RECORD_HEADER, 8, 'CHECKPOINT_DIRTY_PFN_LIST is only sent on the COLO back channel, never in a forward stream');
  const n = Math.floor(d.size / 8);
  if (d.tree) for (let i = 0; i < Math.min(n, TREE_ARRAY_LIMIT); i++) d.u64(`pfn[${i}]`, 8 * i, (v) => hex(v));
  return { summary: `${n} PFN(s)` };
};

const toolstack: BodyDissector = (d) => {
  d.problem('TOOLSTACK_PRESENT', RECORD_HEADER, 8, 'TOOLSTACK records are deprecated: no released restore handles them');
  return opaque('toolstack data')(d, { version: 0, guestType: 0, guestWidth: 0 });
};

/** The body dissectors, by what they read; libxc/kinds.ts gives each to its record type. */
export const BodyDissectors = {
  end: mustBeEmpty('END_NONZERO_LEN', 'END'),
  pvInfo,
  p2mFrames,
  vcpuBasic: pvVcpu('basic'),
  vcpuExtended: pvVcpu('extended'),
  vcpuXsave: pvVcpu('xsave'),
  vcpuMsrs: pvVcpu('msrs'),
  sharedInfo,
  tscInfo,
  hvmContext,
  hvmParams,
  toolstack,
  verify: mustBeEmpty('VERIFY_NONZERO_LEN', 'VERIFY'),
  checkpoint: mustBeEmpty('CHECKPOINT_NONZERO_LEN', 'CHECKPOINT'),
  dirtyPfnList,
  staticDataEnd: ((d, env) => {
    if (env.version < 3) d.problem('SDE_IN_V2', RECORD_HEADER, 8, `STATIC_DATA_END exists only in version 3 streams; this is version ${env.version}`);
    return mustBeEmpty('SDE_NONZERO_LEN', 'STATIC_DATA_END')(d, env);
  }) satisfies BodyDissector,
  cpuidPolicy: policy('cpuid'),
  msrPolicy: policy('msr'),
} satisfies Record<string, BodyDissector>;
