/**
 * The guest memory map's colours (memoryMap.css, both themes) stay apart for everyone: every two
 * classes differ by a CIE76 ΔE of at least 20, as seen with normal vision and as simulated for
 * deuteranopia and protanopia (Machado et al. 2009, severity 1), and each class stands off the
 * panel it is drawn on; the blues stand further off it (in lightness) the more often sent.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PFN_PALETTE } from '../../src/ui/memoryMap/pfnPalette.ts';
import { REPO } from '../support/shared.ts';

type Rgb = [number, number, number];

/** The custom properties of a CSS block, by name. */
function variables(css: string): Record<string, string> {
  return Object.fromEntries([...css.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

function themes(): { light: Record<string, string>; dark: Record<string, string> } {
  const css = (f: string) => readFileSync(`${REPO}/src/ui/${f}`, 'utf8');
  const split = (text: string) => {
    const at = text.indexOf('@media (prefers-color-scheme: dark)');
    return { light: variables(text.slice(0, at)), dark: variables(text.slice(at)) };
  };
  const map = split(css('memoryMap/memoryMap.css'));
  const app = split(css('styles/app.css'));
  return { light: { ...app.light, ...map.light }, dark: { ...app.light, ...app.dark, ...map.light, ...map.dark } };
}

const linear = (hex: string): Rgb => [1, 3, 5].map((i) => {
  const c = parseInt(hex.slice(i, i + 2), 16) / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}) as Rgb;

const VISION: Record<string, number[][]> = {
  normal: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
};

function lab(rgb: Rgb, vision: number[][]): Rgb {
  const [r, g, b] = vision.map((row) => Math.min(1, Math.max(0, row[0]! * rgb[0] + row[1]! * rgb[1] + row[2]! * rgb[2])));
  const xyz = [0.4124 * r! + 0.3576 * g! + 0.1805 * b!, 0.2126 * r! + 0.7152 * g! + 0.0722 * b!, 0.0193 * r! + 0.1192 * g! + 0.9505 * b!];
  const [x, y, z] = [xyz[0]! / 0.95047, xyz[1]!, xyz[2]! / 1.08883].map((t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27) * t / 116 + 16 / 116));
  return [116 * y! - 16, 500 * (x! - y!), 200 * (y! - z!)];
}

const deltaE = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('memory map palette', () => {
  const all = themes();
  for (const theme of ['light', 'dark'] as const) {
    const vars = all[theme];
    const colour = (c: string) => vars[/^var\((--[\w-]+)\)$/.exec(c)![1]!]!;
    for (const [vision, matrix] of Object.entries(VISION)) {
      it(`${theme} theme, ${vision}: every two classes ΔE ≥ 20, each ≥ 10 off the panel`, () => {
        const seen = PFN_PALETTE.map((p) => ({ label: p.label, lab: lab(linear(colour(p.colour)), matrix) }));
        const panel = lab(linear(vars['--panel']!), matrix);
        const close: string[] = [];
        for (let i = 0; i < seen.length; i++) {
          if (deltaE(seen[i]!.lab, panel) < 10) close.push(`${seen[i]!.label} / panel`);
          for (let j = i + 1; j < seen.length; j++) if (deltaE(seen[i]!.lab, seen[j]!.lab) < 20) close.push(`${seen[i]!.label} / ${seen[j]!.label}: ${deltaE(seen[i]!.lab, seen[j]!.lab).toFixed(1)}`);
        }
        expect(close).toEqual([]);
      });
    }
    it(`${theme} theme: the blues stand further off the panel the more often a page was sent`, () => {
      const panel = lab(linear(vars['--panel']!), VISION.normal!)[0];
      const offPanel = (label: string) => Math.abs(lab(linear(colour(PFN_PALETTE.find((p) => p.label === label)!.colour)), VISION.normal!)[0] - panel);
      const [once, twice, more] = ['sent once', 'sent twice', 'sent 3+ times'].map(offPanel);
      expect(once).toBeLessThan(twice!);
      expect(twice).toBeLessThan(more!);
    });
  }
});
