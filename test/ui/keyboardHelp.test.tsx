/**
 * The keyboard shortcuts list (jsdom, the whole explorer on the HVM sample): "?" outside a text
 * box opens it with focus on Close, it lists the keys by place, Escape and Close put focus back
 * where it was, and a "?" typed into a text box stays a character.
 */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.tsx';
import { GOTO_INPUT_ID } from '../../src/ui/hex/GoToOffset.tsx';
import { renderExplorer, scanned } from './support/renderExplorer.tsx';

async function explorer() {
  const r = renderExplorer(<App />);
  act(() => r.controller.openSample('hvm-v3'));
  await scanned(r.store);
  return r;
}

const dialog = () => screen.queryByRole('dialog', { name: 'Keyboard shortcuts' });

describe('keyboard shortcuts list', () => {
  it('opens on ?, lists the keys by place, and Escape closes it with focus back where it was', async () => {
    await explorer();
    const button = screen.getByRole('button', { name: 'Keyboard shortcuts' });
    button.focus();
    fireEvent.keyDown(button, { key: '?' });
    const d = dialog()!;
    expect(d).toBeTruthy();
    expect(document.activeElement).toBe(within(d).getByRole('button', { name: 'Close' }));
    const anywhere = within(d).getByRole('region', { name: 'Anywhere (outside a text box)' });
    expect(anywhere.textContent).toContain('Ctrl+F');
    expect(within(d).getByRole('region', { name: 'Memory map' }).textContent).toContain('Zoom in / out');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('opens from the header button and closes with Close', async () => {
    await explorer();
    const button = screen.getByRole('button', { name: 'Keyboard shortcuts' });
    fireEvent.click(button);
    fireEvent.click(within(dialog()!).getByRole('button', { name: 'Close' }));
    expect(dialog()).toBeNull();
  });

  it('a ? typed into a text box is text, not the list', async () => {
    await explorer();
    const goTo = document.getElementById(GOTO_INPUT_ID) as HTMLInputElement;
    goTo.focus();
    fireEvent.keyDown(goTo, { key: '?' });
    expect(dialog()).toBeNull();
  });
});
