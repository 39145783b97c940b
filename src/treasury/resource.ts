import { z } from 'zod';
import { decisionsOfVersion } from '../auth/decisions.ts';
import { dbJson } from '../db/json.ts';
import type { MandateChainFacts } from './mandate-logic.ts';
import type { MandateDocument } from './mandate.ts';
import type { PositionCheck } from './position-check.ts';
import type { MandateDecisionRow, MandateRow, MandateVersionRow } from './mandate-store.ts';
import { MANDATE_VERSION_STATUSES } from './tables.ts';

/** The treasury module's API shapes (zod, for the OpenAPI document) and the mapping from rows. */

const principalRef = z.object({ id: z.string(), name: z.string() });

const decisionSchema = z.object({
  apiKeyId: z.string(),
  principal: principalRef.describe('The deciding principal; each counts once, whichever of its keys decided'),
  decision: z.enum(['approve', 'reject']),
  note: z.string().nullable(),
  createdAt: z.string(),
});

const vaultFactsSchema = z.object({
  address: z.string(),
  asset: z.string().describe('What the vault’s asset() answered'),
  codeHash: z.string().describe('keccak256 of the runtime code'),
  implementation: z.string().nullable().describe('The EIP-1967 implementation, when the vault is such a proxy'),
  implementationCodeHash: z.string().nullable(),
  pinned: z
    .array(z.enum(['codeHash', 'implementationCodeHash']))
    .describe('The hashes Keel read from the chain and pinned because the proposal left them out'),
});

/** One version of a mandate (proposed, active, superseded or rejected). */
export const mandateVersionSchema = z
  .object({
    id: z.string().describe('mdtv_…'),
    object: z.literal('treasury_mandate_version'),
    mandateId: z.string().describe('mdt_…'),
    version: z.number().int(),
    status: z.enum(MANDATE_VERSION_STATUSES),
    document: z
      .record(z.string(), z.unknown())
      .describe('The mandate document (docs/treasury.md) with defaults applied and every code hash pinned'),
    hash: z.string().describe('sha256 of the canonical JSON of the document'),
    chainFacts: z
      .object({ blockNumber: z.string(), vaults: z.array(vaultFactsSchema) })
      .describe('What the chain showed when the version was proposed'),
    positionCheck: z
      .object({
        blockNumber: z.string(),
        outOfBounds: z.array(z.string()).describe('The rules the current position would break under this version'),
        plan: z.object({
          movements: z.array(
            z.object({
              kind: z.enum(['deposit', 'withdrawal']),
              vault: z.string(),
              amount: z.object({ amount: z.string(), baseUnits: z.string() }),
              reason: z.string(),
            }),
          ),
          notes: z.array(z.string()),
        }),
      })
      .nullable()
      .describe(
        'A proposed change of an existing mandate checked against the live position when proposed: what it would put out of bounds and the plan to fix it; null when not checked or the position could not be read',
      ),
    baseVersion: z
      .number()
      .int()
      .nullable()
      .describe(
        'The version active when this one was proposed (null: none was); another one active by then makes it stale',
      ),
    note: z.string().nullable(),
    createdBy: z.string().describe('The proposing API key'),
    createdByPrincipal: principalRef.describe('The proposing principal: none of its keys may approve'),
    createdAt: z.string(),
    activatedAt: z.string().nullable(),
    supersededAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    approvals: z.array(decisionSchema),
    approvalsRequired: z.number().int().describe('Approvals a version needs to become active (current configuration)'),
  })
  .meta({ id: 'TreasuryMandateVersion' });

/** A mandate: what it governs, its active version and the versions waiting for approvals. */
export const mandateSchema = z
  .object({
    id: z.string().describe('mdt_…'),
    object: z.literal('treasury_mandate'),
    name: z.string(),
    chainId: z.number().int(),
    signer: z.string().describe('The Keel signer whose account the mandate governs'),
    account: z.string().describe('That signer’s address'),
    asset: z.object({ symbol: z.string(), address: z.string(), decimals: z.number().int() }),
    status: z.enum(['proposed', 'active']).describe('`proposed` until a first version is active'),
    activeVersion: mandateVersionSchema.nullable(),
    proposals: z.array(mandateVersionSchema).describe('Versions waiting for approvals, oldest first'),
    createdAt: z.string(),
  })
  .meta({ id: 'TreasuryMandate' });

export const mandateListSchema = z
  .object({ object: z.literal('list'), data: z.array(mandateSchema), hasMore: z.boolean() })
  .meta({ id: 'TreasuryMandateList' });

export type MandateVersionResource = z.output<typeof mandateVersionSchema> & { document: MandateDocument };
export type MandateResource = Omit<z.output<typeof mandateSchema>, 'activeVersion' | 'proposals'> & {
  activeVersion: MandateVersionResource | null;
  proposals: MandateVersionResource[];
};

/** The stored chain facts split: what the chain showed, and the position check kept beside it. */
function chainFactsOf(raw: unknown): { chainFacts: MandateChainFacts; positionCheck: PositionCheck | null } {
  const { positionCheck, ...chainFacts } = dbJson<MandateChainFacts & { positionCheck?: PositionCheck | null }>(raw);
  return { chainFacts, positionCheck: positionCheck ?? null };
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** A version row as the API shows it, with its decisions (any order in, oldest first out). */
export function mandateVersionResource(
  row: MandateVersionRow,
  decisions: readonly MandateDecisionRow[],
  names: ReadonlyMap<string, string>,
  approvalsRequired: number,
): MandateVersionResource {
  const ref = (id: string) => ({ id, name: names.get(id) ?? id });
  return {
    id: row.id,
    object: 'treasury_mandate_version',
    mandateId: row.mandate_id,
    version: row.version,
    status: row.status,
    document: dbJson<MandateDocument>(row.document),
    hash: row.document_sha256,
    ...chainFactsOf(row.chain_facts),
    baseVersion: row.base_version,
    note: row.note,
    createdBy: row.created_by,
    createdByPrincipal: ref(row.created_by_principal),
    createdAt: iso(row.created_at)!,
    activatedAt: iso(row.activated_at),
    supersededAt: iso(row.superseded_at),
    decidedAt: iso(row.decided_at),
    approvals: decisionsOfVersion(decisions, row.id, ref),
    approvalsRequired,
  };
}

/** A mandate row as the API shows it, given its active version and open proposals (as resources). */
export function mandateResource(
  row: MandateRow,
  active: MandateVersionResource | null,
  proposals: MandateVersionResource[],
): MandateResource {
  return {
    id: row.id,
    object: 'treasury_mandate',
    name: active?.document.name ?? row.name,
    chainId: row.chain_id,
    signer: row.signer,
    account: row.account,
    asset: { symbol: row.asset_symbol, address: row.asset_address, decimals: row.asset_decimals },
    status: active ? 'active' : 'proposed',
    activeVersion: active,
    proposals,
    createdAt: iso(row.created_at)!,
  };
}

const amountSchema = z.object({ amount: z.string(), baseUnits: z.string() });

/** A rebalancing plan (plans.ts `PlanResource`). */
export const planSchema = z
  .object({
    id: z.string(),
    object: z.literal('treasury_plan'),
    mandateId: z.string(),
    mandateVersion: z.number().int(),
    status: z.enum(['proposed', 'executing', 'executed', 'partially_executed', 'failed', 'stale', 'cancelled']),
    trigger: z.string().describe('`request`, or `breaker:<key>` when Keel proposed it after a vault breaker tripped'),
    positionBlock: z.string().describe('The block the position was read at'),
    movements: z.array(
      z.object({
        kind: z.enum(['deposit', 'withdrawal']),
        vault: z.string(),
        amount: amountSchema,
        reason: z
          .string()
          .describe('`breaker_open`, `code_changed`, `not_in_mandate`, `over_cap`, `buffer` or `target`'),
        status: z.enum(['planned', 'pending', 'confirmed', 'failed']),
        transactionId: z.string().nullable(),
        shares: z.string().nullable().describe('Shares minted or burned, from the vault’s event once confirmed'),
      }),
    ),
    total: amountSchema.describe('What the mandate manages: the account’s balance plus every vault’s value'),
    moved: amountSchema.describe('Deposits plus withdrawals'),
    reviewReasons: z.array(z.string()).describe('`review_threshold`, `daily_movement`: a human approves it first'),
    violationsBefore: z.array(z.string()),
    violationsAfter: z.array(z.string()),
    notes: z.array(z.string()),
    preview: z.object({ summary: z.string(), lines: z.array(z.string()), disclosures: z.array(z.string()) }),
    batchId: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
    executedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'TreasuryPlan' });

const failureSchema = z.object({ call: z.string(), error: z.string() });
const apySchema = z
  .object({
    bps: z.number().int(),
    decimal: z.string(),
    from: z.object({ blockNumber: z.string(), blockTime: z.string(), sharePrice: z.string() }),
    to: z.object({ blockNumber: z.string(), blockTime: z.string(), sharePrice: z.string() }),
    elapsedSeconds: z.number(),
  })
  .nullable();

/** A mandate's live position at one block (position.ts `Position`). */
export const positionSchema = z
  .object({
    object: z.literal('treasury_position'),
    mandateId: z.string().nullable(),
    chainId: z.number().int(),
    blockNumber: z.string(),
    blockTime: z.string(),
    account: z.string(),
    asset: z.object({ symbol: z.string(), address: z.string(), decimals: z.number().int() }),
    total: amountSchema,
    totalIncomplete: z.boolean(),
    accountBalance: amountSchema.nullable(),
    deployed: amountSchema,
    withdrawableNow: amountSchema,
    buffer: z.object({
      required: amountSchema,
      binding: z.enum(['amount', 'bps']),
      actual: amountSchema,
      ok: z.boolean(),
    }),
    yield: z.object({ costBasis: amountSchema, realised: amountSchema, unrealised: amountSchema.nullable() }),
    vaults: z.array(
      z.object({
        address: z.string(),
        label: z.string().nullable(),
        shares: z.object({ amount: z.string(), baseUnits: z.string(), decimals: z.number().int() }).nullable(),
        value: amountSchema.nullable(),
        maxWithdraw: amountSchema.nullable(),
        withdrawableNow: amountSchema.nullable(),
        sharePrice: z.string().nullable(),
        totalAssets: amountSchema.nullable(),
        totalSupply: z.string().nullable(),
        allocation: z.object({
          bps: z.number().int().nullable(),
          targetBps: z.number().int(),
          deviationBps: z.number().int().nullable(),
          cap: amountSchema,
          capBinding: z.enum(['amount', 'bps']),
          overCap: z.boolean().nullable(),
        }),
        concentration: z.object({
          bps: z.number().int().nullable(),
          maxBps: z.number().int(),
          over: z.boolean().nullable(),
        }),
        belowMinVaultAssets: z.boolean().nullable(),
        drawdown: z.object({
          highSharePrice: z.string().nullable(),
          bps: z.number().int().nullable(),
          maxBps: z.number().int(),
          over: z.boolean().nullable(),
        }),
        prices: z.object({
          lastRecordedBlock: z.string().nullable(),
          lastRecordedAt: z.string().nullable(),
          stale: z.boolean(),
        }),
        apy: z.object({ d7: apySchema, d30: apySchema }),
        costBasis: amountSchema,
        realisedYield: amountSchema,
        unrealisedYield: amountSchema.nullable(),
        untrackedShares: z.string().nullable(),
        movementsInconsistent: z.boolean(),
        code: z.object({
          codeHash: z.string().nullable(),
          implementation: z.string().nullable(),
          implementationCodeHash: z.string().nullable(),
          matchesMandate: z.boolean().nullable(),
        }),
        failures: z.array(failureSchema),
      }),
    ),
    breaches: z.array(z.object({ rule: z.string(), vault: z.string().optional(), detail: z.string() })),
    failures: z.array(failureSchema),
  })
  .meta({ id: 'TreasuryPosition' });

/** A mandate's recorded share prices per vault (history.ts `SharePriceHistory`). */
export const sharePriceHistorySchema = z
  .object({
    object: z.literal('treasury_share_prices'),
    mandateId: z.string(),
    chainId: z.number().int(),
    asset: z.object({ symbol: z.string(), address: z.string(), decimals: z.number().int() }),
    since: z.string().describe('The start of the period (ISO)'),
    vaults: z.array(
      z.object({
        address: z.string(),
        label: z.string().nullable(),
        points: z
          .array(
            z.object({
              blockNumber: z.string(),
              blockTime: z.string().describe('ISO time of the block'),
              sharePrice: z.string().describe('Assets per whole share, in the asset’s units'),
            }),
          )
          .describe('Oldest first, at most 1,000'),
      }),
    ),
  })
  .meta({ id: 'TreasurySharePrices' });

/** The watcher's alerts on a mandate, newest first (`treasury.alert` resources). */
export const alertListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(
      z.object({
        object: z.literal('treasury_alert'),
        mandateId: z.string(),
        chainId: z.number().int(),
        vault: z.string(),
        rule: z.enum(['drawdown', 'code_changed', 'max_withdraw_failed', 'withdrawals_paused']),
        detail: z.string(),
        breaker: z.string().describe('The vault breaker the alert tripped or found open (`vault:<chainId>:<address>`)'),
        positionBlock: z.string(),
        planId: z.string().nullable().describe('The withdrawal plan proposed for review, if any'),
      }),
    ),
  })
  .meta({ id: 'TreasuryAlertList' });
