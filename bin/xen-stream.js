#!/usr/bin/env node
// The CLI, bundled into dist/cli/ by `npm run build:cli` (run by `npm ci` through the prepare script).
import { main } from '../dist/cli/main.js';

// A reader that stops early (`xen-stream checks --markdown | head`) closes the pipe: stop quietly.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await main(process.argv.slice(2), { out: process.stdout, err: process.stderr });
