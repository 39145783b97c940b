import { decodeFunctionData, type Abi, type Address, type Hex } from 'viem';
import type { ChainConfig } from '../config/schema.ts';
import { erc20Abi, erc4626Abi, uniswapV2Router02Abi, uniswapV2RouterExtraAbi, weth9Abi } from '../contracts/abis.ts';
import { amountOf, isUnlimitedAllowance, usdOf, type Amount, type FeedState } from '../lib/prices.ts';
import { formatAmount, formatDuration, formatUsd8, formatUtcTime, safeChecksum, shortAddress } from './format.ts';

/**
 * Plain-language preview of a transaction before it is signed (write path, step "preview").
 * PURE: plain data in, plain data out. Calls are decoded only against contracts the chain
 * configuration knows; anything else is described as unknown, never guessed.
 * Rules and wording: docs/previews.md.
 */

/** One call of a transaction (a plain transaction is one call). */
export interface PreviewCall {
  to: Address;
  data: Hex;
  value: bigint;
}

/** Everything a preview is rendered from; gathered beforehand by the caller. */
export interface PreviewInput {
  chain: ChainConfig;
  from: { address: Address; label?: string };
  calls: readonly PreviewCall[];
  facts: {
    /** Recipients Keel has never sent to from this account. */
    firstTimeRecipients: readonly Address[];
    /** Names for addresses (address book, signer names). */
    knownLabels?: Readonly<Record<Address, string>>;
    /** Whether an address has code on this chain; absent means "not known" and is not claimed. */
    isContract?: Readonly<Record<Address, boolean>>;
    /** Share-token decimals of configured vaults; without them share amounts are shown raw. */
    shareDecimals?: Readonly<Record<Address, number>>;
  };
  fee: { gasLimit: bigint; maxFeePerGas: bigint; nativeUsd?: FeedState };
  /** Predicted by simulation. `asset` is `'native'` or a token address. */
  balanceChanges?: readonly { address: Address; asset: 'native' | Address; delta: bigint }[];
  /** Price per configured asset symbol (and the native symbol). */
  prices?: Readonly<Record<string, FeedState>>;
  /** Wrapped-native contract; default: the configured asset whose symbol is "W" + nativeSymbol. */
  wrappedNative?: Address;
  /** Seconds between blocks; default `pollIntervalMs / 1000` (an assumption, stated as such). */
  blockTimeSeconds?: number;
  /** Typical time until the chain's finalized tag covers a block; default 64 block times. */
  finalizedAfterSeconds?: number;
  /** Reference time for deadlines ("12:03 UTC" when on the same day; past deadlines warned). */
  now?: Date;
}

/** What a call does, as far as Keel can tell. */
export type PreviewKind =
  | 'transfer'
  | 'native_transfer'
  | 'approve'
  | 'vault_deposit'
  | 'vault_redeem'
  | 'swap'
  | 'wrap'
  | 'unwrap'
  | 'unknown';

/** The description of one call, with what a reviewer should double-check. */
export interface PreviewLine {
  index: number;
  kind: PreviewKind;
  text: string;
  warnings: string[];
}

/** One predicted balance change (from simulation), described. */
export interface PreviewBalanceChange {
  address: Address;
  label: string;
  /** Asset symbol, or the short token address when the token is not configured. */
  asset: string;
  /** Signed decimal string ("-1200", "+0.5"); base units when the token's decimals are unknown. */
  delta: string;
  usd?: string;
  text: string;
}

/** The rendered preview: plain data, ready for the API and the review queue. */
export interface Preview {
  lines: PreviewLine[];
  fee: { native: Amount; usd: string | null; text: string };
  balanceChanges: PreviewBalanceChange[];
  finality: { mode: 'confirmations' | 'finalized'; estimatedSeconds: number; text: string };
  summary: string;
}

const NOT_DECODED = 'not decoded: Keel cannot describe what it does';
const UNKNOWN_WARNING = 'Keel cannot describe this call. Approve it only if you know exactly what it does.';

const routerAbi = [...uniswapV2Router02Abi, ...uniswapV2RouterExtraAbi] as Abi;

type Asset = ChainConfig['assets'][number];
interface Ctx {
  input: PreviewInput;
  weth: string | undefined;
}

const same = (a: string | undefined, b: string | undefined): boolean =>
  !!a && !!b && a.toLowerCase() === b.toLowerCase();
const lookup = <T>(rec: Readonly<Record<string, T>> | undefined, addr: string): T | undefined =>
  rec ? Object.entries(rec).find(([k]) => same(k, addr))?.[1] : undefined;

function assetAt(ctx: Ctx, addr: string): Asset | undefined {
  return ctx.input.chain.assets.find((a) => same(a.address, addr));
}

/** "tEUR (Keel Test EUR)", or just the symbol when no name is configured. */
function assetName(a: Asset): string {
  return a.name ? `${a.symbol} (${a.name})` : a.symbol;
}

/** "1,200.00 tEUR (Keel Test EUR)"; an unconfigured token is shown in raw base units. */
function tokenAmount(ctx: Ctx, token: string, amount: bigint): string {
  const a = assetAt(ctx, token);
  return a
    ? `${formatAmount(amount, a.decimals)} ${assetName(a)}`
    : `${amount} base units of unknown token ${shortAddress(token)}`;
}

function nativeAmount(ctx: Ctx, v: bigint): string {
  return `${formatAmount(v, ctx.input.chain.nativeDecimals)} ${ctx.input.chain.nativeSymbol}`;
}

/** A name Keel knows for an address (account label, address book, configured contract), if any. */
function nameOf(ctx: Ctx, addr: string): string | undefined {
  const { input } = ctx;
  if (same(addr, input.from.address)) return input.from.label ?? 'this account';
  const c = input.chain;
  return (
    lookup(input.facts.knownLabels, addr) ??
    c.vaults.find((v) => same(v.address, addr))?.name ??
    c.spenders.find((s) => same(s.address, addr))?.name ??
    assetAt(ctx, addr)?.name ??
    assetAt(ctx, addr)?.symbol
  );
}

/** "Uniswap V2 Router (demo) (0x3e4E…97c7)" or "0x3e4E…97c7". */
function who(ctx: Ctx, addr: string): string {
  const n = nameOf(ctx, addr);
  return n ? `${n} (${shortAddress(addr)})` : shortAddress(addr);
}

/** Describes a recipient and adds the warnings it deserves. */
function recipient(ctx: Ctx, to: string, warnings: string[]): string {
  const notes: string[] = [];
  if (ctx.input.facts.firstTimeRecipients.some((r) => same(r, to))) {
    notes.push('a first-time recipient');
    warnings.push(`First-time recipient: check the full address ${safeChecksum(to)} before approving.`);
  }
  if (lookup(ctx.input.facts.isContract, to) === true) {
    notes.push('a contract');
    warnings.push('The recipient is a contract: tokens sent to a contract that does not expect them can be lost.');
  }
  return who(ctx, to) + (notes.length ? `, ${notes.join(' and ')}` : '');
}

function otherReceiver(ctx: Ctx, receiver: string, warnings: string[]): string {
  if (same(receiver, ctx.input.from.address)) return '';
  warnings.push(`Proceeds go to another address than the sending account: ${safeChecksum(receiver)}.`);
  return `, paid to ${recipient(ctx, receiver, warnings)}`;
}

function decode(abi: Abi, data: Hex): { functionName: string; args: readonly unknown[] } | undefined {
  try {
    const d = decodeFunctionData({ abi, data });
    return { functionName: d.functionName, args: (d.args ?? []) as readonly unknown[] };
  } catch {
    return undefined;
  }
}

function unknownLine(ctx: Ctx, call: PreviewCall, known: boolean, fn?: string): Omit<PreviewLine, 'index'> {
  const selector = call.data.length >= 10 ? call.data.slice(0, 10) : undefined;
  const what = fn ? `function ${fn}` : selector ? `function ${selector}` : `malformed call data ${call.data}`;
  const target = known ? who(ctx, call.to) : `unknown contract ${who(ctx, call.to)}`;
  const why = fn ? 'decoded, but Keel does not describe this function' : NOT_DECODED;
  const value = call.value > 0n ? `, and send ${nativeAmount(ctx, call.value)} with the call` : '';
  return { kind: 'unknown', text: `Call ${what} on ${target} (${why})${value}`, warnings: [UNKNOWN_WARNING] };
}

/** Describes one call; never guesses: undecodable or undescribed calls come out as `unknown`. */
function describe(ctx: Ctx, call: PreviewCall): Omit<PreviewLine, 'index'> {
  const c = ctx.input.chain;
  const warnings: string[] = [];
  const empty = call.data.length === 0 || /^0x$/i.test(call.data);
  if (empty) {
    if (same(call.to, ctx.weth) && call.value > 0n) {
      return {
        kind: 'wrap',
        text: `Wrap ${nativeAmount(ctx, call.value)} into ${tokenAmount(ctx, call.to, call.value)}`,
        warnings,
      };
    }
    const text = `Send ${nativeAmount(ctx, call.value)} to ${recipient(ctx, call.to, warnings)}`;
    return { kind: 'native_transfer', text, warnings };
  }
  const asset = assetAt(ctx, call.to);
  const vault = c.vaults.find((v) => same(v.address, call.to));
  const router = c.spenders.find((s) => s.kind === 'dex_router' && same(s.address, call.to));
  const isWeth = same(call.to, ctx.weth);
  const abi = (router ? routerAbi : vault ? erc4626Abi : isWeth ? weth9Abi : asset ? erc20Abi : undefined) as
    | Abi
    | undefined;
  if (!abi) return unknownLine(ctx, call, false);
  const d = decode(abi, call.data);
  if (!d) return unknownLine(ctx, call, true);
  const a = d.args;
  let out: Omit<PreviewLine, 'index'> | undefined;
  switch (d.functionName) {
    case 'transfer':
      if (asset)
        out = {
          kind: 'transfer',
          text: `Send ${tokenAmount(ctx, call.to, a[1] as bigint)} to ${recipient(ctx, a[0] as string, warnings)}`,
          warnings,
        };
      break;
    case 'transferFrom':
      if (asset) {
        const text = `Move ${tokenAmount(ctx, call.to, a[2] as bigint)} from ${who(ctx, a[0] as string)} to ${recipient(ctx, a[1] as string, warnings)}`;
        out = { kind: 'transfer', text, warnings };
      }
      break;
    case 'approve':
      if (asset) out = approveLine(ctx, asset, a[0] as string, a[1] as bigint, warnings);
      break;
    case 'deposit':
      if (vault) {
        const under = c.assets.find((x) => x.symbol === vault.asset);
        const amt = under
          ? tokenAmount(ctx, under.address, a[0] as bigint)
          : `${a[0] as bigint} base units of ${vault.asset}`;
        const rest = same(a[1] as string, ctx.input.from.address)
          ? ''
          : otherReceiver(ctx, a[1] as string, warnings).replace('paid to', 'shares to');
        out = { kind: 'vault_deposit', text: `Deposit exactly ${amt} into ${who(ctx, call.to)}${rest}`, warnings };
      } else if (isWeth) {
        out = {
          kind: 'wrap',
          text: `Wrap ${nativeAmount(ctx, call.value)} into ${tokenAmount(ctx, call.to, call.value)}`,
          warnings,
        };
        return out;
      }
      break;
    case 'withdraw':
      if (vault) out = vaultOut(ctx, call.to, 'withdraw', a[0] as bigint, a[1] as string, a[2] as string, warnings);
      else if (isWeth)
        out = {
          kind: 'unwrap',
          text: `Unwrap ${tokenAmount(ctx, call.to, a[0] as bigint)} into ${nativeAmount(ctx, a[0] as bigint)}`,
          warnings,
        };
      break;
    case 'redeem':
      if (vault) out = vaultOut(ctx, call.to, 'redeem', a[0] as bigint, a[1] as string, a[2] as string, warnings);
      break;
    default:
      if (router && d.functionName.startsWith('swap')) out = swapLine(ctx, call, d.functionName, a, warnings);
  }
  if (!out) return unknownLine(ctx, call, true, d.functionName);
  // The ETH of swapExactETHForTokens is the swap's input, already in the text.
  if (call.value > 0n && d.functionName !== 'swapExactETHForTokens') {
    out.text += `, and send ${nativeAmount(ctx, call.value)} with the call`;
    out.warnings.push(`The call also sends ${nativeAmount(ctx, call.value)}, which this function does not expect.`);
  }
  return out;
}

function approveLine(
  ctx: Ctx,
  asset: Asset,
  spender: string,
  amount: bigint,
  warnings: string[],
): Omit<PreviewLine, 'index'> {
  const known = ctx.input.chain.spenders.some((s) => same(s.address, spender));
  if (!known)
    warnings.push(`The spender ${safeChecksum(spender)} is not a spender Keel knows on ${ctx.input.chain.name}.`);
  const s = who(ctx, spender);
  if (amount === 0n)
    return { kind: 'approve', text: `Remove the permission of ${s} to spend ${assetName(asset)}`, warnings };
  if (isUnlimitedAllowance(amount)) {
    warnings.push(`UNLIMITED approval: ${s} could move all ${asset.symbol} of this account, now and later.`);
    return { kind: 'approve', text: `Approve ${s} to spend an UNLIMITED amount of ${assetName(asset)}`, warnings };
  }
  return {
    kind: 'approve',
    text: `Approve ${s} to spend exactly ${tokenAmount(ctx, asset.address, amount)}`,
    warnings,
  };
}

function vaultOut(
  ctx: Ctx,
  vaultAddr: Address,
  fn: 'withdraw' | 'redeem',
  amount: bigint,
  receiver: string,
  owner: string,
  warnings: string[],
): Omit<PreviewLine, 'index'> {
  const vault = ctx.input.chain.vaults.find((v) => same(v.address, vaultAddr))!;
  const under = ctx.input.chain.assets.find((x) => x.symbol === vault.asset);
  const underName = under ? assetName(under) : vault.asset;
  if (!same(owner, ctx.input.from.address))
    warnings.push(`Shares are taken from another owner than the sending account: ${safeChecksum(owner)}.`);
  const tail = otherReceiver(ctx, receiver, warnings);
  if (fn === 'withdraw') {
    const amt = under ? tokenAmount(ctx, under.address, amount) : `${amount} base units of ${vault.asset}`;
    return { kind: 'vault_redeem', text: `Withdraw exactly ${amt} from ${who(ctx, vaultAddr)}${tail}`, warnings };
  }
  const dec = lookup(ctx.input.facts.shareDecimals, vaultAddr);
  const shares =
    dec === undefined ? `${amount} share base units (share decimals not known)` : `${formatAmount(amount, dec)} shares`;
  return { kind: 'vault_redeem', text: `Redeem ${shares} of ${who(ctx, vaultAddr)} for ${underName}${tail}`, warnings };
}

/** Router02 swaps; a route shorter than two tokens cannot be described (left `unknown`). */
function swapLine(
  ctx: Ctx,
  call: PreviewCall,
  fn: string,
  a: readonly unknown[],
  warnings: string[],
): Omit<PreviewLine, 'index'> | undefined {
  const ethIn = fn === 'swapExactETHForTokens';
  const [path, to, deadline] = (ethIn ? [a[1], a[2], a[3]] : [a[2], a[3], a[4]]) as [
    readonly Address[],
    Address,
    bigint,
  ];
  if (path.length < 2) return undefined;
  const first = path[0]!;
  const last = path[path.length - 1]!;
  const tok = (t: Address, v: bigint): string => tokenAmount(ctx, t, v);
  const eth = (v: bigint): string => nativeAmount(ctx, v);
  let give: string;
  let get: string;
  if (fn === 'swapExactTokensForTokens')
    [give, get] = [`exactly ${tok(first, a[0] as bigint)}`, `at least ${tok(last, a[1] as bigint)}`];
  else if (fn === 'swapTokensForExactTokens')
    [give, get] = [`at most ${tok(first, a[1] as bigint)}`, `exactly ${tok(last, a[0] as bigint)}`];
  else if (ethIn) [give, get] = [`exactly ${eth(call.value)}`, `at least ${tok(last, a[0] as bigint)}`];
  else [give, get] = [`exactly ${tok(first, a[0] as bigint)}`, `at least ${eth(a[1] as bigint)}`];
  for (const t of path)
    if (!assetAt(ctx, t)) warnings.push(`The swap route includes a token Keel does not know: ${safeChecksum(t)}.`);
  const route =
    path.length > 2 ? `, routed ${path.map((t) => assetAt(ctx, t)?.symbol ?? shortAddress(t)).join(' → ')}` : '';
  const when = formatUtcTime(deadline, ctx.input.now);
  if (ctx.input.now && deadline < BigInt(Math.floor(ctx.input.now.getTime() / 1000)))
    warnings.push(`The deadline (${when}) has already passed: this swap will fail.`);
  const text = `Swap ${give} for ${get} via ${who(ctx, call.to)}${route}${otherReceiver(ctx, to, warnings)} (deadline ${when})`;
  return { kind: 'swap', text, warnings };
}

function feePart(input: PreviewInput): Preview['fee'] {
  const c = input.chain;
  const wei = input.fee.gasLimit * input.fee.maxFeePerGas;
  const shown = formatAmount(wei, c.nativeDecimals, { minFraction: 0, maxFraction: 8 });
  const feed = input.fee.nativeUsd ?? input.prices?.[c.nativeSymbol];
  const usd8 = usdOf(wei, c.nativeDecimals, feed);
  const usd = usd8 === null ? null : formatUsd8(usd8);
  const usdText =
    usd === null
      ? 'USD value unavailable'
      : feed?.status === 'stale'
        ? `about ${usd}; price may be out of date`
        : `about ${usd}`;
  return {
    native: amountOf(wei, c.nativeDecimals),
    usd,
    text: `Network fee: at most ${shown} ${c.nativeSymbol} (${usdText})`,
  };
}

function balancePart(ctx: Ctx): PreviewBalanceChange[] {
  const { input } = ctx;
  const c = input.chain;
  return (input.balanceChanges ?? []).map((b) => {
    const label = nameOf(ctx, b.address) ?? shortAddress(b.address);
    const labelText = nameOf(ctx, b.address) ? `${label} (${shortAddress(b.address)})` : label;
    const native = b.asset === 'native';
    const asset = native ? undefined : assetAt(ctx, b.asset);
    const sign = b.delta > 0n ? '+' : '';
    if (!native && !asset) {
      const sym = shortAddress(b.asset);
      const text = `${labelText}: ${sign}${b.delta} base units of unknown token ${sym}`;
      return { address: b.address, label, asset: sym, delta: `${sign}${b.delta}`, text };
    }
    const decimals = native ? c.nativeDecimals : asset!.decimals;
    const symbol = native ? c.nativeSymbol : asset!.symbol;
    const feed = input.prices?.[symbol] ?? (native ? input.fee.nativeUsd : undefined);
    const usd8 = usdOf(b.delta, decimals, feed);
    const usd = usd8 === null ? undefined : formatUsd8(usd8, { signed: true });
    const amt = formatAmount(b.delta, decimals, { signed: true });
    const stale = feed?.status === 'stale' ? '; price may be out of date' : '';
    const text = `${labelText}: ${amt} ${native ? symbol : assetName(asset!)}${usd ? ` (about ${usd}${stale})` : ''}`;
    return {
      address: b.address,
      label,
      asset: symbol,
      delta: `${sign}${amountOf(b.delta, decimals).amount}`,
      ...(usd ? { usd } : {}),
      text,
    };
  });
}

/** Time-to-finality estimate from the chain's configured finality rule; always says "about". */
export function finalityOf(
  chain: ChainConfig,
  opts: { blockTimeSeconds?: number; finalizedAfterSeconds?: number } = {},
): Preview['finality'] {
  const block = opts.blockTimeSeconds ?? chain.pollIntervalMs / 1000;
  if (chain.finality === 'finalized') {
    const s = opts.finalizedAfterSeconds ?? 64 * block;
    return {
      mode: 'finalized',
      estimatedSeconds: s,
      text: `Final when the chain marks the block finalized (about ${formatDuration(s)} on ${chain.name}; an estimate)`,
    };
  }
  const n = chain.confirmations;
  const s = Math.max(n, 1) * block;
  const rule = n === 0 ? 'Final once included in a block' : `Final after ${n} confirmation${n === 1 ? '' : 's'}`;
  return {
    mode: 'confirmations',
    estimatedSeconds: s,
    text: `${rule} (about ${formatDuration(s)} on ${chain.name}; an estimate)`,
  };
}

/**
 * Renders the plain-language preview of a transaction: one line per call, the fee ceiling in
 * native coin and USD, predicted balance changes, time to finality and a one-paragraph summary.
 */
export function renderPreview(input: PreviewInput): Preview {
  const weth =
    input.wrappedNative ?? input.chain.assets.find((a) => a.symbol === `W${input.chain.nativeSymbol}`)?.address;
  const ctx: Ctx = { input, weth };
  const lines = input.calls.map((call, index) => ({ index, ...describe(ctx, call) }));
  const fee = feePart(input);
  const balanceChanges = balancePart(ctx);
  const finality = finalityOf(input.chain, input);
  const fromText = who(ctx, input.from.address);
  const nWarn = lines.reduce((n, l) => n + l.warnings.length, 0);
  const calls = lines.length === 1 ? lines[0]!.text : lines.map((l, i) => `(${i + 1}) ${l.text}`).join('; ');
  const warnText =
    nWarn === 0 ? 'No warnings.' : `${nWarn} warning${nWarn === 1 ? '' : 's'}: read them before approving.`;
  const unknown = lines.some((l) => l.kind === 'unknown') ? ' Includes a call Keel cannot describe.' : '';
  const summary = `From ${fromText} on ${input.chain.name}: ${calls}. ${warnText}${unknown} ${fee.text}. ${finality.text}.`;
  return { lines, fee, balanceChanges, finality, summary };
}
