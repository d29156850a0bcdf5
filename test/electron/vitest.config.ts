import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The Electron ring: run by test/electron/run.ts, never by the unit/integration projects. */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/electron/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
