import { defineConfig } from 'vitest/config';

// Two rings run by `npm test` (see build/scripts/test-all.ts): fast unit tests, and integration tests
// that drive the built stand-in SDK through the real SDK host process. e2e runs under Playwright.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/globalSetup.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // The SDK host and the stand-in share two cores; parallel files would measure contention.
          fileParallelism: false,
        },
      },
      {
        test: {
          // The real browser shell (build/out/web/shell.cjs) driven in Debian's Chromium by playwright-core.
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/support/globalSetup.ts'],
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
