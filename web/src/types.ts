/**
 * The API resources the dashboard reads, named. Every type comes from the typed client
 * (@keel/client), generated from the API's OpenAPI document (`npm run gen:client`), so a change
 * on the server shows up here as a type error instead of a silent mismatch. The calls
 * themselves (`keel.GET(…)` in the pages) are typed by the same document: a page needs a name
 * from here only to type a component's props.
 */
import type { paths, Schema } from '@keel/client';

/** The JSON body a route answers with status `C` (200 unless given). */
export type ApiResponse<
  P extends keyof paths,
  M extends 'get' | 'post' | 'patch',
  C extends number = 200,
> = paths[P][M] extends { responses: { [K in C]: { content: { 'application/json': infer T } } } } ? T : never;

export type Me = Schema<'ApiKeyIdentity'>;

export type TxStatus = Transaction['status'];
export type Reason = Transaction['decision']['reasons'][number];

export type Breaker = Schema<'Breaker'>;
export type WebhookDelivery = Schema<'WebhookDelivery'>;
export type Overview = ApiResponse<'/v1/stats/overview', 'get'>;
export type EndpointHealth = Overview['rpc'][number]['endpoints'][number];

export type PaymentIntent = Schema<'PaymentIntent'>;
export type IntentStatus = PaymentIntent['status'];
export type Money = PaymentIntent['amount'];
export type PaymentDeposit = Schema<'Deposit'>;
export type Refund = Schema<'Refund'>;

/** A change to who may do what, waiting for (or done with) approval by other principals. */
export type AccessRequest = Schema<'AccessRequest'>;

/** `GET /v1/checkout/:id`, the hosted checkout's view of an intent. */
export type CheckoutView = ApiResponse<'/v1/checkout/{id}', 'get'>;

/*
 * Below: the parts the OpenAPI document leaves open (`{ [key: string]: unknown }`) — a
 * transaction's `preview`, a policy version's `document` and `diff` rules, and the settlement
 * report's `intents` and `totals` — written out by hand, with the one function per resource
 * that gives an answer these shapes. Replace each with the generated type once the server
 * names its schema.
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

export type Transaction = Omit<Schema<'TransactionResource'>, 'preview'> & { preview: Preview | null };

/** A transaction as answered, with its preview's shape (docs/previews.md). */
export const transaction = (t: Schema<'TransactionResource'>): Transaction => t as Transaction;

/** A page of transactions (the list and the review queue), with their previews' shape. */
export const transactions = <L extends { data: Schema<'TransactionResource'>[] }>(
  list: L,
): Omit<L, 'data'> & { data: Transaction[] } => list as Omit<L, 'data'> & { data: Transaction[] };

export interface PolicyRule {
  id: string;
  kind: string;
  effect: string;
  description?: string;
  [k: string]: unknown;
}

export type PolicyDiff = Omit<Schema<'PolicyDiff'>, 'added' | 'removed'> & {
  added: PolicyRule[];
  removed: PolicyRule[];
};

/** A policy document (docs/policy.md) as far as the dashboard reads it. */
export interface PolicyDocument {
  description?: string;
  rules?: PolicyRule[];
}

export type PolicyVersion = Omit<Schema<'PolicyVersion'>, 'document' | 'diff'> & {
  document: PolicyDocument;
  diff: PolicyDiff | null;
};

/** Policy versions (all of them, or the open proposals) with their documents' shape. */
export const policyVersions = (
  list: Schema<'PolicyVersionList'>,
): Omit<Schema<'PolicyVersionList'>, 'data'> & { data: PolicyVersion[] } =>
  list as Omit<Schema<'PolicyVersionList'>, 'data'> & { data: PolicyVersion[] };

export type ActivePolicy = Omit<ApiResponse<'/v1/policy', 'get'>, 'document'> & { document: PolicyDocument };

/** The active policy with its document's shape. */
export const activePolicy = (p: ApiResponse<'/v1/policy', 'get'>): ActivePolicy => p as ActivePolicy;

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

/** The settlement report with its intents' and totals' shape. */
export const settlementReport = (r: ApiResponse<'/v1/reports/settlement', 'get'>): SettlementReport =>
  r as SettlementReport;

export type TreasuryMandate = Schema<'TreasuryMandate'>;
export type TreasuryMandateVersion = Schema<'TreasuryMandateVersion'>;
export type TreasuryPosition = Schema<'TreasuryPosition'>;
export type TreasuryPlan = Schema<'TreasuryPlan'>;
export type TreasurySharePrices = Schema<'TreasurySharePrices'>;

/** The parts of a mandate document (src/treasury/mandate.ts) the Treasury page shows. */
export interface MandateDocumentView {
  name: string;
  chainId: number;
  signer: string;
  asset: string;
  vaults: Array<{
    address: string;
    label?: string;
    targetBps?: number;
    maxAllocation: { amount?: string; bps?: number };
    codeHash?: string;
    implementationCodeHash?: string;
  }>;
  buffer: { amount?: string; bps?: number };
  maxShareOfVaultBps?: number;
  minVaultAssets?: string;
  maxDrawdownBps?: number;
  maxPriceStalenessSeconds?: number;
  reviewThreshold: string;
  maxDailyMovement: string;
  onBreaker?: string;
}

/** A version's document, typed as the page reads it (the API types it as an open record). */
export const mandateDocument = (v: TreasuryMandateVersion): MandateDocumentView =>
  v.document as unknown as MandateDocumentView;

/** A session key of a smart account (docs/account-abstraction.md#session-keys). */
export type SessionKey = Schema<'SessionKey'>;
