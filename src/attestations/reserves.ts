import { getAddress, toFunctionSelector, type Address, type PublicClient } from 'viem';
import type { ChainRegistry } from '../chain/index.ts';
import type { ChainConfig } from '../config/schema.ts';
import { erc20Abi, erc4626Abi, multicall3Abi } from '../contracts/abis.ts';
import { UpstreamError, ValidationError, type FieldError } from '../lib/errors.ts';
import { addressWord, staticCall, uintWord } from '../portfolio/aggregate3.ts';
import type { PlannedRead } from '../portfolio/plan.ts';
import { readAtBlock } from '../portfolio/reader.ts';
import { NATIVE_TOKEN, type ReserveLine } from './attestation-logic.ts';
import { formatUnits } from './snapshot-logic.ts';

/**
 * Reserves at one block per chain: every reserve account's native coin (Multicall3
 * `getEthBalance`, named by the chain's `nativeSymbol`), its balance of each configured asset and
 * its ERC-4626 positions (configured vaults and the vaults of active treasury mandates), valued
 * with `convertToAssets` pinned to the same block — through the portfolio's Multicall3 reader
 * (`readAtBlock`), two rounds per chain. A read that fails fails the whole reading: an
 * attestation never leaves a reserve out silently.
 */

export interface ReserveVault {
  address: Address;
  /** The vault's asset, by configured symbol. */
  asset: string;
}

export interface ReservesRequest {
  chainId: number;
  /** Default: the latest block minus the chain's confirmations. */
  blockNumber?: bigint | undefined;
  accounts: readonly Address[];
  vaults: readonly ReserveVault[];
}

/** What a read is for: a token balance (`vault` null), a vault position, or the native coin. */
type Tag = { account: Address; asset: string; vault: Address | null; native?: true };

const SEL = {
  balanceOf: toFunctionSelector('function balanceOf(address)'),
  convertToAssets: toFunctionSelector('function convertToAssets(uint256)'),
  getEthBalance: toFunctionSelector('function getEthBalance(address)'),
};

const read = (
  tag: Tag,
  address: Address,
  fn: 'balanceOf' | 'convertToAssets' | 'getEthBalance',
  arg: string,
): PlannedRead<Tag> => ({
  tag,
  address,
  abi: fn === 'getEthBalance' ? multicall3Abi : fn === 'balanceOf' && tag.vault === null ? erc20Abi : erc4626Abi,
  functionName: fn,
  args: [],
  callData: staticCall(SEL[fn], arg),
  returns: 'uint256',
});

/** Reads one chain's reserves; lines with a zero amount are left out. */
export async function readReserves(
  client: PublicClient,
  chain: ChainConfig,
  req: ReservesRequest,
): Promise<{ blockNumber: bigint; lines: ReserveLine[] }> {
  const head = await client.getBlockNumber();
  const blockNumber = req.blockNumber ?? head - BigInt(Math.min(chain.confirmations, Number(head)));
  if (blockNumber > head)
    throw new ValidationError('the block is not mined yet', [
      { field: 'body.chains.blockNumber', code: 'block_in_future', message: `chain ${chain.chainId} is at ${head}` },
    ]);
  const batchSize = 1_000;
  const first: PlannedRead<Tag>[] = [];
  for (const account of req.accounts) {
    // The native coin through Multicall3's getEthBalance: the same eth_call, so the same block.
    first.push(
      read(
        { account, asset: chain.nativeSymbol, vault: null, native: true },
        chain.multicall3 as Address,
        'getEthBalance',
        addressWord(account),
      ),
    );
    for (const a of chain.assets)
      first.push(
        read({ account, asset: a.symbol, vault: null }, a.address as Address, 'balanceOf', addressWord(account)),
      );
    for (const v of req.vaults)
      first.push(read({ account, asset: v.asset, vault: v.address }, v.address, 'balanceOf', addressWord(account)));
  }
  const failed = (what: string, error: string) =>
    new UpstreamError('reserves_unreadable', `chain ${chain.chainId} at block ${blockNumber}: ${what}: ${error}`);
  const results = await readAtBlock(client, chain, first, blockNumber, { batchSize });
  const lines: ReserveLine[] = [];
  const second: PlannedRead<Tag>[] = [];
  const assetOf = (symbol: string) => chain.assets.find((a) => a.symbol === symbol)!;
  first.forEach((r, i) => {
    const res = results[i]!;
    if (!res.ok) throw failed(`${r.functionName} on ${r.address}`, res.error);
    const units = res.value as bigint;
    if (units === 0n) return;
    if (r.tag.native)
      lines.push({
        chainId: chain.chainId,
        blockNumber: blockNumber.toString(),
        account: r.tag.account,
        asset: chain.nativeSymbol,
        token: NATIVE_TOKEN,
        decimals: chain.nativeDecimals,
        amount: formatUnits(units, chain.nativeDecimals),
        kind: 'native',
      });
    else if (r.tag.vault === null) {
      const a = assetOf(r.tag.asset);
      lines.push({
        chainId: chain.chainId,
        blockNumber: blockNumber.toString(),
        account: r.tag.account,
        asset: a.symbol,
        token: getAddress(a.address),
        decimals: a.decimals,
        amount: formatUnits(units, a.decimals),
        kind: 'balance',
      });
    } else second.push(read(r.tag, r.tag.vault, 'convertToAssets', uintWord(units)));
  });
  const valued = second.length ? await readAtBlock(client, chain, second, blockNumber, { batchSize }) : [];
  second.forEach((r, i) => {
    const res = valued[i]!;
    if (!res.ok) throw failed(`convertToAssets on ${r.address}`, res.error);
    const units = res.value as bigint;
    if (units === 0n) return;
    const a = assetOf(r.tag.asset);
    lines.push({
      chainId: chain.chainId,
      blockNumber: blockNumber.toString(),
      account: r.tag.account,
      asset: a.symbol,
      token: getAddress(a.address),
      decimals: a.decimals,
      amount: formatUnits(units, a.decimals),
      kind: 'vault',
      vault: getAddress(r.tag.vault!),
    });
  });
  return { blockNumber, lines };
}

/** Reads every requested chain (in parallel); 422 for a chain that is not configured. */
export async function readAllReserves(
  chains: ChainRegistry,
  requests: readonly ReservesRequest[],
): Promise<Array<{ chainId: number; blockNumber: bigint; lines: ReserveLine[] }>> {
  const errors: FieldError[] = [];
  requests.forEach((r, i) => {
    if (!chains.get(r.chainId))
      errors.push({
        field: `body.chains[${i}].chainId`,
        code: 'unknown_chain',
        message: `chain ${r.chainId} is not configured`,
      });
  });
  if (errors.length) throw new ValidationError('the reserves reading names an unknown chain', errors);
  return Promise.all(
    requests.map(async (r) => {
      const h = chains.get(r.chainId)!;
      return { chainId: r.chainId, ...(await readReserves(h.client as PublicClient, h.config, r)) };
    }),
  );
}
