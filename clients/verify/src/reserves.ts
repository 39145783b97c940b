// Re-reads an attestation's reserve lines on a chain's node, at each line's own block, and
// compares the amounts: `kind: native` with eth_getBalance, `kind: balance` with the token's
// balanceOf, `kind: vault` with the vault's balanceOf then convertToAssets of those shares.
// Needs a node that still serves state at that block (an archive node for old attestations).
// Pure apart from the JSON-RPC fetch; runs in a browser.
import { decodeFunctionResult, encodeFunctionData, type Hex, parseAbi } from 'viem';
import { type CheckResult, type PublicAttestation, parseDecimal, rpc } from './attestation.ts';

const abi = parseAbi([
  'function balanceOf(address) view returns (uint256)',
  'function convertToAssets(uint256) view returns (uint256)',
]);

async function call(
  url: string,
  to: string,
  data: Hex,
  block: string,
  fn: 'balanceOf' | 'convertToAssets',
  f: typeof fetch,
): Promise<bigint> {
  const raw = (await rpc(url, 'eth_call', [{ to, data }, block], f)) as Hex;
  return decodeFunctionResult({ abi, functionName: fn, data: raw }) as bigint;
}

/** Checks every reserve line of `a` on `chainId` against the node at `rpcUrl` (its chain id checked first). */
export async function verifyReserves(
  a: PublicAttestation,
  rpcUrl: string,
  fetchFn: typeof fetch = fetch,
): Promise<CheckResult & { chainId: number; checked: number }> {
  const reasons: string[] = [];
  const passed: string[] = [];
  const chainId = Number(BigInt((await rpc(rpcUrl, 'eth_chainId', [], fetchFn)) as string));
  const lines = a.reserves.filter((r) => r.chainId === chainId);
  for (const r of lines) {
    const block = `0x${BigInt(r.blockNumber).toString(16)}`;
    const stated = parseDecimal(r.amount, r.decimals);
    const what = `${r.kind} ${r.amount} ${r.asset} of ${r.account}${r.vault ? ` in vault ${r.vault}` : ''} at block ${r.blockNumber}`;
    try {
      let onChain: bigint;
      if (r.kind === 'native')
        onChain = BigInt((await rpc(rpcUrl, 'eth_getBalance', [r.account, block], fetchFn)) as string);
      else {
        const target = r.kind === 'vault' ? r.vault! : r.token;
        const data = encodeFunctionData({ abi, functionName: 'balanceOf', args: [r.account as Hex] });
        onChain = await call(rpcUrl, target, data, block, 'balanceOf', fetchFn);
        if (r.kind === 'vault') {
          const conv = encodeFunctionData({ abi, functionName: 'convertToAssets', args: [onChain] });
          onChain = await call(rpcUrl, target, conv, block, 'convertToAssets', fetchFn);
        }
      }
      if (stated === undefined || stated !== onChain)
        reasons.push(`reserve line ${what}: the chain says ${onChain} base units`);
      else passed.push(`reserve line ${what} re-read on chain ${chainId}`);
    } catch (e) {
      reasons.push(`could not re-read reserve line ${what}: ${(e as Error).message}`);
    }
  }
  return { ok: reasons.length === 0, reasons, passed, chainId, checked: lines.length };
}
