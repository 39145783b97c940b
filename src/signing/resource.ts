import { z } from 'zod';
import { addressSchema } from '../config/schema.ts';
import { SIGNING_WARNINGS } from './warnings.ts';

/** The API shapes of signing previews (docs/signing-previews.md). */

const typedDataSchema = z
  .object({
    domain: z
      .record(z.string(), z.unknown())
      .describe('EIP712Domain fields: name, version, chainId, verifyingContract, salt'),
    types: z
      .record(z.string(), z.array(z.object({ name: z.string().max(64), type: z.string().max(80) })).max(64))
      .describe('Struct types by name; `EIP712Domain` optional (derived from `domain` when absent)'),
    primaryType: z.string().min(1).max(64),
    message: z.record(z.string(), z.unknown()),
  })
  .describe('EIP-712 typed data as passed to `eth_signTypedData_v4`; integers as numbers or decimal strings');

export const signingPreviewBodySchema = z
  .strictObject({
    chainId: z.number().int().positive().describe('The chain the end user signs on (a configured chain)'),
    typedData: typedDataSchema.optional(),
    message: z
      .string()
      .min(1)
      .max(20_000)
      .optional()
      .describe('An EIP-191 personal message (`personal_sign`): text, or 0x-hex bytes'),
    signer: addressSchema.optional().describe("The end user's address (the account asked to sign)"),
    origin: z
      .string()
      .min(1)
      .max(253)
      .optional()
      .describe('The site asking for the signature (`app.example.com`); a personal message naming another is flagged'),
  })
  .refine((b) => (b.typedData === undefined) !== (b.message === undefined), {
    message: 'exactly one of typedData and message',
    path: ['typedData'],
  });

const warningSchema = z.object({
  code: z.enum(Object.keys(SIGNING_WARNINGS) as [keyof typeof SIGNING_WARNINGS, ...(keyof typeof SIGNING_WARNINGS)[]]),
  severity: z.enum(['low', 'medium', 'high']),
  field: z.string().nullable().describe('The field it is about (`message.spender`), or null'),
  message: z.string().describe('The specific finding, one sentence'),
  explanation: z.string().describe('What the code means, for an end user'),
});

export const signingPreviewSchema = z
  .object({
    object: z.literal('signing_preview'),
    chainId: z.number().int(),
    standard: z.enum(['eip712', 'eip191']),
    kind: z.enum([
      'erc2612_permit',
      'dai_permit',
      'permit2_allowance',
      'permit2_allowance_batch',
      'permit2_transfer',
      'permit2_transfer_batch',
      'typed_data',
      'personal_message',
    ]),
    digest: z.string().describe('What the wallet signs: the EIP-712 digest, or the EIP-191 message hash'),
    summary: z.string(),
    lines: z.array(z.string()).describe('Plain-language lines, in reading order'),
    fields: z
      .array(z.object({ path: z.string(), type: z.string(), value: z.string() }))
      .describe('Every signed field of the domain and the message, as text'),
    domain: z
      .object({
        name: z.string().nullable(),
        version: z.string().nullable(),
        chainId: z.number().nullable(),
        verifyingContract: z.string().nullable(),
        verifyingContractName: z.string().nullable(),
      })
      .nullable(),
    message: z
      .object({ text: z.string().nullable(), hex: z.string().nullable(), domains: z.array(z.string()) })
      .nullable()
      .describe('A personal message: its text (null when unreadable), its bytes as hex, the domains it names'),
    approvals: z.array(
      z.object({
        kind: z.enum(['allowance', 'transfer']),
        token: z.object({ address: z.string(), symbol: z.string().nullable(), decimals: z.number().nullable() }),
        spender: z.object({ address: z.string(), name: z.string().nullable() }),
        amount: z.object({ baseUnits: z.string(), unlimited: z.boolean(), text: z.string() }),
        expiresAt: z.string().nullable(),
      }),
    ),
    warnings: z.array(warningSchema).describe('Most severe first'),
    risk: z.enum(['low', 'medium', 'high']).describe('The highest severity among the warnings; low without any'),
  })
  .meta({ id: 'SigningPreview' });
