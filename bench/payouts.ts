/**
 * Payout runs benchmark (issue #17): one run of a split plan to N new payees (fresh addresses
 * that never held the token), through a real Keel (API + workers, PGlite in memory or
 * DATABASE_URL) on anvil with the demo world: an exact approval of KeelBatchPayout, then
 * `payout` batches of up to `payouts.maxRecipientsPerTx` recipients. Measured: wall time from
 * `POST /v1/payout-runs` to every line paid (confirmed), gas and fee per payee from the
 * receipts. Baseline, in the same run and on the same chain: one plain ERC-20 `transfer` per
 * new payee sent straight to anvil with viem (nonces in order, no Keel), over `--baseline`
 * payees (default min(N, 500); the gas of a transfer to a fresh address does not depend on N).
 * The floor is the cold storage write each new recipient costs: 20,000 gas (zero → non-zero
 * SSTORE) + 2,100 (cold slot access) = 22,100.
 *
 *   npm run bench:payouts [-- --payees 10000 --baseline 500]   (or PAYOUTS_BENCH_N=1000)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { createPublicClient, createWalletClient, defineChain, http, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { erc20Abi } from '../src/contracts/abis.ts';
import { users } from '../src/devnet/accounts.ts';
import { testDatabase } from '../test/helpers/db.ts';
import { startTestChain } from '../test/helpers/devchain.ts';
import { devConfigFor, startTestKeel } from '../test/helpers/keel.ts';
import { api, pipelinePolicy } from '../test/helpers/pipeline.ts';

const { values: args } = parseArgs({
  options: {
    payees: { type: 'string', default: process.env.PAYOUTS_BENCH_N ?? '10000' },
    baseline: { type: 'string' },
    perTx: { type: 'string', default: '200' },
  },
});
const N = Math.min(10_000, Number(args.payees));
const BASE_N = Number(args.baseline ?? Math.min(N, 500));
const FLOOR = 22_100;

const chain = await startTestChain({ chainId: 31337 });
const db = await testDatabase();
const c = chain.world.contracts;
const client = createPublicClient({ transport: http(chain.rpcUrl) });
const mine = () => client.request({ method: 'anvil_mine' as 'eth_chainId', params: ['0x1'] as never });
const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
  policy: {
    document: pipelinePolicy(chain, [
      {
        id: 'payout-approvals',
        kind: 'contract',
        effect: 'allow',
        contracts: [c.tUSD],
        functions: [{ selector: 'approve(address,uint256)', spenders: [c.batchPayout] }],
      },
      {
        id: 'payout-batches',
        kind: 'contract',
        effect: 'allow',
        contracts: [c.batchPayout],
        functions: [{ selector: 'payout(address,address[],uint256[])' }],
      },
      {
        id: 'payout-allowance',
        kind: 'allowance',
        effect: 'allow',
        spenders: [c.batchPayout],
        limit: { usd: '50000' },
      },
    ]),
  },
  pipeline: { pollIntervalMs: 100, nonceCheckSeconds: 3600 },
  // The setup approves every payee's address one request at a time: no per-key request limit.
  auth: { rateLimit: { max: 0 } },
  payouts: {
    batchContract: c.batchPayout,
    reviewThresholdUsd: '1000000',
    maxRecipientsPerTx: Number(args.perTx),
    maxGasPerTx: 8_000_000,
    addressCoolOffSeconds: 0,
  },
  chains: { [chain.chainId]: { confirmations: 1, pollIntervalMs: 100 } },
});
const keel = await startTestKeel(config, db, 'all');
const base = keel.url!;
const token = keel.adminToken;
// Address changes are approved by a principal other than the importer's (no bulk approval exists).
const reviewer = await keel.tokenWith(['review']);

try {
  // N new payees, 0.01 tUSD each (shares of 10,000 bps as even as integers allow).
  const fresh = () => privateKeyToAccount(generatePrivateKey()).address;
  // Real payees, set up as an operator would (not timed in the figures): CSV import in chunks
  // of 1,000 lines, then every address change approved one by one by the second principal,
  // CONCURRENCY at a time (the payee book has no bulk approval, on purpose).
  const s0 = performance.now();
  const payees: Array<{ id: string; address: Address }> = [];
  const changes: Array<{ payeeId: string; changeId: string; flagged: boolean }> = [];
  for (let i = 0; i < N; i += 1000) {
    const chunk = Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({ n: i + j, address: fresh() }));
    const csv = `name,reference,chainId,asset,address\n${chunk.map((x) => `Bench ${x.n},bench-${x.n},${chain.chainId},tUSD,${x.address}`).join('\n')}\n`;
    const r = await fetch(`${base}/v1/payees/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const body = (await r.json()) as any;
    if (r.status !== 201) throw new Error(`import: ${JSON.stringify(body).slice(0, 500)}`);
    const byRef = new Map(chunk.map((x) => [`bench-${x.n}`, x.address]));
    for (const l of body.lines as any[]) {
      payees.push({ id: l.payeeId, address: byRef.get(l.reference)! });
      changes.push({ payeeId: l.payeeId, changeId: l.addressChangeId, flagged: l.flags.length > 0 });
    }
  }
  const sImported = performance.now();
  const CONCURRENCY = 16;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < changes.length) {
        const ch = changes[next++]!;
        const r = await api(base, reviewer, 'POST', `/v1/payees/${ch.payeeId}/address-changes/${ch.changeId}/approve`, {
          acknowledgeFlags: ch.flagged,
        });
        if (r.status !== 200) throw new Error(`approve: ${JSON.stringify(r.body).slice(0, 500)}`);
      }
    }),
  );
  const sApproved = performance.now();
  console.log(
    `setup (not a figure): ${N} payees imported in ${((sImported - s0) / 1000).toFixed(1)} s, ${N} address changes approved one by one in ${((sApproved - sImported) / 1000).toFixed(1)} s`,
  );
  const bps = payees.map((_, i) => Math.floor(10_000 / N) + (i < 10_000 % N ? 1 : 0));
  const plan = await api(base, token, 'POST', '/v1/payout-plans', {
    name: 'bench',
    chainId: chain.chainId,
    asset: 'tUSD',
    recipients: payees.map((p, i) => ({ payeeId: p.id, shareBps: bps[i] })),
    source: { kind: 'fixed', amount: String(N / 100) },
  });
  if (plan.status !== 201) throw new Error(`plan: ${JSON.stringify(plan.body).slice(0, 500)}`);

  const t0 = performance.now();
  const created = await api(base, token, 'POST', '/v1/payout-runs', {
    planId: plan.body.id,
    period: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
  });
  if (created.status !== 201) throw new Error(`run: ${JSON.stringify(created.body).slice(0, 500)}`);
  const tCreated = performance.now();
  let run: any;
  for (;;) {
    run = (await api(base, token, 'GET', `/v1/payout-runs/${created.body.id}`)).body;
    if (run.status !== 'executing') break;
    await mine();
    await new Promise((r) => setTimeout(r, 200));
  }
  const wallMs = performance.now() - t0;
  if (run.status !== 'completed') throw new Error(`run ended ${run.status}: ${JSON.stringify(run.counts)}`);

  // Gas and fees from the receipts of the run's transactions (the approval included).
  const txIds = new Set<string>(run.lines.map((l: any) => l.txId));
  const txs = await db.db
    .selectFrom('transactions')
    .select(['id', 'tx_hash', 'batch_id'])
    .where('metadata', '@>', JSON.stringify({ payoutRunId: run.id }) as never)
    .execute();
  let gas = 0n;
  let feeWei = 0n;
  let payoutTxs = 0;
  for (const t of txs) {
    const r = await client.getTransactionReceipt({ hash: t.tx_hash as Hex });
    gas += r.gasUsed;
    feeWei += r.gasUsed * r.effectiveGasPrice;
    if (txIds.has(t.id)) payoutTxs++;
  }
  const keelGasPerPayee = Number(gas) / N;
  const keelFeePerPayee = Number(feeWei) / N / 1e18;

  // Baseline: one plain transfer per new payee, straight to the node.
  const payer = privateKeyToAccount(users[1]!.privateKey);
  const wallet = createWalletClient({
    account: payer,
    transport: http(chain.rpcUrl),
    chain: defineChain({
      id: chain.chainId,
      name: 'bench',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
    }),
  });
  let nonce = await client.getTransactionCount({ address: payer.address });
  const b0 = performance.now();
  const hashes: Hex[] = [];
  for (let i = 0; i < BASE_N; i++)
    hashes.push(
      await wallet.writeContract({
        address: c.tUSD,
        abi: erc20Abi,
        functionName: 'transfer',
        args: [fresh() as Address, 10_000n],
        nonce: nonce++,
        gas: 100_000n,
      }),
    );
  let bGas = 0n;
  let bFee = 0n;
  for (const h of hashes) {
    const r = await client.waitForTransactionReceipt({ hash: h });
    if (r.status !== 'success') throw new Error(`baseline transfer ${h} reverted`);
    bGas += r.gasUsed;
    bFee += r.gasUsed * r.effectiveGasPrice;
  }
  const baseWallMs = performance.now() - b0;
  const baseGasPerPayee = Number(bGas) / BASE_N;
  const baseFeePerPayee = Number(bFee) / BASE_N / 1e18;

  const result = {
    machine: { cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30) },
    payees: N,
    recipientsPerTx: Number(args.perTx),
    keel: {
      wallMsToAllPaid: Math.round(wallMs),
      msToRunCreated: Math.round(tCreated - t0),
      setupMs: { importPayees: Math.round(sImported - s0), approveAddresses: Math.round(sApproved - sImported) },
      transactions: txs.length,
      payoutTransactions: payoutTxs,
      gasPerPayee: Math.round(keelGasPerPayee),
      feePerPayeeEth: keelFeePerPayee,
    },
    baseline: {
      what: 'one plain ERC-20 transfer per new payee (viem, straight to anvil)',
      payees: BASE_N,
      wallMs: Math.round(baseWallMs),
      wallMsPerPayee: baseWallMs / BASE_N,
      gasPerPayee: Math.round(baseGasPerPayee),
      feePerPayeeEth: baseFeePerPayee,
    },
    ratios: {
      gasPerPayeeVsBaseline: keelGasPerPayee / baseGasPerPayee,
      feePerPayeeVsBaseline: keelFeePerPayee / baseFeePerPayee,
      gasPerPayeeVsFloor: keelGasPerPayee / FLOOR,
      wallPerPayeeVsBaseline: wallMs / N / (baseWallMs / BASE_N),
    },
    floorGasPerNewRecipient: FLOOR,
  };
  console.log(
    `payouts: ${N} new payees, ${payoutTxs} payout transactions + approval (${result.machine.cores} cores, ${result.machine.memoryGb} GB)`,
  );
  console.log(
    `  wall time to all lines paid: ${(wallMs / 1000).toFixed(1)} s  (baseline ${(baseWallMs / BASE_N).toFixed(1)} ms per transfer × ${BASE_N})`,
  );
  console.log(
    `  gas per payee: ${Math.round(keelGasPerPayee)} vs baseline ${Math.round(baseGasPerPayee)} = ${(100 * result.ratios.gasPerPayeeVsBaseline).toFixed(1)} % (target ≤ 60 %); floor ${FLOOR} → ${result.ratios.gasPerPayeeVsFloor.toFixed(2)}× the floor`,
  );
  console.log(
    `  fee per payee: ${keelFeePerPayee.toExponential(3)} ETH vs baseline ${baseFeePerPayee.toExponential(3)} ETH = ${(100 * result.ratios.feePerPayeeVsBaseline).toFixed(1)} %`,
  );
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/payouts.json', `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await keel.stop();
  await chain.stop();
  await db.close();
}
