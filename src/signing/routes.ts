import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { signingPreviewBodySchema, signingPreviewSchema } from './resource.ts';
import type { SigningPreviews } from './service.ts';

/**
 * `POST /v1/signing-previews` (scope `transactions:read`): what an end user is asked to sign —
 * EIP-712 typed data or an EIP-191 personal message — decoded, in plain language, with
 * warnings and a risk. Computed from the request and the configuration; nothing is written.
 */
export function signingRoutes(deps: { previews: SigningPreviews }) {
  return (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().post(
      '/v1/signing-previews',
      {
        // Writes nothing: a retry after a crash simply renders again.
        config: { scope: 'transactions:read', outcome: 'none' },
        schema: {
          tags: ['signing'],
          summary: 'Preview what an end user is asked to sign: permits, Permit2, orders, personal messages',
          description:
            'Send exactly one of `typedData` (EIP-712, as for `eth_signTypedData_v4`) or `message` (EIP-191 `personal_sign`). Answers the digest the wallet signs, plain-language lines, every signed field, the token permissions granted and warnings with stable codes (`approval`, `unlimited_amount`, `unknown_spender`, `lookalike_address`, `long_expiry`, `no_expiry`, `expired`, `chain_mismatch`, `unknown_verifying_contract`, `signer_mismatch`, …) each with a sentence an end user can be shown, and an overall `risk`. Typed data that does not match its own types answers 422 `typed_data_invalid` naming each field. Reads configuration only; nothing is written.',
          body: signingPreviewBodySchema,
          response: { 200: signingPreviewSchema },
        },
      },
      async (req) => deps.previews.preview(req.body),
    );
  };
}
