import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests start their own anvil processes on distinct ports; keep the number
    // of concurrent files modest on 2-core CI machines.
    maxWorkers: 2,
    pool: 'forks',
  },
});
