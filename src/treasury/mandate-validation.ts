import type { Address } from 'viem';
import type { ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import { PermanentError, UpstreamError, ValidationError, type FieldError } from '../lib/errors.ts';
import type { SignerRegistry } from '../signers/index.ts';
import { mandateDocumentSchema, mandateProblems, type MandateDocument } from './mandate.ts';
import {
  checkVaults,
  identityProblems,
  mandateAmounts,
  resolveAsset,
  type MandateAsset,
  type MandateChainFacts,
} from './mandate-logic.ts';
import type { MandateRow } from './mandate-store.ts';
import { readVaultFacts } from './vault-facts.ts';

/** What validating a proposal needs: the configuration, the chains and the signers. */
export interface ValidationDeps {
  config: Config;
  chains: ChainRegistry;
  signers: SignerRegistry;
}

/** A proposal that passed every check: what to store. */
export interface ValidatedProposal {
  /** The document with defaults applied, the asset as its symbol, addresses checksummed and every code hash pinned. */
  document: MandateDocument;
  facts: MandateChainFacts;
  /** The signer's address. */
  account: Address;
  asset: MandateAsset;
}

const doc = (path: string) => (path === '' ? 'body.document' : `body.document.${path}`);
const docErrors = (errors: FieldError[]): FieldError[] => errors.map((e) => ({ ...e, field: doc(e.field) }));

/**
 * Validates a proposed document — its schema and cross-field rules, the signer, the asset on
 * that chain, its amounts in the asset's decimals, then each vault on the chain — and answers
 * what to store: the document with every code hash pinned, and what the chain showed. Writes
 * nothing; every refusal is a 422 listing each problem.
 */
export async function validateMandateProposal(
  deps: ValidationDeps,
  input: unknown,
  mandate?: MandateRow,
): Promise<ValidatedProposal> {
  const parsed = mandateDocumentSchema.safeParse(input);
  if (!parsed.success)
    throw new ValidationError(
      'the mandate document is not valid',
      parsed.error.issues.map((i) => ({ field: doc(i.path.join('.')), code: i.code, message: i.message })),
    );
  const d = parsed.data;
  const errors: FieldError[] = mandateProblems(d).map((p) => ({
    field: p.path,
    code: 'invalid',
    message: p.message,
  }));
  const chain = deps.config.chains.find((c) => c.chainId === d.chainId);
  const signer = deps.signers.get(d.signer);
  if (!chain) errors.push({ field: 'chainId', code: 'unknown_chain', message: `chain ${d.chainId} is not configured` });
  if (!signer)
    errors.push({ field: 'signer', code: 'unknown_signer', message: `no signer named ${d.signer} is configured` });
  const asset = chain ? resolveAsset(chain.assets, d.asset) : undefined;
  if (chain && !asset)
    errors.push({
      field: 'asset',
      code: 'unknown_asset',
      message: `${d.asset} is not a configured asset of chain ${d.chainId}`,
    });
  if (asset) {
    const amounts = mandateAmounts(d, asset.decimals, asset.symbol);
    if (!amounts.ok) errors.push(...amounts.errors);
    if (mandate)
      errors.push(
        ...identityProblems(d, asset, {
          chainId: mandate.chain_id,
          signer: mandate.signer,
          assetAddress: mandate.asset_address,
        }),
      );
  }
  if (errors.length || !chain || !asset || !signer)
    throw new ValidationError('the mandate document is not valid', docErrors(errors));

  const handle = deps.chains.get(chain.chainId);
  if (!handle) throw new UpstreamError('chain_unavailable', `chain ${chain.chainId} has no client`);
  const read = await readVaultFacts(
    handle.client,
    d.vaults.map((v) => v.address as Address),
  );
  const checked = checkVaults(d.vaults, read.facts, asset);
  if (!checked.ok)
    throw new PermanentError('mandate_vault_invalid', 'the chain contradicts a vault of the mandate', {
      errors: docErrors(checked.errors),
    });
  return {
    document: { ...d, asset: asset.symbol, vaults: checked.vaults },
    facts: { blockNumber: read.blockNumber.toString(), vaults: checked.facts },
    account: signer.address,
    asset,
  };
}
