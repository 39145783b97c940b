import { keccak256, parseEther, type Address, type Hash, type Hex } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { startTestChain, type TestChain } from '../../test/helpers/devchain.ts';
import { createChainRegistry, type ChainHandle, type ChainRegistry } from '../chain/index.ts';
import { buildConfig } from '../config/load.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { devClient } from '../devnet/client.ts';
import { LocalSigner } from '../signers/local-signer.ts';
import {
  allocateNonce,
  fillNonceGap,
  findNonceGaps,
  GAP_FILL_REF,
  markNonceBroadcast,
  pruneNonceAllocations,
  releaseNonce,
  resyncNonce,
  skipNonce,
} from './nonces.ts';

const CHAIN = 31337;
let counter = 0;
/** A fresh address per test: each test owns its nonce account. */
const freshAddress = (): Address => `0x${(++counter).toString(16).padStart(4, '0')}${'00'.repeat(18)}` as Address;

describe('durable nonces (database)', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await testDatabase();
  });
  afterAll(async () => {
    await d?.close();
  });

  const alloc = (address: Address, chainPendingNonce: number, ref: string) =>
    d.db.transaction().execute((trx) => allocateNonce(trx, { chainId: CHAIN, address, chainPendingNonce, ref }));
  const release = (address: Address, nonce: number, ref: string) =>
    d.db.transaction().execute((trx) => releaseNonce(trx, { chainId: CHAIN, address, nonce, ref }));

  it('starts at the chain pending nonce, counts up, and gets a rolled-back nonce back', async () => {
    const a = freshAddress();
    expect(await alloc(a, 7, 'tx_1')).toEqual({ nonce: 7, reused: false });
    expect((await alloc(a, 7, 'tx_2')).nonce).toBe(8);
    await expect(
      d.db.transaction().execute(async (trx) => {
        expect(
          (await allocateNonce(trx, { chainId: CHAIN, address: a, chainPendingNonce: 7, ref: 'tx_3' })).nonce,
        ).toBe(9);
        throw new Error('the caller failed after allocating');
      }),
    ).rejects.toThrow(/caller failed/);
    expect((await alloc(a, 7, 'tx_4')).nonce).toBe(9);
    // outside a transaction the row lock would be released at once: refused
    await expect(
      allocateNonce(d.db, { chainId: CHAIN, address: a, chainPendingNonce: 0, ref: 'x' }),
    ).rejects.toMatchObject({ code: 'nonce_needs_transaction' });
  });

  it('hands out distinct consecutive nonces to concurrent callers of one pool', async () => {
    const a = freshAddress();
    const got = await Promise.all(Array.from({ length: 30 }, (_, i) => alloc(a, 0, `tx_${i}`)));
    expect(got.map((g) => g.nonce).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('released nonces leave no gap: the top one is rewound, a lower one is reused first', async () => {
    const a = freshAddress();
    for (let i = 0; i < 5; i++) await alloc(a, 0, `tx_${i}`);
    expect(await release(a, 4, 'tx_4')).toBe('rewound');
    expect(await alloc(a, 0, 'tx_5')).toEqual({ nonce: 4, reused: false });
    expect(await release(a, 1, 'tx_1')).toBe('pooled');
    expect(await release(a, 2, 'tx_2')).toBe('pooled');
    expect(await alloc(a, 0, 'tx_6')).toEqual({ nonce: 1, reused: true });
    // releasing the top nonce also rewinds over released nonces right below it
    expect(await release(a, 3, 'tx_3')).toBe('pooled');
    expect(await release(a, 4, 'tx_5')).toBe('rewound');
    expect((await alloc(a, 0, 'tx_7')).nonce).toBe(2);
    expect((await alloc(a, 0, 'tx_8')).nonce).toBe(3);
    expect(await findNonceGaps(d.db, CHAIN, a, 0)).toEqual(
      [0, 1, 2, 3].map((n) => expect.objectContaining({ nonce: n, kind: 'gap', status: 'allocated' })),
    );
    // a nonce committed to broadcast, or held by someone else, cannot be released
    await d.db
      .transaction()
      .execute((trx) =>
        markNonceBroadcast(trx, { chainId: CHAIN, address: a, nonce: 0, ref: 'tx_0', txHash: `0x${'11'.repeat(32)}` }),
      );
    await expect(release(a, 0, 'tx_0')).rejects.toMatchObject({ code: 'nonce_not_held' });
    await expect(release(a, 1, 'tx_1')).rejects.toMatchObject({ code: 'nonce_not_held' });
    expect((await findNonceGaps(d.db, CHAIN, a, 0)).map((g) => g.nonce)).toEqual([1, 2, 3]);
  });

  it('moves forward when the chain is ahead, and back only when told to', async () => {
    const a = freshAddress();
    for (let i = 0; i < 4; i++) await alloc(a, 0, `tx_${i}`);
    await release(a, 1, 'tx_1');
    const r = await alloc(a, 10, 'tx_x');
    expect(r).toEqual({ nonce: 10, reused: false, resynced: { from: 4, to: 10 } });
    // the pooled nonce 1 was skipped, not handed out again
    expect((await alloc(a, 10, 'tx_y')).nonce).toBe(11);
    const k = { chainId: CHAIN, address: a };
    expect(await d.db.transaction().execute((trx) => resyncNonce(trx, { ...k, chainPendingNonce: 15 }))).toEqual({
      previous: 12,
      next: 15,
      changed: true,
      skipped: [],
    });
    expect(await d.db.transaction().execute((trx) => resyncNonce(trx, { ...k, chainPendingNonce: 3 }))).toMatchObject({
      changed: false,
      next: 15,
    });
    const back = await d.db
      .transaction()
      .execute((trx) => resyncNonce(trx, { ...k, chainPendingNonce: 3, allowBackward: true }));
    expect(back).toEqual({ previous: 15, next: 3, changed: true, skipped: [3, 10, 11] });
    expect(await alloc(a, 3, 'tx_z')).toEqual({ nonce: 3, reused: false });
    expect(await pruneNonceAllocations(d.db, k, 12)).toBe(3); // skipped 1, 10, 11
  });

  it('never reuses a released nonce the chain has already passed', async () => {
    const a = freshAddress();
    for (let i = 0; i < 4; i++) await alloc(a, 0, `tx_${i}`);
    await release(a, 1, 'tx_1');
    // someone else filled nonce 1, so 2 and 3 were mined: the chain is at 4, level with the database
    expect(await alloc(a, 4, 'tx_4')).toEqual({ nonce: 4, reused: false });
    const row = await d.db
      .selectFrom('nonce_allocations')
      .select('status')
      .where('address', '=', a)
      .where('nonce', '=', 1)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('skipped');
  });
});

describe('durable nonces on a chain', () => {
  let chain: TestChain;
  let chains: ChainRegistry;
  let handle: ChainHandle;
  let d: TestDatabase;

  beforeAll(async () => {
    [chain, d] = await Promise.all([startTestChain(), testDatabase()]);
    const cfg = buildConfig({
      env: 'test',
      secrets: { encryptionKey: Buffer.alloc(32, 1).toString('base64') },
      chains: { [chain.chainId]: { name: 'T', rpcUrls: [chain.rpcUrl], confirmations: 0 } },
    });
    chains = createChainRegistry(cfg.chains);
    handle = chains.get(chain.chainId)!;
  });
  afterAll(async () => {
    chains?.close();
    await Promise.all([chain?.stop(), d?.close()]);
  });

  async function fundedSigner(): Promise<LocalSigner> {
    const s = new LocalSigner({ name: 'w', role: 'operations', type: 'local_dev', privateKey: generatePrivateKey() });
    await devClient(chain.rpcUrl).setBalance({ address: s.address, value: parseEther('10') });
    return s;
  }
  const count = (address: Address, blockTag: 'latest' | 'pending') =>
    handle.client.getTransactionCount({ address, blockTag });
  const selfTransfer = async (s: LocalSigner, nonce: number) =>
    s.signTransaction({
      chainId: chain.chainId,
      type: 'eip1559',
      nonce,
      to: s.address,
      value: 1n,
      gas: 21_000n,
      ...(await fees()),
    });
  let cachedFees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined;
  const fees = async (): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> => {
    if (!cachedFees) {
      const f = await handle.client.estimateFeesPerGas();
      cachedFees = { maxFeePerGas: f.maxFeePerGas * 2n, maxPriorityFeePerGas: f.maxPriorityFeePerGas };
    }
    return cachedFees;
  };
  const send = (raw: Hex) => handle.client.sendRawTransaction({ serializedTransaction: raw });

  async function waitForCount(address: Address, n: number, timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((await count(address, 'latest')) < n) {
      if (Date.now() > until) throw new Error(`${address} did not reach nonce ${n}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Allocate + sign in one transaction, then mark + broadcast: the pipeline's order. */
  async function prepare(db: Database['db'], s: LocalSigner, ref: string): Promise<{ nonce: number; raw: Hex }> {
    const pending = await count(s.address, 'pending');
    return db.transaction().execute(async (trx) => {
      const { nonce } = await allocateNonce(trx, {
        chainId: chain.chainId,
        address: s.address,
        chainPendingNonce: pending,
        ref,
      });
      return { nonce, raw: await selfTransfer(s, nonce) };
    });
  }
  async function broadcast(
    db: Database['db'],
    s: LocalSigner,
    ref: string,
    p: { nonce: number; raw: Hex },
  ): Promise<Hash> {
    await db.transaction().execute((trx) =>
      markNonceBroadcast(trx, {
        chainId: chain.chainId,
        address: s.address,
        nonce: p.nonce,
        ref,
        txHash: keccak256(p.raw),
      }),
    );
    return send(p.raw);
  }

  it('detects an allocated nonce that was never sent and heals it with a self-transfer', async () => {
    const s = await fundedSigner();
    const prepared = [];
    for (let i = 0; i < 5; i++) prepared.push(await prepare(d.db, s, `tx_${i}`));
    for (const [i, p] of prepared.entries()) if (i !== 2) await broadcast(d.db, s, `tx_${i}`, p);
    await waitForCount(s.address, 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(await count(s.address, 'latest')).toBe(2); // 3 and 4 wait behind the gap
    expect(await findNonceGaps(d.db, chain.chainId, s.address, 2, { minAgeMs: 60_000 })).toEqual([]); // still young: maybe in flight
    expect(await findNonceGaps(d.db, chain.chainId, s.address, 2)).toEqual([
      expect.objectContaining({ nonce: 2, kind: 'gap', status: 'allocated', ref: 'tx_2' }),
    ]);
    await fillNonceGap(
      { db: d.db, signer: s, chainId: chain.chainId, sendRawTransaction: send, fees: await fees() },
      { nonce: 2, kind: 'gap' },
    );
    await waitForCount(s.address, 5);
    expect(await findNonceGaps(d.db, chain.chainId, s.address, 5)).toEqual([]);
    // the original holder finds its nonce taken and must not broadcast
    await expect(broadcast(d.db, s, 'tx_2', prepared[2]!)).rejects.toMatchObject({ code: 'nonce_not_held' });
    const row = await d.db
      .selectFrom('nonce_allocations')
      .selectAll()
      .where('address', '=', s.address)
      .where('nonce', '=', 2)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'broadcast', ref: GAP_FILL_REF });
    await expect(
      fillNonceGap(
        { db: d.db, signer: s, chainId: chain.chainId, sendRawTransaction: send, fees: await fees() },
        { nonce: 3, kind: 'gap' },
      ),
    ).rejects.toMatchObject({ code: 'nonce_not_gap' });
  });

  it('notices the chain moving ahead (the key used outside Keel) and resyncs', async () => {
    const s = await fundedSigner();
    const p0 = await prepare(d.db, s, 'tx_a');
    await broadcast(d.db, s, 'tx_a', p0);
    const held = await prepare(d.db, s, 'tx_b'); // nonce 1, allocated, not yet broadcast
    // someone else signs with the same key at nonces 1 and 2
    await send(await selfTransfer(s, 1));
    await send(await selfTransfer(s, 2));
    await waitForCount(s.address, 3);
    expect(await findNonceGaps(d.db, chain.chainId, s.address, 3)).toEqual([
      expect.objectContaining({ nonce: 1, kind: 'passed', ref: 'tx_b' }),
    ]);
    expect(
      await d.db
        .transaction()
        .execute((trx) => skipNonce(trx, { chainId: chain.chainId, address: s.address, nonce: held.nonce })),
    ).toBe(true);
    await expect(broadcast(d.db, s, 'tx_b', held)).rejects.toMatchObject({ code: 'nonce_not_held' });
    const next = await d.db
      .transaction()
      .execute((trx) =>
        allocateNonce(trx, { chainId: chain.chainId, address: s.address, chainPendingNonce: 3, ref: 'tx_c' }),
      );
    expect(next).toEqual({ nonce: 3, reused: false, resynced: { from: 2, to: 3 } });
    expect(await findNonceGaps(d.db, chain.chainId, s.address, 3, { minAgeMs: 60_000 })).toEqual([]);
  });

  it.runIf(process.env.DATABASE_URL)(
    'two worker pools allocate 200 nonces at once: exactly 0..199, all mined',
    { timeout: 180_000 },
    async () => {
      const s = await fundedSigner();
      const other = await openDatabase({ ...d.options, poolSize: 5 });
      try {
        const pools = [d.db, other.db];
        const N = 200;
        const results = await Promise.all(
          Array.from({ length: N }, (_, i) => {
            const db = pools[i % 2]!;
            return db.transaction().execute(async (trx) => {
              const { nonce } = await allocateNonce(trx, {
                chainId: chain.chainId,
                address: s.address,
                chainPendingNonce: 0,
                ref: `tx_${i}`,
              });
              return { i, db, nonce, raw: await selfTransfer(s, nonce) };
            });
          }),
        );
        const nonces = results.map((r) => r.nonce).sort((a, b) => a - b);
        expect(nonces).toEqual(Array.from({ length: N }, (_, i) => i));
        // broadcast in a scrambled order from both pools; anvil queues the early arrivals
        const order = [...results].sort((a, b) => ((a.i * 7919) % N) - ((b.i * 7919) % N));
        const hashes = await Promise.all(order.map((r) => broadcast(r.db, s, `tx_${r.i}`, r)));
        await waitForCount(s.address, N);
        const mined = await Promise.all(hashes.map((hash) => handle.client.getTransaction({ hash })));
        expect(mined.map((t) => t.nonce).sort((a, b) => a - b)).toEqual(nonces);
        const receipts = await Promise.all(hashes.map((hash) => handle.client.getTransactionReceipt({ hash })));
        expect(receipts.every((r) => r.status === 'success')).toBe(true);
        expect(await findNonceGaps(d.db, chain.chainId, s.address, N)).toEqual([]);
        expect(await count(s.address, 'pending')).toBe(N);
      } finally {
        await other.close();
      }
    },
  );
});
