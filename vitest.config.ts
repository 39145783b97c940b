import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    // Caps, not waits: a test ends as soon as it is done. A loaded 2-core machine (the suite must
    // pass with a CPU burner on one core) runs the integration tests several times slower.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration tests start their own anvil processes on distinct ports; keep the number
    // of concurrent files modest on 2-core CI machines. Two files at once oversubscribe the
    // cores (each has anvil and often Keel children), which slows but never starves them:
    // no test waits for a duration, so slower only means longer.
    maxWorkers: 2,
    pool: 'forks',
  },
});
