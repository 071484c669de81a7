/**
 * Builds the web app once and serves the build on a free port of 127.0.0.1 for every e2e test
 * file (they read its address with inject('baseUrl')).
 */
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { serveBuiltApp } from './builtApp.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = fileURLToPath(new URL('../../..', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const app = await serveBuiltApp(root);
  project.provide('baseUrl', app.url);
  return app.close;
}
