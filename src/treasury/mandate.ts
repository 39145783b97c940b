import { z } from 'zod';
import { ADDRESS_RULE, isAcceptedAddress } from '../lib/address.ts';
import { decimalAmountSchema } from '../lib/money.ts';

/**
 * The treasury mandate document (docs/treasury.md): what one Keel account may do with one
 * asset in ERC-4626 vaults. It is versioned and changed like the policy — a new version is
 * proposed, approved by distinct principals, then active — so every field here is what a risk
 * officer approves. This file only describes the shape and the rules that need no chain; the
 * chain facts (the vault's `asset()`, its code hashes, the signer's address) are checked by the
 * service when a version is proposed.
 *
 * Amounts are decimal strings in the mandate asset's units (`"250000"` tUSD); shares of the
 * mandate's total are basis points (1 bp = 0.01 %). The mandate's total is what the account
 * holds of the asset plus the value of its shares in the mandate's vaults.
 */

const addressSchema = z.string().refine(isAcceptedAddress, { message: ADDRESS_RULE });
const codeHashSchema = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be a 0x-prefixed 32-byte hex keccak256 hash');
const bpsSchema = z.number().int().min(0).max(10_000);

/**
 * An amount, a share of the mandate's total, or both. For a cap the smaller binds; for the
 * buffer (a floor) the larger does — the conservative reading of each.
 */
const limitSchema = z
  .object({ amount: decimalAmountSchema.optional(), bps: bpsSchema.optional() })
  .strict()
  .refine((l) => l.amount !== undefined || l.bps !== undefined, { message: 'give amount, bps or both' });

/** One vault the mandate allows, pinned by address and code. */
export const mandateVaultSchema = z
  .object({
    address: addressSchema,
    /**
     * keccak256 of the vault's runtime code. Omitted in a proposal, Keel pins what the chain
     * holds at proposal time (the approvers see it); given, it must match the chain.
     */
    codeHash: codeHashSchema.optional(),
    /**
     * For an EIP-1967 proxy: keccak256 of the code at the implementation the proxy points to.
     * Pinned the same way; an upgrade changes it, and an upgraded vault is not the one approved.
     */
    implementationCodeHash: codeHashSchema.optional(),
    /** Share of the mandate's total the plan aims to keep in this vault (default 0: none). */
    targetBps: bpsSchema.default(0),
    /** The most this vault may hold of the mandate. */
    maxAllocation: limitSchema,
    /** A short label for previews ("Conservative USD vault"). */
    label: z.string().min(1).max(80).optional(),
  })
  .strict();

/** A mandate version's document, as proposed. */
export const mandateDocumentSchema = z
  .object({
    name: z.string().min(1).max(100),
    chainId: z.number().int().positive(),
    /** The Keel signer (by configured name) whose account the mandate governs. */
    signer: z.string().min(1).max(64),
    /** The asset, by configured symbol or address on that chain. */
    asset: z.string().min(1).max(64),
    vaults: z.array(mandateVaultSchema).min(1).max(50),
    /** What always stays in the account, undeployed. */
    buffer: limitSchema,
    /** The most the account may own of any one vault's total assets (concentration). */
    maxShareOfVaultBps: bpsSchema.default(2_000),
    /** A vault smaller than this (its total assets) gets no deposits. */
    minVaultAssets: decimalAmountSchema.default('0'),
    /** A share-price drop from its recorded high beyond this trips the vault's breaker. */
    maxDrawdownBps: bpsSchema.default(50),
    /** A share-price reading older than this is stale: no plan is made on it. */
    maxPriceStalenessSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .default(3600),
    /** A plan or movement above this amount needs a human review. */
    reviewThreshold: decimalAmountSchema,
    /** The most the mandate may move (deposits plus withdrawals) in a rolling 24 h. */
    maxDailyMovement: decimalAmountSchema,
    /** When a vault's breaker trips: also propose the plan that withdraws from it, for review. */
    onBreaker: z.enum(['propose_withdrawal', 'alert_only']).default('propose_withdrawal'),
  })
  .strict();

/** A mandate document as proposed (defaults applied). */
export type MandateDocument = z.output<typeof mandateDocumentSchema>;
/** One allowed vault of a mandate. */
export type MandateVault = z.output<typeof mandateVaultSchema>;

/** A problem with a document that needs no chain to see, as a 422 field error. */
export interface MandateProblem {
  path: string;
  message: string;
}

/**
 * The rules across fields: vaults listed once, targets plus the buffer's share at most 100 %,
 * each target within its vault's cap. Answers every problem, not the first.
 */
export function mandateProblems(doc: MandateDocument): MandateProblem[] {
  const out: MandateProblem[] = [];
  const seen = new Map<string, number>();
  doc.vaults.forEach((v, i) => {
    const k = v.address.toLowerCase();
    if (seen.has(k))
      out.push({ path: `vaults.${i}.address`, message: `vault listed twice (also vaults.${seen.get(k)})` });
    else seen.set(k, i);
    if (v.maxAllocation.bps !== undefined && v.targetBps > v.maxAllocation.bps)
      out.push({
        path: `vaults.${i}.targetBps`,
        message: `target ${v.targetBps} bps is above the vault's cap of ${v.maxAllocation.bps} bps`,
      });
  });
  const targets = doc.vaults.reduce((s, v) => s + v.targetBps, 0);
  const buffer = doc.buffer.bps ?? 0;
  if (targets + buffer > 10_000)
    out.push({
      path: 'vaults',
      message: `targets (${targets} bps) plus the buffer (${buffer} bps) allocate more than 100 % of the mandate`,
    });
  return out;
}
