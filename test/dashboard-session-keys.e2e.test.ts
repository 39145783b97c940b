import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { encodeFunctionData, erc20Abi, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keelTestTokenAbi } from '../src/contracts/abis.ts';
import { keelSmartAccountAbi } from '../src/contracts/smart-account-abis.ts';
import { deployer } from '../src/devnet/accounts.ts';
import { devClient, type DevClient } from '../src/devnet/client.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { REPO } from './helpers/keel-process.ts';
import { api, pipelinePolicy } from './helpers/pipeline.ts';
import { draftOp, opEvents, sendHandleOps, signOp } from './helpers/user-ops.ts';
import { waitFor } from './helpers/webhook-receiver.ts';

/**
 * A smart account's session keys on the dashboard, in headless Chromium against a real Keel on a
 * test chain: a key granted through the API (its owner operation a real user operation through
 * Keel's write path and the dev bundler) that spent part of its allowance
 * shows active with its scope in words and what remains; revoking it from the page (after the
 * confirmation) flips it to revoked, on the page, in the API and on chain.
 */

const SHOTS = join(REPO, 'test-results', 'screenshots');
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];

let chain: TestChain;
let client: DevClient;
let db: TestDatabase;
let keel: TestKeel;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  execFileSync(process.execPath, [join(REPO, 'web', 'build.mjs'), '--if-stale'], { stdio: 'pipe' });
  mkdirSync(SHOTS, { recursive: true });
  [chain, db] = await Promise.all([startTestChain({ chainId: 31337 }), testDatabase()]);
  client = devClient(chain.rpcUrl);
  const bundler = await chain.bundler();
  const config = devConfigFor([{ chainId: 31337, rpcUrls: [chain.rpcUrl] }], {
    policy: { document: pipelinePolicy(chain) },
    smartAccounts: { accountFactory: chain.world.contracts.smartAccountFactory },
    chains: { '31337': { confirmations: 1, pollIntervalMs: 100, bundlerUrls: [bundler.url] } },
  });
  // API and worker: grants and revocations are real user operations through the dev bundler.
  keel = await startTestKeel(config, db, 'all');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: BROWSER_ARGS });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await keel?.stop();
  await db?.close();
  await chain?.stop();
});

describe('session keys on the smart account page (headless Chromium)', () => {
  it('shows a granted key active with its remaining allowance; revoking it from the page flips it', async () => {
    const call = (method: string, path: string, body?: unknown) => api(keel.url!, keel.adminToken, method, path, body);
    const tUSD = chain.world.contracts.tUSD;
    const recipient = privateKeyToAccount(generatePrivateKey()).address;
    const created = await call('POST', '/v1/smart-accounts', { chainId: 31337, userId: `carol-${Date.now()}` });
    expect(created.status).toBe(201);
    const account = created.body as { id: string; address: Address };
    // The account pays its own gas (no sponsorship here).
    await client.waitForTransactionReceipt({
      hash: await client.sendTransaction({
        account: deployer.address,
        chain: null,
        to: account.address,
        value: 10n ** 17n,
      }),
    });
    const key: Hex = generatePrivateKey();
    const keyAddress = privateKeyToAccount(key).address;
    const granted = await call('POST', `/v1/smart-accounts/${account.id}/session-keys`, {
      keyAddress,
      label: 'Checkout tablet',
      validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      token: { asset: 'tUSD', recipients: [recipient], perOperation: '5', total: '10' },
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    const keyId = granted.body.id as string;
    const keyPath = `/v1/smart-accounts/${account.id}/session-keys/${keyId}`;
    await waitFor(async () => (await call('GET', keyPath)).body.status === 'active', 'the grant', 60_000);

    // The key spends 2.5 tUSD of its 10 (signed by the session key, straight to the EntryPoint).
    await client.sendTransaction({
      account: deployer.address,
      chain: null,
      to: tUSD,
      data: encodeFunctionData({ abi: keelTestTokenAbi, functionName: 'mint', args: [account.address, 50_000_000n] }),
    });
    const ep = chain.world.contracts.entryPoint;
    const op = await draftOp(client, ep, {
      sender: account.address,
      callData: encodeFunctionData({
        abi: keelSmartAccountAbi,
        functionName: 'execute',
        args: [
          tUSD,
          0n,
          encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, 2_500_000n] }),
        ],
      }),
    });
    const receipt = await sendHandleOps(client, ep, [await signOp(op, key, 'session', ep, 31337)], deployer.address);
    expect(opEvents(receipt).map((e) => e.success)).toEqual([true]);

    await page.goto(`${keel.url}/dashboard/`);
    await page.getByLabel('API key').fill(keel.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('whoami').waitFor();
    await page.goto(`${keel.url}/dashboard/smart-accounts/${account.id}`);
    const item = page.locator(`[data-session-key="${keyId}"]`);
    await expect.poll(() => item.getAttribute('data-status')).toBe('active');
    expect(await item.innerText()).toContain('Checkout tablet');
    expect(await item.getByTestId('session-key-scope').innerText()).toContain(
      'at most 5 tUSD per operation and 10 tUSD in total',
    );
    expect(await item.getByTestId('session-key-allowance').innerText()).toBe(
      '2.5 tUSD spent, 7.5 tUSD remaining of 10.',
    );
    // The grant is the account's first user operation, listed with its call in words.
    const ops = page.getByTestId('user-operations-table');
    await expect.poll(() => ops.innerText()).toContain('grantSession');
    expect(await ops.locator('[data-status="confirmed"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'smart-account-session-keys.png'), fullPage: true });

    // Revoke, after the confirmation: revoking, then revoked once the owner operation is confirmed.
    page.once('dialog', (d) => void d.accept());
    await item.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => item.getAttribute('data-status'), { timeout: 60_000 }).toBe('revoked');
    expect(await item.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    await waitFor(async () => (await call('GET', keyPath)).body.revokedAt, 'the revocation recorded', 60_000);
    const [grantId] = await client.readContract({
      address: account.address,
      abi: keelSmartAccountAbi,
      functionName: 'sessions',
      args: [keyAddress],
    });
    expect(grantId).toBe(0n);
    expect(problems).toEqual([]);
  }, 120_000);
});
