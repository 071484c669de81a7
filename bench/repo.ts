/** The checkout's root, whether a bench runs from `bench/` or compiled from `dist/bench/` (dist holds a package.json copy, so the CLI's bin marks the root). */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, existsSync(resolve(here, '../bin/xen-stream.js')) ? '..' : '../..');
