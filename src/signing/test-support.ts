import type { SigningContext } from './context-logic.ts';
import type { TypedDataInput } from './typed-data-logic.ts';

/** Shared fixture of the signing unit tests: a chain with one token, a router, Keel's treasury. */
export const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
export const ROUTER = '0x3e4E7E3b6C7C0F1c9a5C6d2A1a4e5B9F0C8D97c7'.toLowerCase();
export const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
export const USER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
export const STRANGER = '0x1234567890123456789012345678901234567890';
/** Same first and last four hex characters as TREASURY, another address. */
export const TREASURY_TWIN = '0x7099aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa79c8';
export const PERMIT2 = '0x000000000022D473030F116dDEE9F6B43aC78BA3';
export const NOW = new Date('2026-12-06T00:00:00Z');
export const NOW_S = BigInt(NOW.getTime() / 1000);
export const DAY = 86_400n;
export const MAX256 = (1n << 256n) - 1n;
export const MAX160 = (1n << 160n) - 1n;
export const MAX48 = (1n << 48n) - 1n;

export function context(over: Partial<SigningContext> = {}): SigningContext {
  return {
    chainId: 31337,
    chainName: 'Keel Dev A',
    now: NOW,
    assets: [{ address: TOKEN, symbol: 'tUSD', decimals: 6, name: 'Keel Test USD' }],
    known: [
      { address: ROUTER, name: 'DEX router (Uniswap V2)', kind: 'dex_router' },
      { address: TREASURY, name: 'treasury', kind: 'account' },
      { address: TOKEN, name: 'tUSD (Keel Test USD)', kind: 'asset' },
    ],
    signer: USER,
    settings: {
      maxExpirySeconds: 30 * 86_400,
      unlimitedThreshold: 1n << 128n,
      lookalike: { prefixChars: 4, suffixChars: 4 },
    },
    ...over,
  };
}

const s = (v: bigint) => v.toString();

export function erc2612(
  over: Partial<{
    owner: string;
    spender: string;
    value: bigint;
    deadline: bigint;
    chainId: number;
    token: string;
  }> = {},
): TypedDataInput {
  return {
    domain: {
      name: 'Keel Test USD',
      version: '1',
      chainId: over.chainId ?? 31337,
      verifyingContract: over.token ?? TOKEN,
    },
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
      ],
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Permit',
    message: {
      owner: over.owner ?? USER,
      spender: over.spender ?? ROUTER,
      value: s(over.value ?? 1_000_000n),
      nonce: 0,
      deadline: s(over.deadline ?? NOW_S + DAY),
    },
  };
}

export function daiPermit(over: Partial<{ allowed: boolean; expiry: bigint; spender: string }> = {}): TypedDataInput {
  return {
    domain: { name: 'Dai Stablecoin', version: '1', chainId: 31337, verifyingContract: TOKEN },
    types: {
      Permit: [
        { name: 'holder', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'nonce', type: 'uint256' },
        { name: 'expiry', type: 'uint256' },
        { name: 'allowed', type: 'bool' },
      ],
    },
    primaryType: 'Permit',
    message: {
      holder: USER,
      spender: over.spender ?? ROUTER,
      nonce: 3,
      expiry: s(over.expiry ?? 0n),
      allowed: over.allowed ?? true,
    },
  };
}

const permitDetails = [
  { name: 'token', type: 'address' },
  { name: 'amount', type: 'uint160' },
  { name: 'expiration', type: 'uint48' },
  { name: 'nonce', type: 'uint48' },
];
const tokenPermissions = [
  { name: 'token', type: 'address' },
  { name: 'amount', type: 'uint256' },
];
const permit2Domain = (verifyingContract = PERMIT2) => ({ name: 'Permit2', chainId: 31337, verifyingContract });

export function permitSingle(
  over: Partial<{
    spender: string;
    amount: bigint;
    expiration: bigint;
    sigDeadline: bigint;
    verifyingContract: string;
  }> = {},
): TypedDataInput {
  return {
    domain: permit2Domain(over.verifyingContract),
    types: {
      PermitSingle: [
        { name: 'details', type: 'PermitDetails' },
        { name: 'spender', type: 'address' },
        { name: 'sigDeadline', type: 'uint256' },
      ],
      PermitDetails: permitDetails,
    },
    primaryType: 'PermitSingle',
    message: {
      details: {
        token: TOKEN,
        amount: s(over.amount ?? 5_000_000n),
        expiration: s(over.expiration ?? NOW_S + 7n * DAY),
        nonce: 0,
      },
      spender: over.spender ?? ROUTER,
      sigDeadline: s(over.sigDeadline ?? NOW_S + 1800n),
    },
  };
}

export function permitBatch(tokens: Array<{ token: string; amount: bigint }>, spender = ROUTER): TypedDataInput {
  return {
    domain: permit2Domain(),
    types: {
      PermitBatch: [
        { name: 'details', type: 'PermitDetails[]' },
        { name: 'spender', type: 'address' },
        { name: 'sigDeadline', type: 'uint256' },
      ],
      PermitDetails: permitDetails,
    },
    primaryType: 'PermitBatch',
    message: {
      details: tokens.map((t, i) => ({ token: t.token, amount: s(t.amount), expiration: s(NOW_S + DAY), nonce: i })),
      spender,
      sigDeadline: s(NOW_S + 1800n),
    },
  };
}

export function permitTransferFrom(
  over: Partial<{ spender: string; amount: bigint; deadline: bigint; batch: boolean; witness: boolean }> = {},
): TypedDataInput {
  const permitted = over.batch
    ? [
        { token: TOKEN, amount: s(over.amount ?? 2_000_000n) },
        { token: STRANGER, amount: '7' },
      ]
    : { token: TOKEN, amount: s(over.amount ?? 2_000_000n) };
  const primary = `Permit${over.batch ? 'Batch' : ''}${over.witness ? 'Witness' : ''}TransferFrom`;
  const fields = [
    { name: 'permitted', type: over.batch ? 'TokenPermissions[]' : 'TokenPermissions' },
    { name: 'spender', type: 'address' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
    ...(over.witness ? [{ name: 'witness', type: 'ExclusiveDutchOrder' }] : []),
  ];
  return {
    domain: permit2Domain(),
    types: {
      [primary]: fields,
      TokenPermissions: tokenPermissions,
      ...(over.witness
        ? {
            ExclusiveDutchOrder: [
              { name: 'swapper', type: 'address' },
              { name: 'recipient', type: 'address' },
              { name: 'minOut', type: 'uint256' },
            ],
          }
        : {}),
    },
    primaryType: primary,
    message: {
      permitted,
      spender: over.spender ?? ROUTER,
      nonce: '42',
      deadline: s(over.deadline ?? NOW_S + 600n),
      ...(over.witness ? { witness: { swapper: USER, recipient: TREASURY_TWIN, minOut: '100' } } : {}),
    },
  };
}
