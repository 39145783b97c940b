import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyProof } from '../clients/verify/src/verify.ts';
import { startTreasuryWorld, type TreasuryWorld } from './helpers/treasury.ts';

/**
 * Liability snapshot uploads streamed end to end (Keel in role `all`, real Postgres): the test
 * generates each body as a stream of chunks (never one string), Keel checks every row as it
 * arrives. A 200,000-row CSV is stored and proves; CSV and JSON uploads with bad rows at known
 * lines are refused naming exactly those lines, the report capped with its total; an upload
 * over `attestations.maxUploadBytes` is refused with 413; nothing is written by a refusal.
 */

const MAX_UPLOAD = 8 * 2 ** 20;

/** A request body streamed from a generator of text pieces, batched into ~64 KiB chunks. */
function streamOf(pieces: () => Generator<string>): ReadableStream<Uint8Array> {
  const it = pieces();
  const enc = new TextEncoder();
  return new ReadableStream({
    pull(ctrl) {
      let batch = '';
      for (let r = it.next(); ; r = it.next()) {
        if (r.done) {
          if (batch) ctrl.enqueue(enc.encode(batch));
          ctrl.close();
          return;
        }
        batch += r.value;
        if (batch.length >= 65_536) break;
      }
      ctrl.enqueue(enc.encode(batch));
    },
  });
}

describe('streamed liability snapshot uploads', () => {
  let w: TreasuryWorld;
  let token: string;

  beforeAll(async () => {
    w = await startTreasuryWorld({ extra: { attestations: { maxUploadBytes: MAX_UPLOAD } } });
    token = await w.keel.tokenWith(['attestations:read', 'attestations:write']);
  }, 90_000);
  afterAll(async () => {
    await w?.stop();
  });

  const count = async (table: 'liability_snapshots' | 'liability_leaves') =>
    Number(
      (await w.db.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst())!.n,
    );
  const written = async () => [await count('liability_snapshots'), await count('liability_leaves')];

  const upload = async (contentType: string, body: ReadableStream<Uint8Array> | string, query = '') => {
    const r = await fetch(`${w.keel.url}/v1/liability-snapshots${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
      duplex: 'half',
    } as RequestInit);
    return { status: r.status, body: (await r.json()) as any };
  };
  const csv = (pieces: () => Generator<string>) => upload('text/csv', streamOf(pieces), '?asOf=2026-12-01T00:00:00Z');

  it('stores a 200,000-row CSV streamed in chunks; a user’s proof verifies', async () => {
    const n = 200_000;
    const r = await csv(function* () {
      yield 'user_id,asset,balance\n';
      for (let i = 0; i < n; i++) {
        yield `s-${i},tUSD,${i % 1000}.25\n`;
        if (i % 10 === 0) yield `s-${i},tEUR,1\r\n`;
      }
    });
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(201);
    // Σ (i mod 1000) over 200 blocks of 1000 = 200 × 499,500; plus 0.25 per user.
    expect(r.body).toMatchObject({
      leafCount: n,
      totals: [
        { asset: 'tUSD', amount: String(200 * 499_500 + n / 4) },
        { asset: 'tEUR', amount: String(n / 10) },
      ],
    });
    const p = await w.call('GET', `/v1/liability-snapshots/${r.body.id}/proofs/s-123450`, token);
    expect(p.status).toBe(200);
    expect(p.body.leaf.balances).toEqual(['450250000', '1000000']);
    expect(verifyProof(p.body).reasons).toEqual([]);
  }, 180_000);

  it('refuses a CSV with bad rows at known lines, naming exactly those, and writes nothing', async () => {
    const before = await written();
    // line 1 is the header; row i is on line i + 2.
    const bad = new Map<number, [string, string]>([
      [1_001, ['x-1001,tUSD,-5', 'negative_balance']],
      [20_002, ['x-20002,DOGE,1', 'unknown_asset']],
      [30_003, ['x-7,tUSD,2', 'duplicate_row']],
      [40_004, ['x-40004,tUSD,1.0000001', 'too_many_decimals']],
      [45_000, ['x-45000,tUSD', 'invalid_csv_line']],
    ]);
    const r = await csv(function* () {
      yield 'user_id,asset,balance\n';
      for (let line = 2; line < 50_000; line++) yield `${bad.get(line)?.[0] ?? `x-${line - 2},tUSD,1`}\n`;
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('snapshot_invalid');
    expect(r.body.errorCount).toBe(bad.size);
    expect(r.body.errors.map((e: any) => [e.line, e.code])).toEqual([...bad].map(([line, [, code]]) => [line, code]));
    expect(r.body.errors[0]).toMatchObject({ field: 'line[1001].balance' });
    expect(r.body.errors[1]).toMatchObject({ field: 'line[20002].asset' });
    expect(await written()).toEqual(before);
  }, 60_000);

  it('caps the report at 1,000 errors and gives the total', async () => {
    const r = await csv(function* () {
      yield 'user_id,asset,balance\n';
      for (let i = 0; i < 5_000; i++) yield `n-${i},tUSD,-${i}\n`;
    });
    expect(r.status).toBe(422);
    expect(r.body.errorCount).toBe(5_000);
    expect(r.body.errors).toHaveLength(1_000);
    expect(r.body.errors.at(-1)).toMatchObject({ line: 1_001, code: 'negative_balance' });
  });

  it('streams JSON too: bad rows named by index, good uploads stored', async () => {
    const before = await written();
    const rowsOf = (badAt: number | null) =>
      function* () {
        yield '{"asOf":"2026-12-01T00:00:00Z","rows":[';
        for (let i = 0; i < 30_000; i++)
          yield `${i ? ',' : ''}${JSON.stringify({ userId: `j-${i}`, asset: 'tUSD', balance: i === badAt ? '1.5e3' : `${i}` })}`;
        yield ']}';
      };
    const bad = await upload('application/json', streamOf(rowsOf(12_345)));
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ line: 12_346, field: 'body.rows[12345].balance', code: 'invalid_balance' }),
    ]);
    expect(await written()).toEqual(before);
    const good = await upload('application/json', streamOf(rowsOf(null)));
    expect(good.status, JSON.stringify(good.body).slice(0, 300)).toBe(201);
    expect(good.body).toMatchObject({
      leafCount: 30_000,
      totals: [{ asset: 'tUSD', amount: String((29_999 * 30_000) / 2) }],
    });
    // Liabilities may be owed in the chain's native coin (nativeSymbol, nativeDecimals).
    const eth = await upload(
      'application/json',
      JSON.stringify({
        asOf: '2026-12-01T00:00:00Z',
        rows: [
          { userId: 'e-1', asset: 'ETH', balance: '1.000000000000000001' },
          { userId: 'e-1', asset: 'tUSD', balance: '2' },
        ],
      }),
    );
    expect(eth.status, JSON.stringify(eth.body)).toBe(201);
    expect(eth.body.totals).toEqual([
      { asset: 'tUSD', decimals: 6, amount: '2' },
      { asset: 'ETH', decimals: 18, amount: '1.000000000000000001' },
    ]);
    const truncated = await upload('application/json', '{"asOf":"2026-12-01T00:00:00Z","rows":[{"userId":"a"');
    expect(truncated).toMatchObject({ status: 400, body: { code: 'invalid_json' } });
  }, 60_000);

  it('refuses an upload over attestations.maxUploadBytes with 413, streamed or declared', async () => {
    const before = await written();
    const streamed = await csv(function* () {
      yield 'user_id,asset,balance\n';
      for (let i = 0; i < 600_000; i++) yield `big-${i},tUSD,1\n`; // ~9.5 MB
    });
    expect(streamed).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    const declared = await upload(
      'text/csv',
      `user_id,asset,balance\n${'a,tUSD,1\n'.repeat(MAX_UPLOAD / 8)}`,
      '?asOf=2026-12-01T00:00:00Z',
    );
    expect(declared).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    expect(await written()).toEqual(before);
  }, 60_000);
});
