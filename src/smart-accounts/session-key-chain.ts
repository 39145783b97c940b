import { type Address, getAddress, parseAbi } from 'viem';
import type { ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import { keelSmartAccountAbi } from '../contracts/smart-account-abis.ts';
import type { SmartAccountRow } from './account-store.ts';
import type { ChainSession } from './session-key-logic.ts';
import { rowScope } from './session-key-resource.ts';
import type { SessionKeyRow } from './session-key-store.ts';

const multicall3Abi = parseAbi(['function getCurrentBlockTimestamp() view returns (uint256)']);

/**
 * Reads each key's `sessions(key)` and its granted pairs and recipients from the account in
 * one multicall, with the chain's time. Undefined when the chain cannot be read; an account
 * without code holds no grant.
 */
export async function readSessions(
  deps: { chains: ChainRegistry; config: Config },
  account: SmartAccountRow,
  rows: readonly SessionKeyRow[],
): Promise<Map<string, ChainSession> | undefined> {
  const handle = deps.chains.get(account.chain_id);
  const chainConfig = deps.config.chains.find((c) => c.chainId === account.chain_id);
  if (!handle || !chainConfig || rows.length === 0) return rows.length === 0 ? new Map() : undefined;
  const address = getAddress(account.address);
  const multicall3 = chainConfig.multicall3 as Address;
  type Call = {
    address: Address;
    abi: typeof keelSmartAccountAbi | typeof multicall3Abi;
    functionName: string;
    args?: readonly unknown[];
  };
  const calls: Call[] = [{ address: multicall3, abi: multicall3Abi, functionName: 'getCurrentBlockTimestamp' }];
  const layout = rows.map((row) => {
    const scope = rowScope(row);
    const start = calls.length;
    const key = getAddress(row.key_address);
    calls.push({ address, abi: keelSmartAccountAbi, functionName: 'sessions', args: [key] });
    scope.targets.forEach((t, i) =>
      calls.push({
        address,
        abi: keelSmartAccountAbi,
        functionName: 'isCallAllowed',
        args: [key, t, scope.selectors[i]],
      }),
    );
    for (const r of scope.recipients)
      calls.push({ address, abi: keelSmartAccountAbi, functionName: 'isRecipientAllowed', args: [key, r] });
    return { row, start, end: calls.length };
  });
  let results: Array<{ status: 'success' | 'failure'; result?: unknown }>;
  try {
    results = (await handle.client.multicall({
      contracts: calls as never,
      multicallAddress: multicall3,
      allowFailure: true,
    })) as typeof results;
  } catch {
    return undefined;
  }
  const time = results[0];
  if (time?.status !== 'success') return undefined;
  const blockTime = Number(time.result as bigint);
  const out = new Map<string, ChainSession>();
  for (const { row, start, end } of layout) {
    const s = results[start]!;
    // No code at the account (not deployed yet), or no grant: an empty session.
    const v =
      s.status === 'success'
        ? (s.result as readonly [bigint, number, number, Address, bigint, bigint, bigint, bigint])
        : ([0n, 0, 0, '0x0000000000000000000000000000000000000000', 0n, 0n, 0n, 0n] as const);
    const lists = results.slice(start + 1, end);
    out.set(row.id, {
      grantId: BigInt(v[0]),
      validAfter: Number(v[1]),
      validUntil: Number(v[2]),
      token: v[3],
      perOpCap: v[4],
      totalCap: v[5],
      spent: v[6],
      valuePerCall: v[7],
      listsMatch: lists.every((l) => l.status === 'success' && l.result === true),
      blockTime,
    });
  }
  return out;
}
