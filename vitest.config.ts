import { defaultServerConditions } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';

// Test lanes, told apart by file name (docs/getting-started.md, "Running the tests"):
//   unit  `x.test.ts`      pure logic: no anvil, no database, no browser, no child process, no server
//   int   `x.int.test.ts`  real parts: anvil chains, PGlite/Postgres, spawned processes, HTTP servers
//   e2e   `x.e2e.test.ts`  the dashboard in a real browser (playwright-core + Chromium)
//   chaos `x.chaos.test.ts` the fleet under faults (2 API + 2 workers on Postgres, kill -9, RPC and
//                            database faults, docs/benchmarks.md): slow and CPU-hungry, so it runs
//                            alone — `npm run test:chaos` (CI runs it after `npm test`)
// `npm test` runs unit, int and e2e; `npm run test:unit` (or `vitest run --project unit`) only the first.
const roots = ['src', 'test', 'web/src', 'clients/typescript/src', 'clients/verify/src'];
const files = (suffix: string) => roots.map((root) => `${root}/**/*${suffix}`);

// The typed client (workspace package @keel/client) is tested and imported from its TypeScript
// sources, as tsc and the dashboard's build read it: its package.json maps the `keel-source`
// condition to src/index.ts. Node tests resolve through Vite's SSR environment.
// Without `module`: Vite's default conditions include it, and @opentelemetry/api (pulled in by the
// ERC-4337 bundler, then picked up by prom-client) maps it to a build whose imports lack file
// extensions, which Node's loader refuses. Node itself never uses `module`.
const conditions = ['keel-source', ...defaultServerConditions.filter((c) => c !== 'module')];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
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
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: files('.test.ts'),
          exclude: [...configDefaults.exclude, '**/*.int.test.ts', '**/*.e2e.test.ts', '**/*.chaos.test.ts'],
        },
      },
      { extends: true, test: { name: 'int', include: files('.int.test.ts') } },
      { extends: true, test: { name: 'e2e', include: files('.e2e.test.ts') } },
      { extends: true, test: { name: 'chaos', include: files('.chaos.test.ts') } },
    ],
  },
});
