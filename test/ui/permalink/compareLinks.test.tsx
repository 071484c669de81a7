/**
 * Links to a comparison: the address bar names the compared file (name, size, fingerprint)
 * beside the open one; a link naming one asks for it once the first file is open, compares what
 * is given, and says so when it is not the link's file. A is a generated HVM guest, B the same
 * guest with two vCPUs, C the PV sample (a different file).
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildSample, buildStream } from '../../../src/generator/index.ts';
import { App } from '../../../src/ui/App.tsx';
import { parseHash } from '../../../src/ui/permalink/hash.ts';
import { renderExplorer, scanned } from '../support/renderExplorer.tsx';

const fileOf = (bytes: Uint8Array, name: string) => new File([bytes as Uint8Array<ArrayBuffer>], name);
const a = fileOf(buildStream({ guest: 'hvm', pages: 32 }), 'a.save');
const b = fileOf(buildStream({ guest: 'hvm', pages: 32, vcpus: 2 }), 'b.save');
const c = fileOf(buildSample('pv64-v2'), 'c.save');

/** The link of A compared with B, as the address bar writes it. */
async function comparedLink(): Promise<string> {
  const r = renderExplorer(<App />);
  r.history.start();
  act(() => r.controller.openFile(a));
  await scanned(r.store);
  fireEvent.change(screen.getByLabelText('Compare with a save image'), { target: { files: [b] } });
  await waitFor(() => expect(r.store.getState().compare?.status).toBe('done'), { timeout: 10_000 });
  await waitFor(() => expect(parseHash(r.url.hash).link?.compare?.fingerprint).toMatch(/^[0-9a-f]{16}$/));
  r.unmount();
  return r.url.hash;
}

describe('links to a comparison', () => {
  it('name the compared file beside the open one, and bring the comparison back when both files are given', async () => {
    const link = await comparedLink();
    expect(link).toMatch(new RegExp(`&vs=b\\.save&vs-size=${b.size}&vs-fp=[0-9a-f]{16}`));
    const r = renderExplorer(<App />, { hash: link });
    r.history.start();
    // The link's own file first, then the one it compares it with.
    act(() => r.controller.openFile(a));
    await scanned(r.store);
    const notice = await screen.findByRole('status', { name: 'The link compares two files' });
    expect(notice.textContent).toContain('b.save');
    fireEvent.change(within(notice).getByLabelText('The file the link compares with'), { target: { files: [b] } });
    await waitFor(() => expect(r.store.getState().compare?.status).toBe('done'), { timeout: 10_000 });
    expect(screen.queryByRole('status', { name: 'The link compares two files' })).toBeNull();
    expect(r.store.getState().linkProblems).toEqual([]);
    expect(r.store.getState().compare?.result?.vcpus.length).toBeGreaterThan(0);
  });

  it('says so when the file given to compare with is not the link\'s', async () => {
    const link = await comparedLink();
    const r = renderExplorer(<App />, { hash: link });
    r.history.start();
    act(() => r.controller.openFile(a));
    await scanned(r.store);
    const notice = await screen.findByRole('status', { name: 'The link compares two files' });
    fireEvent.change(within(notice).getByLabelText('The file the link compares with'), { target: { files: [c] } });
    await waitFor(() => expect(r.store.getState().linkProblems.join(' ')).toContain('not the one the link compares with (b.save'));
  });
});
