/**
 * `bench:payments -- --profile`: where ingestion's time goes. A Kysely plugin counts every SQL
 * statement and its time (from compilation to result, so waiting for PGlite's single
 * connection is included) by a short label; an in-process inspector session takes a CPU
 * profile of the ingestion phase only (setup and the baseline left out), written beside the
 * results for `node --cpu-prof`-style tools (Chrome DevTools, speedscope).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

interface Tally {
  n: number;
  ms: number;
}

/** A short name for a statement: its kind and table, or the first words of raw SQL. */
function label(node: RootOperationNode): string {
  const n = node as unknown as Record<string, any>;
  if (n.kind === 'RawNode') {
    const text = (n.sqlFragments as string[]).join('$').replace(/\s+/g, ' ').trim();
    const m =
      /^(with \w+ as \( )?(\w+)(?: \w+)*? (?:into|from|update) (\w+)/i.exec(text) ?? /^(\w+ \w+ \w+)/.exec(text);
    return `raw ${m ? m.slice(2).filter(Boolean).join(' ') || m[1] : text.slice(0, 30)}`;
  }
  const table =
    n.from?.froms?.[0]?.table?.identifier?.name ??
    n.into?.table?.identifier?.name ??
    n.table?.table?.identifier?.name ??
    n.table?.froms?.[0]?.table?.identifier?.name ??
    '?';
  return `${String(n.kind).replace('QueryNode', '').toLowerCase()} ${table}`;
}

/** Counts statements and their time by label. */
export class StatementCounter implements KyselyPlugin {
  readonly tallies = new Map<string, Tally>();
  readonly #open = new WeakMap<object, { label: string; t: number }>();
  on = false;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.on) this.#open.set(args.queryId, { label: label(args.node), t: performance.now() });
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const o = this.#open.get(args.queryId);
    if (o) {
      const t = this.tallies.get(o.label) ?? { n: 0, ms: 0 };
      t.n++;
      t.ms += performance.now() - o.t;
      this.tallies.set(o.label, t);
    }
    return args.result;
  }

  /** The table of statements, most time first. */
  report(ranges: number): string {
    const rows = [...this.tallies].sort((a, b) => b[1].ms - a[1].ms);
    const total = rows.reduce((a, [, t]) => a + t.ms, 0);
    return [
      `SQL statements during ingestion (${ranges} ranges; time from compilation to result, waits included):`,
      ...rows.map(
        ([k, t]) =>
          `  ${k.padEnd(44)} ${String(t.n).padStart(6)} (${(t.n / Math.max(1, ranges)).toFixed(1).padStart(5)}/range) ${t.ms.toFixed(0).padStart(7)} ms`,
      ),
      `  ${'total'.padEnd(44)} ${String(rows.reduce((a, [, t]) => a + t.n, 0)).padStart(6)}                ${total.toFixed(0).padStart(7)} ms`,
    ].join('\n');
  }
}

/** Starts a CPU profile of this process; the returned function stops it and writes it to `path`. */
export async function startCpuProfile(): Promise<(path: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return async (path) => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(path, JSON.stringify(profile));
    session.disconnect();
  };
}
