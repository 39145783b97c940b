import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';

/**
 * `POST /v1/signing-previews` through a real Keel (the shipped dev config, its address book):
 * a Permit2 approval to the configured DEX router is an approval and nothing worse; the same to
 * an unknown address is flagged `unknown_spender`; a permit whose spender looks like the
 * treasury is `lookalike_address`; malformed typed data answers 422 `typed_data_invalid` naming
 * the field; the scope is `transactions:read`. No chain is reached (configuration only).
 */

const NOWHERE = ['http://127.0.0.1:9'];
const PERMIT2 = '0x000000000022D473030F116dDEE9F6B43aC78BA3';

let db: TestDatabase;
let keel: TestKeel;
let reader: string;
let book: Array<{ address: string; kind: string; name: string; detail: string | null; chainId: number | null }>;

beforeAll(async () => {
  db = await testDatabase();
  keel = await startTestKeel(
    devConfigFor([{ chainId: 31337, rpcUrls: NOWHERE }], { signing: { maxExpirySeconds: 7 * 86_400 } }),
    db,
  );
  reader = await keel.tokenWith(['transactions:read']);
  const r = await fetch(`${keel.url}/v1/address-book`, { headers: { authorization: `Bearer ${keel.adminToken}` } });
  book = ((await r.json()) as { data: typeof book }).data;
});
afterAll(async () => {
  await keel?.stop();
  await db?.close();
});

async function preview(body: unknown, token = reader) {
  const r = await fetch(`${keel.url}/v1/signing-previews`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, type: r.headers.get('content-type'), body: (await r.json()) as any };
}

const now = () => Math.floor(Date.now() / 1000);

function permitSingle(spender: string, token: string, over: { amount?: string; expiration?: number } = {}) {
  return {
    chainId: 31337,
    typedData: {
      domain: { name: 'Permit2', chainId: 31337, verifyingContract: PERMIT2 },
      types: {
        PermitSingle: [
          { name: 'details', type: 'PermitDetails' },
          { name: 'spender', type: 'address' },
          { name: 'sigDeadline', type: 'uint256' },
        ],
        PermitDetails: [
          { name: 'token', type: 'address' },
          { name: 'amount', type: 'uint160' },
          { name: 'expiration', type: 'uint48' },
          { name: 'nonce', type: 'uint48' },
        ],
      },
      primaryType: 'PermitSingle',
      message: {
        details: { token, amount: over.amount ?? '25000000', expiration: over.expiration ?? now() + 86_400, nonce: 0 },
        spender,
        sigDeadline: String(now() + 1800),
      },
    },
  };
}

describe('POST /v1/signing-previews', () => {
  it('a Permit2 allowance to the configured router: an approval, named, and nothing worse', async () => {
    // The router is a configured spender (kind dex_router) on the dev chain.
    const router = book.find(
      (e) => e.chainId === 31337 && (e.kind === 'dex_router' || (e.kind === 'spender' && e.detail === 'dex_router')),
    )!;
    const tusd = book.find((e) => e.kind === 'asset' && e.detail === 'tUSD' && e.chainId === 31337)!;
    const r = await preview(permitSingle(router.address, tusd.address));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      object: 'signing_preview',
      kind: 'permit2_allowance',
      risk: 'medium',
      digest: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      domain: { verifyingContractName: 'Uniswap Permit2' },
      approvals: [{ kind: 'allowance', token: { symbol: 'tUSD' }, spender: { name: router.name } }],
    });
    expect(r.body.warnings.map((w: any) => w.code)).toEqual(['approval']);
    expect(r.body.lines[0]).toContain(`to spend 25.00 tUSD`);
  });

  it('the same permit to an unknown address: unknown_spender, high risk; unlimited and long expiry by config', async () => {
    const tusd = book.find((e) => e.kind === 'asset' && e.detail === 'tUSD')!;
    const r = await preview(
      permitSingle('0x1234567890123456789012345678901234567890', tusd.address, {
        amount: ((1n << 160n) - 1n).toString(),
        expiration: now() + 8 * 86_400,
      }),
    );
    expect(r.status).toBe(200);
    expect(r.body.risk).toBe('high');
    expect(r.body.warnings.map((w: any) => w.code).sort()).toEqual([
      'approval',
      'long_expiry',
      'unknown_spender',
      'unlimited_amount',
    ]);
    expect(r.body.warnings.find((w: any) => w.code === 'unknown_spender')).toMatchObject({
      severity: 'high',
      field: 'message.spender',
      explanation: expect.any(String),
    });
  });

  it('a spender that looks like the treasury is a lookalike', async () => {
    const treasury = book.find((e) => e.kind === 'account' && e.name === 'treasury')!.address.toLowerCase();
    const twin = `${treasury.slice(0, 6)}${'0'.repeat(32)}${treasury.slice(-4)}`;
    const tusd = book.find((e) => e.kind === 'asset' && e.detail === 'tUSD')!;
    const r = await preview(permitSingle(twin, tusd.address));
    expect(r.body.warnings.find((w: any) => w.code === 'lookalike_address')).toMatchObject({
      field: 'message.spender',
    });
  });

  it('a personal message naming another site than the origin', async () => {
    const r = await preview({
      chainId: 31337,
      message: 'evil.example wants you to sign in',
      origin: 'app.example.com',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ standard: 'eip191', risk: 'high', warnings: [{ code: 'origin_mismatch' }] });
    // Direction overrides reach the preview (no input guard strips them) and are flagged.
    const hidden = await preview({ chainId: 31337, message: 'Pay \u202Emoc.elpmaxe' });
    expect(hidden.body.warnings.map((w: any) => w.code)).toContain('hidden_characters');
  });

  it('malformed typed data: 422 typed_data_invalid naming the field; unknown chain and both inputs: 422', async () => {
    const tusd = book.find((e) => e.kind === 'asset' && e.detail === 'tUSD')!;
    const bad = permitSingle(PERMIT2, tusd.address, { amount: (1n << 160n).toString() });
    const r = await preview(bad);
    expect(r.status).toBe(422);
    expect(r.type).toMatch(/application\/problem\+json/);
    expect(r.body).toMatchObject({
      code: 'typed_data_invalid',
      userMessage: expect.any(String),
      errors: [{ field: 'typedData.message.details.amount', code: 'out_of_range' }],
    });
    const chain = await preview({ ...permitSingle(PERMIT2, tusd.address), chainId: 999 });
    expect(chain.status).toBe(422);
    expect(chain.body.errors[0]).toMatchObject({ field: 'chainId', code: 'unknown_chain' });
    expect((await preview({ ...permitSingle(PERMIT2, tusd.address), message: 'x' })).status).toBe(422);
    expect((await preview({ chainId: 31337 })).status).toBe(422);
  });

  it('needs transactions:read', async () => {
    const other = await keel.tokenWith(['payments:read']);
    const r = await preview({ chainId: 31337, message: 'hi' }, other);
    expect(r.status).toBe(403);
    expect(r.body.requiredScope).toBe('transactions:read');
  });
});
