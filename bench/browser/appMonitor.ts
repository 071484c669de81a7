/**
 * Scripts run in the explorer's page (as strings: the bench compiles without the DOM's types).
 *
 * MONITOR watches every animation frame: a gap of more than 50 ms between two frames is a frame
 * the user saw stall (the same measure as a long animation frame, and one both browsers offer).
 * It also notes when a file is given to the input, the first frame with a timeline row in it
 * (first records on screen), and the first frame after that with no scan in progress (indexed).
 */
export const MONITOR = `(() => {
  const b = { given: 0, firstRows: 0, done: 0, failed: false, frames: [], last: 0 };
  window.__bench = b;
  document.addEventListener('change', (e) => {
    if (e.target.type !== 'file') return;
    Object.assign(b, { given: performance.now(), firstRows: 0, done: 0, frames: [] });
  }, true);
  const tick = (t) => {
    if (b.last && t - b.last > 50) b.frames.push(Math.round(t - b.last));
    b.last = t;
    if (b.given && !b.firstRows && document.querySelector('.tl-list [data-record]')) b.firstRows = t;
    if (b.given && !b.done && document.querySelector('.scan-status .error')) b.failed = true;
    if (b.firstRows && !b.done && !document.querySelector('.scan-status button')) b.done = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/** What MONITOR has seen since the file was given, in ms from then. */
export interface AppScan {
  firstRowsMs: number;
  indexMs: number;
  /** Each frame over 50 ms, its length in ms. */
  frames: number[];
  failed: boolean;
}

export const APP_SCAN = `(() => { const b = window.__bench; return { firstRowsMs: b.firstRows && Math.max(0, b.firstRows - b.given), indexMs: b.done && b.done - b.given, frames: b.frames, failed: b.failed }; })()`;

/** Forgets the frames seen so far, so that the next FRAMES covers one action. */
export const RESET_FRAMES = `void (window.__bench.frames = [])`;
export const FRAMES = `window.__bench.frames`;

/**
 * Moves the timeline over 120 frames, then waits half a second for it to settle: `wheel` scrolls
 * 100 px a frame as a mouse wheel does; `drag` takes the scroll position from top to bottom, as
 * dragging the scrollbar's thumb does (the scroll events the list sees are the same).
 */
export const scrollTimeline = (how: 'wheel' | 'drag') => `new Promise((done) => {
  const el = document.querySelector('.tl-list');
  const max = el.scrollHeight - el.clientHeight;
  let i = 0;
  const step = () => {
    if (${how === 'wheel'}) el.scrollTop += 100; else el.scrollTop = (max * i) / 120;
    if (++i <= 120) requestAnimationFrame(step); else setTimeout(done, 500);
  };
  requestAnimationFrame(step);
})`;

/** The record type filter's most common type: its option value. */
export const COMMONEST_TYPE = `(() => {
  const count = (o) => Number(o.textContent.replace(/.*\\(([\\d,]+)\\)$/, '$1').replace(/,/g, ''));
  const options = [...document.querySelectorAll('select[aria-label="Record type"] option')].filter((o) => o.value !== '');
  return options.sort((a, b) => count(b) - count(a))[0].value;
})()`;
