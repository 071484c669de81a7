/**
 * A legacy (pre-Xen-4.6) stream does not say its toolstack width or guest type: the scan
 * infers them, and this bar says them instead when the guess is wrong (as the CLI's
 * --legacy-width and --legacy-guest do). A change scans the same file again.
 */
import type { LegacyGuest, LegacyOverride, LegacyWidth } from '../../decoder/legacy/shape.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';

const AUTO = 'auto';

export function LegacyControl() {
  const controller = useController();
  const facts = useExplorer((s) => s.facts?.legacy);
  // Set by every rescan ({} for all-automatic), so the bar stays put while the facts are redone.
  const chosen = useExplorer((s) => s.file?.legacy);
  if (!facts && !chosen) return null;

  const change = (part: LegacyOverride) => {
    const next: LegacyOverride = { ...chosen, ...part };
    if (next.width === undefined) delete next.width;
    if (next.guest === undefined) delete next.guest;
    controller.rescan(next);
  };
  // "Auto" says what the scan made of it, while it is the scan's guess.
  const autoWidth = facts && facts.widthFrom !== 'option' ? `Auto (${facts.width * 8}-bit)` : 'Auto';
  const autoGuest = facts && facts.guestFrom !== 'option' ? `Auto (${facts.guest.toUpperCase()})` : 'Auto';

  return (
    <div className="legacy-bar" role="group" aria-label="Legacy stream decoding">
      <span className="legacy-title" title="A stream from Xen 4.5 or older, which does not say the toolstack's word size or the guest type">
        Legacy stream
      </span>
      <label>
        Toolstack
        <select value={chosen?.width ?? AUTO} onChange={(e) => change({ width: e.target.value === AUTO ? undefined : (Number(e.target.value) as LegacyWidth) })}>
          <option value={AUTO}>{autoWidth}</option>
          <option value={4}>32-bit</option>
          <option value={8}>64-bit</option>
        </select>
      </label>
      <label>
        Guest
        <select value={chosen?.guest ?? AUTO} onChange={(e) => change({ guest: e.target.value === AUTO ? undefined : (e.target.value as LegacyGuest) })}>
          <option value={AUTO}>{autoGuest}</option>
          <option value="pv">PV</option>
          <option value="hvm">HVM</option>
        </select>
      </label>
      <span className="legacy-why" data-testid="legacy-decided-by" title={facts?.decidedBy}>
        {facts ? facts.decidedBy : 'Scanning…'}
      </span>
    </div>
  );
}
