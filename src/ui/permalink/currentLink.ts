/** The link of what is on screen, which the URL holds and "Copy link" copies. */
import { BYTES_PER_ROW } from '../scroll/hexScroll.ts';
import type { ExplorerState } from '../state/store.ts';
import { fieldRefOf } from './fieldRef.ts';
import type { LinkSpot, LinkState, LinkTarget } from './hash.ts';

/**
 * The link being followed while it is (its spot is not reached yet, or its file not given);
 * else the open file or sample with its selection and hex position; null when nothing is open.
 */
export function currentLink(s: ExplorerState): LinkState | null {
  if (s.link && s.link.stage !== 'mismatch') return s.link.link;
  const f = s.file;
  if (!f) return null;
  const target: LinkTarget = f.sample !== undefined ? { kind: 'sample', name: f.sample } : { kind: 'file', name: f.name, size: f.size, fingerprint: f.fingerprint ?? null };
  const link: LinkState = { target, spot: spotOf(s), top: s.hexTopRow * BYTES_PER_ROW };
  if (f.legacy?.width || f.legacy?.guest) link.legacy = f.legacy;
  if (s.guest) link.guest = s.guest.target;
  const compared = s.compare?.file;
  if (compared?.fingerprint) link.compare = { name: compared.name, size: compared.size, fingerprint: compared.fingerprint };
  else if (s.wantedCompare) link.compare = s.wantedCompare;
  return link;
}

function spotOf(s: ExplorerState): LinkSpot | null {
  const sel = s.selection;
  if (!sel) return null;
  const bytes = { offset: sel.offset, length: sel.length };
  if (sel.record < 0) return { record: null, field: null, bytes };
  const e = sel.record < s.index.count ? s.index.get(sel.record) : null;
  // A whole record needs no bytes: the link stays short, and means that record in any decoding.
  const whole = sel.fieldPath === null && e !== null && e.offset === sel.offset && e.length === sel.length;
  // The field goes by its key path, which its tree gives (it is there whenever a field is selected).
  const tree = s.fields?.record === sel.record ? s.fields.tree : null;
  const field = sel.fieldPath && tree ? fieldRefOf(tree, sel.fieldPath) : null;
  return { record: sel.record, field, bytes: whole ? null : bytes };
}
