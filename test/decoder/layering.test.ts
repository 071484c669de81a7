import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/shared.ts';

/**
 * The layers import only downward: the decoder and the generator run unchanged in a browser
 * worker and in Node, so they may not import Node's modules, React, the store or the UI; the
 * worker boundary is the one protocol module both sides share.
 */

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]!);
}

const RULES: { layer: string; forbidden: RegExp; why: string }[] = [
  { layer: 'src/decoder', forbidden: /^(node:|react|zustand)|\/(ui|worker|node|cli|generator)\//, why: 'the decoder is pure TypeScript shared by the worker, the CLI and the tests' },
  { layer: 'src/convert', forbidden: /^(node:|react|zustand)|\/(ui|worker|node|cli)\//, why: 'the converter runs in the browser worker too (Convert to v2…)' },
  { layer: 'src/generator', forbidden: /^(node:|react|zustand)|\/(ui|worker|node|cli)\//, why: 'the generator builds samples in the browser too' },
  { layer: 'src/ui', forbidden: /^node:|\/(node|cli)\/|\/worker\/(?!protocol\.ts)/, why: 'the UI reaches the worker only through protocol.ts' },
  // Format folders import only the shared vocabulary (core, model, dissect) and their own folder.
  ...['core', 'hvm', 'config'].map((dir) => ({ layer: `src/decoder/${dir}`, forbidden: /^(?!\.\/|\.\.\/(core|model|dissect)\/)/, why: 'a format folder builds only on core, model and dissect' })),
];

describe('layers import only downward', () => {
  for (const { layer, forbidden, why } of RULES) {
    it(`${layer}: ${why}`, () => {
      const bad = sources(resolve(REPO, layer)).flatMap((f) => imports(f).filter((i) => forbidden.test(i)).map((i) => `${relative(REPO, f)} imports ${i}`));
      expect(bad).toEqual([]);
    });
  }
});
