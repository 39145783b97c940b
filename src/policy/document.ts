import { z } from 'zod';
import { isAddress } from 'viem';
import { usdAmountSchema } from '../lib/money.ts';

/**
 * The policy document: a declarative, versioned list of rules (docs/policy.md). Every rule
 * names its `kind` (what it checks), its `effect` (what a match means) and an optional scope
 * (which intents it applies to). This file only describes and validates documents; they are
 * compiled once by `compilePolicy` (compile.ts) and evaluated by `evaluate` (evaluate.ts).
 */

const ADDRESS_MSG = 'must be a 0x-prefixed 20-byte hex address';
/** Any-case address (policies are written by hand; checksums are not enforced, matching is case-insensitive). */
export const policyAddressSchema = z.string().refine((s) => isAddress(s, { strict: false }), { message: ADDRESS_MSG });

/** Unsigned integer in base units, as a decimal string (money is never a JS number). */
const baseUnitsSchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,77})$/, 'must be a whole number of base units, as a decimal string');

/**
 * An asset named by its configured symbol, by its contract address, or `native` for the
 * chain's native coin.
 */
const assetNameSchema = z.string().min(1).max(64);

const ruleIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, '1-64 letters, digits, _ . -');

/**
 * What an intent is, as rules scope it with `intentKinds`: a raw `transfer` or `contract_call`
 * sent through `POST /v1/transactions`, or a capability's own transaction — `swap` (the swaps
 * API's approvals and router call), `sweep` (payment deposit sweeps), `refund` (payment
 * refunds), `treasury` (a treasury plan's approvals, deposits and withdrawals), `session_key` (a smart
 * account's owner operation granting or revoking a session key, valued at the key's token cap). A capability's transactions are judged by the rules scoped to its kind plus every
 * unscoped rule, so raw-transfer limits never block a capability and nothing escapes valuation.
 */
export const intentKinds = [
  'transfer',
  'contract_call',
  'swap',
  'sweep',
  'refund',
  'treasury',
  'payout',
  'attestation',
  'session_key',
] as const;
/** One of `intentKinds`. */
export type IntentKind = (typeof intentKinds)[number];
/** The kinds a caller of `POST /v1/transactions` may send; the others belong to capabilities. */
export const rawIntentKinds = ['transfer', 'contract_call'] as const satisfies readonly IntentKind[];

/**
 * Scope filters shared by every rule: a rule applies to an intent only when every filter it
 * sets contains the intent's value. An absent filter matches everything.
 */
const scopeShape = {
  chainIds: z.array(z.number().int().positive()).min(1).optional(),
  assets: z.array(assetNameSchema).min(1).optional(),
  users: z.array(z.string().min(1)).min(1).optional(),
  apiKeys: z.array(z.string().min(1)).min(1).optional(),
  sessions: z.array(z.string().min(1)).min(1).optional(),
  /** The Keel-managed accounts (the intent's `from`). */
  signers: z.array(policyAddressSchema).min(1).optional(),
  intentKinds: z.array(z.enum(intentKinds)).min(1).optional(),
};

const common = {
  id: ruleIdSchema,
  /** Shown to operators; not evaluated. */
  description: z.string().max(500).optional(),
  /** Replaces the standard end-user message of the reasons this rule produces. */
  userMessage: z.string().min(1).max(300).optional(),
  ...scopeShape,
};

const allEffects = z.enum(['allow', 'deny', 'review']);
const restrictEffects = z.enum(['deny', 'review']);

/** An amount limit: in base units of the asset(s) in scope, or in USD via the price feeds. */
export const limitSchema = z.union([
  z.strictObject({ baseUnits: baseUnitsSchema }),
  z.strictObject({ usd: usdAmountSchema }),
]);

/**
 * Who a rolling window is summed for. `org` is the whole installation; `counterparty` is the
 * address on the other side (a transfer's recipient, a call's contract), whoever sends to it —
 * so many users paying one address (structuring) add up.
 */
export const windowPerSchema = z.enum(['user', 'apiKey', 'session', 'signer', 'org', 'counterparty']);
/** Who a window is summed for. */
export type WindowPer = z.infer<typeof windowPerSchema>;

/** A constraint on one decoded argument of a contract call. */
export const argConstraintSchema = z.strictObject({
  index: z.number().int().min(0).max(31),
  /** The argument must equal one of these (addresses case-insensitively; numbers as decimal strings). */
  oneOf: z.array(z.string().min(1)).min(1).optional(),
  /** The argument must equal none of these. */
  noneOf: z.array(z.string().min(1)).min(1).optional(),
  /** The argument is an integer no larger than this. */
  max: baseUnitsSchema.optional(),
});

/**
 * One allowed function of a contract: a selector (`0x095ea7b3`), a signature
 * (`approve(address,uint256)`), or `*` for every function except approvals.
 */
const selectorSpecSchema = z
  .string()
  .refine((s) => s === '*' || /^0x[0-9a-fA-F]{8}$/.test(s) || /^[A-Za-z_$][A-Za-z0-9_$]*\(.*\)$/.test(s), {
    message: 'must be a 4-byte selector (0x12345678), a function signature such as transfer(address,uint256), or *',
  });
/** An allowed function: a selector/signature string, or an object with spenders and argument constraints. */
export const functionSpecSchema = z.union([
  selectorSpecSchema,
  z.strictObject({
    selector: selectorSpecSchema,
    /** For approvals (approve, increaseAllowance, setApprovalForAll): the spenders that may be approved. */
    spenders: z.array(policyAddressSchema).min(1).optional(),
    args: z.array(argConstraintSchema).min(1).optional(),
  }),
]);

const durationSeconds = z
  .number()
  .int()
  .positive()
  .max(366 * 86_400);

/** Every rule kind, as a union discriminated by `kind`. */
export const ruleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...common, kind: z.literal('chain'), effect: allEffects, chainIds: scopeShape.chainIds.unwrap() }),
  z.strictObject({ ...common, kind: z.literal('asset'), effect: allEffects, assets: scopeShape.assets.unwrap() }),
  z.strictObject({
    ...common,
    kind: z.literal('contract'),
    effect: allEffects,
    contracts: z.array(policyAddressSchema).min(1),
    /** Allowed (or, for deny/review, targeted) functions; deny/review without it target every function. */
    functions: z.array(functionSpecSchema).min(1).optional(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('destination'),
    effect: allEffects,
    addresses: z.array(policyAddressSchema).min(1),
  }),
  z.strictObject({ ...common, kind: z.literal('amount'), effect: restrictEffects, limit: limitSchema }),
  z.strictObject({
    ...common,
    kind: z.literal('window'),
    effect: restrictEffects,
    per: windowPerSchema,
    windowSeconds: durationSeconds,
    limit: limitSchema,
  }),
  z.strictObject({
    ...common,
    kind: z.literal('velocity'),
    effect: restrictEffects,
    per: windowPerSchema,
    windowSeconds: durationSeconds,
    maxCount: z.number().int().min(0),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('allowance'),
    /**
     * Allowances Keel's accounts may leave granted to these spenders, each up to `limit` (per
     * spender, per intent, valued like any amount). Every allowance a transaction grants —
     * read from its simulated Approval logs, whatever function granted it — needs one.
     */
    effect: z.literal('allow'),
    spenders: z.array(policyAddressSchema).min(1),
    limit: limitSchema,
  }),
  z.strictObject({ ...common, kind: z.literal('first_time_destination'), effect: restrictEffects }),
  z.strictObject({
    ...common,
    kind: z.literal('destination_cooling'),
    effect: restrictEffects,
    coolingSeconds: durationSeconds,
  }),
  z.strictObject({
    ...common,
    kind: z.literal('destination_contract'),
    effect: restrictEffects,
    /** Contracts that may receive transfers anyway (e.g. a known vault or payment processor). */
    except: z.array(policyAddressSchema).min(1).optional(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('destination_unreceivable'),
    /**
     * A transfer whose recipient cannot use what it receives: a token contract (any configured
     * asset, the token being sent, or a contract answering ERC-20 `totalSupply()`), or, for the
     * native coin, a contract that refuses a plain payment.
     */
    effect: restrictEffects,
  }),
  z.strictObject({
    ...common,
    kind: z.literal('address_lookalike'),
    effect: restrictEffects,
    prefixChars: z.number().int().min(1).max(20).default(4),
    suffixChars: z.number().int().min(1).max(20).default(4),
  }),
  z.strictObject({ ...common, kind: z.literal('wrong_network'), effect: restrictEffects }),
]);

/** Types of the document's parts, as validated (output) and as written (input). */
export type PolicyRule = z.output<typeof ruleSchema>;
export type PolicyRuleInput = z.input<typeof ruleSchema>;
export type RuleKind = PolicyRule['kind'];
export type Effect = PolicyRule['effect'];
export type Limit = z.output<typeof limitSchema>;
export type FunctionSpec = z.output<typeof functionSpecSchema>;
export type ArgConstraint = z.output<typeof argConstraintSchema>;

/** The whole document. Rule ids are unique; their order only breaks ties in reason order. */
export const policyDocumentSchema = z
  .strictObject({
    version: z.number().int().min(1).default(1),
    description: z.string().max(2_000).optional(),
    rules: z.array(ruleSchema).max(100_000).default([]),
  })
  .superRefine((doc, ctx) => {
    const ids = new Set<string>();
    doc.rules.forEach((r, i) => {
      if (ids.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id ${r.id}` });
      ids.add(r.id);
      if (
        (r.kind === 'amount' || r.kind === 'window' || r.kind === 'allowance') &&
        'baseUnits' in r.limit &&
        !r.assets
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'assets'],
          message: 'a limit in baseUnits needs an `assets` scope (base units of different assets are not comparable)',
        });
      }
      if (r.kind === 'contract' && r.effect === 'allow' && !r.functions) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'functions'],
          message: 'an allow rule for contracts must list its functions (or "*")',
        });
      }
    });
  });

/** A validated policy document (defaults applied). */
export type PolicyDocument = z.output<typeof policyDocumentSchema>;
/** A policy document as written (defaults optional). */
export type PolicyDocumentInput = z.input<typeof policyDocumentSchema>;

/** The deny-all policy used when the configuration names none: nothing is allowed. */
export const DENY_ALL_POLICY: PolicyDocument = Object.freeze({
  version: 1,
  description: 'Deny everything (no policy configured).',
  rules: [],
}) as PolicyDocument;

/**
 * Validates an untrusted document. Returns the parsed document or a list of per-field
 * problems (`rules.3.limit.usd: …`) so a caller can report all of them at once.
 */
export function parsePolicyDocument(
  input: unknown,
):
  | { ok: true; document: PolicyDocument }
  | { ok: false; errors: Array<{ field: string; code: string; message: string }> } {
  const r = policyDocumentSchema.safeParse(input);
  if (r.success) return { ok: true, document: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => ({
      field: i.path.map(String).join('.') || '(root)',
      code: i.code,
      message: i.message,
    })),
  };
}
