import { createHash } from 'node:crypto';
import { getAddress, isAddressEqual, keccak256, maxUint256, parseUnits, toHex, type Address, type Hex } from 'viem';
import type { FieldError } from '../lib/errors.ts';
import { canonicalJson } from '../policy/loader.ts';
import type { MandateDocument, MandateVault } from './mandate.ts';

/**
 * The rules of a mandate proposal that need no I/O: which configured asset the document names,
 * its amounts in base units, and what the chain's answers about each vault mean (match, pin or
 * refuse). The service reads the chain (vault-facts.ts) and the configuration, then asks here.
 */

/**
 * The EIP-1967 implementation slot: `bytes32(uint256(keccak256('eip1967.proxy.implementation')) - 1)`,
 * computed rather than copied so a typo cannot creep in (a unit test pins its well-known value).
 */
export const EIP1967_IMPLEMENTATION_SLOT: Hex = toHex(BigInt(keccak256(toHex('eip1967.proxy.implementation'))) - 1n, {
  size: 32,
});

/** A configured asset as a mandate names it. */
export interface MandateAsset {
  symbol: string;
  address: Address;
  decimals: number;
}

/** The configured asset `ref` names on a chain: by symbol (exact) or by address (any case). */
export function resolveAsset(
  assets: ReadonlyArray<{ symbol: string; address: string; decimals: number }>,
  ref: string,
): MandateAsset | undefined {
  const a = ref.startsWith('0x')
    ? assets.find((x) => x.address.toLowerCase() === ref.toLowerCase())
    : assets.find((x) => x.symbol === ref);
  return a ? { symbol: a.symbol, address: getAddress(a.address), decimals: a.decimals } : undefined;
}

/** A mandate's amounts in the asset's base units (the document keeps the decimal strings). */
export interface MandateAmounts {
  buffer: bigint | null;
  vaultMax: Array<bigint | null>;
  minVaultAssets: bigint;
  reviewThreshold: bigint;
  maxDailyMovement: bigint;
}

const decimalsOf = (s: string) => s.split('.')[1]?.length ?? 0;

/**
 * Every amount of `doc` in base units of an asset with `decimals`, or the field errors of the
 * amounts that have more decimals than the asset (`too_many_decimals`) or do not fit in 256 bits
 * (`too_big`). Paths are relative to the document.
 */
export function mandateAmounts(
  doc: MandateDocument,
  decimals: number,
  symbol: string,
): { ok: true; amounts: MandateAmounts } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const parse = (path: string, s: string): bigint => {
    if (decimalsOf(s) > decimals) {
      errors.push({
        field: path,
        code: 'too_many_decimals',
        message: `${symbol} has ${decimals} decimals; the amount has ${decimalsOf(s)}`,
      });
      return 0n;
    }
    const v = parseUnits(s, decimals);
    if (v > maxUint256) errors.push({ field: path, code: 'too_big', message: 'the amount does not fit in 256 bits' });
    return v;
  };
  const opt = (path: string, s: string | undefined) => (s === undefined ? null : parse(path, s));
  const amounts: MandateAmounts = {
    buffer: opt('buffer.amount', doc.buffer.amount),
    vaultMax: doc.vaults.map((v, i) => opt(`vaults.${i}.maxAllocation.amount`, v.maxAllocation.amount)),
    minVaultAssets: parse('minVaultAssets', doc.minVaultAssets),
    reviewThreshold: parse('reviewThreshold', doc.reviewThreshold),
    maxDailyMovement: parse('maxDailyMovement', doc.maxDailyMovement),
  };
  return errors.length ? { ok: false, errors } : { ok: true, amounts };
}

/** What the chain answered about one vault, read at one block (vault-facts.ts). */
export interface VaultFacts {
  address: Address;
  /** keccak256 of the runtime code; null when the address holds no code. */
  codeHash: Hex | null;
  /** What `asset()` returned; null when it reverted or did not decode as an address. */
  asset: Address | null;
  /** The EIP-1967 implementation slot's address; null when the slot is zero (not such a proxy). */
  implementation: Address | null;
  /** keccak256 of the implementation's code; null when not a proxy or the implementation holds no code. */
  implementationCodeHash: Hex | null;
}

/** Per vault, what the approvers see beside the document: what was read and which hashes Keel pinned. */
export interface VaultChainFacts {
  address: Address;
  asset: Address;
  codeHash: Hex;
  implementation: Address | null;
  implementationCodeHash: Hex | null;
  /** Which hashes Keel filled in from the chain (the proposer omitted them). */
  pinned: Array<'codeHash' | 'implementationCodeHash'>;
}

/** What the chain showed for a proposal. */
export interface MandateChainFacts {
  blockNumber: string;
  vaults: VaultChainFacts[];
}

const sameHash = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Checks each vault of the document against what the chain showed (`facts[i]` is `vaults[i]`)
 * and pins the hashes the proposer left out. Refuses (as field errors naming the vault) a vault
 * without code, one whose `asset()` is not the mandate's asset, a given hash the chain
 * contradicts, an implementation hash given for a vault that is not an EIP-1967 proxy, and a proxy
 * whose implementation holds no code. Answers every problem, not the first.
 */
export function checkVaults(
  vaults: readonly MandateVault[],
  facts: readonly VaultFacts[],
  asset: MandateAsset,
): { ok: true; vaults: MandateVault[]; facts: VaultChainFacts[] } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: MandateVault[] = [];
  const shown: VaultChainFacts[] = [];
  vaults.forEach((v, i) => {
    const f = facts[i]!;
    const path = `vaults.${i}`;
    const err = (field: string, code: string, message: string) =>
      errors.push({ field: `${path}${field}`, code, message: `vault ${getAddress(v.address)}: ${message}` });
    if (f.codeHash === null) return void err('.address', 'no_code', 'no contract at this address on this chain');
    if (f.asset === null) err('.address', 'not_erc4626', 'asset() did not answer an address: not an ERC-4626 vault');
    else if (!isAddressEqual(f.asset, asset.address))
      err(
        '.address',
        'asset_mismatch',
        `its asset() is ${f.asset}, not the mandate's ${asset.symbol} (${asset.address})`,
      );
    if (v.codeHash !== undefined && !sameHash(v.codeHash, f.codeHash))
      err('.codeHash', 'code_hash_mismatch', `the chain's runtime code hash is ${f.codeHash}, not ${v.codeHash}`);
    if (f.implementation !== null && f.implementationCodeHash === null)
      err('.address', 'implementation_no_code', `its EIP-1967 implementation ${f.implementation} holds no code`);
    if (v.implementationCodeHash !== undefined) {
      if (f.implementation === null)
        err(
          '.implementationCodeHash',
          'not_a_proxy',
          'the vault is not an EIP-1967 proxy (its implementation slot is zero)',
        );
      else if (f.implementationCodeHash !== null && !sameHash(v.implementationCodeHash, f.implementationCodeHash))
        err(
          '.implementationCodeHash',
          'implementation_code_hash_mismatch',
          `the code hash at its implementation ${f.implementation} is ${f.implementationCodeHash}, not ${v.implementationCodeHash}`,
        );
    }
    const pinned: VaultChainFacts['pinned'] = [];
    if (v.codeHash === undefined) pinned.push('codeHash');
    if (v.implementationCodeHash === undefined && f.implementationCodeHash !== null)
      pinned.push('implementationCodeHash');
    out.push({
      ...v,
      address: getAddress(v.address),
      codeHash: f.codeHash,
      ...(f.implementationCodeHash !== null ? { implementationCodeHash: f.implementationCodeHash } : {}),
    });
    shown.push({
      address: getAddress(v.address),
      asset: f.asset ?? asset.address,
      codeHash: f.codeHash,
      implementation: f.implementation,
      implementationCodeHash: f.implementationCodeHash,
      pinned,
    });
  });
  return errors.length ? { ok: false, errors } : { ok: true, vaults: out, facts: shown };
}

/** The fields every version of a mandate keeps: a change of account, chain or asset is a new mandate. */
export function identityProblems(
  doc: Pick<MandateDocument, 'chainId' | 'signer'>,
  asset: MandateAsset,
  mandate: { chainId: number; signer: string; assetAddress: string },
): FieldError[] {
  const out: FieldError[] = [];
  const fixed = (field: string, was: string) =>
    out.push({
      field,
      code: 'immutable',
      message: `a mandate keeps its ${field} (${was}); create a new mandate instead`,
    });
  if (doc.chainId !== mandate.chainId) fixed('chainId', String(mandate.chainId));
  if (doc.signer !== mandate.signer) fixed('signer', mandate.signer);
  if (!isAddressEqual(asset.address, mandate.assetAddress as Address)) fixed('asset', mandate.assetAddress);
  return out;
}

/** sha256 of the canonical JSON of a stored document (equal documents, equal hashes). */
export function mandateDocumentHash(doc: MandateDocument): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

/** Whether `approvals` distinct principals reach the quorum. */
export function quorumReached(approvals: number, required: number): boolean {
  return approvals >= required;
}
