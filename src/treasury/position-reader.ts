import { keccak256, toFunctionSelector, type Address, type Hex, type PublicClient } from 'viem';
import type { ChainConfig } from '../config/schema.ts';
import { addressWord, staticCall, uintWord } from '../portfolio/aggregate3.ts';
import type { ReadResult } from '../portfolio/assemble.ts';
import type { PlannedRead } from '../portfolio/plan.ts';
import { readAtBlock, readAtOneBlock, type BlockRef } from '../portfolio/reader.ts';
import { erc20Abi, erc4626Abi } from '../contracts/abis.ts';

/**
 * A mandate's live position read at ONE block: the account's balance of the mandate asset and,
 * per vault, the account's shares, their value, `maxWithdraw`, the vault's totals, share price,
 * decimals and code hashes. Everything multicallable goes out as Multicall3 `aggregate3` calls
 * through the portfolio's reader (its hand-written codec, `latest` with Multicall3's own block
 * number, chunks re-read pinned when they saw different blocks). Code hashes and the EIP-1967
 * slot are not multicallable: they are read pinned to that same block number, in the round that
 * needs the block anyway, so the chain transport sends them in one JSON-RPC batch with it.
 *
 * Code hashes come from one "deployless" `eth_call` (no `to`: the data is a few generated EVM
 * instructions, `EXTCODEHASH` per address, whose returned bytes are the hashes) rather than an
 * `eth_getCode` per vault: one call instead of N, and no contract code (kilobytes each) shipped
 * and hashed on the client. EXTCODEHASH is keccak256 of the runtime code, the same hash as
 * keccak256(eth_getCode); an account without code reads as null either way. An endpoint that
 * refuses such a call gets `eth_getCode` per address instead.
 *
 * Rounds: (1) balances, shares, `maxWithdraw`, totals and decimals at `latest`; (2) at that
 * block, `convertToAssets(shares)` and `convertToAssets(10^decimals)` (they need round 1's
 * answers) beside the code hashes and the implementation slots; (3) only when a vault is a
 * proxy, its implementation's code hash at that block.
 *
 * A failing vault call (a revert, no data) never fails the read: the value is null and the
 * failure is listed on that vault. Only a read that learns nothing (every endpoint down) throws.
 */

/** keccak256("eip1967.proxy.implementation") − 1: where an EIP-1967 proxy keeps its implementation. */
export const EIP1967_IMPLEMENTATION_SLOT: Hex = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';

/** One failed call on a vault (or the account's balance), as the position shows it. */
export interface ReadFailure {
  /** The call: `maxWithdraw`, `totalAssets`, `getCode`, … */
  call: string;
  error: string;
}

/** What was read of one vault; a null field is one whose call failed (see `failures`). */
export interface VaultReading {
  address: Address;
  /** The account's shares (`balanceOf(account)`). */
  shares: bigint | null;
  /** `convertToAssets(shares)`: the shares' value in the asset's base units (0 without shares). */
  value: bigint | null;
  /** `maxWithdraw(account)`: what the vault lets the account take out now. */
  maxWithdraw: bigint | null;
  totalAssets: bigint | null;
  totalSupply: bigint | null;
  /** The share token's decimals. */
  decimals: number | null;
  /** `convertToAssets(10^decimals)`: assets (base units) per whole share. */
  assetsPerShare: bigint | null;
  /** keccak256 of the runtime code at the block (null: no code, or the read failed). */
  codeHash: Hex | null;
  /** The EIP-1967 implementation, when the slot holds an address (a proxy); else null. */
  implementation: Address | null;
  /** keccak256 of the implementation's runtime code (null when not a proxy or it has no code). */
  implementationCodeHash: Hex | null;
  failures: ReadFailure[];
}

/** A position at one block. */
export interface PositionReading {
  chainId: number;
  block: BlockRef;
  account: Address;
  asset: Address;
  /** The account's balance of the asset (null when the call failed; see `accountFailures`). */
  accountBalance: bigint | null;
  accountFailures: ReadFailure[];
  vaults: VaultReading[];
}

/** What to read: the mandate's account, its asset and its vaults, on one chain. */
export interface PositionRequest {
  account: Address;
  asset: Address;
  vaults: readonly Address[];
}

export interface PositionReadOptions {
  /** Calls per `aggregate3` eth_call (default: the chain config's portfolio batch size or 1,000). */
  batchSize?: number;
}

type Field = 'accountBalance' | 'shares' | 'maxWithdraw' | 'totalAssets' | 'totalSupply' | 'decimals';
type Tag = { field: Field | 'value' | 'assetsPerShare'; vault: number };

const SEL = {
  balanceOf: toFunctionSelector('function balanceOf(address)'),
  maxWithdraw: toFunctionSelector('function maxWithdraw(address)'),
  totalAssets: toFunctionSelector('function totalAssets()'),
  totalSupply: toFunctionSelector('function totalSupply()'),
  decimals: toFunctionSelector('function decimals()'),
  convertToAssets: toFunctionSelector('function convertToAssets(uint256)'),
} as const;

const uintRead = (tag: Tag, address: Address, functionName: string, callData: Hex): PlannedRead<Tag> => ({
  tag,
  address,
  abi: functionName === 'balanceOf' && tag.field === 'accountBalance' ? erc20Abi : erc4626Abi,
  functionName,
  args: [],
  callData,
  returns: 'uint256',
});

/** Round 1: the account's balance, then per vault its shares, maxWithdraw, totals and decimals. */
export function planPositionReads(req: PositionRequest): PlannedRead<Tag>[] {
  const who = addressWord(req.account);
  const reads = [
    uintRead({ field: 'accountBalance', vault: -1 }, req.asset, 'balanceOf', staticCall(SEL.balanceOf, who)),
  ];
  req.vaults.forEach((v, i) => {
    reads.push(
      uintRead({ field: 'shares', vault: i }, v, 'balanceOf', staticCall(SEL.balanceOf, who)),
      uintRead({ field: 'maxWithdraw', vault: i }, v, 'maxWithdraw', staticCall(SEL.maxWithdraw, who)),
      uintRead({ field: 'totalAssets', vault: i }, v, 'totalAssets', staticCall(SEL.totalAssets)),
      uintRead({ field: 'totalSupply', vault: i }, v, 'totalSupply', staticCall(SEL.totalSupply)),
      // uint8 is one word too: read by slicing like the rest.
      uintRead({ field: 'decimals', vault: i }, v, 'decimals', staticCall(SEL.decimals)),
    );
  });
  return reads;
}

const emptyVault = (address: Address): VaultReading => ({
  address,
  shares: null,
  value: null,
  maxWithdraw: null,
  totalAssets: null,
  totalSupply: null,
  decimals: null,
  assetsPerShare: null,
  codeHash: null,
  implementation: null,
  implementationCodeHash: null,
  failures: [],
});

const messageOf = (err: unknown): string =>
  (err as { shortMessage?: string }).shortMessage ?? (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

/** A settled chain read as a value or a failure on the vault, never a throw. */
async function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await p };
  } catch (err) {
    return { ok: false, error: messageOf(err) };
  }
}

const hashOf = (code: Hex | undefined): Hex | null => (code && code !== '0x' ? keccak256(code) : null);

/** keccak256 of empty code: what EXTCODEHASH answers for an account that exists without code. */
const EMPTY_CODE_HASH = keccak256('0x');

/**
 * EVM init code that returns EXTCODEHASH of each address as consecutive 32-byte words (run by
 * `eth_call` without `to`): per address `PUSH20 a, EXTCODEHASH, PUSH2 32·i, MSTORE`, then
 * `PUSH2 32·n, PUSH1 0, RETURN`.
 */
export function codeHashProgram(addresses: readonly Address[]): Hex {
  if (addresses.length > 2_000) throw new RangeError('at most 2,000 addresses per code-hash read');
  const push2 = (v: number) => `61${v.toString(16).padStart(4, '0')}`;
  const body = addresses.map((a, i) => `73${a.slice(2).toLowerCase()}3f${push2(32 * i)}52`).join('');
  return `0x${body}${push2(32 * addresses.length)}6000f3`;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Code hashes of `addresses` at `blockNumber` (null: no code), one deployless `eth_call` for
 * all; when the endpoint refuses it, `eth_getCode` per address (see the file header).
 */
export async function codeHashesAt(
  client: PublicClient,
  addresses: readonly Address[],
  blockNumber: bigint,
): Promise<Settled<Hex | null>[]> {
  if (addresses.length === 0) return [];
  try {
    const out = (await client.request({
      method: 'eth_call',
      params: [{ data: codeHashProgram(addresses) }, `0x${blockNumber.toString(16)}`],
    })) as Hex;
    if (out.length !== 2 + 64 * addresses.length) throw new Error(`code-hash read answered ${out.length} hex chars`);
    return addresses.map((_, i) => {
      const h = `0x${out.slice(2 + 64 * i, 66 + 64 * i)}` as Hex;
      return { ok: true, value: BigInt(h) === 0n || h === EMPTY_CODE_HASH ? null : h };
    });
  } catch {
    return Promise.all(addresses.map((address) => settle(client.getCode({ address, blockNumber }).then(hashOf))));
  }
}

/** The address an EIP-1967 slot word holds, or null when it holds none (not a proxy). */
export function slotAddress(word: Hex | undefined): Address | null {
  if (!word || BigInt(word) === 0n) return null;
  return `0x${word.slice(-40)}` as Address;
}

/**
 * Reads the position of `req.account` in `req.vaults` at one block (see the file header).
 * Throws only when nothing at all could be read (the chain is unavailable).
 */
export async function readPosition(
  client: PublicClient,
  chain: ChainConfig,
  req: PositionRequest,
  opts: PositionReadOptions = {},
): Promise<PositionReading> {
  const batchSize = opts.batchSize ?? 1_000;
  const first = planPositionReads(req);
  const { block, results } = await readAtOneBlock(client, chain, first, { batchSize });
  const vaults = req.vaults.map(emptyVault);
  const accountFailures: ReadFailure[] = [];
  let accountBalance: bigint | null = null;
  const put = (tag: Tag, call: string, r: ReadResult) => {
    if (tag.vault < 0) {
      if (r.ok) accountBalance = r.value as bigint;
      else accountFailures.push({ call, error: r.error });
      return;
    }
    const v = vaults[tag.vault]!;
    if (!r.ok) v.failures.push({ call, error: r.error });
    else if (tag.field === 'decimals') {
      const d = r.value as bigint;
      if (d > 255n) v.failures.push({ call, error: `decimals() answered ${d}, not a uint8` });
      else v.decimals = Number(d);
    } else if (tag.field !== 'accountBalance') v[tag.field] = r.value as bigint;
  };
  first.forEach((r, i) => put(r.tag, r.functionName, results[i]!));

  // Round 2 at the block round 1 saw: values and share prices, beside code and the proxy slot.
  const second: PlannedRead<Tag>[] = [];
  vaults.forEach((v, i) => {
    if (v.shares === 0n) v.value = 0n;
    else if (v.shares !== null)
      second.push(
        uintRead(
          { field: 'value', vault: i },
          v.address,
          'convertToAssets',
          staticCall(SEL.convertToAssets, uintWord(v.shares)),
        ),
      );
    if (v.decimals !== null)
      second.push(
        uintRead(
          { field: 'assetsPerShare', vault: i },
          v.address,
          'convertToAssets',
          staticCall(SEL.convertToAssets, uintWord(10n ** BigInt(v.decimals))),
        ),
      );
  });
  const blockNumber = block.number;
  const [valued, codes, slots] = await Promise.all([
    second.length ? readAtBlock(client, chain, second, blockNumber, { batchSize }) : Promise.resolve([]),
    codeHashesAt(client, req.vaults, blockNumber),
    Promise.all(
      req.vaults.map((address) =>
        settle(client.getStorageAt({ address, slot: EIP1967_IMPLEMENTATION_SLOT, blockNumber })),
      ),
    ),
  ]);
  second.forEach((r, i) => {
    const res = valued[i]!;
    const v = vaults[r.tag.vault]!;
    if (!res.ok) v.failures.push({ call: `convertToAssets (${r.tag.field})`, error: res.error });
    else if (r.tag.field === 'value') v.value = res.value as bigint;
    else v.assetsPerShare = res.value as bigint;
  });
  vaults.forEach((v, i) => {
    const code = codes[i]!;
    const slot = slots[i]!;
    if (code.ok) v.codeHash = code.value;
    else v.failures.push({ call: 'getCode', error: code.error });
    if (slot.ok) v.implementation = slotAddress(slot.value);
    else v.failures.push({ call: 'getStorageAt', error: slot.error });
  });

  // Round 3, only for proxies: the implementation's code at the same block.
  const proxies = vaults.filter((v) => v.implementation !== null);
  const implCodes = await codeHashesAt(
    client,
    proxies.map((v) => v.implementation!),
    blockNumber,
  );
  proxies.forEach((v, i) => {
    const c = implCodes[i]!;
    if (c.ok) v.implementationCodeHash = c.value;
    else v.failures.push({ call: 'getCode (implementation)', error: c.error });
  });

  return {
    chainId: chain.chainId,
    block,
    account: req.account,
    asset: req.asset,
    accountBalance,
    accountFailures,
    vaults,
  };
}

/** One vault's share price and totals at a block (null fields: the call failed). */
export interface VaultPriceReading {
  address: Address;
  decimals: number | null;
  assetsPerShare: bigint | null;
  totalAssets: bigint | null;
  totalSupply: bigint | null;
  failures: ReadFailure[];
}

/**
 * Reads the share price (`convertToAssets(10^decimals)`), totals and decimals of `vaults` at
 * one block: what the share-price recorder stores. Two `aggregate3` rounds (the price needs the
 * decimals); a failing call is marked on its vault, never thrown.
 */
export async function readSharePrices(
  client: PublicClient,
  chain: ChainConfig,
  vaults: readonly Address[],
  opts: PositionReadOptions = {},
): Promise<{ block: BlockRef; vaults: VaultPriceReading[] }> {
  const batchSize = opts.batchSize ?? 1_000;
  const first: PlannedRead<Tag>[] = vaults.flatMap((v, i) => [
    uintRead({ field: 'totalAssets', vault: i }, v, 'totalAssets', staticCall(SEL.totalAssets)),
    uintRead({ field: 'totalSupply', vault: i }, v, 'totalSupply', staticCall(SEL.totalSupply)),
    uintRead({ field: 'decimals', vault: i }, v, 'decimals', staticCall(SEL.decimals)),
  ]);
  const { block, results } = await readAtOneBlock(client, chain, first, { batchSize });
  const out: VaultPriceReading[] = vaults.map((address) => ({
    address,
    decimals: null,
    assetsPerShare: null,
    totalAssets: null,
    totalSupply: null,
    failures: [],
  }));
  first.forEach((r, i) => {
    const res = results[i]!;
    const v = out[r.tag.vault]!;
    if (!res.ok) v.failures.push({ call: r.functionName, error: res.error });
    else if (r.tag.field === 'decimals') {
      const d = res.value as bigint;
      if (d > 255n) v.failures.push({ call: 'decimals', error: `decimals() answered ${d}, not a uint8` });
      else v.decimals = Number(d);
    } else if (r.tag.field === 'totalAssets') v.totalAssets = res.value as bigint;
    else v.totalSupply = res.value as bigint;
  });
  const second = out.flatMap((v, i) =>
    v.decimals === null
      ? []
      : [
          uintRead(
            { field: 'assetsPerShare', vault: i },
            v.address,
            'convertToAssets',
            staticCall(SEL.convertToAssets, uintWord(10n ** BigInt(v.decimals))),
          ),
        ],
  );
  const priced = second.length ? await readAtBlock(client, chain, second, block.number, { batchSize }) : [];
  second.forEach((r, i) => {
    const res = priced[i]!;
    const v = out[r.tag.vault]!;
    if (res.ok) v.assetsPerShare = res.value as bigint;
    else v.failures.push({ call: 'convertToAssets', error: res.error });
  });
  return { block, vaults: out };
}
