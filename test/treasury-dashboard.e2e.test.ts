import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { REPO } from './helpers/keel-process.ts';
import { api } from './helpers/pipeline.ts';

/**
 * The dashboard's Treasury page end to end, in headless Chromium against a real Keel (API,
 * pipeline worker and the share-price recorder) on the dev anvil chain with the demo world and
 * the shipped dev policy: a mandate over the three demo vaults proposed by one key and approved
 * by two other principals through the API; the page shows its allocations against target and
 * cap, the code checks and the share-price chart; a plan is made, reviewed and executed from
 * the page and its movements followed to confirmed, each linking to its transaction; a
 * proposal's self-approval is refused with the API's message and the proposal withdrawn.
 */

const SHOTS = join(REPO, 'test-results', 'screenshots');
const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let chain: TestChain;
let db: TestDatabase;
let keel: TestKeel;
let base: string;
let browser: Browser;
let page: Page;
let writer: string;
let mandateId: string;
let vaults: Address[];
const problems: string[] = [];

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const goto = (path: string) => page.goto(`${base}/dashboard${path}`);
const document = (over: Record<string, unknown> = {}) => ({
  name: 'Operating reserve',
  chainId: 31337,
  signer: 'treasury',
  asset: 'tUSD',
  vaults: [
    { address: vaults[0], targetBps: 4000, maxAllocation: { bps: 5000 }, label: 'Demo USD vault' },
    { address: vaults[1], targetBps: 2500, maxAllocation: { bps: 3000 }, label: 'Conservative USD vault' },
    { address: vaults[2], targetBps: 1500, maxAllocation: { bps: 2000 }, label: 'Drill vault' },
  ],
  buffer: { bps: 1000, amount: '10000' },
  maxShareOfVaultBps: 10_000,
  reviewThreshold: '200000',
  maxDailyMovement: '1000000',
  ...over,
});

beforeAll(async () => {
  execFileSync(process.execPath, [join(REPO, 'web', 'build.mjs'), '--if-stale'], { stdio: 'pipe' });
  mkdirSync(SHOTS, { recursive: true });
  [chain, db] = await Promise.all([startTestChain({ chainId: 31337 }), testDatabase()]);
  const devPolicy = (parseYaml(readFileSync(join(REPO, 'config', 'development.yaml'), 'utf8')) as { policy: unknown })
    .policy;
  const config = devConfigFor([{ chainId: 31337, rpcUrls: [chain.rpcUrl] }], {
    policy: devPolicy,
    pipeline: { pollIntervalMs: 100, stuckAfterSeconds: 3600, nonceCheckSeconds: 3600 },
    chains: { 31337: { confirmations: 1, pollIntervalMs: 100 } },
    // The recorder writes a share price per vault every second (one per block: anvil mines on demand).
    treasury: { sharePriceIntervalSeconds: 1 },
  });
  keel = await startTestKeel(config, db, 'all');
  base = keel.url!;
  const c = chain.world.contracts;
  vaults = [c.vault, c.conservativeVault, c.drillVault];
  writer = await keel.tokenWith(['treasury:write', 'treasury:read']);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: BROWSER_ARGS });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()))
      problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await keel?.stop();
  await Promise.all([chain?.stop(), db?.close()]);
});

describe('treasury dashboard (headless Chromium)', () => {
  it('sets up a mandate through the API: proposed by one key, approved by two other principals', async () => {
    const p = await api(base, writer, 'POST', '/v1/treasury/mandates', { document: document() });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    mandateId = p.body.mandateId;
    for (const scopes of [['policy:approve'], ['policy:approve']]) {
      const approver = await keel.tokenWith(scopes);
      const a = await api(base, approver, 'POST', `/v1/treasury/mandates/${mandateId}/approve`, { version: 1 });
      expect(a.status, JSON.stringify(a.body)).toBe(200);
    }
    const m = await api(base, writer, 'GET', `/v1/treasury/mandates/${mandateId}`);
    expect(m.body.status).toBe('active');
    // The share-price history route answers per vault of the active version.
    const h = await api(base, writer, 'GET', `/v1/treasury/mandates/${mandateId}/share-prices?days=30`);
    expect(h.status, JSON.stringify(h.body)).toBe(200);
    expect(h.body.vaults.map((v: { address: string }) => v.address)).toEqual(vaults);
    const bad = await api(base, writer, 'GET', `/v1/treasury/mandates/${mandateId}/share-prices?days=0`);
    expect(bad.status).toBe(422);
  });

  it('shows the mandate, its allocations against target and cap, the code checks and the share-price chart', async () => {
    await goto('/');
    await page.getByLabel('API key').fill(keel.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('whoami').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Treasury' }).click();
    // The page opens the first active mandate.
    await page.waitForURL(`**/dashboard/treasury/${mandateId}`);
    await page.locator(`[data-testid="mandate-detail"][data-mandate="${mandateId}"]`).waitFor();
    const rows = page.locator('[data-testid="allocations"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
    const kc = page.locator(`[data-testid="allocations"] tr[data-vault="${vaults[1]}"]`);
    expect(await kc.innerText()).toContain('Conservative USD vault');
    expect(await kc.getByTestId('allocation-text').innerText()).toMatch(/^0 % of total · target 25 % · cap/);
    for (const v of vaults)
      expect(
        await page.locator(`[data-testid="allocations"] tr[data-vault="${v}"] [data-testid="code-check"]`).innerText(),
      ).toBe('matches mandate');
    expect(await page.getByTestId('kpi-total').innerText()).toMatch(/^total\s+[\d,.]+ tUSD/i);
    expect(await page.getByTestId('kpi-buffer').innerText()).toContain('required');
    // The watcher has raised nothing on a healthy mandate.
    await page.getByTestId('no-alerts').waitFor();
    // The chart draws the recorder's share prices, one series per vault.
    await page.locator('[data-testid="share-price-chart"][data-y-ticks] canvas').waitFor();
    const legend = await page.locator('[data-testid="share-price-chart"] .u-legend').innerText();
    for (const label of ['Demo USD vault', 'Conservative USD vault', 'Drill vault']) expect(legend).toContain(label);
    // The active version's document.
    expect(await page.getByTestId('mandate-document-v1').innerText()).toMatch(/Drill vault[\s\S]*15 %[\s\S]*20 %/);
    await shot('treasury-01-position');
  });

  it('makes a plan from the page, shows its preview, executes it and follows the movements to confirmed', async () => {
    await page.getByRole('button', { name: 'Make a plan' }).click();
    const plan = page.getByTestId('plan');
    await plan.waitFor();
    expect(await plan.getAttribute('data-status')).toBe('proposed');
    expect(await page.getByTestId('plan-summary').innerText()).not.toBe('');
    expect(await page.getByTestId('plan-lines').innerText()).toMatch(/Deposit [\d.,]+ tUSD into (Conservative|Drill)/);
    expect(await page.locator('[data-testid="plan-disclosures"] li').count()).toBeGreaterThan(0);
    const movements = page.locator('[data-testid="plan-movements"] tbody tr');
    const n = await movements.count();
    expect(n).toBeGreaterThan(0);
    await shot('treasury-02-plan');

    await page.getByRole('button', { name: 'Execute' }).click();
    await page.locator('[data-testid="plan"][data-status="executed"]').waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.locator('[data-testid="plan-movements"] tbody tr[data-status="confirmed"]').count(), {
        timeout: 30_000,
      })
      .toBe(n);
    expect(await page.getByTestId('plan-progress').innerText()).toBe(`${n} confirmed`);
    // The API agrees with what the page shows.
    const planId = (await plan.getAttribute('data-plan'))!;
    const done = await api(base, writer, 'GET', `/v1/treasury/plans/${planId}`);
    expect(done.body.status).toBe('executed');
    expect(done.body.movements.every((m: { status: string }) => m.status === 'confirmed')).toBe(true);
    // After the plan, the conservative vault holds its target (less the vault's rounding down).
    await expect
      .poll(() => page.locator(`tr[data-vault="${vaults[1]}"] [data-testid="allocation-text"]`).innerText(), {
        timeout: 30_000,
      })
      .toMatch(/^(25|24\.9\d) % of total/);
    await shot('treasury-03-executed');

    // Each movement links to its transaction page.
    const txId = done.body.movements[0].transactionId as string;
    await page.locator('[data-testid="plan-movements"]').getByRole('link', { name: txId }).click();
    await page.waitForURL(`**/dashboard/transactions/${txId}`);
    await page.getByText(txId).first().waitFor();
  }, 120_000);

  it('refuses self-approval of a proposal with the API message; the proposer withdraws it by rejecting', async () => {
    const p = await api(base, keel.adminToken, 'POST', '/v1/treasury/mandates', {
      mandateId,
      baseVersion: 1,
      document: document({ reviewThreshold: '150000' }),
      note: 'lower review threshold',
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    await goto(`/treasury/${mandateId}`);
    const proposal = page.locator(`[data-proposal="${p.body.id}"]`);
    await proposal.waitFor();
    expect(await proposal.getByTestId('approvals').innerText()).toMatch(/0 of 2/);
    expect(await proposal.innerText()).toContain('150,000 tUSD');
    await proposal.getByRole('button', { name: 'Approve' }).click();
    await proposal.getByText('You cannot approve your own change.').waitFor();
    await shot('treasury-04-self-approval');
    await proposal.getByLabel(`Note for ${p.body.id}`).fill('withdrawn: wrong threshold');
    await proposal.getByRole('button', { name: 'Reject' }).click();
    await proposal.waitFor({ state: 'detached' });
    const m = await api(base, writer, 'GET', `/v1/treasury/mandates/${mandateId}`);
    expect(m.body.proposals).toEqual([]);
    expect(m.body.activeVersion.version).toBe(1);
  });

  it('had no script errors or CSP violations in the browser', () => {
    expect(problems).toEqual([]);
  });
});
