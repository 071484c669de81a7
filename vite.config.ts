import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

/**
 * The built explorer may load from and connect to nothing but its own origin: the dropped file
 * never leaves the machine. (Not in dev: the dev server injects inline scripts.)
 */
const contentSecurityPolicy = (): Plugin => ({
  name: 'content-security-policy',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: {
        'http-equiv': 'Content-Security-Policy',
        content: "default-src 'self'; script-src 'self'; worker-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'",
      },
      injectTo: 'head-prepend',
    },
  ],
});

/**
 * Offline: a service worker precaches the built app, so that once loaded the explorer opens with
 * the network gone. A new build takes over at once (skipWaiting) but a page already open keeps
 * running what it loaded; src/ui/offline/ registers it and tells the user the next load is new.
 */
const offline = () =>
  VitePWA({
    injectRegister: false,
    registerType: 'autoUpdate',
    manifest: false,
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,png}'],
      // The worker and app chunks are hashed: old ones go once the new build is cached.
      cleanupOutdatedCaches: true,
      skipWaiting: true,
      clientsClaim: true,
      // A permalink (…/#…) is the same page: serve index.html for navigations offline.
      navigateFallback: 'index.html',
    },
  });

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), offline()],
  base: './',
  build: { outDir: 'dist-web', sourcemap: true },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'decoder', environment: 'node', include: ['test/decoder/**/*.test.ts', 'test/generator/**/*.test.ts', 'test/convert/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/worker/**/*.test.ts', 'test/node/**/*.test.ts'], testTimeout: 60_000 },
      },
      {
        extends: true,
        // Views that scan in the in-process worker take 1-3 s on an idle machine; on a loaded
        // two-core CI machine several came near the 5 s default.
        test: { name: 'ui', environment: 'jsdom', include: ['test/ui/**/*.test.{ts,tsx}'], setupFiles: ['test/ui/setup.ts'], testTimeout: 20_000 },
      },
      {
        extends: true,
        test: { name: 'e2e', environment: 'node', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/e2e/support/globalSetup.ts'], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false },
      },
    ],
  },
});
