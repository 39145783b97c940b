import { z } from 'zod';
import { ADDRESS_RULE, isAcceptedAddress } from '../lib/address.ts';
import { usdAmountSchema } from '../lib/money.ts';
import { dbJson } from '../db/json.ts';
import { formatUsd, parseUsd, type Reason, REASON_CODES, type SponsorshipRules } from './sponsorship-logic.ts';
import type { DecisionRow } from './sponsorship-store.ts';

/** The API shapes of sponsorship policies, their decisions and usage (docs/sponsorship.md). */

const address = z.string().refine(isAcceptedAddress, ADDRESS_RULE);
const selector = z.string().regex(/^0x[0-9a-fA-F]{8}$/, 'a 4-byte function selector such as 0xa9059cbb');
const period = z.enum(['day', 'week', 'month']).describe('A UTC calendar period: day, ISO week (from Monday) or month');
const isoTime = z.string().describe('UTC ISO-8601 time');
const threshold = z.number().int().min(0).max(1_000_000_000);
const gas = z.string().regex(/^[1-9]\d{0,17}$/, 'a positive whole number of gas units');

export const backendHookSchema = z
  .strictObject({
    url: z.string().max(2_048).describe('HTTPS URL Keel POSTs a signed check to (SSRF-guarded like webhook endpoints)'),
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(30_000)
      .optional()
      .describe('Deadline of the check; at most sponsorship.backendTimeoutMs (its default)'),
    onFailure: z
      .enum(['deny', 'allow'])
      .default('deny')
      .describe('What a timeout, error or unreadable answer means: deny (default) or allow'),
  })
  .meta({ id: 'SponsorshipBackendHook' });

/** The rules of a policy version, as the API takes and shows them. */
export const policyDocumentSchema = z.strictObject({
  name: z.string().min(1).max(200),
  maxCostUsdPerOperation: usdAmountSchema.optional().describe('Cap on one operation’s maximum gas cost in USD'),
  maxGasPerOperation: gas
    .optional()
    .describe('Cap on one operation’s total gas (call + verification + pre-verification)'),
  globalBudget: z.strictObject({ amountUsd: usdAmountSchema, period }).optional(),
  userBudget: z.strictObject({ amountUsd: usdAmountSchema, period }).optional(),
  userOperations: z
    .strictObject({ max: threshold, period })
    .optional()
    .describe('Sponsored operations per user per period'),
  window: z.strictObject({ startsAt: z.iso.datetime().optional(), endsAt: z.iso.datetime().optional() }).optional(),
  senderAllowList: z
    .array(address)
    .max(10_000)
    .optional()
    .describe('Only these senders (smart accounts) are sponsored'),
  senderBlockList: z.array(address).max(10_000).optional(),
  chains: z.array(z.number().int().positive()).max(100).optional().describe('Chains sponsored; absent: every chain'),
  targets: z.array(address).max(1_000).optional().describe('Every call of the operation must go to one of these'),
  selectors: z.array(selector).max(1_000).optional().describe('Every call must use one of these selectors'),
  firstOperationsPerUser: threshold.optional().describe('Only each user’s first N operations are sponsored'),
  abuse: z
    .strictObject({
      opsPerUser: threshold.optional(),
      opsPerApiKey: threshold.optional(),
      opsPerIp: threshold.optional(),
      opsPerDevice: threshold.optional(),
      newAccountsPerHour: threshold.optional(),
    })
    .optional()
    .describe('Abuse thresholds, each per UTC hour; exceeding one is an `abuse` denial'),
  backendHook: backendHookSchema.optional(),
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

export const policySchema = z
  .object({
    id: z.string().describe('spp_…'),
    object: z.literal('sponsorship_policy'),
    version: z.number().int(),
    status: z.enum(['enabled', 'disabled']),
    ownerPrincipal: z.string().describe('Only this principal’s keys (and admins) see and change it'),
    document: policyDocumentSchema,
    backendHookSecret: z
      .string()
      .optional()
      .describe('Signing secret of the backend hook (whsec_…): shown only when it is created'),
    createdAt: isoTime,
    updatedAt: isoTime,
    disabledAt: isoTime.nullable(),
  })
  .meta({ id: 'SponsorshipPolicy' });
export type PolicyResource = z.infer<typeof policySchema>;

export const policyListSchema = z
  .object({ object: z.literal('list'), data: z.array(policySchema), hasMore: z.boolean() })
  .meta({ id: 'SponsorshipPolicyList' });

const reasonSchema = z.object({ code: z.enum(REASON_CODES), detail: z.string() }).meta({ id: 'SponsorshipReason' });

export const evaluateBodySchema = z.strictObject({
  chainId: z.number().int().positive(),
  sender: address,
  userId: z.string().min(1).max(200).describe('The fintech’s id of the end user'),
  clientIp: z.string().max(100).optional().describe('The end user’s IP address, as the fintech saw it'),
  deviceId: z.string().max(200).optional(),
  calls: z
    .array(z.strictObject({ to: address, selector: selector.optional() }))
    .min(1)
    .max(100),
  maxCostUsd: usdAmountSchema.describe('The operation’s maximum gas cost in USD (what is reserved)'),
  maxGas: gas,
  isNewAccount: z.boolean().default(false).describe('Whether the operation deploys the account'),
});
export type EvaluateBody = z.infer<typeof evaluateBodySchema>;

export const decisionSchema = z
  .object({
    id: z.string().describe('spd_…'),
    object: z.literal('sponsorship_decision'),
    policyId: z.string(),
    policyVersion: z.number().int(),
    sponsored: z.boolean(),
    dryRun: z.boolean(),
    class: z.enum(['organic', 'abuse']).nullable().describe('Of a denial: abuse when any reason is an abuse signal'),
    reasons: z.array(reasonSchema),
    status: z.enum(['reserved', 'settled', 'released', 'denied', 'dry_run']),
    reservedUsd: z.string(),
    actualUsd: z.string().nullable(),
    chainId: z.number().int(),
    sender: z.string(),
    userId: z.string(),
    createdAt: isoTime,
    settledAt: isoTime.nullable(),
  })
  .meta({ id: 'SponsorshipDecision' });
export type DecisionResource = z.infer<typeof decisionSchema>;

export const decisionListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(decisionSchema),
    hasMore: z.boolean(),
  })
  .meta({ id: 'SponsorshipDecisionList' });

export const usageSchema = z
  .object({
    object: z.literal('sponsorship_usage'),
    policyId: z.string(),
    period: period,
    periodStart: isoTime,
    spentUsd: z.string().describe('Reserved and settled cost of operations sponsored in the period'),
    budgetUsd: z.string().nullable().describe('The global budget when its period is this one'),
    sponsored: z.number().int(),
    denied: z.object({ organic: z.number().int(), abuse: z.number().int() }),
    deniedByReason: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'SponsorshipUsage' });
export type UsageResource = z.infer<typeof usageSchema>;

/** A stored policy version as the decision reads it. */
export function toRules(doc: PolicyDocument, enabled: boolean): SponsorshipRules {
  const lower = (xs: readonly string[] | undefined) => xs?.map((x) => x.toLowerCase());
  const r: SponsorshipRules = {
    enabled,
    hasBackendHook: doc.backendHook !== undefined,
    backendFailureMode: doc.backendHook?.onFailure ?? 'deny',
  };
  if (doc.maxCostUsdPerOperation !== undefined) r.maxCostUsdPerOperation = parseUsd(doc.maxCostUsdPerOperation);
  if (doc.maxGasPerOperation !== undefined) r.maxGasPerOperation = BigInt(doc.maxGasPerOperation);
  if (doc.globalBudget)
    r.globalBudget = { amountUsd: parseUsd(doc.globalBudget.amountUsd), period: doc.globalBudget.period };
  if (doc.userBudget) r.userBudget = { amountUsd: parseUsd(doc.userBudget.amountUsd), period: doc.userBudget.period };
  if (doc.userOperations) r.userOperations = doc.userOperations;
  if (doc.window) {
    r.window = {};
    if (doc.window.startsAt) r.window.startsAt = new Date(doc.window.startsAt);
    if (doc.window.endsAt) r.window.endsAt = new Date(doc.window.endsAt);
  }
  if (doc.senderAllowList) r.senderAllowList = lower(doc.senderAllowList)!;
  if (doc.senderBlockList) r.senderBlockList = lower(doc.senderBlockList)!;
  if (doc.chains) r.chains = doc.chains;
  if (doc.targets) r.targets = lower(doc.targets)!;
  if (doc.selectors) r.selectors = lower(doc.selectors)!;
  if (doc.firstOperationsPerUser !== undefined) r.firstOperationsPerUser = doc.firstOperationsPerUser;
  if (doc.abuse) r.abuse = doc.abuse;
  return r;
}

/** A recorded decision as the API shows it. */
export function toDecision(r: DecisionRow): DecisionResource {
  return {
    id: r.id,
    object: 'sponsorship_decision',
    policyId: r.policy_id,
    policyVersion: r.policy_version,
    sponsored: r.sponsored,
    dryRun: r.dry_run,
    class: r.class,
    reasons: dbJson<Reason[]>(r.reasons),
    status: r.status,
    reservedUsd: formatUsd(BigInt(r.reserved_usd)),
    actualUsd: r.actual_usd === null ? null : formatUsd(BigInt(r.actual_usd)),
    chainId: r.chain_id,
    sender: r.sender,
    userId: r.user_id,
    createdAt: r.created_at.toISOString(),
    settledAt: r.settled_at ? r.settled_at.toISOString() : null,
  };
}
