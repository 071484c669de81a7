/** libxc/libxenguest stream v2/v3 constants (spec: libxc-stream.md). */

/** Image header (§2), always big-endian. */
export const IHDR_SIZE = 24;
export const IHDR_ID = 0x58454e46; // "XENF"
/** The image header's first 12 bytes as latin-1: the all-ones marker, then "XENF". */
export const LIBXC_MAGIC = '\xff'.repeat(8) + 'XENF';
/** Domain header (§3). */
export const DHDR_SIZE = 16;
/** REC_LENGTH_MAX of restore since Xen 4.10. */
export const REC_LENGTH_MAX = 128 * 1024 * 1024;
export const MAX_BATCH_SIZE = 1024;

/** Header pseudo-types for index entries (EntryFlag.Header). */
export const LibxcHeader = { Image: 0, Domain: 1 } as const;

export const DomainType = { X86Pv: 1, X86Hvm: 2 } as const;
export const DOMAIN_TYPE_NAMES: Record<number, string> = {
  0: 'reserved',
  1: 'x86 PV',
  2: 'x86 HVM',
  3: 'x86 PVH (v1, never implemented)',
  4: 'ARM (never implemented)',
};

/** Record types (§5). */
export const Rec = {
  END: 0x00,
  PAGE_DATA: 0x01,
  X86_PV_INFO: 0x02,
  X86_PV_P2M_FRAMES: 0x03,
  X86_PV_VCPU_BASIC: 0x04,
  X86_PV_VCPU_EXTENDED: 0x05,
  X86_PV_VCPU_XSAVE: 0x06,
  SHARED_INFO: 0x07,
  X86_TSC_INFO: 0x08,
  HVM_CONTEXT: 0x09,
  HVM_PARAMS: 0x0a,
  TOOLSTACK: 0x0b,
  X86_PV_VCPU_MSRS: 0x0c,
  VERIFY: 0x0d,
  CHECKPOINT: 0x0e,
  CHECKPOINT_DIRTY_PFN_LIST: 0x0f,
  STATIC_DATA_END: 0x10,
  X86_CPUID_POLICY: 0x11,
  X86_MSR_POLICY: 0x12,
} as const;

export const REC_OPTIONAL_BIT = 0x80000000;

/** PV vCPU basic context size by guest width (§6.5). */
export const VCPU_BASIC_SIZE: Record<number, number> = { 4: 2800, 8: 5168 };
export const VCPU_EXTENDED_MAX = 128;
export const VCPU_XSAVE_MIN = 16;
