import type { GuestImage } from './image.ts';
import type { LegacyOptions } from './legacy/options.ts';

export type GuestKind = 'pv64' | 'pv32' | 'hvm';

/** The shape of a stream to generate. Everything has a sensible default. */
export interface StreamShape {
  /** Outermost container: xl save file (default), bare libxl stream, or bare libxc stream. */
  container?: 'xl' | 'libxl' | 'libxc';
  /** libxc stream version (default 3). */
  version?: 2 | 3;
  guest?: GuestKind;
  /** Guest memory in 4 KiB pages (default 256). */
  pages?: number;
  /** PFNs per PAGE_DATA record (default 1024, Xen's MAX_BATCH_SIZE). */
  batch?: number;
  vcpus?: number;
  /** HVM: an EMULATOR_CONTEXT record in the libxl stream (default true for HVM). */
  emulator?: boolean;
  /**
   * HVM: an EMULATOR_XENSTORE_DATA record with QEMU physmap keys before it (default false: libxl
   * writes one only when QEMU has physmap entries, and the real images have none).
   */
  xenstore?: boolean;
  /** Remus/COLO checkpointed stream with this many checkpoints (0 = plain stream). */
  checkpoints?: number;
  /** COLO: CHECKPOINT_STATE(NEW) after each CHECKPOINT_END. */
  colo?: boolean;
  /** Domain config in the xl header (default json). */
  config?: 'json' | 'xl' | 'none';
  /**
   * Every PAGE_DATA entry XTAB (a page the guest does not have): records of PFNs with no page
   * contents, the densest stream there is.
   */
  xtabOnly?: boolean;
  /** Page contents: a readable pattern (default), or zeros that file writers leave as holes (known pages of `image` are written either way). */
  pageContent?: 'pattern' | 'zero';
  /**
   * A legacy (pre-Xen-4.6) stream instead of a v2 one, shaped by the fields above (guest,
   * pages, batch, vcpus, checkpoints, config, pageContent) and these options.
   */
  legacy?: LegacyOptions;
  /** Guest memory with known contents (per checkpoint in a checkpointed stream) and paging registers (v2 streams). */
  image?: GuestImage;
}

/** A small description of a stream to generate: its shape and the faults to put in it. */
export interface StreamSpec extends StreamShape {
  /** Faults to put in (their names: FaultName, faults.ts; unknown ones are refused when built). */
  faults?: readonly string[];
}

export type ResolvedSpec = Required<Omit<StreamSpec, 'faults' | 'legacy' | 'image'>> & { faults: readonly string[]; image: GuestImage | null };

export function resolveSpec(s: StreamSpec): ResolvedSpec {
  const guest = s.guest ?? 'hvm';
  return {
    container: s.container ?? 'xl',
    version: s.version ?? 3,
    guest,
    pages: Math.max(1, s.pages ?? 256),
    batch: Math.max(1, s.batch ?? 1024),
    vcpus: Math.max(1, s.vcpus ?? 1),
    emulator: s.emulator ?? guest === 'hvm',
    xenstore: s.xenstore ?? false,
    checkpoints: Math.max(0, s.checkpoints ?? 0),
    colo: s.colo ?? false,
    config: s.config ?? 'json',
    xtabOnly: s.xtabOnly ?? false,
    pageContent: s.pageContent ?? 'pattern',
    faults: s.faults ?? [],
    image: s.image ?? null,
  };
}
