/**
 * Legacy (pre-Xen-4.6) libxc stream constants (spec: legacy-stream.md). Values are the 4.5
 * saver's and restorer's (xg_save_restore.h, xc_domain_restore.c) unless a row says otherwise.
 */

/** Most pages in one batch (MAX_BATCH_SIZE); the restorer refuses larger batches. */
export const LEGACY_MAX_BATCH = 1024;
/** vCPU ids are below this (XC_SR_MAX_VCPUS); the vCPU map is at most 64 words. */
export const LEGACY_MAX_VCPUS = 4096;
/** The PV tail's unmapped-PFN count may not exceed 2^28 (1 TiB of guest address space). */
export const LEGACY_MAX_UNMAPPED = 2 ** 28;
/** vcpu_guest_context size by guest word size: the `vcpu` block size encodes the guest width. */
export const VCPU_CONTEXT_SIZE: Record<4 | 8, number> = { 4: 2800, 8: 5168 };
/** The extended vCPU context that follows each basic one when `extv` is present. */
export const EXT_VCPU_CONTEXT_SIZE = 128;
/** An XSAVE record starts with u64 xfeature_mask and u64 size. */
export const XSAVE_HEADER_SIZE = 16;
export const SHARED_INFO_SIZE = 4096;
/** HVM tail: ioreq, buffered-ioreq and xenstore PFNs. */
export const MAGIC_PFNS_SIZE = 24;
export const QEMU_SIGNATURE_SIZE = 21;

/**
 * The 4.5 saver writes pages it could not map as this bare entry (XTAB, PFN 0), often many
 * times; they carry no data and the converter drops them.
 */
export const FILLER_ENTRY = 0xf0000000;

/** Entries whose type nibble is XTAB, BROKEN or XALLOC carry no page data; all others do (5-8 too). */
export function legacyPageHasData(type: number): boolean {
  return type < 0xd;
}

/** Type nibbles 5-8: the 4.5 restorer refuses 5-7, and v2 restore refuses all four after conversion. */
export function legacyPageTypeInvalid(type: number): boolean {
  return type >= 5 && type <= 8;
}

/** Special chunk ids (XC_SAVE_ID_*, §3). Positive ids are page batches, 0 ends a body. */
export const Chunk = {
  ENABLE_VERIFY_MODE: -1,
  VCPU_INFO: -2,
  HVM_IDENT_PT: -3,
  HVM_VM86_TSS: -4,
  TMEM: -5,
  TMEM_EXTRA: -6,
  TSC_INFO: -7,
  HVM_CONSOLE_PFN: -8,
  LAST_CHECKPOINT: -9,
  HVM_ACPI_IOPORTS_LOCATION: -10,
  HVM_VIRIDIAN: -11,
  COMPRESSED_DATA: -12,
  ENABLE_COMPRESSION: -13,
  HVM_GENERATION_ID_ADDR: -14,
  HVM_PAGING_RING_PFN: -15,
  HVM_ACCESS_RING_PFN: -16,
  HVM_SHARING_RING_PFN: -17,
  TOOLSTACK: -18,
  HVM_IOREQ_SERVER_PFN: -19,
  HVM_NR_IOREQ_SERVER_PAGES: -20,
} as const;

export const CHUNK_NAMES: Record<number, string> = Object.fromEntries(Object.entries(Chunk).map(([name, id]) => [id, name]));

/** The "pad+u64" chunks: an HVM param each, by the HVM_PARAM index the converter gives it. */
export const CHUNK_HVM_PARAM: Record<number, number> = {
  [Chunk.HVM_IDENT_PT]: 12,
  [Chunk.HVM_VM86_TSS]: 15,
  [Chunk.HVM_CONSOLE_PFN]: 17,
  [Chunk.HVM_ACPI_IOPORTS_LOCATION]: 19,
  [Chunk.HVM_VIRIDIAN]: 9,
  [Chunk.HVM_GENERATION_ID_ADDR]: 34,
  [Chunk.HVM_PAGING_RING_PFN]: 27,
  [Chunk.HVM_ACCESS_RING_PFN]: 28,
  [Chunk.HVM_SHARING_RING_PFN]: 29,
  [Chunk.HVM_IOREQ_SERVER_PFN]: 32,
  [Chunk.HVM_NR_IOREQ_SERVER_PAGES]: 33,
};

/** HVM_PARAM indices of the three magic PFNs at the start of the HVM tail, in order. */
export const MAGIC_PFN_PARAMS = [5, 6, 1] as const;

/** "pad+u64" chunks: 4 bytes of padding (the saver's struct alignment), then the value. */
export const PARAM_CHUNK_SIZE = 16;
/** TSC_INFO: id, u32 mode, u64 nsec, u32 khz, u32 incarnation, packed. */
export const TSC_CHUNK_SIZE = 24;

/**
 * Index entry types of the legacy layer. Headers carry EntryFlag.Header; special chunks are
 * CHUNK_TYPE_BASE + (−id), so every id, known or not, has its own type.
 */
export const LegacyEntry = {
  P2mSize: 0,
  ExtendedInfo: 1,
  P2mFrames: 2,
  PageBatch: 0x10,
  BodyEnd: 0x11,
  Unmapped: 0x20,
  VcpuBasic: 0x21,
  VcpuExtended: 0x22,
  VcpuXsave: 0x23,
  SharedInfo: 0x24,
  MagicPfns: 0x30,
  HvmContext: 0x31,
  QemuRecord: 0x32,
} as const;
export const CHUNK_TYPE_BASE = 0x100;

export const chunkEntryType = (id: number): number => CHUNK_TYPE_BASE - id;
export const chunkIdOfEntry = (type: number): number => CHUNK_TYPE_BASE - type;

/** QEMU record signatures at the end of the HVM tail (§4.2). */
export const QemuSignature = {
  /** xend (xm save): QEMU state runs to the end of the file, no length. */
  Xend: 'QemuDeviceModelRecord',
  /** libxl (xl save/migrate, Xen 4.1-4.5): u32 length, state. */
  Libxl: 'DeviceModelRecord0002',
  /** Remus checkpoints: u32 length, state. */
  Remus: 'RemusDeviceModelState',
} as const;

/** Extended-info block ids (§2.2). */
export const ExtBlock = { Vcpu: 'vcpu', Extv: 'extv', Xcnt: 'xcnt' } as const;

/** libxl "toolstack" blob (§5). */
export const TOOLSTACK_VERSION = 1;
/** phys_offset, start_addr, size (u64 each), namelen (u32). */
export const PHYSMAP_HEADER_SIZE = 28;
/** sizeof(struct libxl__physmap_info): the 64-bit toolstack pads it to 32. */
export const PHYSMAP_STRUCT_SIZE: Record<4 | 8, number> = { 4: 28, 8: 32 };
