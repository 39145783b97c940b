import type { Config } from '../config/schema.ts';
import { ValidationError } from '../lib/errors.ts';
import { addressBook } from '../portfolio/address-book.ts';
import type { SigningContext } from './context-logic.ts';
import { renderSigningPreview, type SigningPreview, type SigningRequest } from './preview-logic.ts';
import type { TypedDataInput } from './typed-data-logic.ts';

/** A signing preview request, as the route parsed it. */
export interface SigningPreviewBody {
  chainId: number;
  typedData?: TypedDataInput | undefined;
  message?: string | undefined;
  signer?: string | undefined;
  origin?: string | undefined;
}

/**
 * Signing previews (docs/signing-previews.md): gathers what Keel knows about the chain — its
 * assets and its address book (Keel's accounts, configured spenders, vaults, router …) — and
 * renders the preview with the pure renderer. Reads configuration only: no chain call, nothing
 * written.
 */
export class SigningPreviews {
  readonly #unlimited: bigint;
  constructor(
    private readonly deps: {
      config: Pick<Config, 'chains' | 'payments' | 'signing'>;
      signers: () => ReadonlyArray<{ name: string; address: string; role: string }>;
      now?: () => Date;
    },
  ) {
    this.#unlimited = BigInt(deps.config.signing.unlimitedThreshold);
  }

  /** What Keel knows on `chainId`; 422 `validation_failed` (field `chainId`) when the chain is not configured. */
  context(chainId: number, signer?: string): SigningContext {
    const { config } = this.deps;
    const chain = config.chains.find((c) => c.chainId === chainId);
    if (!chain)
      throw new ValidationError(`chain ${chainId} is not configured`, [
        {
          field: 'chainId',
          code: 'unknown_chain',
          message: `chain ${chainId} is not configured (configured: ${config.chains.map((c) => c.chainId).join(', ')})`,
        },
      ]);
    const book = addressBook(config, this.deps.signers()).filter((e) => e.chainId === null || e.chainId === chainId);
    return {
      chainId,
      chainName: chain.name,
      assets: chain.assets.map((a) => ({ address: a.address, symbol: a.symbol, decimals: a.decimals, name: a.name })),
      known: book.map((e) => ({ address: e.address, name: e.name, kind: e.kind })),
      signer,
      settings: {
        maxExpirySeconds: config.signing.maxExpirySeconds,
        unlimitedThreshold: this.#unlimited,
        lookalike: config.signing.lookalike,
      },
      now: this.deps.now?.() ?? new Date(),
    };
  }

  preview(body: SigningPreviewBody): SigningPreview {
    const ctx = this.context(body.chainId, body.signer);
    const request: SigningRequest = body.typedData
      ? { kind: 'typed_data', typedData: body.typedData }
      : { kind: 'personal_message', message: body.message ?? '', origin: body.origin };
    return renderSigningPreview(ctx, request);
  }
}
