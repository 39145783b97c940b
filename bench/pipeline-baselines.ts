/**
 * The two references Keel's write path is measured against in `bench/pipeline.ts`, each on its
 * own fresh anvil with the demo world (the same chain state Keel starts from), with the same
 * key and the same transfers:
 *
 * - **Pipelined** (the limit): the fastest plain viem sender we could write. It signs locally
 *   (`privateKeyToAccount` + `signTransaction`), assigns consecutive nonces itself from one
 *   `eth_getTransactionCount(pending)`, fetches fees and gas once (`estimateFeesPerGas`, and
 *   `estimateGas` for the first transfer plus 20 %: every transfer moves tUSD from the same
 *   sender to a recipient whose balance starts at zero, so none costs more than the first), and
 *   keeps at most `inflight` `eth_sendRawTransaction` calls in flight. Then it waits until the
 *   sender's mined nonce (`eth_getTransactionCount(latest)`) covers every transaction, and
 *   fetches every receipt once, as `eth_getTransactionReceipt` calls in JSON-RPC batches of 200,
 *   for the statuses. Why this way: anvil answers a send before it mines it, and on a loaded
 *   machine its mining lags the sends by seconds, so receipts polled by hash are mostly asked
 *   for again and again (a first version made 16,620 receipt calls for 1,000 transfers and took
 *   5 s after the last send); polling by block (`eth_getBlockReceipts`) costs one call per block,
 *   which under automine is one per transaction, plus `eth_blockNumber`. The mined nonce costs
 *   one call a round whatever is pending, and the receipts then cost `count / 200` HTTP
 *   requests. Polling while still sending would only take anvil's CPU from the sends.
 * - **Sequential** (what a first integration looks like): prepare, sign and send (what
 *   `writeContract` does with a local account, kept apart to have the raw transaction), then
 *   `waitForTransactionReceipt`, then the next transfer.
 *
 * Stuck transactions: anvil's automine can leave a transaction unmined when a signer's
 * transactions arrive out of nonce order (foundry-rs/foundry#10122), which concurrent sends do.
 * Both senders therefore wait a bounded time (`stuckMs` without progress: no new receipt, or
 * the mined nonce not advancing), record which nonce is stuck (for the pipelined sender, the
 * lowest unmined one: all later ones wait behind it), and recover as a plain sender on anvil
 * would: rebroadcast the stuck raw transaction, then `evm_mine`. After `maxRecoveries` rounds, or `timeoutMs`
 * in all, they give up and return what is missing (the caller's balance check then fails); they
 * never wait without bound. Both report their rate with and without the time spent waiting to detect
 * a stall (`txPerSecondExcludingStalls`); the benchmark compares Keel with the latter, which is
 * stricter for Keel and independent of `stuckMs`. (Stalls happen to the sequential loop too:
 * 7 of 1,000 in one run here, though it sends in nonce order.)
 */
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  erc20Abi,
  http,
  keccak256,
  type Hex,
  type PublicClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startTestChain, type TestChain } from '../test/helpers/devchain.ts';
import {
  balanceCheck,
  balances,
  cpuMeter,
  pool,
  rpcCounter,
  sleep,
  summary,
  type Workload,
} from './pipeline-common.ts';

/** Bounds on waiting for receipts, shared by both baselines. */
export interface StuckBounds {
  /** No new receipt for this long: the missing transactions count as stuck. */
  stuckMs: number;
  /** Recovery rounds (rebroadcast in nonce order, then `evm_mine`) before giving up. */
  maxRecoveries: number;
  /** Overall bound on the receipt phase. */
  timeoutMs: number;
}

/** One recovery round: which nonces were stuck, when (ms since the start), and what was done. */
interface Recovery {
  atMs: number;
  stuckNonces: number[];
  rebroadcast: number;
  rebroadcastErrors: number;
  evmMine: boolean;
}

const viemChainOf = (chain: TestChain) =>
  defineChain({
    id: chain.chainId,
    name: 'bench',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [chain.rpcUrl] } },
  });

/** Rebroadcasts `raws` in nonce order (errors such as "already known" are counted, not thrown), then mines a block. */
async function recover(client: PublicClient, stuck: Array<{ nonce: number; raw: Hex }>, t0: number): Promise<Recovery> {
  const r: Recovery = {
    atMs: Math.round(performance.now() - t0),
    stuckNonces: stuck.map((s) => s.nonce),
    rebroadcast: 0,
    rebroadcastErrors: 0,
    evmMine: false,
  };
  for (const s of [...stuck].sort((a, b) => a.nonce - b.nonce)) {
    try {
      await client.request({ method: 'eth_sendRawTransaction', params: [s.raw] });
      r.rebroadcast++;
    } catch {
      r.rebroadcastErrors++;
    }
  }
  await client.request({ method: 'evm_mine' } as never);
  r.evmMine = true;
  return r;
}

/** What both baselines report about stuck transactions. */
function stuckReport(recoveries: Recovery[], missingNonces: number[]) {
  const stuck = new Set(recoveries.flatMap((r) => r.stuckNonces));
  return {
    stuckTransactions: stuck.size,
    stuckNonces: [...stuck].sort((a, b) => a - b).slice(0, 50),
    recoveries,
    unrecovered: missingNonces.length,
    unrecoveredNonces: missingNonces.slice(0, 50),
  };
}

/**
 * The pipelined baseline (see the file header): local signing, local nonces, fees once, at most
 * `inflight` sends in flight, then batched receipts; stuck transactions detected and recovered.
 */
export async function pipelinedBaseline(privateKey: Hex, w: Workload, opts: StuckBounds & { inflight: number }) {
  const chain = await startTestChain();
  try {
    const account = privateKeyToAccount(privateKey);
    const token = chain.world.contracts.tUSD;
    const before = await balances(chain, w, account.address);
    const rpc = rpcCounter();
    const onFetchRequest = (r: Request) => rpc.onFetchRequest(r);
    const chainDef = viemChainOf(chain);
    const client = createPublicClient({
      chain: chainDef,
      transport: http(chain.rpcUrl, { batch: false, onFetchRequest }),
    });
    const batched = createPublicClient({
      chain: chainDef,
      transport: http(chain.rpcUrl, { batch: { batchSize: 200, wait: 0 }, onFetchRequest }),
    });
    const dataOf = (i: number) => {
      const t = w.transfer(i);
      return encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [t.to, t.baseUnits] });
    };

    const cpu = cpuMeter(chain.pid);
    const t0 = performance.now();
    const [nonce0, fees, gasEstimate] = await Promise.all([
      client.getTransactionCount({ address: account.address, blockTag: 'pending' }),
      client.estimateFeesPerGas(),
      client.estimateGas({ account: account.address, to: token, data: dataOf(0) }),
    ]);
    const gas = (gasEstimate * 12n) / 10n;
    const raws: Hex[] = new Array(w.count);
    const hashes: Hex[] = new Array(w.count);
    let sendErrors = 0;
    let firstSendError: string | undefined;
    await pool(w.count, opts.inflight, async (i) => {
      const raw = await account.signTransaction({
        chainId: chain.chainId,
        type: 'eip1559',
        nonce: nonce0 + i,
        to: token,
        data: dataOf(i),
        gas,
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      });
      raws[i] = raw;
      try {
        hashes[i] = await client.request({ method: 'eth_sendRawTransaction', params: [raw] });
      } catch (err) {
        // Counted and left to the receipt phase: with no receipt it is treated as stuck and rebroadcast.
        sendErrors++;
        firstSendError ??= String((err as Error).message).split('\n')[0];
      }
    });
    const sendsDoneMs = performance.now() - t0;

    // Wait until the sender's mined nonce (`latest`) covers every transaction: one cheap call a
    // round, however many are still unmined. No progress for `stuckMs` means the lowest unmined
    // nonce is stuck (everything behind it waits for it): rebroadcast it, then `evm_mine`.
    for (let i = 0; i < w.count; i++) hashes[i] ??= keccak256(raws[i]!);
    const recoveries: Recovery[] = [];
    let stalledMs = 0;
    let mined = 0;
    let nonceRounds = 0;
    let lastProgress = performance.now();
    const deadline = performance.now() + opts.timeoutMs;
    while (performance.now() < deadline) {
      const m = (await client.getTransactionCount({ address: account.address, blockTag: 'latest' })) - nonce0;
      nonceRounds++;
      const now = performance.now();
      if (m > mined) {
        mined = m;
        lastProgress = now;
      }
      if (mined >= w.count) break;
      if (now - lastProgress >= opts.stuckMs) {
        if (recoveries.length >= opts.maxRecoveries) break;
        stalledMs += now - lastProgress;
        recoveries.push(await recover(client, [{ nonce: nonce0 + mined, raw: raws[mined]! }], t0));
        lastProgress = performance.now();
      } else await sleep(5);
    }
    const minedAtMs = performance.now() - t0;

    // Then every receipt once, in JSON-RPC batches, for the statuses.
    const missing = new Set(Array.from({ length: w.count }, (_, i) => i));
    let reverted = 0;
    let receiptRounds = 0;
    let lastReceiptMs = NaN;
    while (missing.size && receiptRounds < 3 && performance.now() < deadline) {
      const ids = [...missing];
      const receipts = await Promise.all(
        ids.map(
          (i) =>
            batched.request({ method: 'eth_getTransactionReceipt', params: [hashes[i]!] }) as Promise<{
              status: Hex;
            } | null>,
        ),
      );
      receiptRounds++;
      receipts.forEach((r, k) => {
        if (!r) return;
        missing.delete(ids[k]!);
        if (r.status !== '0x1') reverted++;
      });
      lastReceiptMs = performance.now() - t0;
      if (missing.size) await sleep(opts.stuckMs / 3);
    }
    const wallMs = Number.isFinite(lastReceiptMs) ? lastReceiptMs : performance.now() - t0;
    const cpuUse = cpu();
    const after = await balances(chain, w, account.address);
    const done = w.count - missing.size;
    return {
      wallMs: Math.round(wallMs),
      txPerSecond: Number((done / (wallMs / 1000)).toFixed(1)),
      txPerSecondExcludingStalls: Number((done / ((wallMs - stalledMs) / 1000)).toFixed(1)),
      sendsDoneMs: Math.round(sendsDoneMs),
      sendsPerSecond: Number((w.count / (sendsDoneMs / 1000)).toFixed(1)),
      stalledMs: Math.round(stalledMs),
      minedAtMs: Math.round(minedAtMs),
      nonceRounds,
      receiptRounds,
      inflight: opts.inflight,
      gasLimit: Number(gas),
      sendErrors,
      firstSendError,
      reverted,
      ...stuckReport(
        recoveries,
        [...missing].sort((a, b) => a - b).map((i) => nonce0 + i),
      ),
      cpu: cpuUse,
      rpcCalls: rpc.total(),
      rpcCallsPerTx: Number((rpc.total() / w.count).toFixed(2)),
      httpRequests: rpc.httpRequests(),
      httpRequestsPerTx: Number((rpc.httpRequests() / w.count).toFixed(2)),
      rpcByMethod: rpc.byMethod,
      balances: balanceCheck(w, before, after),
    };
  } finally {
    await chain.stop();
  }
}

/**
 * The sequential baseline: `writeContract`, `waitForTransactionReceipt` (polling every
 * `pollMs`), next. A receipt that does not come within `stuckMs` is treated as stuck and
 * recovered (see the file header).
 */
export async function sequentialBaseline(privateKey: Hex, w: Workload, opts: StuckBounds & { pollMs: number }) {
  const chain = await startTestChain();
  try {
    const account = privateKeyToAccount(privateKey);
    const before = await balances(chain, w, account.address);
    const rpc = rpcCounter();
    const chainDef = viemChainOf(chain);
    const transport = http(chain.rpcUrl, { batch: false, onFetchRequest: (r) => rpc.onFetchRequest(r) });
    const wallet = createWalletClient({ account, chain: chainDef, transport, pollingInterval: opts.pollMs });
    const reader = createPublicClient({ chain: chainDef, transport, pollingInterval: opts.pollMs });
    const latencies: number[] = [];
    let reverted = 0;
    const recoveries: Recovery[] = [];
    const missingNonces: number[] = [];
    let stalledMs = 0;
    const deadline = performance.now() + opts.timeoutMs;
    const cpu = cpuMeter(chain.pid);
    const t0 = performance.now();
    for (let i = 0; i < w.count && performance.now() < deadline; i++) {
      const s = performance.now();
      const t = w.transfer(i);
      const request = await wallet.prepareTransactionRequest({
        to: chain.world.contracts.tUSD,
        data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [t.to, t.baseUnits] }),
      });
      const raw = await wallet.signTransaction(request);
      const hash = await wallet.sendRawTransaction({ serializedTransaction: raw });
      for (let round = 0; ; round++) {
        try {
          const receipt = await reader.waitForTransactionReceipt({ hash, timeout: opts.stuckMs });
          if (receipt.status !== 'success') reverted++;
          break;
        } catch (err) {
          if ((err as Error).name !== 'WaitForTransactionReceiptTimeoutError') throw err;
          if (round >= opts.maxRecoveries || recoveries.length >= opts.maxRecoveries * 10) {
            missingNonces.push(request.nonce);
            break;
          }
          stalledMs += opts.stuckMs;
          recoveries.push(await recover(reader, [{ nonce: request.nonce, raw }], t0));
        }
      }
      latencies.push(performance.now() - s);
    }
    const wallMs = performance.now() - t0;
    const cpuUse = cpu();
    const after = await balances(chain, w, account.address);
    const done = latencies.length - missingNonces.length;
    return {
      wallMs: Math.round(wallMs),
      txPerSecond: Number((done / (wallMs / 1000)).toFixed(1)),
      txPerSecondExcludingStalls: Number((done / ((wallMs - stalledMs) / 1000)).toFixed(1)),
      stalledMs: Math.round(stalledMs),
      latencyMs: summary(latencies),
      reverted,
      ...stuckReport(recoveries, missingNonces),
      cpu: cpuUse,
      rpcCalls: rpc.total(),
      rpcCallsPerTx: Number((rpc.total() / w.count).toFixed(2)),
      rpcByMethod: rpc.byMethod,
      balances: balanceCheck(w, before, after),
    };
  } finally {
    await chain.stop();
  }
}
