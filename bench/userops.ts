/**
 * User-operations benchmark (issue #19): ERC-4337 operations through Keel against the same
 * operations sent straight to the bundler with viem, on anvil with the demo world and the dev
 * bundler (alto), in the same run.
 *
 * 1. Throughput. N end users, each with a new (counterfactual) KeelSmartAccount holding ETH and
 *    tUSD; each makes one operation: its first (deploying the account) with a batch of two tUSD
 *    transfers to fresh addresses.
 *    - Keel: custodial accounts (`POST /v1/smart-accounts`), then `POST /v1/user-operations`
 *      for every user, CONCURRENCY requests at a time (policy per call, simulation, preview,
 *      signing, bundler submission, tracking to confirmation); wall time from the first POST to
 *      the last operation `confirmed`.
 *    - Baseline: the fastest plain way with the same tools — viem's bundler client with each
 *      owner's key held locally, every operation sent at once (gas estimated by the bundler,
 *      signed locally), then every receipt awaited. No policy, no records, no confirmations.
 * 2. Gas. One deployed account sends K tUSD transfers to fresh addresses as one batched operation
 *    (gas of the whole operation as the EntryPoint charged it, `actualGasUsed`, divided by K),
 *    against K plain ERC-20 `transfer` transactions from an EOA (receipt `gasUsed` each), for K
 *    in 1, 2, 10.
 *
 *   npm run bench:userops [-- --ops 40 --concurrency 8]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  http,
  parseEther,
  type Address,
  type Hex,
} from 'viem';
import { createBundlerClient } from 'viem/account-abstraction';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { erc20Abi, keelTestTokenAbi } from '../src/contracts/abis.ts';
import { deployer, users } from '../src/devnet/accounts.ts';
import { testDatabase } from '../test/helpers/db.ts';
import { startTestChain } from '../test/helpers/devchain.ts';
import { devConfigFor, startTestKeel } from '../test/helpers/keel.ts';
import { api, pipelinePolicy } from '../test/helpers/pipeline.ts';
import { toKeelSmartAccount } from '../test/helpers/simple-account.ts';

const { values: args } = parseArgs({
  options: {
    ops: { type: 'string', default: process.env.USEROPS_BENCH_N ?? '40' },
    concurrency: { type: 'string', default: '8' },
  },
});
const N = Math.max(1, Math.min(500, Number(args.ops)));
const CONCURRENCY = Math.max(1, Number(args.concurrency));
const AMOUNT = 10_000n; // 0.01 tUSD (6 decimals)

const chain = await startTestChain({ chainId: 31337 });
const bundler = await chain.bundler();
const db = await testDatabase();
const c = chain.world.contracts;
const viemChain = defineChain({
  id: chain.chainId,
  name: 'bench',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [chain.rpcUrl] } },
});
const client = createPublicClient({ chain: viemChain, transport: http(chain.rpcUrl) });
const funder = createWalletClient({
  account: privateKeyToAccount(deployer.privateKey),
  chain: viemChain,
  transport: http(chain.rpcUrl),
});
const fresh = (): Address => privateKeyToAccount(generatePrivateKey()).address;
const transfer = (to: Address, amount: bigint): Hex =>
  encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] });

/** ETH for gas and tUSD for the transfers, sent to each (counterfactual) account; nonces in order. */
async function fund(accounts: readonly Address[]): Promise<void> {
  let nonce = await client.getTransactionCount({ address: funder.account.address, blockTag: 'pending' });
  const hashes: Hex[] = [];
  for (const a of accounts) {
    hashes.push(await funder.sendTransaction({ to: a, value: parseEther('0.05'), nonce: nonce++ }));
    hashes.push(
      await funder.writeContract({
        address: c.tUSD,
        abi: keelTestTokenAbi,
        functionName: 'mint',
        args: [a, AMOUNT * 100n],
        nonce: nonce++,
      }),
    );
  }
  for (const h of hashes) {
    const r = await client.waitForTransactionReceipt({ hash: h });
    if (r.status !== 'success') throw new Error(`funding transaction ${h} reverted`);
  }
}

const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
  policy: {
    document: pipelinePolicy(chain, []),
  },
  pipeline: { pollIntervalMs: 100 },
  auth: { rateLimit: { max: 0 } },
  smartAccounts: { accountFactory: c.smartAccountFactory, paymaster: c.paymaster },
  chains: { [chain.chainId]: { confirmations: 1, pollIntervalMs: 100, bundlerUrls: [bundler.url] } },
});
const keel = await startTestKeel(config, db, 'all');
const base = keel.url!;
const token = keel.adminToken;

async function pool<T>(items: readonly T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

try {
  // ---- Keel ----
  const keelAccounts: Array<{ id: string; address: Address }> = [];
  for (let i = 0; i < N; i++) {
    const r = await api(base, token, 'POST', '/v1/smart-accounts', {
      chainId: chain.chainId,
      userId: `bench-keel-${i}`,
      owner: { kind: 'custodial' },
    });
    if (r.status !== 201) throw new Error(`smart account: ${JSON.stringify(r.body).slice(0, 400)}`);
    keelAccounts.push({ id: r.body.id, address: r.body.address });
  }
  await fund(keelAccounts.map((a) => a.address));

  const k0 = performance.now();
  const opIds: string[] = [];
  await pool(keelAccounts, CONCURRENCY, async (a) => {
    const r = await api(base, token, 'POST', '/v1/user-operations', {
      smartAccountId: a.id,
      calls: [
        { kind: 'transfer', to: fresh(), asset: 'tUSD', amount: '0.01' },
        { kind: 'transfer', to: fresh(), asset: 'tUSD', amount: '0.01' },
      ],
    });
    if (r.status !== 201) throw new Error(`user operation: ${JSON.stringify(r.body).slice(0, 400)}`);
    opIds.push(r.body.id);
  });
  const kAccepted = performance.now();
  const keelGas: bigint[] = [];
  for (;;) {
    const rows = await db.db
      .selectFrom('user_operations')
      .select(['id', 'status', 'actual_gas_used'])
      .where('id', 'in', opIds)
      .execute();
    const bad = rows.filter((r) => ['failed', 'rejected', 'expired', 'cancelled'].includes(r.status));
    if (bad.length) throw new Error(`operations ended ${bad.map((b) => `${b.id}:${b.status}`).join(', ')}`);
    if (rows.every((r) => r.status === 'confirmed')) {
      for (const r of rows) keelGas.push(BigInt(r.actual_gas_used ?? 0));
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const keelMs = performance.now() - k0;

  // ---- Baseline: viem straight to the bundler ----
  const owners = Array.from({ length: N }, () => privateKeyToAccount(generatePrivateKey()));
  const smart = await Promise.all(
    owners.map((owner, i) =>
      toKeelSmartAccount({
        client,
        owner,
        factory: c.smartAccountFactory,
        entryPoint: c.entryPoint,
        salt: BigInt(i + 1),
      }),
    ),
  );
  await fund(await Promise.all(smart.map((s) => s.getAddress())));
  const bundlers = smart.map((account) =>
    createBundlerClient({ account, client, transport: http(bundler.url), pollingInterval: 50 }),
  );
  const b0 = performance.now();
  const hashes = await Promise.all(
    bundlers.map((b) =>
      b.sendUserOperation({
        calls: [
          { to: c.tUSD, data: transfer(fresh(), AMOUNT) },
          { to: c.tUSD, data: transfer(fresh(), AMOUNT) },
        ],
      }),
    ),
  );
  const receipts = await Promise.all(
    hashes.map((hash, i) => bundlers[i]!.waitForUserOperationReceipt({ hash, timeout: 120_000 })),
  );
  const baseMs = performance.now() - b0;
  if (receipts.some((r) => !r.success)) throw new Error('a baseline operation reverted');

  // ---- Gas per call: batched operation vs separate transactions ----
  const gasRows: Array<{ calls: number; opGasPerCall: number; txGasPerCall: number }> = [];
  const eoa = createWalletClient({
    account: privateKeyToAccount(users[1]!.privateKey),
    chain: viemChain,
    transport: http(chain.rpcUrl),
  });
  await fund([eoa.account.address]);
  for (const k of [1, 2, 10]) {
    const b = bundlers[0]!;
    const h = await b.sendUserOperation({
      calls: Array.from({ length: k }, () => ({ to: c.tUSD, data: transfer(fresh(), AMOUNT) })),
    });
    const r = await b.waitForUserOperationReceipt({ hash: h, timeout: 60_000 });
    let txGas = 0n;
    for (let i = 0; i < k; i++) {
      const tx = await eoa.writeContract({
        address: c.tUSD,
        abi: erc20Abi,
        functionName: 'transfer',
        args: [fresh(), AMOUNT],
      });
      txGas += (await client.waitForTransactionReceipt({ hash: tx })).gasUsed;
    }
    gasRows.push({ calls: k, opGasPerCall: Number(r.actualGasUsed) / k, txGasPerCall: Number(txGas) / k });
  }

  const keelOps = (N / keelMs) * 1000;
  const baseOps = (N / baseMs) * 1000;
  const avg = (xs: bigint[]) => Number(xs.reduce((a, b) => a + b, 0n)) / Math.max(1, xs.length);
  const baseGas = receipts.map((r) => r.actualGasUsed);
  const result = {
    machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    ops: N,
    concurrency: CONCURRENCY,
    keel: {
      wallMs: Math.round(keelMs),
      acceptedMs: Math.round(kAccepted - k0),
      opsPerSecond: Number(keelOps.toFixed(2)),
      firstOpGas: Math.round(avg(keelGas)),
    },
    baseline: {
      wallMs: Math.round(baseMs),
      opsPerSecond: Number(baseOps.toFixed(2)),
      firstOpGas: Math.round(avg(baseGas)),
    },
    ratio: Number((keelOps / baseOps).toFixed(3)),
    gasPerCall: gasRows,
  };
  console.log(`machine: ${result.machine.cores} cores, ${result.machine.memoryGiB} GiB, Node ${process.version}`);
  console.log(`${N} first operations (deploy + 2 tUSD transfers), ${CONCURRENCY} requests at a time through Keel`);
  console.log(
    `  Keel (policy, simulation, preview, signing, bundler, tracking to 1 confirmation): ${keelOps.toFixed(1)} ops/s (${(keelMs / 1000).toFixed(2)} s; all accepted after ${((kAccepted - k0) / 1000).toFixed(2)} s)`,
  );
  console.log(
    `  baseline (viem bundler client, local keys, all at once): ${baseOps.toFixed(1)} ops/s (${(baseMs / 1000).toFixed(2)} s)`,
  );
  console.log(`  ratio Keel / baseline: ${result.ratio}`);
  console.log(`  gas of a first operation: Keel ${result.keel.firstOpGas}, baseline ${result.baseline.firstOpGas}`);
  console.log('gas per tUSD transfer: batched in one user operation vs separate EOA transactions');
  for (const g of gasRows)
    console.log(
      `  ${String(g.calls).padStart(2)} call(s): ${Math.round(g.opGasPerCall).toLocaleString('en')} per call in one operation vs ${Math.round(g.txGasPerCall).toLocaleString('en')} per transaction (${(g.opGasPerCall / g.txGasPerCall).toFixed(2)}×)`,
    );
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/userops.json', `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await keel.stop();
  await db.close();
  await chain.stop();
}
