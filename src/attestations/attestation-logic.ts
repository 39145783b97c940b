import { keccak256, stringToHex, type Hex } from 'viem';
import { canonicalJson } from '../../clients/verify/src/attestation.ts';
import { formatUnits } from './snapshot-logic.ts';

// What is hashed and signed is defined once, by the standalone verifier (clients/verify), so
// Keel signs exactly what an auditor's copy of the verifier recomputes.
export { attestationMessage, canonicalJson } from '../../clients/verify/src/attestation.ts';

/**
 * What an attestation states and how it is bound (pure): the content (liabilities root and
 * totals, reserves per chain at one block each, the ratio), its digest, and the EIP-191 message
 * every reserve address and Keel's attestation signer sign. Re-computable by anyone from the
 * public attestation alone (docs/proof-of-reserves.md, "For an auditor").
 */

export interface LiabilitiesPart {
  snapshotId: string;
  root: Hex;
  leafCount: number;
  asOf: string;
  totals: Array<{ asset: string; decimals: number; amount: string }>;
}

/**
 * One reserve line: an account's balance of a token, its vault position valued in the vault's
 * asset, or its balance of the chain's native coin (`asset`: the chain's `nativeSymbol`, `token`:
 * NATIVE_TOKEN).
 */
export interface ReserveLine {
  chainId: number;
  blockNumber: string;
  account: string;
  asset: string;
  token: string;
  decimals: number;
  amount: string;
  kind: 'balance' | 'vault' | 'native';
  vault?: string;
}

/** The `token` of a native-coin reserve line: the ERC-7528 address convention for the native asset. */
export const NATIVE_TOKEN = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';

export interface RatioLine {
  asset: string;
  reserves: string;
  liabilities: string;
  /** reserves / liabilities with 4 decimals (`1.0250`); null when nothing is owed in that asset. */
  ratio: string | null;
}

/** What the digest covers: everything of the public attestation except signatures and registry. */
export interface AttestationContent {
  id: string;
  createdAt: string;
  liabilities: LiabilitiesPart;
  reserves: ReserveLine[];
  ratio: RatioLine[];
}

/** keccak256 of the UTF-8 canonical JSON of the content. */
export function contentDigest(content: AttestationContent): Hex {
  return keccak256(stringToHex(canonicalJson(content)));
}

/** Reserves per asset (summed over chains and accounts) against liabilities; the ratio per asset. */
export function ratioLines(liabilities: LiabilitiesPart['totals'], reserves: readonly ReserveLine[]): RatioLine[] {
  const held = new Map<string, bigint>();
  const units = (amount: string, decimals: number): bigint => {
    const [w, f = ''] = amount.split('.');
    return BigInt(w!) * 10n ** BigInt(decimals) + BigInt(f.padEnd(decimals, '0') || '0');
  };
  for (const r of reserves) held.set(r.asset, (held.get(r.asset) ?? 0n) + units(r.amount, r.decimals));
  return liabilities.map((l) => {
    const owed = units(l.amount, l.decimals);
    const have = held.get(l.asset) ?? 0n;
    return {
      asset: l.asset,
      reserves: formatUnits(have, l.decimals),
      liabilities: l.amount,
      ratio: owed === 0n ? null : ratioString(have, owed),
    };
  });
}

/** a / b rounded down to 4 decimals, as a string. */
export function ratioString(a: bigint, b: bigint): string {
  const scaled = (a * 10_000n) / b;
  const s = scaled.toString().padStart(5, '0');
  return `${s.slice(0, -4)}.${s.slice(-4)}`;
}

/** Registry id of an attestation: keccak256 of its id's UTF-8 bytes. */
export function registryId(attestationId: string): Hex {
  return keccak256(stringToHex(attestationId));
}
