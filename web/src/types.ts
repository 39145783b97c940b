/** The API resources the dashboard reads (the parts it shows). The OpenAPI at /docs is the reference. */

export interface Me {
  id: string;
  name: string;
  scopes: string[];
  /** Who the key belongs to: reviews and approvals count this principal, not the key. */
  principal: { id: string; name: string; kind: string };
}

export interface Reason {
  code: string;
  rule?: string;
  message: string;
  userMessage: string;
}

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

type AssetRef = { symbol: string; address: string | null; decimals: number };
export interface Exposure {
  usd: string | null;
  assets: Array<{ asset: AssetRef; known: boolean; outflow: Money; allowance: Money }>;
  allowances: Array<{ asset: AssetRef; owner: string; spender: string; amount: Money | null; usd: string | null }>;
}

export interface Transaction {
  id: string;
  chainId: number;
  signer: { name: string; address: string };
  kind: 'transfer' | 'contract_call';
  to: string;
  recipient: string | null;
  asset: { symbol: string; address: string | null; decimals: number } | null;
  amount: { amount: string; baseUnits: string } | null;
  amountUsd: string | null;
  /** What policy rules scope it by: transfer / contract_call, or the capability that made it (swap, sweep, refund). */
  intentKind: string;
  /** What its simulation showed it can take out of Keel's accounts (what the policy judged). */
  exposure: Exposure | null;
  value: string;
  call: { function: string; args: unknown[]; selector: string } | null;
  userId: string;
  sessionId: string | null;
  metadata: Record<string, string>;
  /** The ordered batch it belongs to (an approval and the swap spending it): reviewed as one. */
  batch: { id: string; index: number } | null;
  status: string;
  statusReason: string | null;
  decision: { outcome: 'allow' | 'deny' | 'review'; reasons: Reason[]; policyVersion: number; allowedBy: string[] };
  simulation: { ok: boolean; method: string; gasUsed: string; balanceChanges: BalanceDelta[]; at: string } | null;
  preview: Preview | null;
  revert: { description: string; decoded: unknown; data: string | null; source: 'simulation' | 'receipt' } | null;
  review: { expiresAt: string; decision: 'approved' | 'rejected' | null; decidedBy: string | null; decidedByPrincipal?: string | null; note: string | null; decidedAt: string | null } | null;
  nonce: number | null;
  hash: string | null;
  attempts: Array<{ seq: number; kind: string; hash: string; nonce: number; maxFeePerGas: string; createdAt: string; broadcastAt: string | null }>;
  receipt: { blockNumber: string; hash: string; status: 'success' | 'reverted'; gasUsed: string; effectiveGasPrice: string; confirmations: number } | null;
  history: Array<{ status: string; reason: string; detail: unknown; at: string }>;
  createdBy: string;
  /** The creator's principal (prn_…): it cannot review this transaction. */
  createdByPrincipal: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface BalanceDelta {
  address: string;
  asset: string;
  delta: string;
}

export interface BalanceComparison {
  simulated: BalanceDelta[];
  actual: BalanceDelta[] | null;
  differences: Array<{ address: string; asset: string; simulated: string; actual: string }> | null;
  fee: { wei: string } | null;
  note: string;
}

export interface List<T> {
  data: T[];
  hasMore?: boolean;
  nextCursor?: string | null;
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

export interface PolicyVersion {
  id: string;
  version: number;
  status: 'proposed' | 'active' | 'superseded' | 'rejected';
  source: string;
  hash: string;
  document: { description?: string; rules?: PolicyRule[] };
  baseVersion: number | null;
  diff: PolicyDiff | null;
  note: string | null;
  createdBy: string | null;
  createdByPrincipal: { id: string; name: string } | null;
  createdAt: string;
  activatedAt: string | null;
  approvals: Array<{ apiKeyId: string; principal: { id: string; name: string } | null; decision: 'approve' | 'reject'; note: string | null; createdAt: string }>;
  approvalsRequired: number;
}

export interface Breaker {
  key: string;
  state: 'closed' | 'open';
  reason: string | null;
  trippedAt: string | null;
  trippedBy: string | null;
  resetAt: string | null;
  resetBy: string | null;
  recentFailures: number;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  createdAt: string;
  /** The principal that owns it; only its keys (and admins) see it. */
  ownerPrincipal: string | null;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  kind: string;
  status: 'pending' | 'delivering' | 'succeeded' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  attemptLog: Array<{ attempt: number; startedAt: string; durationMs: number; statusCode: number | null; error: string | null }>;
}

export interface AuditEntry {
  id: string;
  seq: number;
  at: string;
  actor: string;
  /** The principal of the actor key, resolved when read. */
  actorPrincipal?: { id: string; name: string } | null;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
  hash: string;
}

export type AuditVerification =
  | { ok: true; entries: number; head: { seq: number; hash: string } | null }
  | { ok: false; firstBadSeq: number; problem: string; detail: string };

export interface EndpointHealth {
  url: string;
  rank: number | null;
  status: 'healthy' | 'cooling' | 'wrong_chain' | 'disabled';
  chainVerified: boolean;
  latencyMs: number | null;
  consecutiveFailures: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface Overview {
  generatedAt: string;
  from: string;
  to: string;
  bucket: string;
  bucketSeconds: number;
  buckets: string[];
  transactions: {
    confirmed: number[];
    reverted: number[];
    failed: number[];
    rejected: number[];
    abandoned: number[];
    successRate: Array<number | null>;
    totals: { confirmed: number; reverted: number; failed: number; rejected: number; expired: number; cancelled: number; successRate: number | null };
    inFlight: number;
  };
  settle: {
    p50Seconds: Array<number | null>;
    p95Seconds: Array<number | null>;
    onChainP50Seconds: Array<number | null>;
    overall: { count: number; p50Seconds: number | null; p95Seconds: number | null; onChainP50Seconds: number | null };
  };
  volume: { usd: string[]; count: number[]; totalUsd: string; byAsset: Array<{ chainId: number; symbol: string; amount: string; count: number }> };
  revertReasons: Array<{ reason: string; status: string; count: number }>;
  reviews: { pending: number; oldestWaitingSince: string | null; requested: number[]; approved: number[]; rejected: number[]; expired: number[] };
  /** null unless the key holds `admin`. */
  breakers: { open: Array<{ key: string; reason: string | null; trippedAt: string | null; trippedBy: string | null }>; trips: number[] } | null;
  /** null unless the key holds `webhooks:write`. */
  webhooks: { succeeded: number[]; failed: number[]; p95LatencyMs: Array<number | null>; pendingDeliveries: number; failedDeliveries: number; endpoints: { enabled: number; disabled: number; failing: number } } | null;
  rpc: Array<{ chainId: number; name: string; endpoints: EndpointHealth[] }>;
}

export interface PortfolioAmount {
  amount: string;
  baseUnits: string;
}

export interface Portfolio {
  addresses: string[];
  chains: Array<
    | {
        chainId: number;
        name: string;
        status: 'ok';
        blockNumber: string;
        accounts: Array<{
          address: string;
          native: { symbol: string; balance: PortfolioAmount | null; usd: string | null; priceStatus: string };
          assets: Array<{ asset: { symbol: string; address: string }; balance: PortfolioAmount | null; usd: string | null; priceStatus: string }>;
          allowances: Array<{ asset: { symbol: string }; spender: { name: string; address: string }; allowance: PortfolioAmount; unlimited: boolean }>;
          vaultPositions: Array<{ vault: { name: string }; asset: { symbol: string }; shares: PortfolioAmount; underlying: PortfolioAmount | null; usd: string | null }>;
          totalUsd: string;
          totalStale: boolean;
          totalComplete: boolean;
          readErrors: string[];
        }>;
      }
    | { chainId: number; name: string; status: 'unavailable'; reason: { code: string; message: string } }
  >;
}

export interface Money {
  amount: string;
  baseUnits: string;
}

export interface PaymentDeposit {
  id: string;
  chainId: number;
  txHash: string;
  logIndex: number;
  blockNumber: string;
  token: string;
  asset: string | null;
  from: string;
  amount: Money;
  kind: 'payment' | 'unexpected';
  reason: 'wrong_asset' | 'wrong_chain' | 'intent_cancelled' | 'after_late_window' | null;
  late: boolean;
  status: 'pending' | 'confirmed' | 'reorged';
  blockTime: string;
  seenAt: string;
  confirmedAt: string | null;
  sweptAt: string | null;
}

export interface Refund {
  id: string;
  paymentIntentId: string;
  chainId: number;
  amount: Money;
  asset: string;
  to: string;
  reason: string;
  status: 'pending' | 'succeeded' | 'failed';
  transactionId: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface PaymentIntent {
  id: string;
  status: 'requires_payment' | 'processing' | 'succeeded' | 'underpaid' | 'expired' | 'cancelled';
  asset: { symbol: string; decimals: number };
  amount: Money;
  amountReceived: Money;
  amountPending: Money;
  amountRemaining: Money;
  overpaid: Money;
  refundable: Money;
  amountRefunded: Money;
  depositAddress: string;
  chains: Array<{ chainId: number; name: string; token: string; confirmations: number; paymentUri: string }>;
  paidLate: boolean;
  needsAttention: boolean;
  customerReference: string | null;
  description: string | null;
  metadata: Record<string, string>;
  payments: PaymentDeposit[];
  refunds: Refund[];
  expiresAt: string;
  lateUntil: string;
  createdAt: string;
  firstSeenAt: string | null;
  processingAt: string | null;
  succeededAt: string | null;
  sweptAt: string | null;
  cancelledAt: string | null;
}

export interface Quantiles {
  p50: number | null;
  p90: number | null;
  max: number | null;
}

export interface SettlementReport {
  from: string;
  to: string;
  intents: Array<{ id: string; asset: string; amount: string; amountUsd: string | null; secondsToSeen: number | null; secondsToConfirmed: number | null; secondsToSwept: number | null; sweepGas: Record<string, string | null> }>;
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
}

export interface Principal {
  id: string;
  name: string;
  kind: 'operator' | 'service';
  status: 'pending' | 'active' | 'rejected';
  createdAt: string;
  createdBy: string;
}

/** A change to who may do what, waiting for (or done with) approval by other principals. */
export interface AccessRequest {
  id: string;
  kind: 'principal' | 'api_key';
  status: 'pending' | 'approved' | 'rejected';
  principal: { id: string; name: string; kind: string; status: string };
  apiKey: { id: string; name: string; scopes: string[]; status: string } | null;
  reasons: string[];
  requestedBy: { principal: { id: string; name: string }; apiKeyId: string };
  note: string | null;
  decisions: Array<{ principal: { id: string; name: string }; apiKeyId: string; decision: 'approve' | 'reject'; note: string | null; createdAt: string }>;
  approvalsRequired: number;
  createdAt: string;
  decidedAt: string | null;
}
