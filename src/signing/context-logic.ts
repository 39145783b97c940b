import { maxUint160, maxUint256 } from 'viem';
import { formatAmount, formatUtcTime, safeChecksum, shortAddress } from '../pipeline/format.ts';
import { warning, type SigningWarning } from './warnings.ts';

/**
 * What Keel knows when it renders a signing preview, and the checks every signing surface
 * shares: names for addresses, token amounts, spender trust, lookalike addresses, expiry, and
 * the assessment of an allowance grant. PURE: the caller gathers the context beforehand
 * (configuration, address book), so a user-operation preview can reuse the same checks.
 */

/** Uniswap Permit2: the same address on every chain (CREATE2). */
export const PERMIT2_ADDRESS = '0x000000000022D473030F116dDEE9F6B43aC78BA3';

/** Address book kinds Keel trusts as spenders of an end user's tokens. */
export const TRUSTED_SPENDER_KINDS = ['account', 'spender', 'vault', 'dex_router', 'deposit_factory'] as const;

export interface SigningSettings {
  /** A deadline or expiration further away than this is `long_expiry`. */
  maxExpirySeconds: number;
  /** Amounts at or above this (and max uint160/uint256) are `unlimited_amount`. */
  unlimitedThreshold: bigint;
  /** Hex characters compared at each end of an address for `lookalike_address`. */
  lookalike: { prefixChars: number; suffixChars: number };
}

export interface SigningContext {
  /** The chain the end user signs on (the request's chainId). */
  chainId: number;
  chainName: string;
  /** The chain's configured assets. */
  assets: ReadonlyArray<{ address: string; symbol: string; decimals: number; name?: string | undefined }>;
  /** Addresses Keel knows on this chain (its address book): name and kind. */
  known: ReadonlyArray<{ address: string; name: string; kind: string }>;
  /** The end user's address, when the caller gave it. */
  signer?: string | undefined;
  settings: SigningSettings;
  now: Date;
}

const same = (a: string | undefined, b: string | undefined): boolean =>
  !!a && !!b && a.toLowerCase() === b.toLowerCase();

export function assetAt(ctx: SigningContext, address: string) {
  return ctx.assets.find((a) => same(a.address, address));
}

/** The name Keel knows for an address: "your account", an address book name, Permit2. */
export function nameOf(ctx: SigningContext, address: string): string | undefined {
  if (same(address, ctx.signer)) return 'your account';
  if (same(address, PERMIT2_ADDRESS)) return 'Uniswap Permit2';
  return ctx.known.find((k) => same(k.address, address))?.name;
}

/** "DEX router (Uniswap V2) (0x3e4E…97c7)" or the full checksummed address when unnamed. */
export function who(ctx: SigningContext, address: string): string {
  const n = nameOf(ctx, address);
  return n ? `${n} (${shortAddress(address)})` : safeChecksum(address);
}

/** "1,200.00 tUSD"; a token Keel does not know is shown in base units with its address. */
export function tokenAmount(ctx: SigningContext, token: string, amount: bigint): string {
  const a = assetAt(ctx, token);
  return a
    ? `${formatAmount(amount, a.decimals)} ${a.symbol}`
    : `${amount} base units of the unknown token ${safeChecksum(token)}`;
}

export function isUnlimited(ctx: SigningContext, amount: bigint): boolean {
  return amount === maxUint256 || amount === maxUint160 || amount >= ctx.settings.unlimitedThreshold;
}

/** Whether Keel trusts `spender` on this chain (its accounts and configured spenders, vaults, router). */
export function isTrustedSpender(ctx: SigningContext, spender: string): boolean {
  return ctx.known.some(
    (k) => same(k.address, spender) && (TRUSTED_SPENDER_KINDS as readonly string[]).includes(k.kind),
  );
}

/** Compares in lower case: same first `prefixChars` and last `suffixChars` hex characters, another address. */
export function looksLike(a: string, b: string, prefixChars: number, suffixChars: number): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x.length !== 42 || y.length !== 42 || x === y) return false;
  return (
    x.slice(2, 2 + prefixChars) === y.slice(2, 2 + prefixChars) &&
    x.slice(42 - suffixChars) === y.slice(42 - suffixChars)
  );
}

/**
 * `lookalike_address` for each address that is not itself known but shares both ends with one
 * Keel knows (its accounts, configured contracts, Permit2, the signer): address poisoning.
 */
export function lookalikeWarnings(
  ctx: SigningContext,
  addresses: ReadonlyArray<{ path: string; address: string }>,
): SigningWarning[] {
  const { prefixChars, suffixChars } = ctx.settings.lookalike;
  const known = [
    ...ctx.known.map((k) => ({ address: k.address, name: k.name })),
    { address: PERMIT2_ADDRESS, name: 'Uniswap Permit2' },
    ...(ctx.signer ? [{ address: ctx.signer, name: 'your account' }] : []),
  ];
  const out: SigningWarning[] = [];
  const done = new Set<string>();
  for (const { path, address } of addresses) {
    if (known.some((k) => same(k.address, address))) continue;
    const twin = known.find((k) => looksLike(address, k.address, prefixChars, suffixChars));
    if (!twin || done.has(path)) continue;
    done.add(path);
    out.push(
      warning(
        'lookalike_address',
        path,
        `${safeChecksum(address)} looks like ${twin.name} (${safeChecksum(twin.address)}) but is a different address.`,
      ),
    );
  }
  return out;
}

/** When a deadline ends, for a preview line: "until 2026-12-06 12:03 UTC" / "with no end date". */
export function untilText(ctx: SigningContext, at: bigint | null): string {
  return at === null ? 'with no end date' : `until ${formatUtcTime(at, ctx.now)}`;
}

/**
 * Expiry warnings of one deadline (unix seconds; null: never ends): `no_expiry`, `expired`, or
 * `long_expiry` beyond `settings.maxExpirySeconds` from now. `what` names it in the sentence.
 */
export function expiryWarnings(ctx: SigningContext, at: bigint | null, field: string, what: string): SigningWarning[] {
  if (at === null) return [warning('no_expiry', field, `The ${what} never expires.`)];
  const now = BigInt(Math.floor(ctx.now.getTime() / 1000));
  if (at < now) return [warning('expired', field, `The ${what} ended at ${formatUtcTime(at)}.`)];
  const max = BigInt(ctx.settings.maxExpirySeconds);
  if (at - now > max) {
    const days = (at - now) / 86_400n;
    return [
      warning(
        'long_expiry',
        field,
        `The ${what} lasts until ${formatUtcTime(at)}, ${days > 100_000n ? 'practically forever' : `${days} days from now`} (more than ${Math.round(ctx.settings.maxExpirySeconds / 86_400)} days).`,
      ),
    ];
  }
  return [];
}

/** A permission to move tokens that a signature grants. */
export interface Approval {
  /** `allowance`: a standing allowance; `transfer`: one transfer the spender may pull. */
  kind: 'allowance' | 'transfer';
  token: string;
  spender: string;
  amount: bigint;
  /** Path of the amount field (`message.value`, `message.details[0].amount`). */
  amountField: string;
  spenderField: string;
}

/**
 * The warnings and the plain sentence of one approval: `approval` (unless it is a revocation),
 * `unlimited_amount`, `unknown_spender`.
 */
export function assessApproval(ctx: SigningContext, a: Approval): { text: string; warnings: SigningWarning[] } {
  const warnings: SigningWarning[] = [];
  const s = who(ctx, a.spender);
  if (!isTrustedSpender(ctx, a.spender))
    warnings.push(
      warning(
        'unknown_spender',
        a.spenderField,
        `The spender ${safeChecksum(a.spender)} is not an address this service knows on ${ctx.chainName}.`,
      ),
    );
  const symbol = assetAt(ctx, a.token)?.symbol ?? `the token ${shortAddress(a.token)}`;
  if (a.amount === 0n && a.kind === 'allowance')
    return { text: `Remove the permission of ${s} to spend ${symbol}`, warnings };
  const unlimited = isUnlimited(ctx, a.amount);
  if (unlimited)
    warnings.push(
      warning('unlimited_amount', a.amountField, `${s} could move ALL your ${symbol}, now and later, without limit.`),
    );
  const amount = unlimited ? `an UNLIMITED amount of ${symbol}` : tokenAmount(ctx, a.token, a.amount);
  warnings.unshift(
    warning(
      'approval',
      a.amountField,
      a.kind === 'allowance'
        ? `Signing lets ${s} spend ${amount} from your account.`
        : `Signing lets ${s} take ${amount} from your account once.`,
    ),
  );
  const text =
    a.kind === 'allowance' ? `Allow ${s} to spend ${amount}` : `Allow ${s} to take ${amount} from your account, once`;
  return { text, warnings };
}
