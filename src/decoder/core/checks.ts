import type { Severity } from '../model/Severity.ts';

/**
 * The catalogue of checks, with the ids of ../shared/spec/validation-checks.md (stable: scripts
 * and permalinks use them). `origin` says who enforces the rule:
 *  - verify:  Xen's verify-stream-v2 (sections A-F)
 *  - restore: what xl/libxl/libxenguest restore or the hypervisor refuses (sections G, H)
 *  - convert: convert-legacy-stream, which Xen ≥ 4.6 runs to restore a legacy image (section L)
 *  - extra:   our own (section I, and conditions of the decoder itself)
 * Severity: error = Xen would refuse the stream or it is malformed; warning = tolerated but
 * suspicious; info = worth knowing.
 */
interface Check {
  severity: Severity;
  origin: 'verify' | 'restore' | 'convert' | 'extra';
  title: string;
}

const verify = (title: string, severity: Severity = 'error'): Check => ({ severity, origin: 'verify', title });
const restore = (title: string, severity: Severity = 'error'): Check => ({ severity, origin: 'restore', title });
const extra = (title: string, severity: Severity = 'warning'): Check => ({ severity, origin: 'extra', title });
/** The converter refuses (or garbles) it but the 4.5 restorer took it: only Xen ≥ 4.6 fails. */
const convert = (title: string): Check => ({ severity: 'warning', origin: 'convert', title: `${title} (restore on Xen ≥ 4.6 will fail)` });

export const CHECKS = {
  // A. file level and xl header
  XL_TRUNCATED: verify('xl header or its optional data cut short'),
  XL_BAD_MAGIC: verify('xl header magic is wrong'),
  ANY_TRUNCATED: verify('file ends inside a header or record'),
  R_XL_BAD_BYTEORDER: restore('xl header byte order is not 0x01020304 read natively'),
  R_XL_UNKNOWN_MANDATORY: restore('xl header has mandatory flags this xl does not know'),
  R_XL_OPTDATA_TRUNCATED: restore('xl optional data shorter than its config length'),
  R_XL_NO_CONFIG: restore('no domain config in the file: restore needs one given by hand', 'warning'),
  XL_OPTIONAL_FLAGS: extra('xl optional_flags has bits set (undefined; xl ignores them)', 'info'),
  XL_CONFIG_UNPARSABLE: extra('the embedded domain config does not parse', 'warning'),
  XL_STREAM_MISMATCH: extra('xl STREAMv2 flag does not match the stream that follows', 'error'),
  XL_MIGRATE_TRAILER: extra('xl migrate sender trailer after the stream', 'info'),

  // B. libxc image and domain headers
  IHDR_BAD_MARKER: verify('libxc image header marker is not all ones'),
  IHDR_BAD_ID: verify('libxc image header id is not "XENF"'),
  IHDR_BAD_VERSION: verify('libxc stream version is not 2 or 3'),
  IHDR_OPTIONS_RESERVED: verify('libxc image header reserved option bits set'),
  IHDR_RESERVED_NONZERO: verify('libxc image header reserved fields not zero'),
  R_IHDR_BIG_ENDIAN: restore('libxc stream marked big-endian: restore refuses it'),
  DHDR_BAD_TYPE: verify('domain type is not x86 PV or x86 HVM'),
  DHDR_RESERVED_NONZERO: verify('domain header reserved field not zero'),
  DHDR_BAD_PAGE_SHIFT: verify('page shift is not 12 (4 KiB pages)'),
  DHDR_LEGACY_CONVERTED: verify('stream was converted from a legacy image', 'info'),
  R_DHDR_TYPE_MISMATCH: restore('domain type differs from the type in the domain config'),

  // C. libxc record framing
  REC_UNKNOWN_TYPE: verify('unknown mandatory libxc record type'),
  R_OPTIONAL_UNKNOWN: restore('unknown optional libxc record (restore skips it)', 'info'),
  REC_PADDING_NONZERO: verify('libxc record padding not zero'),
  R_REC_TOO_LONG: restore('libxc record longer than 128 MiB'),
  R_MANDATORY_UNHANDLED: restore('record not handled for this guest type or stream'),

  // D. libxc records
  END_NONZERO_LEN: verify('END record has a body'),
  PAGE_DATA_TOO_SHORT: verify('PAGE_DATA body too short for any PFN'),
  PAGE_DATA_HDR_RESERVED: verify('PAGE_DATA reserved field not zero'),
  PAGE_DATA_PFNS_SHORT: verify('PAGE_DATA body too short for its PFN count'),
  PAGE_DATA_PFN_RESERVED: verify('PAGE_DATA PFN entry has reserved bits 52-59 set'),
  PAGE_DATA_BAD_TYPE: verify('PAGE_DATA PFN entry has an invalid page type'),
  PAGE_DATA_BAD_LENGTH: verify('PAGE_DATA length does not match its PFNs and pages'),
  R_PAGE_DATA_COUNT_ZERO: restore('PAGE_DATA with a PFN count of 0'),
  R_PAGE_DATA_PFN_RANGE: restore('PV PAGE_DATA PFN beyond the P2M size'),
  PV_INFO_BAD_LENGTH: verify('X86_PV_INFO body is not 8 bytes'),
  PV_INFO_BAD_WIDTH: verify('X86_PV_INFO guest width is not 4 or 8'),
  PV_INFO_BAD_LEVELS: verify('X86_PV_INFO page-table levels is not 3 or 4'),
  PV_INFO_RESERVED: verify('X86_PV_INFO reserved bytes not zero'),
  R_PV_INFO_DUPLICATE: restore('second X86_PV_INFO record'),
  R_PV_INFO_COMBINATION: restore('X86_PV_INFO width and levels are not (4,3) or (8,4)'),
  P2M_FRAMES_TOO_SHORT: verify('X86_PV_P2M_FRAMES body shorter than 8 bytes'),
  P2M_FRAMES_NOT_MULT8: verify('X86_PV_P2M_FRAMES body not a multiple of 8'),
  R_P2M_BEFORE_PV_INFO: restore('X86_PV_P2M_FRAMES before X86_PV_INFO'),
  R_P2M_START_GT_END: restore('X86_PV_P2M_FRAMES start PFN after end PFN'),
  R_P2M_BAD_LENGTH: restore('X86_PV_P2M_FRAMES frame count does not match start and end'),
  R_P2M_FRAME_PFN: restore('P2M frame PFN beyond the P2M size'),
  P2M_FRAME_NOT_SENT: extra('P2M frame PFN whose page the stream never sends'),
  PV_VCPU_TOO_SHORT: verify('PV vCPU record body shorter than 8 bytes'),
  PV_VCPU_EMPTY: verify('PV vCPU record with no context (ignored)', 'warning'),
  PV_VCPU_RESERVED: verify('PV vCPU record reserved field not zero'),
  R_PV_VCPU_ID_RANGE: restore('vCPU id not below the domain config vCPU count'),
  R_PV_VCPU_BASIC_SIZE: restore('PV vCPU basic context has the wrong size for the guest width'),
  R_PV_VCPU_EXT_TOO_LONG: restore('PV vCPU extended context longer than 128 bytes'),
  R_PV_VCPU_XSAVE_SHORT: restore('PV vCPU xsave context shorter than 16 bytes'),
  R_PV_VCPU_MSRS_NOT_MULT16: restore('PV vCPU MSR list not a multiple of 16 bytes'),
  R_PV_VCPU0_MISSING: restore('PV stream has no basic context for vCPU 0'),
  R_PV_CR3_PFN: restore("vCPU cr3 names a PFN that is not a top-level page table the stream sends"),
  R_START_INFO_PFN: restore("vCPU 0's start_info PFN beyond the P2M size"),
  R_SHINFO_BEFORE_PV_INFO: restore('SHARED_INFO before X86_PV_INFO'),
  SHARED_INFO_BAD_LENGTH: verify('SHARED_INFO body is not 4096 bytes'),
  TSC_INFO_BAD_LENGTH: verify('X86_TSC_INFO body is not 24 bytes'),
  TSC_INFO_RESERVED: verify('X86_TSC_INFO reserved field not zero'),
  HVM_CONTEXT_EMPTY: verify('HVM_CONTEXT record is empty'),
  HVM_PARAMS_TOO_SHORT: verify('HVM_PARAMS body shorter than 8 bytes'),
  HVM_PARAMS_RESERVED: verify('HVM_PARAMS reserved field not zero'),
  HVM_PARAMS_EMPTY: verify('HVM_PARAMS with no entries (ignored)', 'warning'),
  HVM_PARAMS_BAD_LENGTH: verify('HVM_PARAMS length does not match its count'),
  R_HVM_PARAM_PAE: restore('obsolete HVM param PAE_ENABLED (restore drops it)', 'info'),
  HVM_PARAM_UNEXPECTED: extra('HVM param that Xen savers do not migrate'),
  TOOLSTACK_PRESENT: verify('deprecated TOOLSTACK record'),
  VERIFY_NONZERO_LEN: verify('VERIFY record has a body'),
  CHECKPOINT_NONZERO_LEN: verify('CHECKPOINT record has a body'),
  DIRTY_PFN_LIST_PRESENT: verify('CHECKPOINT_DIRTY_PFN_LIST in a forward stream'),
  SDE_NONZERO_LEN: verify('STATIC_DATA_END record has a body'),
  SDE_IN_V2: verify('STATIC_DATA_END in a version 2 stream'),
  CPUID_POLICY_IN_V2: verify('X86_CPUID_POLICY in a version 2 stream'),
  CPUID_POLICY_BAD_LENGTH: verify('X86_CPUID_POLICY length not a non-zero multiple of 24'),
  MSR_POLICY_IN_V2: verify('X86_MSR_POLICY in a version 2 stream'),
  MSR_POLICY_BAD_LENGTH: verify('X86_MSR_POLICY length not a non-zero multiple of 16'),
  R_SDE_DUPLICATE: restore('second STATIC_DATA_END'),
  R_SDE_MISSING: restore('memory or P2M record before STATIC_DATA_END in a v3 stream'),
  R_POLICY_AFTER_SDE: restore('CPUID/MSR policy after STATIC_DATA_END is never applied', 'warning'),
  R_CHECKPOINT_IN_PLAIN: restore('checkpointed stream: plain restore refuses CHECKPOINT', 'warning'),
  SPEC_HVM_ORDER: extra('HVM_CONTEXT before HVM_PARAMS (as every Xen saver writes)', 'info'),

  // H. HVM context blob
  H_FIRST_NOT_HEADER: restore('HVM context does not start with a 24-byte HEADER'),
  H_HEADER_MAGIC: restore('HVM context HEADER magic is wrong'),
  H_HEADER_VERSION: restore('HVM context HEADER version is not 1'),
  H_NO_END: restore('HVM context has no END entry'),
  H_ENTRY_OVERRUN: restore('HVM context entry runs past the blob'),
  H_UNKNOWN_TYPE: restore('HVM context entry type Xen has no loader for'),
  H_STRICT_LENGTH: restore('HVM context entry has the wrong length for its type'),
  H_ZEROEXT_TOO_LONG: restore('HVM context entry longer than Xen accepts for its type'),
  H_XSAVE_SHORT: restore('HVM context CPU_XSAVE shorter than 600 bytes'),
  H_MSR_LENGTH: restore('HVM context CPU_MSR length does not match its count'),
  H_MSR_RESERVED: restore('HVM context CPU_MSR entry reserved field not zero'),
  H_VCPU_INSTANCE: restore('HVM context per-vCPU entry for a vCPU the config does not have'),

  // E. libxl stream
  LHDR_BAD_IDENT: verify('libxl header ident is not "LibxlFmt"'),
  LHDR_BAD_VERSION: verify('libxl stream version is not 2'),
  LHDR_OPTIONS_RESERVED: verify('libxl header reserved option bits set'),
  R_LHDR_BIG_ENDIAN: restore('libxl stream marked big-endian: restore refuses it'),
  LHDR_LEGACY: verify('libxl stream written by convert-legacy-stream', 'info'),
  LREC_UNKNOWN_TYPE: verify('unknown libxl record type (libxl skips none, optional or not)'),
  LREC_PADDING_NONZERO: verify('libxl record padding not zero'),
  LEND_NONZERO_LEN: verify('libxl END record has a body'),
  LIBXC_CTX_NONZERO_LEN: verify('LIBXC_CONTEXT record has a body'),
  EMU_XS_TOO_SHORT: verify('EMULATOR_XENSTORE_DATA shorter than its 8-byte sub-header'),
  EMU_XS_BAD_ID: verify('EMULATOR_XENSTORE_DATA emulator id unknown'),
  EMU_XS_NOT_NUL_TERMINATED: verify('EMULATOR_XENSTORE_DATA does not end with NUL'),
  EMU_XS_ODD_STRINGS: verify('EMULATOR_XENSTORE_DATA has a key without a value'),
  R_EMU_XS_KEY_EMPTY: restore('empty xenstore key'),
  R_EMU_XS_KEY_ABSOLUTE: restore('absolute xenstore key (starts with /)'),
  EMU_CTX_TOO_SHORT: verify('EMULATOR_CONTEXT shorter than its 8-byte sub-header'),
  EMU_CTX_BAD_ID: verify('EMULATOR_CONTEXT emulator id unknown'),
  EMU_INDEX_NONZERO: extra('emulator index is not 0'),
  R_EMU_NOT_HVM: restore('emulator record in a stream for a non-HVM guest'),
  CP_END_NONZERO_LEN: verify('CHECKPOINT_END record has a body'),
  CP_STATE_EMPTY: verify('CHECKPOINT_STATE record has no body'),
  CP_STATE_VALUE: extra('CHECKPOINT_STATE control id is not 0-3'),
  R_CP_END_UNEXPECTED: restore('CHECKPOINT_END outside a checkpoint'),
  R_CP_STATE_UNEXPECTED: restore('CHECKPOINT_STATE where no COLO step expects one'),
  R_COLO_STATE_VALUE: restore('CHECKPOINT_STATE on the forward channel is not NEW'),
  CHECKPOINT_INCOMPLETE: extra('stream ends inside a checkpoint: a receiver resumes from the last complete one'),

  // L. legacy (pre-Xen-4.6) streams (legacy-stream.md). `restore` here is Xen 4.5's
  // xc_domain_restore (and libxl 4.5 for the toolstack blob): refused there, the image cannot be
  // restored anywhere. `convert` is convert-legacy-stream, through which Xen ≥ 4.6 restores it.
  LEGACY_SHAPE: extra('how the toolstack width and guest type of a legacy stream were decided', 'info'),
  LEGACY_GUEST_MISMATCH: extra('domain config guest type contradicts the legacy stream', 'error'),
  LEGACY_EXTINFO_OVERRUN: restore('extended-info block runs past the extended-info size'),
  LEGACY_VCPU_BLOCK_SIZE: restore('`vcpu` extended-info block is neither 2800 nor 5168 bytes'),
  LEGACY_XCNT_SIZE: restore('`xcnt` extended-info block is not 4 bytes'),
  LEGACY_P2M_FRAME_RANGE: restore('P2M frame PFN not below p2m_size'),
  LEGACY_BATCH_TOO_LARGE: restore('page batch of more than 1024 pages'),
  LEGACY_CHUNK_UNKNOWN: restore('unknown chunk id'),
  LEGACY_PAGE_TYPE: restore('page entry with an undefined type (5-8)'),
  LEGACY_PFN_RANGE: restore('page entry PFN not below p2m_size'),
  LEGACY_PFN_HIGH_BITS: restore('64-bit page entry with bits 32-63 set'),
  LEGACY_VCPU_ID_RANGE: restore('VCPU_INFO max_vcpu_id not in 0-4095'),
  LEGACY_TMEM_MALFORMED: restore('TMEM chunk is malformed'),
  LEGACY_TOOLSTACK_MALFORMED: restore('libxl toolstack data has the wrong version or size'),
  LEGACY_COMPRESSION_MISMATCH: restore('compressed page data does not match the page entries'),
  LEGACY_IOREQ_SERVER_PAIR: restore('IOREQ server PFN without its page count, or the other way round (restore ignores both)', 'warning'),
  LEGACY_VERIFY_MODE: restore('debug stream: pages after ENABLE_VERIFY_MODE are compared, not loaded', 'info'),
  LEGACY_UNMAPPED_TOO_MANY: restore('PV tail unmapped-PFN count above 2^28'),
  LEGACY_XSAVE_SIZE: restore('vCPU XSAVE record size disagrees with `xcnt`'),
  LEGACY_QEMU_SIGNATURE: restore('unknown QEMU record signature in the HVM tail'),
  LEGACY_QEMU_NO_QEVM: restore('xend QEMU record does not start with "QEVM"'),
  LEGACY_CONVERT_WIDTH_32: convert('saved by a 32-bit toolstack: libxl converts with the restoring host\'s width'),
  LEGACY_CONVERT_NO_EXTENDED_INFO: convert('PV stream without extended info'),
  LEGACY_CONVERT_NO_VCPU_BLOCK: convert('extended info without a `vcpu` block'),
  LEGACY_CONVERT_UNKNOWN_BLOCK: convert('unknown extended-info block'),
  LEGACY_CONVERT_DUPLICATE_PFN: convert('the same page entry twice in one batch'),
  LEGACY_CONVERT_FILLER_BATCH: convert('page batch made only of unmappable-page fillers'),
  LEGACY_CONVERT_HVM_CHUNK_IN_PV: convert('HVM param chunk in a PV stream'),
  LEGACY_CONVERT_TMEM: convert('TMEM chunk'),
  LEGACY_CONVERT_COMPRESSION: convert('Remus checkpoint compression'),
  LEGACY_CONVERT_TOOLSTACK_NAME: convert('physmap entry with no name or an unterminated one'),
  LEGACY_CONVERT_NO_VCPU_INFO: convert('PV stream without a VCPU_INFO chunk'),
  LEGACY_CONVERT_REMUS: convert('several checkpoints: only the first is converted'),
  LEGACY_CONVERT_QEMU_SIGNATURE: convert('QEMU record other than DeviceModelRecord0002'),

  // Decoder-level conditions
  FORMAT_UNKNOWN: extra('not a Xen save image or migration stream that this tool knows', 'error'),
  MAGIC_NEAR_MISS: extra('a magic (xl, libxl, libxc) is one or two bytes off: read as that format', 'error'),
  STREAM_UNREADABLE: extra('decoding stopped: the rest of the file cannot be framed', 'error'),
  TRAILING_DATA: extra('bytes after the end of the stream'),
  BODY_NOT_EXAMINED: extra('record body too large to examine in memory', 'info'),
  DIAGNOSTIC_LIMIT: extra('too many diagnostics: the rest are counted, not listed', 'info'),
} satisfies Record<string, Check>;

export type CheckId = keyof typeof CHECKS;

/**
 * Ids of validation-checks.md that are not emitted under their own name, and why: the same
 * condition is reported under another id (one diagnostic per fault, not two), or the id names no
 * condition of the stream.
 */
export const SPEC_IDS_NOT_EMITTED: Record<string, string> = {
  XL_SELECT_STREAM: 'not a check: the STREAMv2 flag picks the stream, as the scan does',
  SCRIPT_BUG: "a crash of verify-stream-v2 itself; this tool reports the conditions that crash it (TOOLSTACK_PRESENT, EMU_XS_*)",
  REC_NO_VERIFIER: 'unreachable in verify-stream-v2; every record type here has a dissector',
  STREAM_END: 'not a check: a libxc stream ends at END (or at a checkpoint boundary)',
  R_XL_BAD_MAGIC: 'reported as XL_BAD_MAGIC (same condition)',
  IHDR_NON_NATIVE_ENDIAN: 'reported as R_IHDR_BIG_ENDIAN: verify-stream-v2 never fires it (a zero mask), restore refuses such streams',
  LHDR_NON_NATIVE_ENDIAN: 'reported as R_LHDR_BIG_ENDIAN, for the same reason',
  R_DHDR_PAGE_SIZE: 'reported as DHDR_BAD_PAGE_SHIFT (same condition)',
  R_PV_INFO_SHORT: 'reported as PV_INFO_BAD_LENGTH, whose message says when restore refuses it too',
  R_LREC_UNKNOWN: 'reported as LREC_UNKNOWN_TYPE (same condition, optional types included)',
  R_EMU_XS_SHORT: 'reported as EMU_XS_TOO_SHORT (same condition)',
  R_EMU_CTX_SHORT: 'reported as EMU_CTX_TOO_SHORT (same condition)',
  R_EMU_XS_KEY_UNTERMINATED: 'reported as EMU_XS_NOT_NUL_TERMINATED, whose message says whether a key or a value is cut',
  R_EMU_XS_VAL_UNTERMINATED: 'reported as EMU_XS_NOT_NUL_TERMINATED or EMU_XS_ODD_STRINGS',
  R_HVM_CONTEXT_REJECTED: 'reported as the specific H_* check the blob fails',
  H_HEADER_CPUID: 'depends on the restoring host; Xen only logs it',
  H_XSAVE_EXCESS_NONZERO: 'needs the xstate component sizes of the restoring CPU (not in the stream)',
  R_PTE_FRAME_RANGE: 'needs page-table page contents: not checked by the header-only scan',
};
