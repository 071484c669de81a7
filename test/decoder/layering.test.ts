import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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

const BUILDING_BLOCK = /^(?!\.\/|\.\.\/(core|model|dissect|x86)\/)/;
const FORMAT = /^(?!\.\/|\.\.\/(core|model|dissect|x86|hvm|config|qemu)\/)/;

const RULES: { layer: string; forbidden: RegExp; why: string }[] = [
  { layer: 'src/decoder', forbidden: /^(node:|react|zustand)|\/(ui|worker|node|cli|generator)\//, why: 'the decoder is pure TypeScript shared by the worker, the CLI and the tests' },
  { layer: 'src/convert', forbidden: /^(node:|react|zustand)|\/(ui|worker|node|cli)\//, why: 'the converter runs in the browser worker too (Convert to v2…)' },
  { layer: 'src/generator', forbidden: /^(node:|react|zustand)|\/(ui|worker|node|cli)\//, why: 'the generator builds samples in the browser too' },
  { layer: 'src/ui', forbidden: /^node:|\/(node|cli)\/|\/worker\/(?!protocol\.ts)/, why: 'the UI reaches the worker only through protocol.ts' },
  // Format folders import only the shared vocabulary (core, model, dissect), the building blocks
  // several formats carry (x86 CPU state, HVM context, domain configs, QEMU state) and their own
  // folder: one format reaches another's scanner only when the composer (scan/) hands it over.
  { layer: 'src/decoder/core', forbidden: /^(?!\.\/|\.\.\/(model|dissect|config)\/)/, why: 'core is the vocabulary the formats build on (its facts carry the parsed domain config)' },
  ...['hvm', 'config', 'x86', 'qemu'].map((dir) => ({ layer: `src/decoder/${dir}`, forbidden: BUILDING_BLOCK, why: 'a building block builds only on core, model, dissect and x86' })),
  ...['xl', 'libxl', 'libxc', 'legacy', 'wrappers'].map((dir) => ({ layer: `src/decoder/${dir}`, forbidden: FORMAT, why: 'a format folder builds only on core, model, dissect and the building blocks' })),
];

/** Each import of a module that the rule forbids, as "file imports target". */
function forbiddenImports(modules: ReadonlyMap<string, readonly string[]>, forbidden: RegExp): string[] {
  return [...modules].flatMap(([file, targets]) => targets.filter((i) => forbidden.test(i)).map((i) => `${file} imports ${i}`));
}

describe('layers import only downward', () => {
  for (const { layer, forbidden, why } of RULES) {
    it(`${layer}: ${why}`, () => {
      const modules = new Map(sources(resolve(REPO, layer)).map((f) => [relative(REPO, f), imports(f)]));
      expect(forbiddenImports(modules, forbidden)).toEqual([]);
    });
  }

  it('finds a planted upward import from a format folder into another format or the scan', () => {
    const xl = new Map([
      ['src/decoder/xl/scan.ts', ['./header.ts', '../core/ScanContext.ts', '../model/Layer.ts', '../dissect/show.ts', '../libxl/scan.ts', '../scan/detect.ts']],
      ['src/decoder/xl/header.ts', ['../config/configLines.ts', '../qemu/deviceState.ts', '../memory/GuestMemory.ts']],
    ]);
    expect(forbiddenImports(xl, FORMAT)).toEqual([
      'src/decoder/xl/scan.ts imports ../libxl/scan.ts',
      'src/decoder/xl/scan.ts imports ../scan/detect.ts',
      'src/decoder/xl/header.ts imports ../memory/GuestMemory.ts',
    ]);
    // A building block may not reach up into a format either.
    expect(forbiddenImports(new Map([['src/decoder/hvm/context.ts', ['../x86/fxsave.ts', '../libxc/constants.ts']]]), BUILDING_BLOCK)).toEqual(['src/decoder/hvm/context.ts imports ../libxc/constants.ts']);
  });
});

/** Each source file under `dir` (repo-relative) with the source files it imports, type-only imports included. */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(resolve(REPO, dir))) {
    const targets = imports(file)
      .filter((i) => i.startsWith('.'))
      .map((i) => relative(REPO, resolve(dirname(file), i)))
      .filter((t) => /\.tsx?$/.test(t));
    graph.set(relative(REPO, file), targets);
  }
  return graph;
}

/**
 * The import cycles of a graph: each strongly connected group of two or more modules (or one
 * importing itself), as its members sorted, found by Tarjan's algorithm.
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    order.set(v, order.size);
    low.set(v, order.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) !== order.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || graph.get(v)?.includes(v)) cycles.push(group.sort());
  };
  for (const v of graph.keys()) if (!order.has(v)) visit(v);
  return cycles;
}

/** Imports that break the rule that the store imports no view (React components or view folders). */
function storeViewImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const isView = (f: string) => f.endsWith('.tsx') || /^src\/ui\/(fields|header|hex|layout|text|timeline|validation)\//.test(f);
  return [...graph].flatMap(([from, targets]) => (from.startsWith('src/ui/state/') ? targets.filter(isView).map((t) => `${from} imports ${t}`) : []));
}


describe('import rules', () => {
  const graph = importGraph('src');

  it('has no import cycles anywhere under src/, type-only imports included', () => {
    expect(importCycles(graph).map((c) => c.join(' ↔ '))).toEqual([]);
  });

  it('keeps the store free of views: it holds state, views read it', () => {
    expect(storeViewImports(graph)).toEqual([]);
  });

  it('finds a planted cycle, however long, and a module importing itself', () => {
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['d.ts']],
      ['e.ts', ['a.ts']],
    ]);
    expect(importCycles(g)).toEqual(expect.arrayContaining([['a.ts', 'b.ts', 'c.ts'], ['d.ts']]));
    expect(importCycles(g)).toHaveLength(2);
    expect(importCycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  it('finds a planted upward import from the store into a view', () => {
    const g = new Map([
      ['src/ui/state/store.ts', ['src/ui/scroll/hexScroll.ts', 'src/ui/hex/HexView.tsx']],
      ['src/ui/state/selectors.ts', ['src/ui/permalink/Prompt.tsx', 'src/ui/timeline/recordKind.ts']],
      ['src/ui/hex/HexView.tsx', ['src/ui/state/store.ts']],
    ]);
    expect(storeViewImports(g)).toEqual([
      'src/ui/state/store.ts imports src/ui/hex/HexView.tsx',
      'src/ui/state/selectors.ts imports src/ui/permalink/Prompt.tsx',
      'src/ui/state/selectors.ts imports src/ui/timeline/recordKind.ts',
    ]);
  });
});

/** Lines a module may have: past it, a module holds more than one concept and is split (issue 8). */
const MODULE_LINES = 400;

describe('module size', () => {
  it(`keeps every module under src/ to ${MODULE_LINES} lines`, () => {
    const long = sources(resolve(REPO, 'src'))
      .map((f) => ({ file: relative(REPO, f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((m) => m.lines > MODULE_LINES);
    expect(long).toEqual([]);
  });
});
