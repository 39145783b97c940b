/**
 * Policy benchmark: evaluation alone (pure, one core, no I/O) of a 1,000-rule policy over
 * pre-generated intents and facts. Keel's `evaluate` (compiled indexes) against a baseline in
 * the same run: `evaluateReference`, the same rule logic visiting every rule of the policy in
 * document order (a naive linear scan without indexes). Both must give identical decisions on
 * every case; the run fails otherwise. Prints decisions/s, p50/p99 latency and the ratios.
 *
 *   npm run bench:policy [-- --rules 1000 --cases 10000 --seconds 3 --seed 42 --scopes realistic|dense]
 *
 * `realistic` (default): most rules are narrow (per user, key, session; contract lists per chain),
 * a few are global. `dense`: about half the rules have no scope at all (a stress case).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { compilePolicy, type CompiledPolicy } from '../src/policy/compile.ts';
import { policyDocumentSchema } from '../src/policy/document.ts';
import { evaluate, evaluateReference, windowNeeds } from '../src/policy/evaluate.ts';
import { randomCase, randomPolicy, rng, universe } from '../src/policy/test-support.ts';
import type { Decision, Facts, Intent } from '../src/policy/types.ts';

const { values: args } = parseArgs({
  options: {
    rules: { type: 'string', default: '1000' },
    cases: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '42' },
    scopes: { type: 'string', default: 'realistic' },
  },
});
const RULES = Number(args.rules);
const CASES = Number(args.cases);
const SECONDS = Number(args.seconds);
const SEED = Number(args.seed);
const SCOPES = args.scopes === 'dense' ? 0.5 : 'realistic';
const TARGET = { decisionsPerSecond: 20_000, p99Ms: 1 };

type Evaluator = (p: CompiledPolicy, i: Intent, f: Facts) => Decision;
type Case = { intent: Intent; facts: Facts };

let sink = 0;

/** Decisions per second over about `seconds`, cycling through the cases. */
function throughput(fn: Evaluator, p: CompiledPolicy, cases: Case[], seconds: number): number {
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let n = 0;
  let now = start;
  while (now < deadline) {
    for (let k = 0; k < 1_000; k++) {
      const c = cases[n % cases.length]!;
      sink += fn(p, c.intent, c.facts).reasons.length;
      n++;
    }
    now = process.hrtime.bigint();
  }
  return n / (Number(now - start) / 1e9);
}

/** Latency of single decisions (ns), each timed on its own. */
function latencies(fn: Evaluator, p: CompiledPolicy, cases: Case[], count: number): Float64Array {
  const out = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    const c = cases[n % cases.length]!;
    const t = process.hrtime.bigint();
    sink += fn(p, c.intent, c.facts).reasons.length;
    out[n] = Number(process.hrtime.bigint() - t);
  }
  return out.sort();
}

const pct = (sorted: Float64Array, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! / 1e6;
const round = (x: number, d = 4) => Number(x.toFixed(d));

function main(): void {
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
  };
  console.log(
    `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, node ${machine.node}; evaluation runs on one core (one thread)`,
  );
  const r = rng(SEED);
  const u = universe('large');
  const doc = policyDocumentSchema.parse(randomPolicy(r, u, RULES, SCOPES));
  const kinds = new Map<string, number>();
  for (const rule of doc.rules) kinds.set(rule.kind, (kinds.get(rule.kind) ?? 0) + 1);
  const t0 = process.hrtime.bigint();
  const compiled = compilePolicy(doc);
  const compileMs = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(
    `policy: ${doc.rules.length} rules (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}), compiled in ${compileMs.toFixed(1)} ms (seed ${SEED}, scopes ${args.scopes})`,
  );

  const cases: Case[] = Array.from({ length: CASES }, () => randomCase(r, u, (i) => windowNeeds(compiled, i)));
  const outcomes = { allow: 0, deny: 0, review: 0 };
  let mismatches = 0;
  for (const c of cases) {
    const a = evaluate(compiled, c.intent, c.facts);
    const b = evaluateReference(compiled, c.intent, c.facts);
    if (
      JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? v.toString() : v)) !==
      JSON.stringify(b, (_, v) => (typeof v === 'bigint' ? v.toString() : v))
    )
      mismatches++;
    outcomes[a.outcome]++;
  }
  console.log(
    `cases: ${CASES} intents (${outcomes.allow} allow, ${outcomes.review} review, ${outcomes.deny} deny); indexed vs baseline decisions identical: ${mismatches === 0 ? 'yes' : `NO (${mismatches} differ)`}`,
  );
  if (mismatches) process.exitCode = 1;

  const keelWithNeeds: Evaluator = (p, i, f) => {
    sink += windowNeeds(p, i).length;
    return evaluate(p, i, f);
  };
  // warm-up (JIT), then interleaved measurements so drift hits both alike
  throughput(evaluate, compiled, cases, 0.5);
  throughput(evaluateReference, compiled, cases, 0.5);
  const rounds: Array<{ keel: number; baseline: number }> = [];
  for (let k = 0; k < 3; k++) {
    rounds.push({
      keel: throughput(evaluate, compiled, cases, SECONDS / 3),
      baseline: throughput(evaluateReference, compiled, cases, SECONDS / 3),
    });
  }
  const best = (xs: number[]) => Math.max(...xs);
  const keelRate = best(rounds.map((x) => x.keel));
  const baseRate = best(rounds.map((x) => x.baseline));
  const withNeedsRate = throughput(keelWithNeeds, compiled, cases, SECONDS / 3);
  const latCount = Math.max(CASES, 50_000);
  const keelLat = latencies(evaluate, compiled, cases, latCount);
  const baseLat = latencies(evaluateReference, compiled, cases, Math.min(latCount, 20_000));

  const keel = {
    decisionsPerSecond: Math.round(keelRate),
    p50Ms: round(pct(keelLat, 0.5)),
    p99Ms: round(pct(keelLat, 0.99)),
    p999Ms: round(pct(keelLat, 0.999)),
    maxMs: round(pct(keelLat, 1)),
  };
  const baseline = {
    decisionsPerSecond: Math.round(baseRate),
    p50Ms: round(pct(baseLat, 0.5)),
    p99Ms: round(pct(baseLat, 0.99)),
    p999Ms: round(pct(baseLat, 0.999)),
    maxMs: round(pct(baseLat, 1)),
  };
  const ratios = {
    throughput: round(keelRate / baseRate, 1),
    p50: round(baseline.p50Ms / keel.p50Ms, 1),
    p99: round(baseline.p99Ms / keel.p99Ms, 1),
  };
  const pass = keel.decisionsPerSecond >= TARGET.decisionsPerSecond && keel.p99Ms < TARGET.p99Ms;

  const row = (name: string, x: typeof keel) =>
    `${name.padEnd(44)} ${String(x.decisionsPerSecond).padStart(9)}/s   p50 ${x.p50Ms.toFixed(4)} ms   p99 ${x.p99Ms.toFixed(4)} ms   p99.9 ${x.p999Ms.toFixed(4)} ms   max ${x.maxMs.toFixed(3)} ms`;
  console.log('');
  console.log(row('keel evaluate (compiled indexes)', keel));
  console.log(row('baseline: linear scan of every rule', baseline));
  console.log(`${'keel windowNeeds + evaluate'.padEnd(44)} ${String(Math.round(withNeedsRate)).padStart(9)}/s`);
  console.log(
    `ratio keel/baseline: ${ratios.throughput}× throughput, ${ratios.p50}× lower p50, ${ratios.p99}× lower p99`,
  );
  console.log(`target ≥ ${TARGET.decisionsPerSecond}/s and p99 < ${TARGET.p99Ms} ms: ${pass ? 'met' : 'NOT met'}`);

  const result = {
    benchmark: 'policy',
    machine,
    seed: SEED,
    scopes: args.scopes,
    policy: { rules: doc.rules.length, kinds: Object.fromEntries(kinds), compileMs: round(compileMs, 2) },
    cases: { count: CASES, outcomes, identicalDecisions: mismatches === 0 },
    baselineDescription: 'evaluateReference: the same rule logic visiting all rules in document order, no indexes',
    keel,
    keelWithWindowNeeds: { decisionsPerSecond: Math.round(withNeedsRate) },
    baseline,
    ratios,
    rounds: rounds.map((x) => ({ keel: Math.round(x.keel), baseline: Math.round(x.baseline) })),
    targets: TARGET,
    targetsMet: pass,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/policy.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote bench/results/policy.json${sink < 0 ? '' : ''}`);
}

main();
