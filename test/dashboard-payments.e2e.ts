import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createPublicClient, createWalletClient, http, parseUnits, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, describe, expect, it } from 'vitest';
import { erc20Abi } from '../src/contracts/abis.ts';
import { users } from '../src/devnet/accounts.ts';
import { qrPath } from '../web/src/checkout/qr.ts';
import type { TestDatabase } from './helpers/db.ts';
import type { TestChain } from './helpers/devchain.ts';
import { api } from './helpers/pipeline.ts';

/**
 * The hosted checkout and the dashboard's payments pages, in the same browser, Keel and chains
 * as test/dashboard.e2e.test.ts (which calls `paymentsE2e` last, so its own figures are taken
 * before payments add sweeps and refunds). Not a test file of its own: vitest runs it from there.
 *
 * A payer (a demo user's wallet) pays an intent on Keel Dev B (3 confirmations) in two parts;
 * the checkout page, on a phone-sized viewport, follows it from waiting to "received X of Y",
 * to "payment seen", to "confirmed" without a reload. End states (cancelled, expired,
 * underpaid) and unknown links have their own pages. The dashboard lists the intent as
 * succeeded, shows its payments, and issues a refund that reaches succeeded.
 */

export interface PaymentsE2eContext {
  base: string;
  operator: string;
  /** The dashboard tab, signed in as the operator. */
  page: Page;
  browser: Browser;
  db: TestDatabase;
  chainA: TestChain;
  chainB: TestChain;
  shots: string;
  /** Script errors and CSP violations seen in the dashboard tab. */
  dashboardProblems: string[];
}

export function paymentsE2e(ctx: () => PaymentsE2eContext) {
  let phone: BrowserContext;
  let pay: Page;
  const problems: string[] = [];
  const intents: Record<string, any> = {};
  const payer = users[0]!;

  const c = () => ctx();
  const create = async (body: Record<string, unknown>) => {
    const r = await api(c().base, c().operator, 'POST', '/v1/payment-intents', { asset: 'tUSD', ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const chain = (id: number) => (id === c().chainA.chainId ? c().chainA : c().chainB);
  const rpc = (id: number, method: string, params: unknown[] = []) =>
    createPublicClient({ transport: http(chain(id).rpcUrl) }).request({
      method: method as 'eth_chainId',
      params: params as never,
    });
  const mine = (id: number, n = 1) => rpc(id, 'anvil_mine', [`0x${n.toString(16)}`]);
  async function sendTusd(chainId: number, to: string, amount: string) {
    const url = chain(chainId).rpcUrl;
    const wallet = createWalletClient({
      account: privateKeyToAccount(payer.privateKey),
      transport: http(url),
      chain: {
        id: chainId,
        name: 't',
        nativeCurrency: { name: 'E', symbol: 'ETH', decimals: 18 },
        rpcUrls: { default: { http: [url] } },
      },
    });
    const hash = await wallet.writeContract({
      address: chain(chainId).world.contracts.tUSD,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [to as Address, parseUnits(amount, 6)],
    });
    await createPublicClient({ transport: http(url) }).waitForTransactionReceipt({ hash });
    return hash;
  }
  const shot = (p: Page, name: string) => p.screenshot({ path: join(c().shots, `${name}.png`), fullPage: true });
  const phase = (p: Page, value: string, timeout = 15_000) =>
    p.locator(`[data-testid="co-status"][data-phase="${value}"]`).waitFor({ timeout });

  afterAll(async () => {
    await phone?.close();
  });

  describe('hosted checkout (phone viewport, headless Chromium)', () => {
    it('sets up a phone-sized browser and an intent accepted on both networks', async () => {
      phone = await c().browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      pay = await phone.newPage();
      pay.setDefaultTimeout(15_000);
      pay.on('console', (m) => {
        if (
          m.type() === 'error' &&
          !/Failed to load resource: the server responded with a status of 404/.test(m.text())
        )
          problems.push(`console: ${m.text()}`);
      });
      pay.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      intents.main = await create({
        amount: '25',
        customerReference: 'order-77',
        description: 'Order 77 — 2 flat whites',
        metadata: { internalNote: 'vip-do-not-show' },
      });
      expect(intents.main.chains.map((x: any) => x.name)).toEqual(['Keel Dev A', 'Keel Dev B']);
    });

    it('GET /v1/checkout/:id answers without a key and only the whitelisted fields', async () => {
      const res = await fetch(`${c().base}/v1/checkout/${intents.main.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as any;
      const text = JSON.stringify(body);
      for (const secret of [
        'order-77',
        'vip-do-not-show',
        'internalNote',
        'customerReference',
        'metadata',
        'refunds',
        'needsAttention',
        'key_',
      ])
        expect(text, secret).not.toContain(secret);
      expect(body).toMatchObject({
        object: 'checkout',
        id: intents.main.id,
        status: 'requires_payment',
        description: 'Order 77 — 2 flat whites',
        amount: { amount: '25' },
        asset: { symbol: 'tUSD', decimals: 6 },
        depositAddress: intents.main.depositAddress,
        payments: [],
      });
      expect(body.chains).toEqual(intents.main.chains);
      const missing = await fetch(`${c().base}/v1/checkout/pi_00000000000000000000000000`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    });

    it('shows the amount, networks, address, a QR code of the API’s payment URI and a countdown', async () => {
      const pi = intents.main;
      await pay.goto(`${c().base}/pay/${pi.id}`);
      await phase(pay, 'waiting');
      await pay.evaluate('window.marker = 42'); // gone if the page ever reloads
      expect(await pay.getByTestId('co-amount').innerText()).toMatch(/^25\s+tUSD$/);
      expect(await pay.getByText('Order 77 — 2 flat whites').count()).toBe(1);
      expect(await pay.getByTestId('co-address').textContent()).toBe(pi.depositAddress);
      expect(await pay.getByTestId('co-amount-copy').textContent()).toBe('25');
      await pay.getByRole('button', { name: 'Copy deposit address' }).click(); // clipboard or selection, never an error
      expect(await pay.getByTestId('co-countdown').innerText()).toMatch(/Expires in 1[45]:\d\d/);
      const qrOf = async () => pay.getByTestId('co-qr').locator('path').getAttribute('d');
      expect(await pay.getByTestId('co-wallet-link').getAttribute('href')).toBe(pi.chains[0].paymentUri);
      expect(await pay.getByTestId('co-uri').textContent()).toBe(pi.chains[0].paymentUri);
      expect(await qrOf()).toBe(qrPath(pi.chains[0].paymentUri).path);
      expect(await pay.getByTestId('co-guidance').innerText()).toMatch(
        /Another token, or another network, will not complete this payment\. Nothing is lost: the merchant is notified and can refund it/,
      );
      await shot(pay, 'checkout-1-waiting');
      await pay.getByRole('tab', { name: 'Keel Dev B' }).click();
      expect(await qrOf()).toBe(qrPath(pi.chains[1].paymentUri).path);
      expect(await pay.getByTestId('co-wallet-link').getAttribute('href')).toBe(pi.chains[1].paymentUri);
      // What the page shows never includes what the merchant keeps to itself.
      const html = await pay.content();
      expect(html).not.toContain('order-77');
      expect(html).not.toContain('vip-do-not-show');
    });

    it('follows a payment in two parts: received X of Y, payment seen, then confirmed after the confirmations — without reloading', async () => {
      const pi = intents.main;
      const B = c().chainB.chainId;
      await sendTusd(B, pi.depositAddress, '10');
      await phase(pay, 'partial');
      expect(await pay.getByTestId('co-status').innerText()).toContain('Received 10 of 25 tUSD');
      // The code now asks for the rest only.
      const rest = pi.chains[1].paymentUri.replace('uint256=25000000', 'uint256=15000000');
      expect(await pay.getByTestId('co-wallet-link').getAttribute('href')).toBe(rest);
      expect(await pay.getByTestId('co-qr').locator('path').getAttribute('d')).toBe(qrPath(rest).path);
      await shot(pay, 'checkout-2-partial');

      await sendTusd(B, pi.depositAddress, '15');
      await phase(pay, 'seen');
      expect(await pay.getByTestId('co-status').innerText()).toMatch(
        /Payment seen — waiting for confirmations[\s\S]*of 3 confirmations/,
      );
      expect(await pay.getByTestId('co-payments').innerText()).toMatch(/Confirming \(\d of 3\)/);
      expect(await pay.getByTestId('co-qr').count()).toBe(0); // nothing more to send
      await shot(pay, 'checkout-3-seen');

      await mine(B, 3);
      await phase(pay, 'confirmed');
      expect(await pay.getByTestId('co-status').innerText()).toContain('25 tUSD received');
      expect(await pay.locator('[data-payment-status="confirmed"]').count()).toBe(2);
      expect(await pay.evaluate('window.marker')).toBe(42);
      await shot(pay, 'checkout-4-confirmed');
    });

    it('shows the end states: cancelled, expired, and underpaid with what arrived', async () => {
      intents.cancelled = await create({ amount: '12' });
      expect(
        (
          await api(c().base, c().operator, 'POST', `/v1/payment-intents/${intents.cancelled.id}/cancel`, {
            reason: 'customer left',
          })
        ).status,
      ).toBe(200);
      await pay.goto(`${c().base}/pay/${intents.cancelled.id}`);
      await phase(pay, 'cancelled');
      expect(await pay.getByTestId('co-status').innerText()).toContain('Please do not send anything to this address');
      expect(await pay.getByTestId('co-qr').count()).toBe(0);
      await shot(pay, 'checkout-5-cancelled');

      intents.expired = await create({ amount: '8' });
      intents.underpaid = await create({ amount: '5' });
      await sendTusd(c().chainA.chainId, intents.underpaid.depositAddress, '2');
      await pay.goto(`${c().base}/pay/${intents.underpaid.id}`);
      await phase(pay, 'partial');
      await c()
        .db.db.updateTable('payment_intents')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('id', 'in', [intents.expired.id, intents.underpaid.id])
        .execute();
      await phase(pay, 'underpaid'); // live, without a reload
      expect(await pay.getByTestId('co-status').innerText()).toMatch(
        /Expired with 2 of 5 tUSD received[\s\S]*can refund what you sent/,
      );
      await shot(pay, 'checkout-6-underpaid');
      await pay.goto(`${c().base}/pay/${intents.expired.id}`);
      await phase(pay, 'expired');
      expect(await pay.getByTestId('co-status').innerText()).toContain('This payment request has expired');
      await shot(pay, 'checkout-7-expired');
    });

    it('answers an unknown or malformed link with a friendly not-found page', async () => {
      const r = await pay.goto(`${c().base}/pay/pi_00000000000000000000000000`);
      expect(r?.status()).toBe(200);
      await pay.getByTestId('co-not-found').getByText('Payment not found').waitFor();
      await shot(pay, 'checkout-8-not-found');
      const bad = await pay.goto(`${c().base}/pay/not-a-payment`);
      expect(bad?.status()).toBe(404);
      expect(bad?.headers()['content-security-policy']).toContain("default-src 'self'");
      await pay.getByTestId('co-not-found').waitFor();
    });

    it('had no script errors or CSP violations on the checkout page', () => {
      expect(problems).toEqual([]);
    });
  });

  describe('dashboard payments pages', () => {
    it('lists the intent as succeeded, filters by status and customer reference', async () => {
      const page = c().page;
      await page.goto(`${c().base}/dashboard/payments`);
      await page.locator(`[data-intent="${intents.main.id}"] [data-status="succeeded"]`).waitFor();
      await page.locator(`[data-intent="${intents.underpaid.id}"] [data-status="underpaid"]`).waitFor();
      await page.getByLabel('Status').selectOption('cancelled');
      await page.locator(`[data-intent="${intents.cancelled.id}"]`).waitFor();
      await page.locator(`[data-intent="${intents.main.id}"]`).waitFor({ state: 'detached' });
      await page.getByLabel('Status').selectOption('');
      await page.getByLabel('Customer reference').fill('order-77');
      await page.locator(`[data-intent="${intents.cancelled.id}"]`).waitFor({ state: 'detached' });
      expect(await page.getByTestId('payments-table').locator('tbody tr').count()).toBe(1);
      await page.getByLabel('Customer reference').fill('');
      await page.locator(`[data-intent="${intents.cancelled.id}"]`).waitFor();
      await shot(page, '11-payments');
    });

    it('shows the payments received and issues a refund from the form, which reaches succeeded', async () => {
      const page = c().page;
      const B = c().chainB.chainId;
      await page.locator(`[data-intent="${intents.main.id}"] a`).click();
      const rows = page.getByTestId('pi-payments').locator('tbody tr');
      await rows.nth(1).waitFor();
      expect(await rows.count()).toBe(2);
      const detail = await page.getByTestId('pi-payments').innerText();
      expect(detail).toMatch(/Keel Dev B[\s\S]*10 tUSD[\s\S]*Confirmed/);
      expect(await page.getByTestId('pi-amounts').innerText()).toMatch(/Received \(final\)\s*25 tUSD/i);
      expect(await page.getByTestId('checkout-link').getAttribute('href')).toBe(`/pay/${intents.main.id}`);

      const form = page.getByRole('form', { name: 'Refund' });
      expect(await form.getByLabel('Recipient').inputValue()).toBe(payer.address);
      await form.getByLabel('Amount (tUSD)').fill('100');
      await form.getByRole('button', { name: 'Refund' }).click();
      await form.getByText('This refund is more than what can be refunded.').waitFor();
      await form.getByLabel('Amount (tUSD)').fill('5');
      await form.getByLabel('Reason').selectOption('other');
      await form.getByRole('button', { name: 'Refund' }).click();
      await form.getByTestId('refund-done').waitFor();
      const refundRow = page.getByTestId('pi-refunds').locator('tbody tr').first();
      await refundRow.locator('[data-status="pending"]').waitFor();
      // The refund's transfer needs 3 confirmations on Keel Dev B: mine until the page shows it done.
      const deadline = Date.now() + 30_000;
      while (!(await refundRow.locator('[data-status="succeeded"]').count())) {
        if (Date.now() > deadline) throw new Error(`refund did not succeed: ${await refundRow.innerText()}`);
        await mine(B);
        await page.waitForTimeout(300);
      }
      const pi = (await api(c().base, c().operator, 'GET', `/v1/payment-intents/${intents.main.id}`)).body;
      expect(pi).toMatchObject({ amountRefunded: { amount: '5' }, refundable: { amount: '20' } });
      expect(pi.refunds[0]).toMatchObject({ status: 'succeeded', to: payer.address, chainId: B });
      await shot(page, '12-payment-detail');
    });

    it('cancels from the detail page, and shows the settlement report', async () => {
      const page = c().page;
      const open = await create({ amount: '3', customerReference: 'order-78' });
      await page.goto(`${c().base}/dashboard/payments/${open.id}`);
      await page.getByRole('button', { name: 'Cancel payment…' }).click();
      await page.getByLabel('Cancel reason').fill('customer changed their mind');
      await page.getByRole('button', { name: 'Confirm cancel' }).click();
      await page.locator('h1 [data-status="cancelled"]').waitFor();

      await page.goto(`${c().base}/dashboard/payments/report`);
      await page.getByTestId('report-kpis').waitFor();
      expect(await page.getByTestId('report-costs').innerText()).toMatch(
        /Keel \(sweep gas\)[\s\S]*Card[\s\S]*2\.9% \+ 0\.30 USD per payment[\s\S]*Wire/,
      );
      await page.getByTestId('report-intents').getByText(intents.main.id).waitFor();
      expect(await page.getByTestId('report-timings').innerText()).toMatch(
        /seen[\s\S]*final \(confirmed\)[\s\S]*swept to the treasury/,
      );
      await shot(page, '13-settlement-report');
    });

    it('had no script errors or CSP violations in the dashboard', () => {
      expect(c().dashboardProblems).toEqual([]);
    });
  });
}
