import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/config/schema.ts';
import { SecretBox } from '../src/lib/secret-box.ts';
import { Sponsorship } from '../src/smart-accounts/sponsorship-service.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { REPO } from './helpers/keel-process.ts';
import { api } from './helpers/pipeline.ts';

/**
 * The dashboard's Smart accounts and Sponsorship pages in headless Chromium against a real Keel on
 * a test chain with the demo world (its KeelSmartAccountFactory): two accounts and a policy made
 * through the API, two real decisions recorded by the sponsorship service (one sponsored, one
 * denied over the per-operation cap); the pages list, filter and open them, the policy's usage
 * shows the API's figures, and the "test an operation" form answers denied (chain not allowed)
 * and sponsored.
 */

const SHOTS = join(REPO, 'test-results', 'screenshots');
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
const TARGET = '0x2222222222222222222222222222222222222222';

let chain: TestChain;
let db: TestDatabase;
let keel: TestKeel;
let config: Config;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

beforeAll(async () => {
  execFileSync(process.execPath, [join(REPO, 'web', 'build.mjs'), '--if-stale'], { stdio: 'pipe' });
  mkdirSync(SHOTS, { recursive: true });
  [chain, db] = await Promise.all([startTestChain({ chainId: 31337 }), testDatabase()]);
  config = devConfigFor([{ chainId: 31337, rpcUrls: [chain.rpcUrl] }], {
    smartAccounts: { accountFactory: chain.world.contracts.smartAccountFactory },
  });
  keel = await startTestKeel(config, db);
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

describe('smart accounts and sponsorship pages (headless Chromium)', () => {
  it('lists, filters and opens smart accounts; shows a policy, its usage, and dry runs', async () => {
    const call = (method: string, path: string, body?: unknown) => api(keel.url!, keel.adminToken, method, path, body);
    const stamp = Date.now();
    // Before anything exists: each page says what it is about and how to make one.
    await page.goto(`${keel.url}/dashboard/`);
    await page.getByLabel('API key').fill(keel.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('whoami').waitFor();
    await nav('Smart accounts');
    await expect.poll(() => page.getByTestId('smart-accounts-empty').innerText()).toContain('POST /v1/smart-accounts');
    await nav('Sponsorship');
    await expect.poll(() => page.getByText('No sponsorship policies yet.').count()).toBe(1);

    const users = [`alice-${stamp}`, `bob-${stamp}`];
    const accounts: Array<{ id: string; address: string; userId: string }> = [];
    for (const [i, userId] of users.entries()) {
      const owner = i === 0 ? { kind: 'custodial' } : { kind: 'external', address: TARGET };
      const r = await call('POST', '/v1/smart-accounts', { chainId: 31337, userId, owner });
      expect(r.status).toBe(201);
      accounts.push(r.body as { id: string; address: string; userId: string });
    }
    const created = await call('POST', '/v1/sponsorship-policies', {
      name: `Onboarding ${stamp}`,
      chains: [31337],
      maxCostUsdPerOperation: '1',
      globalBudget: { amountUsd: '100', period: 'month' },
    });
    expect(created.status).toBe(201);
    const policyId = created.body.id as string;
    // Two real decisions (the paymaster's path): one sponsored, one over the per-operation cap.
    const sponsorship = new Sponsorship({ db: db.db, box: new SecretBox(config.secrets.encryptionKey), config });
    const actor = { keyId: 'key_e2e', principalId: keel.adminPrincipal, scopes: ['sponsorship:write'] };
    const op = (maxCostUsd: string) => ({
      policyId,
      chainId: 31337,
      sender: accounts[0]!.address,
      userId: users[0]!,
      calls: [{ to: TARGET }],
      maxCostUsd,
      maxGas: '300000',
    });
    expect((await sponsorship.decide(op('0.5'), { actor })).sponsored).toBe(true);
    expect((await sponsorship.decide(op('5'), { actor })).sponsored).toBe(false);
    const usage = (await call('GET', `/v1/sponsorship-policies/${policyId}/usage`)).body;
    expect(usage).toMatchObject({ sponsored: 1, denied: { organic: 1, abuse: 0 }, budgetUsd: expect.any(String) });

    await page.reload();
    await page.getByTestId('whoami').waitFor();
    // Smart accounts: both listed (newest first), the user filter narrows to one, the detail shows the address.
    await nav('Smart accounts');
    const rows = page.locator('[data-testid="smart-accounts-table"] tbody tr');
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-user'))))
      .toEqual([users[1], users[0]]);
    expect(await rows.first().innerText()).toContain('External');
    expect(await rows.last().innerText()).toContain('Custodial');
    await shot('smart-accounts');
    await page.getByLabel('User id').fill(users[0]!);
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-user'))))
      .toEqual([users[0]]);
    await page.getByRole('link', { name: users[0]! }).click();
    await expect.poll(() => page.getByTestId('smart-account-address').innerText()).toBe(accounts[0]!.address);
    expect(await page.getByTestId('smart-account-facts').innerText()).toContain('Not yet');
    await shot('smart-account-detail');

    // Sponsorship: the policy with its budget use, then its page.
    await nav('Sponsorship');
    const row = page.locator(`[data-policy="${policyId}"]`);
    await expect.poll(() => row.innerText()).toContain(`of $${usage.budgetUsd}`);
    expect(await row.innerText()).toContain(`$${usage.spentUsd}`);
    expect(await row.innerText()).toContain('Enabled');
    await shot('sponsorship');
    await page.getByRole('link', { name: `Onboarding ${stamp}` }).click();
    await expect
      .poll(() => page.getByTestId('sponsorship-rules').innerText())
      .toContain('Sponsors only on chain 31337.');
    await expect.poll(() => page.getByTestId('usage-sponsored').innerText()).toContain('1');
    expect(await page.getByTestId('usage-spent').innerText()).toContain(`$${usage.spentUsd}`);
    expect(await page.getByTestId('usage-organic').innerText()).toContain('1');
    expect(await page.getByTestId('usage-reasons').innerText()).toContain('cap_per_operation');
    await expect.poll(() => page.locator('[data-testid="sponsorship-decisions"] tbody tr').count()).toBe(2);

    // Test an operation: a chain the policy does not sponsor is denied with its reason; chain 31337 is sponsored.
    const form = page.getByRole('form', { name: 'Test an operation' });
    await form.getByLabel('Chain id').fill('1');
    await form.getByLabel('Sender (smart account)').fill(accounts[1]!.address);
    await form.getByLabel('User id').fill(users[1]!);
    await form.getByLabel('Call to').fill(TARGET);
    await form.getByRole('button', { name: 'Evaluate' }).click();
    const result = page.getByTestId('evaluate-result');
    await expect.poll(() => result.getAttribute('data-sponsored')).toBe('false');
    expect(await result.locator('li[data-code="chain_not_allowed"]').innerText()).toContain(
      'The policy does not sponsor this chain.',
    );
    await form.getByLabel('Chain id').fill('31337');
    await form.getByRole('button', { name: 'Evaluate' }).click();
    await expect.poll(() => result.getAttribute('data-sponsored')).toBe('true');
    expect(await result.innerText()).toContain('Sponsored');
    // Dry runs are listed among the decisions, and count toward no figure.
    await expect.poll(() => page.locator('[data-testid="sponsorship-decisions"] tbody tr').count()).toBe(4);
    expect(await page.getByTestId('usage-sponsored').innerText()).toContain('1');
    await shot('sponsorship-policy');

    // A new version from the page (its rules as JSON), then disabling it.
    await page.getByRole('button', { name: 'New version' }).click();
    const doc = { ...created.body.document, chains: [31337, 1] };
    await page.getByLabel('Policy rules (JSON)').fill('{ not json');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await expect.poll(() => page.getByText('Not valid JSON').count()).toBe(1);
    await page.getByLabel('Policy rules (JSON)').fill(JSON.stringify({ ...doc, maxCostUsdPerOperation: 'lots' }));
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('maxCostUsdPerOperation');
    await page.getByLabel('Policy rules (JSON)').fill(JSON.stringify(doc));
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await expect
      .poll(() => page.getByTestId('sponsorship-rules').innerText())
      .toContain('Sponsors only on chains 31337, 1.');
    expect((await call('GET', `/v1/sponsorship-policies/${policyId}`)).body).toMatchObject({ version: 2 });
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => page.getByText('This policy is disabled').count()).toBe(1);
    expect((await call('GET', `/v1/sponsorship-policies/${policyId}`)).body.status).toBe('disabled');

    // A new policy from the list's template.
    await nav('Sponsorship');
    await page.getByRole('button', { name: 'New policy' }).click();
    await page.getByRole('button', { name: 'Create policy' }).click();
    await expect.poll(() => page.getByTestId('sponsorship-rules').innerText()).toContain('A budget of $100');
    const list = (await call('GET', '/v1/sponsorship-policies')).body;
    expect(list.data.map((p: { document: { name: string } }) => p.document.name)).toEqual([
      'Onboarding',
      `Onboarding ${stamp}`,
    ]);
    expect(problems).toEqual([]);
  }, 120_000);
});
