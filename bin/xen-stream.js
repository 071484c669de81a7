#!/usr/bin/env node
// The CLI, bundled into dist/cli/ by `npm run build:cli` (run by `npm ci` through the prepare script).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2), { out: process.stdout, err: process.stderr });
