/**
 * The web app as users get it: a production build served by vite's preview server on a free port
 * of 127.0.0.1. The e2e tests (globalSetup.ts) and the browser benchmark both run against it.
 */
import { build, preview } from 'vite';

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

export async function serveBuiltApp(root: string): Promise<ServedApp> {
  // A test or script may run with NODE_ENV=test (vitest does), which would make a development
  // build (React's checks on, the service worker left out).
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
  return { url, close: () => new Promise<void>((resolve) => server.httpServer.close(() => resolve())) };
}
