import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createKeelClient, listAll, unwrap } from '@keel/client';
import { encodeFunctionData, erc20Abi, type Address, parseUnits } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devClient } from '../src/devnet/client.ts';
import type { DevManifest } from '../src/devnet/manifest.ts';
import { type DevStack, startDevStack } from './helpers/dev-stack.ts';
import { childEnv, REPO } from './helpers/keel-process.ts';

/**
 * examples/payments-backend against the dev stack (`keel dev` in a temp directory on free ports,
 * as test/dev-demo.int.test.ts runs it): the example registers its webhook endpoint and creates
 * an intent; a demo user pays it on chain; the example verifies `payment_intent.succeeded`, pays
 * out through POST /v1/transactions and reports the payout confirmed — read back through Keel; a
 * replay of the endpoint's events is ignored (deduplicated by event id), and SIGTERM removes the endpoint.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The example as a child process, its output kept line by line. */
class ExampleProcess {
  readonly child: ChildProcess;
  output = '';
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(
      process.execPath,
      ['--conditions=keel-source', '--import', 'tsx', join(REPO, 'examples/payments-backend/main.ts')],
      { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer) => void (this.output += chunk.toString('utf8'));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.child.once('exit', (code, signal) => void (this.exit = { code, signal }));
  }

  /** Waits until the output matches `pattern` (a condition), failing early if the example exits. */
  async waitFor(pattern: RegExp, what: string, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.output.match(pattern);
      if (m) return m;
      if (this.exit)
        throw new Error(`the example exited (${JSON.stringify(this.exit)}) before ${what}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${this.output}`);
      await sleep(200);
    }
  }
}

describe('examples/payments-backend on the dev stack', () => {
  let stack: DevStack | undefined;
  let example: ExampleProcess | undefined;
  let m: DevManifest;

  beforeAll(async () => {
    stack = await startDevStack('keel-example-');
    m = stack.manifest;
  }, 180_000);

  afterAll(async () => {
    if (example && !example.exit) example.child.kill('SIGKILL');
    await stack?.stop();
  }, 60_000);

  it('pays out once the intent is paid, and reports the payout confirmed', async () => {
    const chain = m.chains[0]!;
    const payer = m.users[0]!;
    const recipient = m.users[3]!.address;
    example = new ExampleProcess(
      childEnv({
        KEEL_URL: m.apiBaseUrl,
        KEEL_API_KEY: m.apiKey,
        PORT: '0',
        CHAIN_ID: String(chain.chainId),
        ORDER_AMOUNT: '25.00',
        ASSET: 'tUSD',
        PAYOUT_ADDRESS: recipient,
        PAYOUT_AMOUNT: '7.25',
      }),
    );
    const since = new Date(Date.now() - 60_000).toISOString();
    const endpointId = (await example.waitFor(/webhook endpoint (\S+) registered/, 'the webhook endpoint', 90_000))[1]!;
    const created = await example.waitFor(
      /payment intent (pi_\w+) created: pay ([\d.]+) tUSD to (0x[0-9a-fA-F]{40}) on chain (\d+)/,
      'the payment intent',
      90_000,
    );
    const [, intentId, amount, depositAddress, chainId] = created;
    expect(Number(chainId)).toBe(chain.chainId);

    // The customer pays from their own wallet (a funded demo user), as src/cli/demo.ts does.
    const client = devClient(chain.rpcUrl);
    const hash = await client.sendTransaction({
      account: privateKeyToAccount(payer.privateKey),
      to: chain.contracts.tUSD,
      data: encodeFunctionData({
        abi: erc20Abi,
        functionName: 'transfer',
        args: [depositAddress as Address, parseUnits(amount!, 6)],
      }),
      chain: null,
    });
    expect((await client.waitForTransactionReceipt({ hash, timeout: 60_000 })).status).toBe('success');

    await example.waitFor(/webhook verified: payment_intent\.succeeded evt_\w+/, 'payment_intent.succeeded', 180_000);
    const payout = await example.waitFor(new RegExp(`payout (tx_\\w+) created for ${intentId}`), 'the payout', 60_000);
    const txId = payout[1]!;
    await example.waitFor(new RegExp(`payout ${txId} confirmed`), 'the payout confirmed', 180_000);

    // Keel delivers at least once: a replay sends the same events again, which the example ignores.
    const keel = createKeelClient({ baseUrl: m.apiBaseUrl, apiKey: m.apiKey });
    await unwrap(
      keel.POST('/v1/webhook-endpoints/{id}/replay', { params: { path: { id: endpointId } }, body: { since } }),
    );
    await example.waitFor(
      /webhook duplicate ignored: payment_intent\.succeeded/,
      'the replayed event ignored',
      120_000,
    );

    // Stopped like a service (SIGTERM), it removes its webhook endpoint and exits.
    example.child.kill('SIGTERM');
    const deadline = Date.now() + 30_000;
    while (!example.exit && Date.now() < deadline) await sleep(100);
    expect(example.exit, example.output).toEqual({ code: 143, signal: null });

    // What Keel holds: one payout, of the configured amount, to the configured recipient.
    const tx = await unwrap(keel.GET('/v1/transactions/{id}', { params: { path: { id: txId } } }));
    expect(tx).toMatchObject({ status: 'confirmed', kind: 'transfer', metadata: { paymentIntent: intentId } });
    expect(tx.recipient?.toLowerCase()).toBe(recipient.toLowerCase());
    expect(tx.asset?.symbol).toBe('tUSD');
    expect(tx.amount?.baseUnits).toBe('7250000');
    // One payout for the intent, although payment_intent.succeeded was delivered twice.
    const payouts = await listAll((startingAfter) =>
      keel.GET('/v1/transactions', { params: { query: { limit: 100, startingAfter } } }),
    );
    expect(payouts.filter((t) => t.metadata?.paymentIntent === intentId).map((t) => t.id)).toEqual([txId]);
    const intent = await unwrap(keel.GET('/v1/payment-intents/{id}', { params: { path: { id: intentId! } } }));
    expect(intent.status).toBe('succeeded');
    // The example removed its webhook endpoint on exit.
    const endpoints = await unwrap(keel.GET('/v1/webhook-endpoints'));
    expect(endpoints.data.filter((e) => e.description === 'examples/payments-backend')).toEqual([]);
  });
});
