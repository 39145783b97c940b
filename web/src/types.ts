/**
 * The API resources the dashboard reads, named. Every type is taken from the typed client's
 * `schema.ts` (@keel/client), generated from the API's OpenAPI document (`npm run gen:client`), so a change on the
 * server shows up here as a type error instead of a silent mismatch.
 */
import type { paths } from '@keel/client';

/** The JSON body a route answers with status `C` (200 unless given). */
export type ApiResponse<
  P extends keyof paths,
  M extends 'get' | 'post' | 'patch',
  C extends number = 200,
> = paths[P][M] extends { responses: { [K in C]: { content: { 'application/json': infer T } } } } ? T : never;

export type Me = ApiResponse<'/v1/me', 'get'>;

/*
 * Hand-written below: the parts whose response schema is open (`unknown` or a passthrough
 * object) in the OpenAPI document — a transaction's `preview`, a policy version's `document`
 * and `diff`, and the settlement report's `intents` and `totals`. Replace each with the
 * generated type once the server names its schema.
 */

export interface PreviewLine {
  index: number;
  kind: string;
  text: string;
  warnings: string[];
}

export interface Preview {
  lines: PreviewLine[];
  fee: { usd: string | null; text: string };
  balanceChanges: Array<{ address: string; label: string; asset: string; delta: string; usd?: string; text: string }>;
  finality: { text: string; estimatedSeconds: number };
  summary: string;
}

export type Transaction = Omit<ApiResponse<'/v1/transactions/{id}', 'get'>, 'preview'> & { preview: Preview | null };
export type TxStatus = Transaction['status'];
export type Reason = Transaction['decision']['reasons'][number];
export type Exposure = NonNullable<Transaction['exposure']>;
export type BalanceDelta = NonNullable<Transaction['simulation']>['balanceChanges'][number];
export type BalanceComparison = ApiResponse<'/v1/transactions/{id}/balance-changes', 'get'>;

/**
 * A page of a list route. Hand-written because it is generic: every list route answers
 * `{ object: 'list', data, hasMore }`; page with `startingAfter` (docs/api.md).
 */
export interface List<T> {
  data: T[];
  hasMore?: boolean;
}

export interface PolicyRule {
  id: string;
  kind: string;
  effect: string;
  description?: string;
  [k: string]: unknown;
}

export interface PolicyDiff {
  added: PolicyRule[];
  removed: PolicyRule[];
  changed: Array<{ id: string; kind: string; fields: Array<{ field: string; before?: unknown; after?: unknown }> }>;
  reordered: string[];
  description?: { before?: string; after?: string };
  summary: { added: number; removed: number; changed: number; unchanged: number };
}

export type PolicyVersion = Omit<ApiResponse<'/v1/policy/versions/{version}', 'get'>, 'document' | 'diff'> & {
  document: { description?: string; rules?: PolicyRule[] };
  diff: PolicyDiff | null;
};

export type Breaker = ApiResponse<'/v1/breakers', 'get'>['data'][number];

export type WebhookEndpoint = ApiResponse<'/v1/webhook-endpoints/{id}', 'get'>;
export type WebhookDelivery = ApiResponse<'/v1/webhook-endpoints/{id}/deliveries', 'get'>['data'][number];

export type AuditEntry = ApiResponse<'/v1/audit-log', 'get'>['data'][number];
export type AuditVerification = ApiResponse<'/v1/audit-log/verify', 'get'>;

export type Overview = ApiResponse<'/v1/stats/overview', 'get'>;
export type EndpointHealth = Overview['rpc'][number]['endpoints'][number];

export type Portfolio = ApiResponse<'/v1/portfolio', 'get'>;
export type PortfolioAmount = { amount: string; baseUnits: string };

export type PaymentIntent = ApiResponse<'/v1/payment-intents/{id}', 'get'>;
export type IntentStatus = PaymentIntent['status'];
export type Money = PaymentIntent['amount'];
export type PaymentDeposit = PaymentIntent['payments'][number];
export type Refund = PaymentIntent['refunds'][number];

export interface Quantiles {
  p50: number | null;
  p90: number | null;
  max: number | null;
}

export type SettlementReport = ApiResponse<'/v1/reports/settlement', 'get'> & {
  intents: Array<{
    id: string;
    asset: string;
    amount: string;
    amountUsd: string | null;
    secondsToSeen: number | null;
    secondsToConfirmed: number | null;
    secondsToSwept: number | null;
    sweepGas: Record<string, string | null>;
  }>;
  totals: {
    intents: number;
    byStatus: Record<string, number>;
    settled: number;
    volumeUsd: string;
    unpricedIntents: number;
    sweepGas: Record<string, string>;
    costPercent: string | null;
    timings: { toSeen: Quantiles; toConfirmed: Quantiles; toSwept: Quantiles };
    comparators: Array<{ name: string; rule: string; costUsd: string; costPercent: string | null }>;
  };
};

export type Principal = ApiResponse<'/v1/principals/{id}', 'get'>;
/** A change to who may do what, waiting for (or done with) approval by other principals. */
export type AccessRequest = ApiResponse<'/v1/access-requests/{id}', 'get'>;

/** `GET /v1/checkout/:id`, the hosted checkout's view of an intent. */
export type CheckoutView = ApiResponse<'/v1/checkout/{id}', 'get'>;
