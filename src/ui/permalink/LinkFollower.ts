/**
 * Follows a permalink (hash.ts): opens its sample, or asks for its file and checks the file
 * given by size and fingerprint; then, once the scan has indexed the link's spot, selects it
 * and puts the hex view where the link says. What cannot be done as the link says is done as
 * nearly as possible and said in words (store.linkProblems): never a blank page.
 *
 * Its state is the store's `link` (the views show it); it asks the controller to open and
 * select, and leaves the URL to historySync.ts.
 */
import type { LegacyOverride } from '../../decoder/legacy/shape.ts';
import { fieldByPath } from '../../decoder/model/Field.ts';
import { SAMPLES } from '../../generator/samples.ts';
import type { ScanInput } from '../../worker/protocol.ts';
import { count } from '../format.ts';
import { BYTES_PER_ROW } from '../scroll/hexScroll.ts';
import type { ExplorerController } from '../scan/ExplorerController.ts';
import type { Explorer, ExplorerState, ExplorerStore, FollowedLink, Selection } from '../state/store.ts';
import { describeBytes } from './describeLink.ts';
import { describeFieldRef, resolveFieldRef } from './fieldRef.ts';
import type { LinkState, ParsedLink } from './hash.ts';

const sameLegacy = (a: LegacyOverride | undefined, b: LegacyOverride | undefined) => a?.width === b?.width && a?.guest === b?.guest;
const fileKey = (size: number, fingerprint: string) => `${size}:${fingerprint}`;
const scanEnded = (s: ExplorerState) => s.status === 'done' || s.status === 'cancelled' || s.status === 'failed';

export class LinkFollower {
  /** Files opened in this page, by size and fingerprint: going Back to one opens it without asking. */
  private readonly files = new Map<string, ScanInput>();
  /** True while the follower itself opens or selects, so that its changes are not taken for the user's. */
  private acting = false;
  /** The link whose spot is being selected (its tree is on its way). */
  private applying: FollowedLink | null = null;
  /** The state last looked at (the store, not a listener's arguments, which can be stale). */
  private seen: Explorer;

  constructor(
    private readonly store: ExplorerStore,
    private readonly controller: ExplorerController,
  ) {
    this.seen = store.getState();
    store.subscribe(() => this.changed());
  }

  /** Follows a link read from the URL; a null link (an empty hash) goes to the start page. */
  follow({ link, problems }: ParsedLink): void {
    const s = this.store.getState();
    s.setLinkProblems(problems);
    // A link comparing two files asks for the second once the first is open (LinkNotices).
    const compared = s.compare?.file;
    const comparing = compared && link?.compare && compared.fingerprint === link.compare.fingerprint;
    s.setWantedCompare(link?.compare && !comparing ? link.compare : null);
    if (!link) return this.leave();
    if (this.isOpen(link, s)) return s.setLink({ link, stage: 'waiting', scan: s.scanId });
    const t = link.target;
    if (t.kind === 'sample') {
      if (SAMPLES.some((x) => x.name === t.name)) return this.open({ kind: 'sample', name: t.name }, link, 'waiting');
      s.setLinkProblems([...problems, `There is no built-in sample called “${t.name}”; choose one of the samples below.`]);
      return this.leave();
    }
    const known = t.size !== null && t.fingerprint !== null ? this.files.get(fileKey(t.size, t.fingerprint)) : undefined;
    if (known) return this.open(known, link, 'checking');
    this.act(() => this.controller.close());
    this.store.getState().setLink({ link, stage: 'needs-file', scan: -1 });
  }

  /** The file given is not the link's: go to the link's spot in it all the same. */
  goOnAnyway(): void {
    const s = this.store.getState();
    if (s.link?.stage === 'mismatch') s.setLink({ ...s.link, stage: 'waiting', scan: s.scanId });
  }

  /** Stops following the link (the prompt or the warning goes) and forgets what was said about it. */
  dismiss(): void {
    const s = this.store.getState();
    s.setLink(null);
    s.setLinkProblems([]);
  }

  private leave(): void {
    this.store.getState().setLink(null);
    this.act(() => this.controller.close());
  }

  private open(input: ScanInput, link: LinkState, stage: FollowedLink['stage']): void {
    // The link is set first, so that no one takes the opening for a file of the user's choosing.
    this.act(() => {
      this.store.getState().setLink({ link, stage, scan: -1 });
      this.controller.open(input, link.legacy);
    });
    const s = this.store.getState();
    s.setLink({ link, stage, scan: s.scanId });
  }

  private act<T>(f: () => T): T {
    this.acting = true;
    try {
      return f();
    } finally {
      this.acting = false;
    }
  }

  /** The link's file or sample is the one open, decoded as the link says. */
  private isOpen(link: LinkState, s: ExplorerState): boolean {
    const f = s.file;
    if (!f || s.status === 'failed' || !sameLegacy(f.legacy, link.legacy)) return false;
    const t = link.target;
    return t.kind === 'sample' ? f.sample === t.name : !f.sample && f.size === t.size && f.fingerprint !== undefined && f.fingerprint === t.fingerprint;
  }

  private changed(): void {
    const s = this.store.getState();
    const prev = this.seen;
    this.seen = s;
    if (this.acting || s === prev) return;
    if (s.file?.fingerprint && !prev.file?.fingerprint && !s.file.sample && this.controller.input?.kind === 'file') {
      this.files.set(fileKey(s.file.size, s.file.fingerprint), this.controller.input);
    }
    const link = s.link;
    if (!link) return;
    if (s.scanId !== prev.scanId) return this.otherOpen(s, link);
    if (link.stage === 'needs-file') return;
    // Closed, or a scan the link is not followed in: the user went elsewhere.
    if (!s.file || link.scan !== s.scanId) return s.setLink(null);
    if (link.stage === 'checking') {
      if (s.file.fingerprint) this.check(s, link);
      else if (s.status === 'failed') {
        s.setLinkProblems([...s.linkProblems, 'The file could not be read, so the link could not be followed.']);
        s.setLink(null);
      }
    } else if (link.stage === 'waiting') {
      // The user chose something before the scan reached the link's spot: theirs wins.
      if (s.selection !== prev.selection) return s.setLink(null);
      this.tryApply(s, link);
    }
  }

  /** The user opened something while the link was followed: the file it asked for, or something else. */
  private otherOpen(s: Explorer, link: FollowedLink): void {
    if ((link.stage === 'needs-file' || link.stage === 'mismatch') && s.file && !s.file.sample) {
      s.setLink({ ...link, stage: 'checking', scan: s.scanId });
    } else {
      s.setLink(null);
      s.setLinkProblems([]);
    }
  }

  private check(s: Explorer, link: FollowedLink): void {
    const t = link.link.target;
    if (t.kind !== 'file' || !s.file?.fingerprint) return;
    const same = (t.size === null || t.size === s.file.size) && (t.fingerprint === null || t.fingerprint === s.file.fingerprint);
    s.setLink({ ...link, stage: same ? 'waiting' : 'mismatch' });
  }

  /** Goes to the link's spot once the scan has indexed it (an entry is settled once another follows it). */
  private tryApply(s: ExplorerState, link: FollowedLink): void {
    if (this.applying === link) return;
    const spot = link.link.spot;
    const n = s.index.count;
    const reached = spot && spot.record !== null ? n > spot.record + 1 : n >= 2 && (spot?.bytes?.offset ?? 0) < s.index.offset(n - 1);
    if (!scanEnded(s) && !(s.status === 'scanning' && reached)) return;
    this.applying = link;
    void this.apply(link).finally(() => {
      if (this.applying === link) this.applying = null;
    });
  }

  private async apply(followed: FollowedLink): Promise<void> {
    const { link } = followed;
    const s = this.store.getState();
    const problems = [...s.linkProblems];
    const spotProblemsBefore = problems.length;
    const sel = this.selectionFor(s, link, problems);
    const ref = sel && sel.record >= 0 ? link.spot?.field : null;
    if (sel && ref) {
      // The field is found in the record's tree, so the record is decoded first.
      const tree = await this.act(() => this.controller.selectExactly(sel));
      if (this.store.getState().link !== followed) return;
      const path = tree && resolveFieldRef(tree, ref, s.index.get(sel.record), link.spot?.bytes ? sel : undefined);
      const field = path && fieldByPath(tree, path);
      if (tree && !field) {
        problems.push(`Record ${sel.record} has no field ${describeFieldRef(ref)} in this file; the whole record is selected.`);
        const e = s.index.get(sel.record);
        this.act(() => this.controller.selectExactly({ record: sel.record, fieldPath: null, offset: e.offset, length: e.length }));
      } else if (path && field) {
        // A link by record and field alone means the field's own bytes.
        const bytes = link.spot?.bytes ? { offset: sel.offset, length: sel.length } : { offset: field.offset, length: field.length };
        this.act(() => this.controller.selectExactly({ record: sel.record, fieldPath: path, ...bytes }));
      }
    } else if (sel) this.act(() => this.controller.selectExactly(sel));
    const now = this.store.getState();
    // The link's hex position goes with its spot: where another spot was chosen, show that one.
    const asLinked = problems.length === spotProblemsBefore;
    this.act(() => {
      if (link.top !== null && asLinked) now.setHexTopRow(Math.floor(link.top / BYTES_PER_ROW));
      else if (now.selection) now.revealByte(now.selection.offset);
    });
    now.setLinkProblems(problems);
    now.setLink(null);
    // The Memory tab's page: it selects its copy only when the link selects nothing itself. A
    // link without one (Back to before it was shown) shows none.
    if (link.guest) await this.act(() => this.controller.showGuest(link.guest!, { select: !link.spot }));
    else if (now.guest) this.act(() => now.setGuest(null));
  }

  /** The selection a link means in the open file, or the nearest sensible one (saying why). */
  private selectionFor(s: ExplorerState, link: LinkState, problems: string[]): Selection | null {
    const size = s.file?.size ?? 0;
    const n = s.index.count;
    const whole = (record: number): Selection => {
      const e = s.index.get(record);
      return { record, fieldPath: null, offset: e.offset, length: e.length };
    };
    const spot = link.spot;
    if (!spot) return n > 0 ? whole(0) : null;
    if (spot.record !== null) {
      if (spot.record >= n) {
        if (n === 0) problems.push(`The link points at record ${spot.record}, but no records were found in this file.`);
        else problems.push(`The link points at record ${spot.record}, but ${s.status === 'done' ? 'this file has' : 'the scan stopped after'} ${count(n)} record${n === 1 ? '' : 's'}; the last one is shown.`);
        return n > 0 ? whole(n - 1) : null;
      }
      if (!spot.bytes) return whole(spot.record);
      if (spot.bytes.offset + spot.bytes.length > size) {
        problems.push(`The link's bytes ${describeBytes(spot.bytes)} run past the end of this file (${count(size)} bytes); the whole record is selected instead.`);
        return whole(spot.record);
      }
      return { record: spot.record, fieldPath: null, ...spot.bytes };
    }
    let { offset, length } = spot.bytes!;
    if (offset > size || (offset === size && length > 0)) {
      if (size === 0) {
        problems.push(`The link points at ${describeBytes(spot.bytes!)}, but this file is empty.`);
        return null;
      }
      problems.push(`The link points at ${describeBytes(spot.bytes!)}, past the end of this file (${count(size)} bytes); its last byte is shown instead.`);
      offset = size - 1;
      length = 1;
    } else if (offset + length > size) {
      problems.push(`The link's bytes ${describeBytes(spot.bytes!)} run past the end of this file (${count(size)} bytes); they are cut at its end.`);
      length = size - offset;
    }
    return { record: s.index.entryAt(offset), fieldPath: null, offset, length };
  }
}
