/**
 * Chaos run (issue #15): 2 API + 2 worker `keel start` processes on Postgres while a driver sends
 * transfers, pays intents and receives webhooks; every few seconds a random process is SIGKILLed
 * and restarted, an RPC endpoint (a fault proxy) hangs or answers 429/503, and the processes'
 * Postgres connections are terminated. At the end the invariants are checked against the chain
 * and the database (test/helpers/chaos-invariants.ts). Prints operations, faults by kind and
 * violations (must be 0), writes bench/results/chaos.json, and exits 1 on any violation.
 *
 * A script, not a benchmark: it has no baseline to compare with, it passes or fails. The short
 * form runs in CI as test/under-faults.chaos.test.ts (`npm run test:chaos`).
 *
 *   DATABASE_URL=postgres://… npm run chaos [-- --seconds 120 --seed 42 --drain-seconds 120 --verbose]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runChaos } from '../test/helpers/chaos-run.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '120' },
    seed: { type: 'string' },
    'drain-seconds': { type: 'string', default: '120' },
    verbose: { type: 'boolean', default: false },
  },
});
const seed = args.seed !== undefined ? Number(args.seed) : Math.floor(Math.random() * 2 ** 31);
const seconds = Number(args.seconds);
const stamp = () => new Date().toISOString().slice(11, 23);
console.log(
  `chaos: ${seconds} s of faults, seed ${seed} (repeat with --seed ${seed}); ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
);
const report = await runChaos({
  seconds,
  seed,
  drainSeconds: Number(args['drain-seconds']),
  logDir: join(dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'results', 'chaos-logs'),
  log: args.verbose ? (l) => console.log(`${stamp()} ${l}`) : () => {},
});
const list = (m: Record<string, number>) =>
  Object.entries(m)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `  ${k.padEnd(48)} ${v}`)
    .join('\n');
console.log(`\noperations:\n${list(report.operations)}`);
console.log(`\nfaults injected:\n${list(report.faults)}`);
console.log(`\nnotes:\n${report.notes.map((n) => `  ${n}`).join('\n')}`);
console.log(`\nviolations: ${report.violations.length}`);
// Long lists are cut: the whole list is in the JSON.
for (const v of report.violations.slice(0, 40)) console.log(`  - ${v.length > 600 ? `${v.slice(0, 600)}…` : v}`);
if (report.violations.length > 40)
  console.log(`  … and ${report.violations.length - 40} more (bench/results/chaos.json)`);
console.log(
  `\nwall ${(report.wallMs / 1000).toFixed(1)} s (faults ${(report.chaosMs / 1000).toFixed(1)} s, drain and checks ${(report.drainMs / 1000).toFixed(1)} s), seed ${seed}`,
);
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'results', 'chaos.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ ...report, cores: cpus().length, memoryBytes: totalmem() }, null, 2)}\n`);
console.log(`wrote ${out}`);
process.exit(report.violations.length ? 1 : 0);
