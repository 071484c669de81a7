/**
 * What libxenguest restore enforces across records (spec: validation-checks.md §G, libxc-stream.md
 * §8.2): record order and dependencies, STATIC_DATA_END, guest-type compatibility, the P2M size,
 * vCPU 0. verify-stream-v2 checks none of this; these are why a "valid" stream can still fail.
 */
import { hex } from '../dissect/show.ts';
import type { ScanContext } from '../core/ScanContext.ts';
import type { FramedRecord } from '../core/framing.ts';
import { DomainType, Rec } from './constants.ts';
import { libxcRecordKind } from './kinds.ts';
import type { LibxcEnv, RecordFacts } from './env.ts';
import type { PfnRules } from './pageData.ts';

export class LibxcRules {
  /** STATIC_DATA_END seen (or, in v2, inferred). */
  private staticDataEnd = false;
  private sdeMissingReported = false;
  private pvInfo = false;
  private hvmContextPending = false;
  private hvmOrderReported = false;
  private checkpointReported = false;
  private vcpu0Basic = false;
  private finished = false;
  /** PV: highest PFN covered by the P2M so far; -1 before any X86_PV_P2M_FRAMES. */
  maxPfn = -1;
  /** PV: P2M frame PFNs not yet sent with data, with the file offset of their entry. */
  readonly unsentFrames = new Map<number, number>();
  /** PV: PFNs last sent as top-level page tables, which a vCPU's cr3 must name. */
  private readonly rootTables = new Set<number>();
  private ptLevels = 0;
  private p2mEntry = -1;

  constructor(
    private readonly ctx: ScanContext,
    private readonly env: LibxcEnv,
  ) {}

  /** One object for every PAGE_DATA record of a PV stream, brought up to date when asked for. */
  private readonly pfn: PfnRules = { pfnLimit: -1, unsentFrames: this.unsentFrames, rootTables: this.rootTables, levels: 0 };

  /** What PAGE_DATA entries of a PV stream are checked against. */
  pfnRules(): PfnRules {
    this.pfn.pfnLimit = this.maxPfn;
    this.pfn.levels = this.ptLevels;
    return this.pfn;
  }

  private get pv(): boolean {
    return this.env.guestType === DomainType.X86Pv;
  }
  private get hvm(): boolean {
    return this.env.guestType === DomainType.X86Hvm;
  }

  /** Checks that depend on what came before this record. */
  before(r: FramedRecord): void {
    const ctx = this.ctx;
    const t = r.type;
    const { name, guests } = libxcRecordKind(t);
    if ((this.hvm && guests === 'pv') || (this.pv && guests === 'hvm')) {
      ctx.problem('R_MANDATORY_UNHANDLED', r.at, 8, r.entry, `${name} is a ${this.hvm ? 'PV' : 'HVM'}-only record in an ${this.hvm ? 'HVM' : 'PV'} stream: restore has no handler for it and fails`);
    }
    const memory = t === Rec.PAGE_DATA || (this.pv && t === Rec.X86_PV_P2M_FRAMES);
    if (t === Rec.STATIC_DATA_END) {
      if (this.staticDataEnd) ctx.problem('R_SDE_DUPLICATE', r.at, 8, r.entry, this.env.version < 3 ? 'STATIC_DATA_END after restore already inferred it (version 2 infers it at the first memory record)' : 'second STATIC_DATA_END: restore refuses it');
      this.staticDataEnd = true;
    } else if (memory && !this.staticDataEnd) {
      if (this.env.version >= 3) {
        if (!this.sdeMissingReported) ctx.problem('R_SDE_MISSING', r.at, 8, r.entry, `${name} before STATIC_DATA_END in a version 3 stream: restore refuses it`);
        this.sdeMissingReported = true;
      } else if (t !== Rec.PAGE_DATA || this.hvm) {
        this.staticDataEnd = true; // v2: inferred here
      }
    }
    if ((t === Rec.X86_CPUID_POLICY || t === Rec.X86_MSR_POLICY) && this.staticDataEnd) {
      ctx.problem('R_POLICY_AFTER_SDE', r.at, 8, r.entry, `${name} after STATIC_DATA_END: restore stores it but never applies it`);
    }
    if (this.pv) {
      if (t === Rec.X86_PV_INFO && this.pvInfo) ctx.problem('R_PV_INFO_DUPLICATE', r.at, 8, r.entry, 'second X86_PV_INFO: restore refuses it');
      if (t === Rec.X86_PV_P2M_FRAMES && !this.pvInfo) ctx.problem('R_P2M_BEFORE_PV_INFO', r.at, 8, r.entry, 'X86_PV_P2M_FRAMES before X86_PV_INFO: restore needs the guest width first');
      if (t === Rec.SHARED_INFO && !this.pvInfo) ctx.problem('R_SHINFO_BEFORE_PV_INFO', r.at, 8, r.entry, 'SHARED_INFO before X86_PV_INFO: restore needs the guest width first');
    }
    if (t === Rec.HVM_CONTEXT) this.hvmContextPending = true;
    if (t === Rec.HVM_PARAMS && this.hvmContextPending && !this.hvmOrderReported) {
      this.hvmOrderReported = true;
      ctx.problem('SPEC_HVM_ORDER', r.at, 8, r.entry, 'HVM_PARAMS after HVM_CONTEXT: the spec asks for the other order, but every Xen saver writes this one and restore accepts it');
    }
    if (t === Rec.CHECKPOINT && !this.checkpointReported) {
      this.checkpointReported = true;
      ctx.problem('R_CHECKPOINT_IN_PLAIN', r.at, 8, r.entry, 'checkpointed (Remus/COLO) stream: only a checkpointing receiver accepts it; a plain `xl restore` refuses CHECKPOINT records');
    }
    if (t === Rec.CHECKPOINT) this.hvmContextPending = false;
  }

  /** Takes in what the record's body said. */
  after(r: FramedRecord, f: RecordFacts): void {
    if (f.pvInfo && this.pv) {
      this.pvInfo = true;
      const { width, levels } = f.pvInfo;
      if ((width === 4 || width === 8) && !this.env.guestWidth) this.env.guestWidth = width;
      if ((levels === 3 || levels === 4) && !this.ptLevels) this.ptLevels = levels;
      const facts = this.ctx.facts.libxc;
      if (facts) Object.assign(facts, { guestWidth: width, ptLevels: levels });
    }
    if (f.p2m && this.pv) {
      const { end, frames, framesAt } = f.p2m;
      this.maxPfn = Math.max(this.maxPfn, end);
      if (this.ctx.facts.libxc) this.ctx.facts.libxc.maxPfn = this.maxPfn;
      this.p2mEntry = r.entry;
      let beyond = -1;
      let nBeyond = 0;
      frames.forEach((pfn, i) => {
        const at = r.at + 8 + framesAt + 8 * i;
        if (pfn > this.maxPfn) {
          if (beyond < 0) beyond = i;
          nBeyond++;
        }
        this.unsentFrames.set(pfn, at);
      });
      if (beyond >= 0) {
        this.ctx.problem('R_P2M_FRAME_PFN', r.at + 8 + framesAt + 8 * beyond, 8, r.entry, `p2m_pfn[${beyond}] = ${hex(frames[beyond]!)} is beyond the P2M size (max PFN ${hex(this.maxPfn)})${nBeyond > 1 ? ` (and ${nBeyond - 1} more)` : ''}; restore cannot look it up`);
      }
    }
    if (r.type === Rec.X86_PV_VCPU_BASIC && f.vcpu?.id === 0 && r.bodyLength > 8) this.vcpu0Basic = true;
    if (this.pv && f.vcpu) this.vcpuPointers(r, f.vcpu);
  }

  /** A vCPU's cr3 must name a top-level page table the stream sent; start_info a PFN it has. */
  private vcpuPointers(r: FramedRecord, v: NonNullable<RecordFacts['vcpu']>): void {
    const body = r.at + 8;
    const level = this.ptLevels === 3 ? 'L3' : 'L4';
    for (const root of v.roots ?? []) {
      let why = '';
      if (root.pfn > this.maxPfn) why = `is beyond the P2M size (max PFN ${hex(this.maxPfn)})`;
      else if (this.ptLevels && !this.rootTables.has(root.pfn)) why = `is not sent as an ${level} page table (${level}TAB) in the stream`;
      if (why) this.ctx.problem('R_PV_CR3_PFN', body + root.at, this.env.guestWidth, r.entry, `vCPU ${v.id} ${root.name} names PFN ${hex(root.pfn)}, which ${why}: restore fails`);
    }
    if (v.startInfo && v.startInfo.pfn > this.maxPfn) {
      this.ctx.problem('R_START_INFO_PFN', body + v.startInfo.at, this.env.guestWidth, r.entry, `vCPU 0's start_info PFN ${hex(v.startInfo.pfn)} is beyond the P2M size (max PFN ${hex(this.maxPfn)}): restore fails`);
    }
  }

  /** End-of-stream checks: at END, or at the end of a checkpointed stream. */
  finish(record: number, at: number): void {
    if (this.finished) return;
    this.finished = true;
    if (this.pv && !this.vcpu0Basic) {
      this.ctx.problem('R_PV_VCPU0_MISSING', at, 8, record, 'the PV stream ends without an X86_PV_VCPU_BASIC record for vCPU 0: restore fails');
    }
    if (this.unsentFrames.size) {
      const [pfn, off] = this.unsentFrames.entries().next().value!;
      const n = this.unsentFrames.size;
      this.ctx.problem('P2M_FRAME_NOT_SENT', off, 8, this.p2mEntry, `P2M frame PFN ${hex(pfn)} is never sent with data${n > 1 ? ` (nor are ${n - 1} other frame(s))` : ''}: that part of the guest's P2M table is left empty`);
    }
  }
}
