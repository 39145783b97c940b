/**
 * The load benchmark's judgements (`bench/load.ts`), kept apart as pure functions so they are
 * unit-tested: picking a route by weight, judging RSS growth between two marks of the run, and
 * tallying per-route outcomes. Hand-written: a few lines each, nothing a library does better.
 */

/** A weighted choice among names; `pick(r)` maps a uniform r in [0, 1) to a name. */
export interface WeightedMix<N extends string> {
  readonly names: readonly N[];
  /** Each name's share of the total weight (0 to 1). */
  readonly shares: Readonly<Record<N, number>>;
  pick(r: number): N;
}

/**
 * A weighted mix of routes from `{ name: weight }`: weights are non-negative finite numbers,
 * at least one positive; a zero weight leaves the name out. `pick(Math.random())` picks each
 * name with probability weight / total, so the load's mix follows the options however many
 * connections run it.
 */
export function weightedMix<N extends string>(weights: Readonly<Record<N, number>>): WeightedMix<N> {
  const entries = (Object.entries(weights) as Array<[N, number]>).filter(([name, w]) => {
    if (!Number.isFinite(w) || w < 0) throw new Error(`weight of ${name} must be a number ≥ 0, got ${w}`);
    return w > 0;
  });
  const total = entries.reduce((a, [, w]) => a + w, 0);
  if (total <= 0) throw new Error('at least one route needs a positive weight');
  const names = entries.map(([n]) => n);
  const bounds: number[] = [];
  let acc = 0;
  for (const [, w] of entries) bounds.push((acc += w / total));
  const shares = Object.fromEntries(entries.map(([n, w]) => [n, w / total])) as Record<N, number>;
  return {
    names,
    shares,
    pick(r: number): N {
      for (let i = 0; i < bounds.length; i++) if (r < bounds[i]!) return names[i]!;
      return names[names.length - 1]!; // r ≥ the last bound only by rounding
    },
  };
}

/** One RSS reading of a process: milliseconds since the load began, and VmRSS in KiB. */
export interface RssSample {
  tMs: number;
  rssKiB: number;
}

/** The RSS judgement between two marks of the run. */
export interface RssGrowth {
  /** The two windows, in ms since the load began: just after the first mark, just before the second. */
  fromWindowMs: [number, number];
  toWindowMs: [number, number];
  /** RSS floor (lowest sample) in each window, KiB. */
  fromKiB: number;
  toKiB: number;
  /** Highest sample in each window, KiB (for the report: the GC sawtooth's height). */
  fromPeakKiB: number;
  toPeakKiB: number;
  /** (to − from) / from, of the floors. */
  growth: number;
  bound: number;
  ok: boolean;
  /** Samples in each window. */
  samples: { from: number; to: number };
}

/**
 * Did a process's RSS grow by more than `bound` (0.10 = 10 %) between the `from` and `to`
 * fractions of a run of `durationMs` (the minute 2 and minute 10 of 10: 0.2 and 1.0)?
 *
 * Under steady load a Node process's RSS saws up and down with its garbage collector (tens of
 * MiB over a minute or two), so one sample at a mark can sit on a peak or in a trough. RSS at a
 * mark is therefore the floor — the lowest sample — of a window of `window` × the run: the
 * window just after the first mark (growth before it is warm-up: caches, JIT, pools filling)
 * and the window just before the second. A leak raises the floor; a sawtooth does not. With no
 * sample in a window, the sample nearest its middle counts. Throws without samples.
 */
export function rssGrowth(
  samples: readonly RssSample[],
  opts: { durationMs: number; from: number; to: number; window: number; bound: number },
): RssGrowth {
  if (samples.length === 0) throw new Error('no RSS samples');
  const w = opts.durationMs * opts.window;
  const level = (lo: number, hi: number) => {
    const near = samples.filter((s) => s.tMs >= lo && s.tMs <= hi).map((s) => s.rssKiB);
    if (near.length) return { floor: Math.min(...near), peak: Math.max(...near), n: near.length };
    const mid = (lo + hi) / 2;
    const nearest = samples.reduce((a, b) => (Math.abs(b.tMs - mid) < Math.abs(a.tMs - mid) ? b : a));
    return { floor: nearest.rssKiB, peak: nearest.rssKiB, n: 1 };
  };
  const fromMs = opts.durationMs * opts.from;
  const toMs = opts.durationMs * opts.to;
  const fromWindowMs: [number, number] = [fromMs, fromMs + w];
  const toWindowMs: [number, number] = [toMs - w, opts.to >= 1 ? Number.POSITIVE_INFINITY : toMs];
  const a = level(...fromWindowMs);
  const b = level(...toWindowMs);
  const growth = (b.floor - a.floor) / a.floor;
  return {
    fromWindowMs,
    toWindowMs: [toWindowMs[0], toMs],
    fromKiB: a.floor,
    toKiB: b.floor,
    fromPeakKiB: a.peak,
    toPeakKiB: b.peak,
    growth,
    bound: opts.bound,
    ok: growth <= opts.bound,
    samples: { from: a.n, to: b.n },
  };
}

/** Per-route outcome counts: every status seen, and the verdict classes the run is judged on. */
export interface RouteTally {
  requests: number;
  byStatus: Record<string, number>;
  /** Any status outside 2xx (429 included). */
  non2xx: number;
  /** 429: Keel's rate limiter (the run raises the limits; counted apart so a miss shows). */
  rateLimited: number;
  /** 5xx: any fails the run. */
  serverErrors: number;
  /** 4xx other than 429: the bench sending something Keel refuses (a bench bug or a policy refusal). */
  clientErrors: number;
}

/** An empty tally. */
export function newTally(): RouteTally {
  return { requests: 0, byStatus: {}, non2xx: 0, rateLimited: 0, serverErrors: 0, clientErrors: 0 };
}

/** Counts one response's status into a route's tally. */
export function countStatus(t: RouteTally, status: number): void {
  t.requests++;
  t.byStatus[status] = (t.byStatus[status] ?? 0) + 1;
  if (status >= 200 && status < 300) return;
  t.non2xx++;
  if (status === 429) t.rateLimited++;
  else if (status >= 500) t.serverErrors++;
  else t.clientErrors++;
}

/** p50 / p99 / max of latencies in ms (nearest rank, one decimal); NaN for none. */
export function latencySummary(xs: readonly number[]): { p50: number; p99: number; max: number } {
  if (xs.length === 0) return { p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const s = Float64Array.from(xs).sort();
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return { p50: r1(rank(0.5)), p99: r1(rank(0.99)), max: r1(s[s.length - 1]!) };
}

/**
 * Parses a mix option, `name=weight,name=weight`, against the known names: every name
 * appears at most once, unknown names and non-numeric weights are refused; names left out
 * weigh 0.
 */
export function parseMix<N extends string>(spec: string, known: readonly N[]): Record<N, number> {
  const out = Object.fromEntries(known.map((n) => [n, 0])) as Record<N, number>;
  const seen = new Set<string>();
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z-]+)=(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new Error(`mix entry "${part}" is not name=weight`);
    const [, name, weight] = m as unknown as [string, string, string];
    if (!(known as readonly string[]).includes(name))
      throw new Error(`unknown route "${name}" (known: ${known.join(', ')})`);
    if (seen.has(name)) throw new Error(`route "${name}" given twice`);
    seen.add(name);
    out[name as N] = Number(weight);
  }
  return out;
}
