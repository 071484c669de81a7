#!/usr/bin/env node
// The CLI, compiled to dist/ by `npm run build:cli` (run by `npm ci` through the prepare script).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2), { out: process.stdout, err: process.stderr });
