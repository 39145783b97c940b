import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { getAddress } from 'viem';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { createPayablePayees } from './helpers/payouts.ts';
import { REPO } from './helpers/keel-process.ts';
import { api, statusIs, waitForTx } from './helpers/pipeline.ts';
import { startReceiver, type Receiver } from './helpers/webhook-receiver.ts';
import { paymentsE2e } from './dashboard-payments.e2e.ts';

/**
 * The operator dashboard end to end, in headless Chromium against a real Keel (API +
 * pipeline worker) on the two dev anvil chains with the demo world and the shipped dev
 * policy: sign-in and scopes, a $12,000 transfer created by one key and approved in the
 * review queue by another, followed to `confirmed`; self-review refused with the API's
 * message; a breaker tripped and reset; a policy proposal approved; webhooks, audit
 * (verified), portfolio. Screenshots of every page go to test-results/screenshots/.
 */

const SHOTS = join(REPO, 'test-results', 'screenshots');
// expect.poll gives up after 1 s by default; names resolved by a second API call can take longer on a loaded machine.
const POLL = { timeout: 30_000 };
const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let chainA: TestChain;
let chainB: TestChain;
let db: TestDatabase;
let keel: TestKeel;
let base: string;
let receiver: Receiver;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Creates transactions; cannot review. */
let creator: string;
/** Proposes policy changes. */
let proposer: string;
/** The operator signed in to the dashboard (every scope). */
let operator: string;
const problems: string[] = [];
const ids: Record<string, string> = {};

const fresh = () =>
  getAddress(
    `0x${[...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, '0')).join('')}`,
  );
/** The tick labels a chart draws (uPlot paints them on a canvas; Chart.tsx mirrors them in data attributes). */
const ticks = async (testId: string, axis: 'x' | 'y') =>
  ((await page.getByTestId(testId).getAttribute(`data-${axis}-ticks`)) ?? '').split('|').filter(Boolean);
/** Years a time-axis label names: 4-digit years and the `yy` of `m/d/yy`. */
const yearsIn = (labels: string[]) =>
  labels.flatMap((l) => [
    ...[...l.matchAll(/\b(20\d\d)\b/g)].map((m) => Number(m[1])),
    ...[...l.matchAll(/\b\d{1,2}\/\d{1,2}\/(\d\d)\b/g)].map((m) => 2000 + Number(m[1])),
  ]);
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const goto = (path: string) => page.goto(`${base}/dashboard${path}`);
const transfer = (token: string, amount: string, extra: Record<string, unknown> = {}) =>
  api(base, token, 'POST', '/v1/transactions', {
    chainId: 31337,
    signer: 'treasury',
    kind: 'transfer',
    to: fresh(),
    asset: 'tUSD',
    amount,
    userId: 'pilot-user-1',
    ...extra,
  });

beforeAll(async () => {
  // The build the server serves (fresh sources → rebuilt; about a second).
  execFileSync(process.execPath, [join(REPO, 'web', 'build.mjs'), '--if-stale'], { stdio: 'pipe' });
  mkdirSync(SHOTS, { recursive: true });
  [chainA, chainB, db, receiver] = await Promise.all([
    startTestChain(),
    startTestChain({ chainId: 31338 }),
    testDatabase(),
    startReceiver(),
  ]);
  const config = devConfigFor(
    [
      { chainId: 31337, rpcUrls: [chainA.rpcUrl] },
      { chainId: 31338, rpcUrls: [chainB.rpcUrl] },
    ],
    {
      pipeline: { pollIntervalMs: 100, stuckAfterSeconds: 3600, nonceCheckSeconds: 3600 },
      // Keel Dev B asks for 3 confirmations: the checkout test watches a payment wait for them.
      chains: { 31337: { confirmations: 1, pollIntervalMs: 100 }, 31338: { confirmations: 3, pollIntervalMs: 100 } },
      payments: { depositFactory: chainA.world.contracts.depositFactory, tickMs: 200, sweep: { intervalSeconds: 1 } },
      webhooks: { allowHttp: true, allowPrivateNetworks: true },
      // An approved payout address is active at once (the cool-off has its own int tests); runs
      // above $1,000 wait for review.
      payouts: { addressCoolOffSeconds: 0, batchContract: chainA.world.contracts.batchPayout },
      // The shipped dev policy: review above $10,000, two approvals per policy change.
      policy: (parseYaml(readFileSync(join(REPO, 'config', 'development.yaml'), 'utf8')) as { policy: unknown }).policy,
    },
  );
  keel = await startTestKeel(config, db, 'all');
  base = keel.url!;
  operator = keel.adminToken;
  creator = await keel.tokenWith(['transactions:write', 'transactions:read']);
  proposer = await keel.tokenWith(['policy:write']);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: BROWSER_ARGS });
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  // Chromium shares two cores with everything else: waits for elements end as soon as they appear.
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
  await Promise.all([chainA?.stop(), chainB?.stop(), db?.close(), receiver?.close()]);
});

describe('dashboard (headless Chromium)', () => {
  it('sets up pilot activity through the API: a small transfer, two reviews, webhooks, a policy proposal', async () => {
    const hook = await api(base, operator, 'POST', '/v1/webhook-endpoints', {
      url: `${receiver.url}/keel`,
      eventTypes: ['*'],
      description: 'ops backend',
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    receiver.secrets.push(hook.body.secret);
    const down = await api(base, operator, 'POST', '/v1/webhook-endpoints', {
      url: 'http://127.0.0.1:9/down',
      eventTypes: ['transaction.confirmed'],
      description: 'unreachable on purpose',
    });
    expect(down.status).toBe(201);

    const small = await transfer(creator, '250');
    expect(small.status, JSON.stringify(small.body)).toBe(201);
    await waitForTx(base, creator, small.body.id, statusIs('confirmed'));

    // Above the dev policy's review threshold ($10,000): waits for a human.
    const big = await transfer(creator, '12000', { metadata: { invoice: 'INV-7' } });
    expect(big.status, JSON.stringify(big.body)).toBe(201);
    expect(big.body.status).toBe('pending_review');
    expect(big.body.decision.reasons.map((r: any) => r.code)).toContain('review_threshold');
    ids.big = big.body.id;
    // Created by the operator's own key: the operator may not review it.
    const own = await transfer(operator, '11000');
    expect(own.body.status).toBe('pending_review');
    ids.own = own.body.id;

    const active = await api(base, proposer, 'GET', '/v1/policy');
    const doc = structuredClone(active.body.document);
    doc.description = 'Development policy, stricter review threshold';
    doc.rules.find((r: any) => r.id === 'review-large').limit = { usd: '5000' };
    doc.rules.push({
      id: 'burn-address-2',
      kind: 'destination',
      effect: 'deny',
      addresses: ['0x000000000000000000000000000000000000bEEF'],
    });
    const prop = await api(base, proposer, 'POST', '/v1/policy/proposals', {
      document: doc,
      note: 'Lower the review threshold for the pilot',
    });
    expect(prop.status, JSON.stringify(prop.body)).toBe(201);
    ids.proposal = prop.body.id;

    // The operator asks for a review key for itself: it waits for another principal's approval.
    const asked = await api(base, operator, 'POST', '/v1/api-keys', {
      name: 'second reviewer key',
      scopes: ['review'],
      note: 'for the laptop',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    ids.accessRequest = asked.body.accessRequest.id;
  });

  it('serves the app with a strict CSP, SPA fallback and problem+json for missing assets', async () => {
    const res = await fetch(`${base}/dashboard/transactions/tx_whatever`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|https:|http:/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    const missing = await fetch(`${base}/dashboard/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // API routes keep their own behaviour (no dashboard headers, JSON problems).
    const me = await fetch(`${base}/v1/me`);
    expect(me.status).toBe(401);
    expect(me.headers.get('content-security-policy')).toBeNull();
  });

  it('refuses a bad key with the API message, and shows only what a key’s scopes allow', async () => {
    await goto('/');
    await page.getByLabel('API key').fill('keel_sk_not_a_real_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('This request could not be authenticated.').waitFor();
    await shot('01-sign-in');

    const readOnly = await keel.tokenWith(['transactions:read']);
    await page.getByLabel('API key').fill(readOnly);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Transactions' }).waitFor();
    const nav = await page.getByRole('navigation', { name: 'Main' }).innerText();
    expect(nav).toContain('Overview');
    expect(nav).not.toContain('Review queue');
    expect(nav).not.toContain('Breakers');
    // The overview leaves out what this key may not read, and says why.
    await page.getByTestId('kpi-breakers').getByText('Shown to keys with the admin scope').waitFor();
    await page.getByTestId('kpi-webhooks').getByText('Shown to keys with the webhooks:write scope').waitFor();
    await goto('/breakers');
    await page.getByText('Not available with this key').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);

    await page.getByLabel('API key').fill(operator);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('whoami').waitFor();
    expect(await page.getByTestId('whoami').innerText()).toBe('test admin');
  });

  it('shows the overview with live figures and charts', async () => {
    await goto('/?range=1h');
    // The first poll is the RPC latency charts' only sample: its time axis stays in this year
    // (uPlot's one-sample padding is 86,400 units — 2.7 years when the units are seconds).
    const rpcChart = page.locator('[data-testid="chart-rpc-31337"][data-x-ticks]');
    await rpcChart.waitFor();
    const xLabels = await ticks('chart-rpc-31337', 'x');
    expect(xLabels.length, xLabels.join(' | ')).toBeGreaterThan(0);
    expect(new Set(yearsIn(xLabels)), xLabels.join(' | ')).toEqual(new Set([new Date().getFullYear()]));
    await page.getByTestId('kpi-reviews').getByText('2', { exact: true }).waitFor();
    await page.getByTestId('kpi-success').getByText('100%').waitFor();
    await page.locator('[data-testid="chart-outcomes"] canvas').waitFor();
    // Count charts tick at whole numbers, never the same label twice (it was "0, 1, 1").
    const yLabels = await ticks('chart-outcomes', 'y');
    expect(yLabels.length, yLabels.join(' | ')).toBeGreaterThan(1);
    expect(new Set(yLabels).size, yLabels.join(' | ')).toBe(yLabels.length);
    for (const l of yLabels) expect(l).toMatch(/^\d+$/);
    for (const id of await page
      .locator('.chart[data-y-ticks]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))) {
      if (!id) continue;
      const labels = await ticks(id, 'y');
      expect(new Set(labels).size, `${id}: ${labels.join(' | ')}`).toBe(labels.length);
    }
    expect(await page.getByTestId('rpc-health').innerText()).toMatch(/Keel Dev A[\s\S]*Healthy[\s\S]*Keel Dev B/);
    await shot('02-overview');
  });

  it('refuses self-review with the API message, approves with a second key, and follows the transfer to confirmed', async () => {
    await goto('/reviews');
    const own = page.locator(`[data-review="${ids.own}"]`);
    const big = page.locator(`[data-review="${ids.big}"]`);
    await big.waitFor();
    expect(await big.innerText()).toContain('This payment is above the amount we check by hand.');
    await shot('03-review-queue');
    // who created what, by principal (the creator's key is its own principal in these tests)
    // (names arrive with one lookup after the list: poll)
    await expect.poll(() => own.getByTestId('created-by').innerText(), POLL).toBe('test admin (you)');
    await expect
      .poll(() => big.getByTestId('created-by').innerText(), POLL)
      .toBe('test transactions:write transactions:read');
    await own.getByRole('button', { name: 'Approve' }).click();
    await own.getByText('You cannot review a transaction you created.').waitFor();

    await big.getByRole('textbox').fill('Invoice INV-7 checked with the customer');
    await big.getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('review-done').getByText('Approved').waitFor();
    await big.waitFor({ state: 'detached' });
    const tx = await api(base, operator, 'GET', `/v1/transactions/${ids.big}`);
    expect(tx.body.review).toMatchObject({ decision: 'approved', note: 'Invoice INV-7 checked with the customer' });

    await page.getByTestId('review-done').getByRole('link', { name: 'follow it' }).click();
    await page.locator('h1 [data-status="confirmed"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('balance-changes').getByText('matches').first().waitFor();
    // Keel's own account is named beside its address.
    await expect
      .poll(() => page.getByTestId('balance-changes').getByTestId('addr-name').allInnerTexts(), POLL)
      .toContain('treasury');
    expect(await page.getByTestId('balance-changes').innerText()).toContain('-12,000');
    expect(await page.getByTestId('tx-history').innerText()).toMatch(/Review approved[\s\S]*Confirmed/);
    await expect.poll(() => page.getByTestId('decided-by').innerText(), POLL).toBe('test admin');
    // What the policy judged: the kind and what it can move out of Keel's accounts.
    expect(await page.getByTestId('exposure').innerText()).toMatch(
      /Judged as Transfer — can move 12,000 tUSD out of Keel’s accounts \(\$12,000/,
    );
    await shot('04-transaction-detail');

    await goto('/transactions');
    await page.locator(`[data-tx="${ids.big}"] [data-status="confirmed"]`).waitFor();
    await page.getByLabel('Status').selectOption('pending_review');
    await page.locator(`[data-tx="${ids.own}"]`).waitFor();
    // The previous (unfiltered) list stays on screen until the filtered one arrives: wait for it to go.
    await page.locator(`[data-tx="${ids.big}"]`).waitFor({ state: 'detached' });
    await page.getByLabel('Status').selectOption('');
    await page.locator(`[data-tx="${ids.big}"]`).waitFor();
    await shot('05-transactions');
  });

  it('trips and resets a breaker', async () => {
    await goto('/breakers');
    await page.getByText('No breaker has been tripped yet').waitFor();
    await page.getByLabel('Breaker key').fill('uniswap-v2:31337');
    await page.getByLabel('Reason', { exact: true }).fill('Oracle drift under investigation');
    await page.getByRole('button', { name: 'Trip', exact: true }).click();
    const row = page.locator('[data-breaker="uniswap-v2:31337"]');
    await row.getByText('Open (tripped)').waitFor();
    expect((await api(base, operator, 'GET', '/v1/breakers')).body.data[0]).toMatchObject({
      key: 'uniswap-v2:31337',
      state: 'open',
      reason: 'Oracle drift under investigation',
    });
    await shot('06-breakers-open');
    await row.getByRole('textbox').fill('Feed back to normal');
    await row.getByRole('button', { name: 'Reset' }).click();
    await row.getByText('Closed').waitFor();
    expect((await api(base, operator, 'GET', '/v1/breakers')).body.data[0]).toMatchObject({ state: 'closed' });
  });

  it('shows a policy proposal with its diff and records an approval', async () => {
    await goto('/policy');
    const p = page.locator(`[data-proposal="${ids.proposal}"]`);
    await p.waitFor();
    const text = await p.innerText();
    expect(text).toContain('review-large');
    expect(text).toContain('{ usd: 5000 }');
    expect(text).toContain('burn-address-2');
    await p.getByRole('button', { name: 'Approve' }).click();
    await p.getByTestId('approvals').getByText('1 of 2').waitFor();
    expect(await p.locator('[data-approval]').first().innerText()).toContain('test admin');
    await page.getByTestId('policy-active').getByText('Version 1').waitFor();
    // Rules name the spenders and contracts Keel knows, with their addresses.
    const rules = page.locator('tr', { hasText: 'allowance-caps' }).first();
    await expect
      .poll(() => rules.innerText(), POLL)
      .toContain('Uniswap V2 Router (demo) (0x3e4E…97c7), Keel Demo USD Vault (kvUSD) (0x1972…5e6d)');
    expect(await page.locator('tr', { hasText: 'token-approvals' }).first().innerText()).toContain(
      'tUSD (Keel Test USD) (0x97a7…1750)',
    );
    await shot('07-policy');
  });

  it('shows access requests: the requester cannot approve its own; another principal can', async () => {
    await goto('/access');
    const card = page.locator(`[data-access-request="${ids.accessRequest}"]`);
    await card.waitFor();
    expect(await card.innerText()).toContain('Key “second reviewer key” for test admin');
    await page.getByTestId('principals-table').getByText('test admin').first().waitFor();
    await card.getByRole('button', { name: 'Approve' }).click();
    await card.getByText('You cannot approve a change to your own access.').waitFor();
    await shot('07b-access');
    const other = await keel.tokenWith(['admin'], { principal: await keel.principal('bob') });
    expect((await api(base, other, 'POST', `/v1/access-requests/${ids.accessRequest}/approve`, {})).body.status).toBe(
      'approved',
    );
    await card.waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('shows a payee’s flagged address change and approves it with the flags acknowledged', async () => {
    const clerk = await keel.tokenWith(['payouts:write']);
    const known = chainA.world.accounts.treasury.toLowerCase();
    const lookalike = `0x${known.slice(2, 6)}${'d'.repeat(32)}${known.slice(-4)}`;
    const created = await api(base, clerk, 'POST', '/v1/payees', {
      name: 'Ada Creator',
      reference: 'e2e-ada',
      addresses: [{ chainId: 31337, asset: 'tUSD', address: lookalike }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const change = created.body.addresses[0];
    await goto('/payees');
    const card = page.locator(`[data-change="${change.id}"]`);
    await card.locator('[data-flag="lookalike"]').waitFor();
    await card.getByRole('button', { name: 'Approve' }).click();
    await card.getByText('This address was flagged; check it and acknowledge the flags to approve it.').waitFor();
    await shot('07c-payees');
    await card.getByRole('checkbox').check();
    await card.getByRole('button', { name: 'Approve' }).click();
    await card.waitFor({ state: 'detached' });
    await page.locator(`[data-address-change="${change.id}"][data-state="active"]`).waitFor();
  });

  it('lists a payout run with its lines and rejects it out of review', async () => {
    const clerk = await keel.tokenWith(['payouts:write', 'payouts:read']);
    const [ada] = await createPayablePayees({
      url: base,
      writer: clerk,
      reviewer: keel.adminToken,
      chainId: 31337,
      n: 1,
      prefix: 'e2e-run',
    });
    const plan = await api(base, clerk, 'POST', '/v1/payout-plans', {
      name: 'e2e plan',
      chainId: 31337,
      asset: 'tUSD',
      recipients: [{ payeeId: ada!.id, shareBps: 10_000 }],
      source: { kind: 'fixed', amount: '5000' },
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const run = await api(base, clerk, 'POST', '/v1/payout-runs', {
      planId: plan.body.id,
      period: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
    });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(run.body.status).toBe('pending_review');
    await goto('/payouts');
    const card = page.locator(`[data-run="${run.body.id}"]`);
    await card.locator(`[data-line="${run.body.lines[0].id}"][data-line-status="pending"]`).waitFor();
    await page.locator(`[data-plan="${plan.body.id}"]`).waitFor();
    await shot('07d-payouts');
    // Its statement for this month (the run was made today): earned 5000, nothing paid yet.
    const statement = page.getByTestId('payee-statement');
    await page.getByTestId('statement-payee').selectOption(ada!.id);
    await statement.locator(`[data-line="${run.body.lines[0].id}"][data-line-status="pending"]`).waitFor();
    const totals = page.getByTestId('statement-totals').locator('tr[data-asset="tUSD"]');
    await expect.poll(() => totals.locator('[data-total="earned"]').innerText(), POLL).toBe('5000');
    expect(await totals.locator('[data-total="paid"]').innerText()).toBe('0');
    await shot('07e-payee-statement');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^runId,lineId,/);
    expect(csv).toContain(run.body.lines[0].id);
    // The admin (another principal than the clerk who made the run) decides it here: rejected,
    // so nothing is sent (the overview's figures below count this world's transactions).
    await card.getByRole('textbox').fill('not this month');
    await card.getByRole('button', { name: 'Reject' }).click();
    await page.locator(`[data-run="${run.body.id}"][data-status="rejected"]`).waitFor();
    await card.getByText('Decision note: not this month').waitFor();
  });

  it('shows webhook endpoints and their delivery log', async () => {
    await goto('/webhooks');
    await page.getByTestId('endpoints-table').getByText('ops backend').waitFor();
    await expect.poll(() => page.getByTestId('endpoint-owner').first().innerText(), POLL).toBe('test admin');
    // Newest first: the unreachable endpoint (created last) is shown first; open the receiver's log.
    const opsRow = page.getByTestId('endpoints-table').locator('tr', { hasText: 'ops backend' });
    await opsRow.getByRole('button', { name: 'Deliveries' }).click();
    await opsRow.getByRole('button', { name: 'Showing deliveries' }).waitFor();
    const deliveries = page.getByTestId('deliveries-table');
    await deliveries.waitFor();
    await shot('08-webhooks');
    // Send a delivered event again: it goes back to pending and is delivered once more.
    const before = receiver.received.length;
    await deliveries.getByRole('button', { name: 'Send again' }).first().click();
    await expect.poll(() => receiver.received.length, POLL).toBeGreaterThan(before);
  });

  it('shows the audit log as verified, with the review and breaker entries', async () => {
    await goto('/audit');
    await page.getByTestId('audit-verify').getByText('Verified').waitFor();
    const table = page.getByTestId('audit-table');
    await table.getByText('breaker.reset').waitFor();
    const text = await table.innerText();
    for (const action of ['review.approved', 'breaker.tripped', 'policy.approved', 'webhook_endpoint.created'])
      expect(text).toContain(action);
    // details as labelled fields, not raw JSON
    const tripped = table.locator('tr', { hasText: 'breaker.tripped' }).first().getByTestId('audit-details');
    expect(await tripped.locator('dt').allInnerTexts()).toContain('Reason');
    expect(await tripped.locator('dd').allInnerTexts()).toContain('Oracle drift under investigation');
    expect(text).not.toMatch(/\{"/);
    // actors are shown by principal, with the key beneath
    expect(await table.locator('tr', { hasText: 'breaker.reset' }).first().locator('[data-actor]').innerText()).toMatch(
      /^test admin\s+key_/,
    );
    await shot('09-audit');
  });

  it('looks up a portfolio', async () => {
    await goto('/portfolio');
    await page.getByRole('textbox', { name: 'Addresses' }).fill(chainA.world.accounts.treasury);
    await page.getByRole('button', { name: 'Look up' }).click();
    await page
      .locator(`[data-account="${chainA.world.accounts.treasury}"]`)
      .first()
      .getByText('tUSD')
      .first()
      .waitFor();
    expect(await page.getByText('Keel Dev B (31338)').count()).toBe(1);
    // Keel's own accounts are one click away, shown by name.
    await goto('/portfolio');
    await page.getByRole('button', { name: "All of Keel's accounts" }).click();
    for (const a of [chainA.world.accounts.treasury, chainA.world.accounts.operations])
      await page.locator(`[data-account="${a}"]`).first().getByText('tUSD').first().waitFor();
    expect(await page.getByRole('textbox', { name: 'Addresses' }).inputValue()).toContain(
      chainA.world.accounts.operations,
    );
    expect(
      await page
        .locator(`[data-account="${chainA.world.accounts.operations}"]`)
        .first()
        .getByTestId('addr-name')
        .innerText(),
    ).toBe('operations');
    await shot('10-portfolio');
    // So are the demo world's users (the dev config lists them): all at once, or one by name.
    await goto('/portfolio');
    const demo = page.getByTestId('portfolio-demo-users');
    await demo.getByRole('button', { name: 'demo user 4' }).waitFor();
    expect(await demo.getByRole('button').allInnerTexts()).toEqual([
      'All demo users',
      'demo user 1',
      'demo user 2',
      'demo user 3',
      'demo user 4',
    ]);
    await demo.getByRole('button', { name: 'demo user 3' }).click();
    const user3 = chainA.world.accounts.users[2]!;
    expect(await page.getByRole('textbox', { name: 'Addresses' }).inputValue()).toBe(user3);
    const user3Card = page.locator(`[data-account="${user3}"]`).first();
    await user3Card.getByText('Keel Demo USD Vault (kvUSD)').waitFor();
    expect(await user3Card.getByTestId('addr-name').innerText()).toBe('demo user 3');
    await demo.getByRole('button', { name: 'All demo users' }).click();
    for (const u of chainA.world.accounts.users)
      await page.locator(`[data-account="${u}"]`).first().getByText('tUSD').first().waitFor();
    await shot('10b-portfolio-demo-users');
    // A fresh overview after all of it.
    await goto('/?range=1h');
    await page.getByTestId('kpi-reviews').getByText('1', { exact: true }).waitFor();
    await page.getByText('RPC latency — Keel Dev B (31338)').waitFor();
    await page.waitForTimeout(4_500); // one more poll: two latency samples on the charts
    await shot('02-overview');
  });

  it('had no script errors or CSP violations in the browser', () => {
    expect(problems).toEqual([]);
  });
});

describe('the endpoints behind the dashboard', () => {
  it('GET /v1/me answers any valid key with its identity', async () => {
    const me = await api(base, creator, 'GET', '/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      object: 'api_key_identity',
      scopes: ['transactions:write', 'transactions:read'],
      principal: { id: expect.stringMatching(/^prn_/), kind: 'operator' },
    });
    expect(me.body.id).toMatch(/^key_/);
    expect((await api(base, 'keel_sk_bad', 'GET', '/v1/me')).body).toMatchObject({
      status: 401,
      code: 'unauthenticated',
    });
  });

  it('GET /v1/stats/overview computes the figures from the database', async () => {
    const now = new Date();
    const range = `from=${new Date(now.getTime() - 3_600_000).toISOString()}&to=${new Date(now.getTime() + 60_000).toISOString()}&bucket=5m`;
    const r = await api(base, operator, 'GET', `/v1/stats/overview?${range}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const o = r.body;
    expect(o.bucket).toBe('5m');
    expect(o.buckets.length).toBeGreaterThanOrEqual(13);
    for (const s of [
      o.transactions.confirmed,
      o.settle.p50Seconds,
      o.volume.usd,
      o.reviews.requested,
      o.webhooks.succeeded,
      o.breakers.trips,
    ])
      expect(s).toHaveLength(o.buckets.length);
    expect(o.transactions.totals).toMatchObject({ confirmed: 2, reverted: 0, failed: 0, successRate: 1 });
    expect(o.volume.totalUsd).toBe('12250');
    expect(o.volume.byAsset).toEqual([
      { chainId: 31337, symbol: 'tUSD', decimals: 6, amount: '12250', baseUnits: '12250000000', count: 2 },
    ]);
    expect(o.settle.overall.count).toBe(2);
    expect(o.settle.overall.p95Seconds).toBeGreaterThan(0);
    const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
    expect([sum(o.reviews.requested), sum(o.reviews.approved), o.reviews.pending]).toEqual([2, 1, 1]);
    expect(sum(o.breakers.trips)).toBe(1);
    expect(o.breakers.open).toEqual([]);
    expect(sum(o.webhooks.succeeded)).toBeGreaterThan(0);
    expect(o.webhooks.endpoints).toMatchObject({ enabled: 2 });
    expect(o.rpc.map((c: any) => c.chainId)).toEqual([31337, 31338]);
    expect(o.rpc[0].endpoints[0]).toMatchObject({ status: 'healthy', chainVerified: true });
    // A key that may read transactions but not breakers or webhooks gets the same transaction
    // figures and nothing of the other two (the overview widens no key's view).
    const narrow = await api(base, creator, 'GET', `/v1/stats/overview?${range}`);
    expect(narrow.status).toBe(200);
    expect(narrow.body).toMatchObject({
      breakers: null,
      webhooks: null,
      transactions: { totals: o.transactions.totals },
    });
  });

  it('GET /v1/stats/overview refuses bad ranges with problem+json', async () => {
    const bad = await api(base, creator, 'GET', '/v1/stats/overview?from=2025-06-02T00:00:00Z&to=2025-06-01T00:00:00Z');
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'querystring.from', code: 'range_empty' }],
    });
    const many = await api(
      base,
      creator,
      'GET',
      '/v1/stats/overview?from=2025-01-01T00:00:00Z&to=2025-06-01T00:00:00Z&bucket=1m',
    );
    expect(many.body.errors[0]).toMatchObject({ field: 'querystring.bucket', code: 'too_many_buckets' });
    expect((await api(base, creator, 'GET', '/v1/stats/overview?bucket=2h')).status).toBe(422);
    expect((await api(base, creator, 'GET', '/v1/stats/overview?from=yesterday')).status).toBe(422);
    expect((await api(base, proposer, 'GET', '/v1/stats/overview')).body).toMatchObject({
      status: 403,
      requiredScope: 'transactions:read',
    });
  });

  it('GET /v1/transactions/:id/balance-changes compares simulated with actual', async () => {
    const r = await api(base, creator, 'GET', `/v1/transactions/${ids.big}/balance-changes`);
    expect(r.status).toBe(200);
    expect(r.body.differences).toEqual([]);
    expect(r.body.actual).toEqual(r.body.simulated);
    expect(r.body.actual).toContainEqual({
      address: chainA.world.accounts.treasury,
      asset: chainA.world.contracts.tUSD,
      delta: '-12000000000',
    });
    expect(BigInt(r.body.fee.wei)).toBeGreaterThan(0n);
    const pending = await api(base, creator, 'GET', `/v1/transactions/${ids.own}/balance-changes`);
    expect(pending.body).toMatchObject({ status: 'pending_review', actual: null, differences: null });
    expect(
      (await api(base, creator, 'GET', '/v1/transactions/tx_00000000000000000000000000/balance-changes')).status,
    ).toBe(404);
    expect((await api(base, creator, 'GET', '/v1/transactions/nope/balance-changes')).status).toBe(422);
  });
});

// The hosted checkout and the payments pages (test/dashboard-payments.e2e.ts), last: the figures
// above are taken before payments add sweeps and refunds.
paymentsE2e(() => ({ base, operator, page, browser, db, chainA, chainB, shots: SHOTS, dashboardProblems: problems }));

describe('an ordered batch in the review queue', () => {
  it('shows a swap and the approval it spends as one card, explained step by step, and approves both with one decision', async () => {
    const swapper = await keel.tokenWith(['swaps:write', 'transactions:read']);
    // 4 WETH ≈ $12,000: above the dev policy's review threshold.
    const q = await api(base, swapper, 'POST', '/v1/swaps/quotes', {
      chainId: 31337,
      account: 'treasury',
      userId: 'u-treasury',
      tokenIn: 'WETH',
      tokenOut: 'tUSD',
      amountIn: '4',
      slippageBps: 100,
    });
    expect(q.status, JSON.stringify(q.body)).toBe(201);
    const s = await api(base, swapper, 'POST', '/v1/swaps', { quoteId: q.body.id });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect(s.body.status).toBe('pending_review');
    const [approval, swap] = s.body.transactions as Array<{ id: string }>;

    await goto('/reviews');
    if (await page.getByLabel('API key').isVisible()) {
      await page.getByLabel('API key').fill(operator);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    const card = page.locator(`[data-review="${approval!.id}"]`);
    await card.waitFor();
    // One card for the batch, not one per member.
    expect(await page.locator(`[data-review="${swap!.id}"]`).count()).toBe(0);
    expect(
      await card.locator('[data-member]').evaluateAll((els) => els.map((e) => e.getAttribute('data-member'))),
    ).toEqual([approval!.id, swap!.id]);
    expect(await card.locator('h2').innerText()).toMatch(/^Batch of 2: /);
    expect(await card.getByTestId('batch-note').innerText()).toContain('approved or rejected together');
    // The batch's preview once, one step per member, then one fee for the whole batch.
    const text = await card.innerText();
    expect(text).toMatch(
      /Approve Uniswap V2 Router[^\n]*to spend exactly 4\.00 WETH[\s\S]*Swap exactly 4\.00 WETH[\s\S]*for the whole batch/,
    );
    expect(text.match(/Swap exactly 4\.00 WETH/g)).toHaveLength(1);
    // The title names the token contract the approval calls, with its address.
    expect(await card.locator('h2').innerText()).toMatch(/approve\(\) on WETH \(Wrapped Ether\) \(0x75E5…c208\)/);
    await shot('11-review-batch');

    await card.getByRole('textbox').fill('Treasury rebalancing, checked');
    await card.getByRole('button', { name: 'Approve' }).click();
    await page
      .getByTestId('review-done')
      .getByText(/Approved: Batch of 2/)
      .waitFor();
    await card.waitFor({ state: 'detached' });
    for (const t of [approval!, swap!]) {
      const got = await api(base, operator, 'GET', `/v1/transactions/${t.id}`);
      expect(got.body.review).toMatchObject({ decision: 'approved' });
    }
    await waitForTx(base, operator, swap!.id, statusIs('confirmed'));
    expect(problems).toEqual([]);
  });
});
