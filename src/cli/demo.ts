import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeFunctionData, erc20Abi, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { devClient } from '../devnet/client.ts';
import { readDevManifest, type DevManifest } from '../devnet/manifest.ts';
import { KeelError } from '../lib/errors.ts';
import { verifyWebhook } from '../webhooks/signing.ts';

/**
 * `keel demo`: a little realistic activity on a running `keel dev` stack, through the public
 * API with the dev operators' keys (alice creates, bob reviews), so every dashboard page has
 * something to show. End users pay with their own (test) wallets, signed locally with viem.
 * Every run adds more activity; nothing it does depends on an earlier run's state.
 */

/** The webhook endpoint the demo reuses from run to run (found by this description). */
export const DEMO_ENDPOINT_DESCRIPTION = 'keel demo receiver (local; runs only while `keel demo` runs)';

export interface DemoOptions {
  manifestPath: string;
  log?: (line: string) => void;
  /** Overall bound on waiting for the chain and the workers (default 180 s). */
  timeoutMs?: number;
}

export interface DemoSummary {
  paymentIntents: { id: string; status: string; paidLate: boolean }[];
  transactions: { id: string; status: string; note: string }[];
  swap: { id: string; status: string };
  webhook: { endpointId: string; delivered: number; verified: number };
}

// biome-ignore lint/suspicious/noExplicitAny: the demo reads API answers field by field, as a script would; the API's own schemas check them
type Json = any;

interface Resp {
  status: number;
  body: Json;
}

class DemoApi {
  constructor(
    readonly base: string,
    readonly token: string,
    readonly who: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<Resp> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new KeelError(
        'demo_api_unreachable',
        `cannot reach the Keel API at ${this.base}: is \`keel dev\` running? (${(err as Error).message})`,
        { cause: err },
      );
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed };
  }

  /** A call that must answer 2xx; anything else stops the demo with the problem's detail. */
  async ok(method: string, path: string, body?: unknown): Promise<Json> {
    const r = await this.call(method, path, body);
    if (r.status < 200 || r.status >= 300) {
      const p = r.body as
        | { code?: string; detail?: string; errors?: { field?: string; message?: string }[] }
        | undefined;
      const fields = (p?.errors ?? []).map((e) => ` ${e.field}: ${e.message};`).join('');
      throw new KeelError(
        'demo_step_failed',
        `${method} ${path} as ${this.who} → ${r.status} ${p?.code ?? ''}: ${p?.detail ?? JSON.stringify(r.body)}${fields}`,
      );
    }
    return r.body;
  }
}

/** A loopback receiver that verifies each delivery's Standard Webhooks signature and answers 204. */
async function startReceiver(): Promise<{
  url: string;
  secret: { value: string };
  received: number;
  verified: number;
  close(): Promise<void>;
}> {
  const state = {
    url: '',
    secret: { value: '' },
    received: 0,
    verified: 0,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
      ) as Record<string, string | undefined>;
      state.received += 1;
      if (state.secret.value && verifyWebhook(state.secret.value, headers, Buffer.concat(chunks).toString('utf8')))
        state.verified += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keel-demo`;
  return state;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until `done` holds or the deadline passes (then fails naming `what`). */
async function until<T>(what: string, deadline: number, read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new KeelError('demo_timeout', `timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** An end user's wallet pays `amount` of `token` to `to` (signed locally, as a real wallet would). */
async function payFromWallet(rpcUrl: string, privateKey: Hex, token: Address, to: Address, amount: bigint) {
  const client = devClient(rpcUrl);
  const account = privateKeyToAccount(privateKey);
  const hash = await client.sendTransaction({
    account,
    to: token,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] }),
    chain: null,
  });
  const receipt = await client.waitForTransactionReceipt({ hash, timeout: 30_000 });
  if (receipt.status !== 'success') throw new KeelError('demo_step_failed', `payment transfer ${hash} reverted`);
  return hash;
}

const FINAL_TX = new Set(['confirmed', 'reverted', 'failed', 'rejected', 'expired', 'cancelled']);

/** Runs the demo against the stack described by the dev manifest and prints what it did. */
export async function runDemo(opts: DemoOptions): Promise<DemoSummary> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const m: DevManifest = readDevManifest(opts.manifestPath);
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  const op = (name: string) => m.operators.find((o) => o.name === name);
  const alice = new DemoApi(m.apiBaseUrl, op('alice')?.apiKey ?? m.apiKey, 'alice');
  const bobOp = op('bob');
  const bob = bobOp ? new DemoApi(m.apiBaseUrl, bobOp.apiKey, 'bob') : undefined;
  const [chainA, chainB] = [m.chains[0]!, m.chains[1] ?? m.chains[0]!];
  const [u0, u1, u2, u3] = [m.users[0]!, m.users[1]!, m.users[2]!, m.users[3]!];
  // A per-run tag keeps end-user ids apart from earlier runs' (per-user daily limits count by id).
  const run = new Date().toISOString().slice(11, 19).replaceAll(':', '');

  await alice.ok('GET', '/v1/me');
  log(`keel demo: ${m.apiBaseUrl} (alice creates${bob ? ', bob reviews' : ''}); run ${run}`);

  // 1. A webhook endpoint pointing at a receiver this command runs, so deliveries happen and are
  // verified. It is created first so it receives every event below.
  const receiver = await startReceiver();
  let endpointId = '';
  try {
    // Every page of alice's endpoints (newest first): an earlier run's endpoint is reused.
    type Endpoint = { id: string; description: string | null };
    let prior: Endpoint | undefined;
    for (let after = ''; !prior; ) {
      const page = await alice.ok('GET', `/v1/webhook-endpoints?limit=500${after && `&startingAfter=${after}`}`);
      const data = page.data as Endpoint[];
      prior = data.find((e) => e.description === DEMO_ENDPOINT_DESCRIPTION);
      if (!page.hasMore || data.length === 0) break;
      after = data.at(-1)!.id;
    }
    if (prior) {
      await alice.ok('PATCH', `/v1/webhook-endpoints/${prior.id}`, { url: receiver.url, status: 'enabled' });
      receiver.secret.value = (await alice.ok('POST', `/v1/webhook-endpoints/${prior.id}/rotate-secret`)).secret;
      endpointId = prior.id;
    } else {
      const created = await alice.ok('POST', '/v1/webhook-endpoints', {
        url: receiver.url,
        eventTypes: ['*'],
        description: DEMO_ENDPOINT_DESCRIPTION,
      });
      receiver.secret.value = created.secret;
      endpointId = created.id;
    }
    log(`  webhook endpoint ${endpointId} → ${receiver.url} (all event types)`);

    // 2. Payment intents. The late one first: it must expire (60 s, the shortest allowed) before
    // its customer pays, and everything else happens meanwhile.
    const intent = (body: Record<string, unknown>) => alice.ok('POST', '/v1/payment-intents', body);
    const late = await intent({
      amount: '30.00',
      asset: 'tUSD',
      chains: [chainA.chainId],
      expiresInSeconds: 60,
      customerReference: `cust_${run}_late`,
      description: 'Order paid after the intent expired',
    });
    const onTime = [
      await intent({
        amount: '25.00',
        asset: 'tUSD',
        chains: [chainA.chainId, chainB.chainId],
        customerReference: `cust_${run}_a`,
        description: 'Monthly plan',
        metadata: { source: 'keel demo' },
      }),
      await intent({
        amount: '49.90',
        asset: 'tUSD',
        chains: [chainA.chainId, chainB.chainId],
        customerReference: `cust_${run}_b`,
        description: 'Annual add-on',
        metadata: { source: 'keel demo' },
      }),
    ];
    const open = await intent({
      amount: '12.00',
      asset: 'tUSD',
      customerReference: `cust_${run}_c`,
      description: 'Awaiting payment',
    });
    await payFromWallet(chainA.rpcUrl, u0.privateKey, chainA.contracts.tUSD, onTime[0].depositAddress, 25_000_000n);
    await payFromWallet(chainB.rpcUrl, u1.privateKey, chainB.contracts.tUSD, onTime[1].depositAddress, 49_900_000n);
    log(`  payment intents ${onTime.map((i: { id: string }) => i.id).join(', ')}: paid by end-user wallets`);
    log(`  payment intent ${open.id}: left awaiting payment`);

    // 3. Transfers (alice creates): three ordinary ones, one above the review threshold that bob
    // approves, one left waiting for review on purpose.
    const transfers: { id: string; status: string; note: string }[] = [];
    const send = async (note: string, body: Record<string, unknown>) => {
      const tx = await alice.ok('POST', '/v1/transactions', { kind: 'transfer', ...body });
      transfers.push({ id: tx.id, status: tx.status, note });
      return tx;
    };
    await send('payout', {
      chainId: chainA.chainId,
      signer: 'treasury',
      to: u0.address,
      asset: 'tUSD',
      amount: '125.50',
      userId: `user_${run}_ada`,
      metadata: { invoice: `INV-${run}-1` },
    });
    await send('payout', {
      chainId: chainB.chainId,
      signer: 'treasury',
      to: u1.address,
      asset: 'tEUR',
      amount: '80.00',
      userId: `user_${run}_ben`,
      metadata: { invoice: `INV-${run}-2` },
    });
    await send('goodwill credit for a support case', {
      chainId: chainA.chainId,
      signer: 'operations',
      to: u1.address,
      asset: 'tUSD',
      amount: '19.99',
      userId: `user_${run}_ben`,
    });
    const reviewed = await send('supplier payment, approved by bob', {
      chainId: chainB.chainId,
      signer: 'treasury',
      to: u2.address,
      asset: 'tUSD',
      amount: '10400',
      userId: `user_${run}_acme`,
      metadata: { supplier: 'Acme Logistics' },
    });
    const waiting = await send('supplier payment, left waiting for review', {
      chainId: chainA.chainId,
      signer: 'treasury',
      to: u3.address,
      asset: 'tUSD',
      amount: '12000',
      userId: `user_${run}_northwind`,
      metadata: { supplier: 'Northwind Traders' },
    });
    if (bob && reviewed.status === 'pending_review')
      await bob.ok('POST', `/v1/reviews/${reviewed.id}/approve`, { note: 'invoice checked (keel demo)' });
    log(`  transactions ${transfers.map((t) => t.id).join(', ')}`);
    if (waiting.status !== 'pending_review')
      log(`  note: ${waiting.id} is ${waiting.status}, not pending_review (the policy's review threshold changed?)`);

    // 4. A swap: quote, then execute through the write path.
    const quote = await alice.ok('POST', '/v1/swaps/quotes', {
      chainId: chainA.chainId,
      account: 'treasury',
      userId: `user_${run}_ada`,
      tokenIn: 'tUSD',
      tokenOut: 'WETH',
      amountIn: '250',
      slippageBps: 100,
    });
    const swap = await alice.ok('POST', '/v1/swaps', { quoteId: quote.id, metadata: { source: 'keel demo' } });
    log(`  swap ${swap.id}: 250 tUSD → ~${quote.amountOut.amount} WETH (quote ${quote.id})`);

    // 5. Wait for what the chain and the workers do, then pay the late intent.
    const final = await until(
      'the transfers and the swap to settle',
      deadline,
      async () => ({
        txs: await Promise.all(
          transfers.map(async (t) => (await alice.ok('GET', `/v1/transactions/${t.id}`)).status as string),
        ),
        swap: (await alice.ok('GET', `/v1/swaps/${swap.id}`)).status as string,
      }),
      (v) => v.txs.every((s) => FINAL_TX.has(s) || s === 'pending_review') && v.swap !== 'processing',
    );
    final.txs.forEach((s, i) => {
      transfers[i]!.status = s;
    });
    const paid = await until(
      'the on-time payments to succeed',
      deadline,
      () => Promise.all(onTime.map((i: { id: string }) => alice.ok('GET', `/v1/payment-intents/${i.id}`))),
      (v) => v.every((i) => i.status === 'succeeded'),
    );
    const wait = Date.parse(late.expiresAt) + 2_000 - Date.now();
    if (wait > 0) {
      log(`  waiting ${Math.ceil(wait / 1000)} s for ${late.id} to expire, so that its payment arrives late`);
      await sleep(wait);
    }
    await payFromWallet(chainA.rpcUrl, u2.privateKey, chainA.contracts.tUSD, late.depositAddress, 30_000_000n);
    const lateDone = await until(
      `the late payment of ${late.id} to be credited`,
      deadline,
      () => alice.ok('GET', `/v1/payment-intents/${late.id}`),
      (i) => i.status === 'succeeded',
    );

    // 6. Deliveries: wait until some reached the receiver, then disable the endpoint, since its
    // receiver stops with this command (deliveries would otherwise fail and retry for days).
    await until(
      'webhook deliveries',
      deadline,
      async () => (await alice.ok('GET', `/v1/webhook-endpoints/${endpointId}/deliveries?status=succeeded`)).data,
      (d: unknown[]) => d.length > 0,
    );
    await alice.ok('PATCH', `/v1/webhook-endpoints/${endpointId}`, { status: 'disabled' });
    const intents = [...paid, lateDone].map((i) => ({ id: i.id, status: i.status, paidLate: i.paidLate }));
    const summary: DemoSummary = {
      paymentIntents: [...intents, { id: open.id, status: open.status, paidLate: false }],
      transactions: transfers,
      swap: { id: swap.id, status: final.swap },
      webhook: { endpointId, delivered: receiver.received, verified: receiver.verified },
    };
    printSummary(log, summary);
    return summary;
  } catch (err) {
    if (endpointId)
      await alice.call('PATCH', `/v1/webhook-endpoints/${endpointId}`, { status: 'disabled' }).catch(() => {});
    throw err;
  } finally {
    await receiver.close();
  }
}

function printSummary(log: (l: string) => void, s: DemoSummary): void {
  log('');
  log('Done. What the dashboard now shows:');
  for (const i of s.paymentIntents) log(`  payment intent ${i.id}  ${i.status}${i.paidLate ? ' (paid late)' : ''}`);
  for (const t of s.transactions) log(`  transaction    ${t.id}  ${t.status.padEnd(14)} ${t.note}`);
  log(`  swap           ${s.swap.id}  ${s.swap.status}`);
  log(
    `  webhooks       ${s.webhook.endpointId}: ${s.webhook.delivered} deliveries received (${s.webhook.verified} signatures verified); disabled now that the receiver has stopped — PATCH its url to your own receiver and enable it to keep receiving`,
  );
  log('  events, audit log, overview charts: filled by all of the above');
}
