import { privateKeyToAccount } from 'viem/accounts';
import { recoverAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { renderSigningPreview, type SigningPreview } from './preview-logic.ts';
import {
  context,
  DAY,
  daiPermit,
  erc2612,
  MAX160,
  MAX256,
  MAX48,
  NOW_S,
  permitBatch,
  permitSingle,
  permitTransferFrom,
  ROUTER,
  STRANGER,
  TOKEN,
  TREASURY,
  TREASURY_TWIN,
  USER,
} from './test-support.ts';
import type { TypedDataInput } from './typed-data-logic.ts';

const preview = (typedData: TypedDataInput, ctx = context()): SigningPreview =>
  renderSigningPreview(ctx, { kind: 'typed_data', typedData });
const codes = (p: SigningPreview) => p.warnings.map((w) => w.code).sort();
const has = (p: SigningPreview, code: string, field?: string) =>
  p.warnings.some((w) => w.code === code && (field === undefined || w.field === field));

describe('ERC-2612 permit', () => {
  it('decodes owner, spender, value and deadline; a bounded permit to a known router warns only of the approval', () => {
    const p = preview(erc2612({ value: 1_500_000n }));
    expect(p).toMatchObject({ kind: 'erc2612_permit', standard: 'eip712', risk: 'medium' });
    expect(codes(p)).toEqual(['approval']);
    expect(p.lines[0]).toBe('Allow DEX router (Uniswap V2) (0x3E4e…97C7) to spend 1.50 tUSD.');
    expect(p.approvals).toEqual([
      expect.objectContaining({
        kind: 'allowance',
        token: { address: TOKEN, symbol: 'tUSD', decimals: 6 },
        amount: expect.objectContaining({ baseUnits: '1500000', unlimited: false }),
      }),
    ]);
  });

  it('flags max uint256 and anything at the configured threshold as unlimited, one below as not', () => {
    expect(has(preview(erc2612({ value: MAX256 })), 'unlimited_amount', 'message.value')).toBe(true);
    expect(has(preview(erc2612({ value: 1n << 128n })), 'unlimited_amount')).toBe(true);
    expect(has(preview(erc2612({ value: (1n << 128n) - 1n })), 'unlimited_amount')).toBe(false);
    const lower = context({ settings: { ...context().settings, unlimitedThreshold: 10n ** 12n } });
    expect(has(preview(erc2612({ value: 10n ** 12n }), lower), 'unlimited_amount')).toBe(true);
    expect(preview(erc2612({ value: MAX256 })).risk).toBe('high');
  });

  it('a zero value revokes: no approval warning', () => {
    const p = preview(erc2612({ value: 0n }));
    expect(has(p, 'approval')).toBe(false);
    expect(p.lines[0]).toMatch(/^Remove the permission of DEX router/);
  });

  it('an unknown spender is flagged, a known one not', () => {
    expect(has(preview(erc2612({ spender: STRANGER })), 'unknown_spender', 'message.spender')).toBe(true);
    expect(has(preview(erc2612({ spender: TREASURY })), 'unknown_spender')).toBe(false);
    // Known, but as a token, not as a spender: still unknown as a spender.
    expect(has(preview(erc2612({ spender: TOKEN })), 'unknown_spender')).toBe(true);
  });

  it('a spender that looks like the treasury is a lookalike', () => {
    const p = preview(erc2612({ spender: TREASURY_TWIN }));
    const w = p.warnings.find((x) => x.code === 'lookalike_address');
    expect(w).toMatchObject({ field: 'message.spender', severity: 'high' });
    expect(w!.message).toContain(TREASURY);
    expect(has(preview(erc2612({ spender: TREASURY })), 'lookalike_address')).toBe(false);
    // Differs in the last four characters: not a lookalike by the configured rule.
    expect(has(preview(erc2612({ spender: '0x7099aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa79c9' })), 'lookalike_address')).toBe(
      false,
    );
  });

  it('expiry boundaries: exactly the maximum is fine, one second more is long, past is expired, max uint256 never ends', () => {
    const max = BigInt(30 * 86_400);
    expect(has(preview(erc2612({ deadline: NOW_S + max })), 'long_expiry')).toBe(false);
    expect(has(preview(erc2612({ deadline: NOW_S + max + 1n })), 'long_expiry', 'message.deadline')).toBe(true);
    expect(has(preview(erc2612({ deadline: NOW_S })), 'expired')).toBe(false);
    expect(has(preview(erc2612({ deadline: NOW_S - 1n })), 'expired', 'message.deadline')).toBe(true);
    const never = preview(erc2612({ deadline: MAX256 }));
    expect(has(never, 'no_expiry', 'message.deadline')).toBe(true);
    expect(has(never, 'long_expiry')).toBe(false);
  });

  it('chain_mismatch when the domain names another chain; signer_mismatch when the owner is not the signer', () => {
    expect(has(preview(erc2612({ chainId: 1 })), 'chain_mismatch', 'domain.chainId')).toBe(true);
    expect(has(preview(erc2612()), 'chain_mismatch')).toBe(false);
    expect(has(preview(erc2612({ owner: STRANGER })), 'signer_mismatch', 'message.owner')).toBe(true);
    expect(has(preview(erc2612({ owner: STRANGER }), context({ signer: undefined })), 'signer_mismatch')).toBe(false);
  });

  it('a permit on a token Keel does not know: unknown_verifying_contract, amount in base units', () => {
    const p = preview(erc2612({ token: STRANGER, value: 5n }));
    expect(has(p, 'unknown_verifying_contract', 'domain.verifyingContract')).toBe(true);
    expect(p.lines[0]).toContain('5 base units of the unknown token');
    expect(has(preview(erc2612()), 'unknown_verifying_contract')).toBe(false);
  });

  it('the digest is what a wallet signs: the signature recovers to the signer', async () => {
    const account = privateKeyToAccount(`0x${'11'.repeat(32)}`);
    const td = erc2612({ owner: account.address });
    const p = preview(td);
    // Signed by viem from the caller's own document (EIP712Domain dropped: viem derives it).
    const sign = account.signTypedData as (p: Record<string, unknown>) => Promise<`0x${string}`>;
    const signature = await sign({
      domain: { ...td.domain, chainId: 31337 },
      types: { Permit: td.types.Permit },
      primaryType: 'Permit',
      message: {
        ...td.message,
        value: BigInt(td.message.value as string),
        deadline: BigInt(td.message.deadline as string),
        nonce: 0n,
      },
    });
    expect(await recoverAddress({ hash: p.digest, signature })).toBe(account.address);
  });
});

describe('DAI-style permit', () => {
  it('allowed = true is an unlimited allowance; expiry 0 never ends', () => {
    const p = preview(daiPermit());
    expect(p.kind).toBe('dai_permit');
    expect(codes(p)).toEqual(['approval', 'no_expiry', 'unlimited_amount']);
    expect(p.approvals[0]!.amount.unlimited).toBe(true);
  });
  it('allowed = false revokes', () => {
    const p = preview(daiPermit({ allowed: false, expiry: NOW_S + DAY }));
    expect(codes(p)).toEqual([]);
    expect(p.risk).toBe('low');
  });
});

describe('Permit2 AllowanceTransfer', () => {
  it('PermitSingle to a known router: approval only, named amount and end date', () => {
    const p = preview(permitSingle());
    expect(p.kind).toBe('permit2_allowance');
    expect(codes(p)).toEqual(['approval']);
    expect(p.domain!.verifyingContractName).toBe('Uniswap Permit2');
    expect(p.lines[0]).toBe(
      'Allow DEX router (Uniswap V2) (0x3E4e…97C7) to spend 5.00 tUSD, until 2026-12-13 00:00 UTC.',
    );
  });
  it('PermitSingle to a random address: unknown_spender', () => {
    expect(has(preview(permitSingle({ spender: STRANGER })), 'unknown_spender', 'message.spender')).toBe(true);
  });
  it('max uint160 is unlimited; max uint48 expiration never ends; 0 is this block only; past is expired', () => {
    expect(has(preview(permitSingle({ amount: MAX160 })), 'unlimited_amount', 'message.details.amount')).toBe(true);
    expect(has(preview(permitSingle({ expiration: MAX48 })), 'no_expiry', 'message.details.expiration')).toBe(true);
    const sameBlock = preview(permitSingle({ expiration: 0n }));
    expect(codes(sameBlock)).toEqual(['approval']);
    expect(sameBlock.lines[0]).toMatch(/for the block it is submitted in only/);
    expect(has(preview(permitSingle({ expiration: NOW_S - 10n })), 'expired', 'message.details.expiration')).toBe(true);
    expect(has(preview(permitSingle({ expiration: NOW_S + 31n * DAY })), 'long_expiry')).toBe(true);
    expect(has(preview(permitSingle({ sigDeadline: NOW_S + 31n * DAY })), 'long_expiry', 'message.sigDeadline')).toBe(
      true,
    );
  });
  it('a Permit2 message checked by another contract than Permit2 is flagged', () => {
    expect(has(preview(permitSingle({ verifyingContract: STRANGER })), 'unknown_verifying_contract')).toBe(true);
    expect(has(preview(permitSingle()), 'unknown_verifying_contract')).toBe(false);
  });
  it('PermitBatch: one approval per token, one unknown_spender per permit', () => {
    const p = preview(
      permitBatch(
        [
          { token: TOKEN, amount: 1n },
          { token: STRANGER, amount: MAX160 },
        ],
        STRANGER,
      ),
    );
    expect(p.kind).toBe('permit2_allowance_batch');
    expect(p.approvals).toHaveLength(2);
    expect(p.warnings.filter((w) => w.code === 'approval')).toHaveLength(2);
    expect(p.warnings.filter((w) => w.code === 'unknown_spender')).toHaveLength(1);
    expect(has(p, 'unlimited_amount', 'message.details[1].amount')).toBe(true);
  });
});

describe('Permit2 SignatureTransfer', () => {
  it('PermitTransferFrom: a one-time transfer to the spender', () => {
    const p = preview(permitTransferFrom());
    expect(p.kind).toBe('permit2_transfer');
    expect(p.approvals[0]!.kind).toBe('transfer');
    expect(p.lines[0]).toBe('Allow DEX router (Uniswap V2) (0x3E4e…97C7) to take 2.00 tUSD from your account, once.');
    expect(codes(p)).toEqual(['approval']);
  });
  it('PermitBatchTransferFrom to a stranger', () => {
    const p = preview(permitTransferFrom({ batch: true, spender: STRANGER }));
    expect(p.kind).toBe('permit2_transfer_batch');
    expect(p.approvals).toHaveLength(2);
    expect(has(p, 'unknown_spender')).toBe(true);
  });
  it('witness variants decode generically, and the witness fields are checked too (lookalike recipient)', () => {
    for (const batch of [false, true]) {
      const p = preview(permitTransferFrom({ witness: true, batch }));
      expect(p.kind).toBe(batch ? 'permit2_transfer_batch' : 'permit2_transfer');
      expect(p.lines.some((l) => l.includes('ExclusiveDutchOrder'))).toBe(true);
      expect(p.fields.map((f) => f.path)).toContain('message.witness.recipient');
      expect(has(p, 'lookalike_address', 'message.witness.recipient')).toBe(true);
    }
  });
  it('an expired deadline', () => {
    expect(has(preview(permitTransferFrom({ deadline: NOW_S - 1n })), 'expired', 'message.deadline')).toBe(true);
  });
});

describe('generic typed data', () => {
  const order: TypedDataInput = {
    domain: { name: 'Some Exchange', version: '2', chainId: 31337, verifyingContract: STRANGER },
    types: {
      Order: [
        { name: 'maker', type: 'address' },
        { name: 'sellAmount', type: 'uint256' },
        { name: 'tags', type: 'string[]' },
        { name: 'legs', type: 'Leg[2]' },
      ],
      Leg: [
        { name: 'to', type: 'address' },
        { name: 'data', type: 'bytes' },
      ],
    },
    primaryType: 'Order',
    message: {
      maker: USER,
      sellAmount: '10',
      tags: ['a', 'b'],
      legs: [
        { to: ROUTER, data: '0x' },
        { to: TREASURY_TWIN, data: '0xdeadbeef' },
      ],
    },
  };
  it('renders every field, names known addresses, and says it is not recognised', () => {
    const p = preview(order);
    expect(p.kind).toBe('typed_data');
    expect(p.fields.filter((f) => f.path.startsWith('message.')).map((f) => f.path)).toEqual([
      'message.maker',
      'message.sellAmount',
      'message.tags[0]',
      'message.tags[1]',
      'message.legs[0].to',
      'message.legs[0].data',
      'message.legs[1].to',
      'message.legs[1].data',
    ]);
    expect(p.lines).toContain('maker: your account (0xf39F…2266)');
    expect(codes(p)).toEqual(['lookalike_address', 'unknown_verifying_contract', 'unrecognised_message']);
    expect(p.risk).toBe('high');
  });
  it('a message checked by a known contract has no unknown_verifying_contract', () => {
    expect(
      has(preview({ ...order, domain: { ...order.domain, verifyingContract: ROUTER } }), 'unknown_verifying_contract'),
    ).toBe(false);
  });
  it('a shape that only resembles a permit (a missing field) is not decoded as one', () => {
    const td = erc2612();
    const p = preview({
      ...td,
      types: { ...td.types, Permit: td.types.Permit!.filter((f) => f.name !== 'deadline') },
      message: { ...td.message, deadline: undefined },
    });
    expect(p.kind).toBe('typed_data');
  });
});

describe('personal messages (EIP-191)', () => {
  const personal = (message: string, origin?: string) =>
    renderSigningPreview(context(), { kind: 'personal_message', message, origin });
  it('shows the text; a plain message is low risk', () => {
    const p = personal('Log in to Example\nNonce: 123', 'example.com');
    expect(p).toMatchObject({ standard: 'eip191', kind: 'personal_message', risk: 'low', warnings: [] });
    expect(p.message!.text).toBe('Log in to Example\nNonce: 123');
  });
  it('a 32-byte hex message is a blind signature', () => {
    expect(personal(`0x${'ab'.repeat(32)}`).warnings.map((w) => w.code)).toEqual(['blind_signature']);
    expect(personal('ab'.repeat(32)).warnings.map((w) => w.code)).toEqual(['blind_signature']);
  });
  it('hex that decodes to text is shown as text; binary that looks like a transaction is blind', () => {
    const p = personal('0x68656c6c6f');
    expect(p.message!.text).toBe('hello');
    expect(p.warnings).toEqual([]);
    const tx = personal('0x02f86b827a6980843b9aca00850ba43b74008252089412345678');
    expect(tx.warnings[0]).toMatchObject({ code: 'blind_signature' });
    expect(tx.warnings[0]!.message).toMatch(/transaction/);
  });
  it('a domain other than the origin is flagged; the origin and its subdomains are not', () => {
    expect(personal('evil.com wants you to sign in', 'https://app.example.com').warnings[0]!.code).toBe(
      'origin_mismatch',
    );
    expect(personal('app.example.com wants you to sign in', 'https://app.example.com:443/login').warnings).toEqual([]);
    expect(personal('Visit https://login.example.com/x', 'example.com').warnings).toEqual([]);
    expect(personal('Visit https://example.com.evil.io/x', 'example.com').warnings[0]!.code).toBe('origin_mismatch');
    // Without an origin, domains are listed but not judged.
    expect(personal('evil.com').warnings).toEqual([]);
  });
  it('invisible and direction-changing characters are flagged', () => {
    expect(personal('pay \u202Emoc.live\u202C').warnings.map((w) => w.code)).toContain('hidden_characters');
  });
  it('the digest is the EIP-191 hash a wallet signs', async () => {
    const account = privateKeyToAccount(`0x${'22'.repeat(32)}`);
    const p = personal('hello');
    expect(await recoverAddress({ hash: p.digest, signature: await account.signMessage({ message: 'hello' }) })).toBe(
      account.address,
    );
  });
});
