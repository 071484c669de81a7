/**
 * Builds the web app once and serves the build with vite's preview server on a free port of
 * 127.0.0.1 for every e2e test file (they read its address with inject('baseUrl')).
 */
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = fileURLToPath(new URL('../../..', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The build users get: vitest runs with NODE_ENV=test, which would make a development build
  // (React's checks on, the service worker left out).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, mode: 'production', logLevel: 'warn', build: { sourcemap: false } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server has no address');
  project.provide('baseUrl', url);
  return () => new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}
