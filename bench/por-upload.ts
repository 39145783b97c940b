/**
 * Liability snapshot upload benchmark (issue #18): rows per second and peak RSS of checking a
 * 1,000,000-row snapshot as Keel reads an upload — streamed from the file chunk by chunk through
 * readCsvUpload / readJsonUpload into the SnapshotChecker (src/attestations/snapshot-stream.ts),
 * ending with the checked snapshot in memory — beside, in the same run:
 *   - the baseline, the fastest plain way to go over the same file: node:readline over a read
 *     stream, each line split on commas (no checking, nothing kept);
 *   - the previous way: the whole body read as one string, then checkCsv / JSON.parse + checker.
 * Each measurement runs in its own child process, so each peak RSS (getrusage maxrss) is its own.
 * The HTTP hop, salts, tree and database insert are not part of it (test/attestations-upload
 * covers the route end to end).
 *
 *   npm run bench:por-upload                     1,000,000 rows (500,000 users x 2 assets)
 *   POR_UPLOAD_ROWS=200000 npm run bench:por-upload
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { checkCsv, SnapshotChecker } from '../src/attestations/snapshot-logic.ts';
import { readCsvUpload, readJsonUpload } from '../src/attestations/snapshot-stream.ts';

const ROWS = Number(process.env.POR_UPLOAD_ROWS ?? 1_000_000);
const assets = [
  { symbol: 'tUSD', decimals: 6 },
  { symbol: 'tEUR', decimals: 6 },
];
type Mode = 'readline' | 'stream-csv' | 'whole-csv' | 'stream-json' | 'whole-json';
interface Run {
  mode: Mode;
  rows: number;
  ms: number;
  peakRssMiB: number;
  users: number;
}

const rowText = (i: number) => [`u-${i >> 1}`, i & 1 ? 'tEUR' : 'tUSD', `${i % 100_000}.${i % 997}`] as const;

/** One measurement, in this (child) process. */
async function measure(mode: Mode, csvFile: string, jsonFile: string): Promise<Run> {
  const checker = new SnapshotChecker(assets, 10_000_000);
  const t = performance.now();
  let rows = 0;
  let users = 0;
  if (mode === 'readline') {
    const rl = createInterface({ input: createReadStream(csvFile), crlfDelay: Number.POSITIVE_INFINITY });
    let cells = 0;
    for await (const line of rl) {
      cells += line.split(',').length;
      rows++;
    }
    rows--; // the header
    if (cells === 0) throw new Error('no lines');
  } else {
    if (mode === 'stream-csv') {
      if (await readCsvUpload(createReadStream(csvFile), checker, 2 ** 40)) throw new Error('header');
    } else if (mode === 'whole-csv') {
      if (checkCsv(readFileSync(csvFile, 'utf8'), checker)) throw new Error('header');
    } else if (mode === 'stream-json') {
      await readJsonUpload(createReadStream(jsonFile), checker, 2 ** 40);
    } else {
      const body = JSON.parse(readFileSync(jsonFile, 'utf8')) as { rows: Array<Record<string, unknown>> };
      body.rows.forEach((r, i) => checker.add(r as never, i + 1, `body.rows[${i}]`));
    }
    if (checker.errorCount) throw new Error(JSON.stringify(checker.errors.slice(0, 3)));
    const snap = checker.result();
    rows = snap.rows;
    users = snap.users.size;
  }
  const ms = performance.now() - t;
  // maxRSS: the process's peak resident set, in KiB (Linux).
  return { mode, rows, ms, peakRssMiB: process.resourceUsage().maxRSS / 1024, users };
}

async function writeFiles(dir: string): Promise<{ csvFile: string; jsonFile: string }> {
  const csvFile = join(dir, 'snapshot.csv');
  const jsonFile = join(dir, 'snapshot.json');
  const csv = createWriteStream(csvFile);
  const json = createWriteStream(jsonFile);
  const put = async (s: NodeJS.WritableStream, text: string) => {
    if (!s.write(text)) await once(s, 'drain');
  };
  await put(csv, 'user_id,asset,balance\n');
  await put(json, '{"asOf":"2026-12-31T23:59:59Z","rows":[\n');
  let c = '';
  let j = '';
  for (let i = 0; i < ROWS; i++) {
    const [u, a, b] = rowText(i);
    c += `${u},${a},${b}\n`;
    j += `${i ? ',' : ''}{"userId":"${u}","asset":"${a}","balance":"${b}"}\n`;
    if (c.length > 1 << 20) {
      await put(csv, c);
      await put(json, j);
      c = '';
      j = '';
    }
  }
  await put(csv, c);
  await put(json, `${j}]}\n`);
  csv.end();
  json.end();
  await Promise.all([once(csv, 'finish'), once(json, 'finish')]);
  return { csvFile, jsonFile };
}

async function main() {
  const [, , child, mode, csvArg, jsonArg] = process.argv;
  if (child === '--child') {
    process.stdout.write(JSON.stringify(await measure(mode as Mode, csvArg!, jsonArg!)));
    return;
  }
  console.log(`liability snapshot upload: ${ROWS} rows (${ROWS / 2} users x 2 assets)`);
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}, node ${process.version}`,
  );
  const dir = join(tmpdir(), `por-upload-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    const { csvFile, jsonFile } = await writeFiles(dir);
    const mib = (f: string) => statSync(f).size / 2 ** 20;
    console.log(`files: CSV ${mib(csvFile).toFixed(1)} MiB, JSON ${mib(jsonFile).toFixed(1)} MiB`);
    const run = (mode: Mode): Run =>
      JSON.parse(
        execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, '--child', mode, csvFile, jsonFile], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        }),
      ) as Run;
    const modes: Mode[] = ['readline', 'stream-csv', 'whole-csv', 'stream-json', 'whole-json'];
    const runs = Object.fromEntries(modes.map((m) => [m, run(m)])) as Record<Mode, Run>;
    const base = runs.readline;
    const rate = (r: Run) => r.rows / (r.ms / 1000);
    console.log('\nmode         rows/s       time     peak RSS   vs readline (speed)');
    for (const m of modes) {
      const r = runs[m];
      if (r.rows !== ROWS) throw new Error(`${m}: ${r.rows} rows, expected ${ROWS}`);
      console.log(
        `${m.padEnd(12)} ${Math.round(rate(r)).toLocaleString('en').padStart(10)}  ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${r.peakRssMiB
          .toFixed(0)
          .padStart(5)} MiB   ${(rate(r) / rate(base)).toFixed(2)}x`,
      );
    }
    console.log(
      '\nreadline: baseline, lines split, nothing checked or kept; stream-*: Keel (checked snapshot kept);',
      '\nwhole-*: the previous way (body as one string, then checked).',
    );
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(
      'bench/results/por-upload.json',
      `${JSON.stringify(
        {
          rows: ROWS,
          users: ROWS / 2,
          machine: {
            cores: cpus().length,
            model: cpus()[0]?.model,
            memGiB: totalmem() / 2 ** 30,
            node: process.version,
          },
          files: { csvMiB: mib(csvFile), jsonMiB: mib(jsonFile) },
          runs: modes.map((m) => ({
            ...runs[m],
            rowsPerSecond: rate(runs[m]),
            vsReadline: rate(runs[m]) / rate(base),
          })),
        },
        null,
        2,
      )}\n`,
    );
    console.log('written: bench/results/por-upload.json');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
