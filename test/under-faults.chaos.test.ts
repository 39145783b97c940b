import { describe, expect, it } from 'vitest';
import { runChaos } from './helpers/chaos-run.ts';

/**
 * The CI form of `npm run chaos` (scripts/chaos.ts): the same run — 2 API + 2 worker `keel
 * start` processes on Postgres, transfers / paid intents / webhooks driven through the API, kill
 * -9, RPC hang / 429 / 503 and pg_terminate_backend faults — for a short time, then every
 * invariant checked against the chain and the database must hold. The seed is random and logged
 * (CHAOS_SEED repeats a run's fault plan); CHAOS_SECONDS sets the length (default 60).
 * Needs a Postgres server (`DATABASE_URL`, as CI has).
 */

const PG = Boolean(process.env.DATABASE_URL);
const SECONDS = Number(process.env.CHAOS_SECONDS ?? 60);
const SEED =
  process.env.CHAOS_SEED !== undefined ? Number(process.env.CHAOS_SEED) : Math.floor(Math.random() * 2 ** 31);

describe.skipIf(!PG)(`chaos${PG ? '' : ' (skipped: set DATABASE_URL to a Postgres server)'}`, () => {
  // A cap, not a wait: start-up of five processes, the faults, a bounded drain and the checks on a loaded 2-core machine.
  it(`${SECONDS} s of kills, RPC faults and terminated connections leave no invariant broken (seed ${SEED})`, {
    timeout: (SECONDS + 600) * 1000,
  }, async () => {
    console.log(`chaos seed ${SEED} (repeat with CHAOS_SEED=${SEED})`);
    const report = await runChaos({ seconds: SECONDS, seed: SEED, drainSeconds: 180 });
    console.log(
      `chaos: wall ${Math.round(report.wallMs / 1000)} s; operations ${JSON.stringify(report.operations)}; faults ${JSON.stringify(report.faults)}`,
    );
    // The run did something: a run with no work or no faults proves nothing.
    expect(report.operations.transfers, JSON.stringify(report.operations)).toBeGreaterThan(0);
    expect(report.operations['payment intents paid'], JSON.stringify(report.operations)).toBeGreaterThan(0);
    expect(report.faults['pg_terminate_backend calls'], JSON.stringify(report.faults)).toBeGreaterThan(0);
    expect(report.violations, `seed ${SEED}\n${report.notes.join('\n')}`).toEqual([]);
  });
});
