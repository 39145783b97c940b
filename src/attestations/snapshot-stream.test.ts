import { describe, expect, it } from 'vitest';
import { MAX_PIECE_CHARS } from './snapshot-json.ts';
import { checkCsv, SnapshotChecker } from './snapshot-logic.ts';
import { readCsvUpload, readJsonUpload } from './snapshot-stream.ts';

const assets = [
  { symbol: 'tUSD', decimals: 6 },
  { symbol: 'tEUR', decimals: 6 },
];

/** A seeded generator (mulberry32): the chunkings below are reproducible from the logged seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `text` as UTF-8 bytes cut at random places (multi-byte characters split too). */
async function* chunks(text: string, rand: () => number, maxChunk = 17): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  let i = 0;
  while (i < bytes.length) {
    const n = 1 + Math.floor(rand() * maxChunk);
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

const snapshotOf = (c: SnapshotChecker) => {
  const r = c.result();
  return { assets: r.assets, users: [...r.users], totals: r.totals, errors: c.errors, rows: r.rows };
};

describe('streamed snapshot uploads', () => {
  const seed = Number(process.env.SEED ?? Date.now() % 1_000_000);
  console.log(`snapshot-stream seed ${seed}`);

  it('reads JSON cut anywhere exactly as the whole text (escapes, nesting, UTF-8 across chunks)', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      userId: `u${i}`,
      asset: i % 2 ? 'tUSD' : 'tEUR',
      balance: `${i}.5`,
      note: { text: 'a "quoted" ,}] thing — ü €', list: [1, [2, { x: '\\' }]] },
    }));
    const text = ` \n{ "rows" : ${JSON.stringify(rows, null, 1)} ,\n "asOf": "2026-12-01T00:00:00Z" }\n`;
    const whole = new SnapshotChecker(assets, 1000);
    rows.forEach((r, i) => whole.add(r, i + 1, `body.rows[${i}]`));
    const expected = snapshotOf(whole); // result() hands the balances over: taken once
    expect(expected.users).toHaveLength(60);
    const rand = rng(seed);
    for (let k = 0; k < 20; k++) {
      const c = new SnapshotChecker(assets, 1000);
      expect(await readJsonUpload(chunks(text, rand), c, 1e9)).toBe('2026-12-01T00:00:00Z');
      expect(snapshotOf(c)).toEqual(expected);
    }
  });

  it('reads CSV cut anywhere exactly as checkCsv reads the whole text', async () => {
    const lines = ['asset, balance ,user_id'];
    for (let i = 0; i < 200; i++) lines.push(i % 50 === 7 ? '' : `${i % 3 ? 'tUSD' : 'tEUR'},${i}.25,ü-${i % 190}`);
    lines.push('tUSD,-1,neg', 'XYZ,1,x', 'tUSD,1');
    const text = `${lines.join('\r\n')}\n`;
    const whole = new SnapshotChecker(assets, 1000);
    expect(checkCsv(text, whole)).toBeNull();
    const rand = rng(seed + 1);
    for (let k = 0; k < 20; k++) {
      const c = new SnapshotChecker(assets, 1000);
      expect(await readCsvUpload(chunks(text, rand), c, 1e9)).toBeNull();
      expect(c.errors).toEqual(whole.errors);
      expect(c.errorCount).toBe(whole.errorCount);
    }
    // user ids with ü are refused; the duplicates (ü-0 … ü-9 twice) too: both name their lines.
    expect(whole.errors.some((e) => e.code === 'invalid_user_id')).toBe(true);
    expect(whole.errors.at(-1)).toMatchObject({ line: lines.length, code: 'invalid_csv_line' });
  });

  it('refuses JSON that is not the snapshot shape, naming what is wrong', async () => {
    const read = (text: string) =>
      readJsonUpload(chunks(text, rng(seed)), new SnapshotChecker(assets, 10), 1e9).then(
        () => null,
        (e) => ({ code: e.code, errors: e.errors }),
      );
    expect(await read('[1,2]')).toMatchObject({ code: 'invalid_json' });
    expect(await read('{"asOf":"x","rows":[{"userId":"a"},]}')).toMatchObject({ code: 'invalid_json' });
    expect(await read('{"asOf":"x","rows":[]')).toMatchObject({ code: 'invalid_json' });
    expect(await read('{"asOf":"x","rows":[]} x')).toMatchObject({ code: 'invalid_json' });
    expect(await read('{"asOf":"x","asOf":"y","rows":[]}')).toMatchObject({ code: 'invalid_json' });
    expect(await read('{"asOf":"x","rows":{}}')).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'body.rows' }],
    });
    expect(await read('{"rows":[],"extra":1}')).toMatchObject({
      code: 'validation_failed',
      errors: [
        { field: 'body', code: 'unrecognized_keys' },
        { field: 'body.asOf', code: 'required' },
      ],
    });
    expect(await read('{"asOf":"x"}')).toMatchObject({ errors: [{ field: 'body.rows', code: 'required' }] });
    const long = `{"asOf":"x","rows":[{"userId":"${'a'.repeat(MAX_PIECE_CHARS)}"}]}`;
    expect(await read(long)).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body.rows[0]' }] });
    expect(await read('{"asOf":"x","rows":[]}')).toBeNull();
  });

  it('reports a row that is not an object by its line', async () => {
    const c = new SnapshotChecker(assets, 10);
    await readJsonUpload(
      chunks('{"asOf":"x","rows":[{"userId":"a","asset":"tUSD","balance":"1"}, 5, null]}', rng(seed)),
      c,
      1e9,
    );
    expect(c.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [2, 'body.rows[1]', 'invalid_row'],
      [3, 'body.rows[2]', 'invalid_row'],
    ]);
  });

  it('stops at the byte limit with 413', async () => {
    const text = `user_id,asset,balance\n${'a,tUSD,1\n'.repeat(100)}`;
    await expect(readCsvUpload(chunks(text, rng(seed)), new SnapshotChecker(assets, 1000), 500)).rejects.toMatchObject({
      code: 'payload_too_large',
    });
    await expect(
      readCsvUpload(chunks(text, rng(seed)), new SnapshotChecker(assets, 1000), text.length),
    ).resolves.toBeNull();
  });
});
