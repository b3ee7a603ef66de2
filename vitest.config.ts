import { defineConfig } from 'vitest/config';

// The clerk's wall clock is Thai time; tests pin it so dates never depend on the CI machine.
process.env.TZ = 'Asia/Bangkok';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/support/removeTempDirs.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Needs a PostgreSQL it may stop and start: run by .ci/run's PostgreSQL pass.
          exclude: ['tests/integration/**/*.pg.test.ts'],
          environment: 'node',
          setupFiles: ['tests/support/removeTempDirs.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'postgres',
          include: ['tests/integration/**/*.pg.test.ts'],
          environment: 'node',
          setupFiles: ['tests/support/removeTempDirs.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/support/globalSetup.ts'],
          environment: 'node',
          setupFiles: ['tests/support/removeTempDirs.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
