import { defineConfig } from 'vite';

/**
 * The CLI as the bin runs it: one file per command (and the `verify --jobs` worker) with the
 * decoder code they share in chunks beside them, in dist/cli/. Node 20 loads each ES module
 * separately, about a millisecond apiece: `verify` from tsc's output (82 modules) took 70–100 ms
 * to start, half of a 16 GiB sparse image's whole run. Tests and benches import tsc's dist/src.
 */
export default defineConfig({
  publicDir: false,
  build: {
    ssr: true,
    outDir: 'dist/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: {
      input: { main: 'src/cli/main.ts', verifyWorker: 'src/cli/verifyWorker.ts' },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
