import type { Scope } from '../auth/scopes.ts';

/**
 * The event catalogue: every event type Keel emits, what it means and the resource it
 * carries. `docs/events.md` and the OpenAPI enum are checked against this list.
 */
export interface EventTypeInfo {
  /** What happened, in one sentence. */
  description: string;
  /** The `object` of `data.object`. */
  resource: string;
}

export const EVENT_TYPES = {
  'access_request.created': {
    description:
      'A change to who may do what waits for approval by other principals: a new principal, or a key with a privileged scope or for another principal.',
    resource: 'access_request',
  },
  'access_request.approved': {
    description: 'An access request reached its approvals: the principal and/or key it holds are active now.',
    resource: 'access_request',
  },
  'access_request.rejected': {
    description: 'An access request was rejected: its pending principal and key will never act.',
    resource: 'access_request',
  },
  'api_key.created': {
    description:
      'An API key became usable: created, or its access request was approved (its secret is never included).',
    resource: 'api_key',
  },
  'api_key.revoked': { description: 'An API key was revoked; requests with it now answer 401.', resource: 'api_key' },
  'breaker.tripped': {
    description:
      'A circuit breaker was tripped (by an operator, or automatically after repeated guard refusals): what it covers is unavailable.',
    resource: 'breaker',
  },
  'breaker.reset': {
    description: 'A circuit breaker was reset: what it covers is available again.',
    resource: 'breaker',
  },
  'endpoint.disabled': {
    description:
      'A webhook endpoint was disabled: it answered 410 Gone, failed for longer than webhooks.disableAfterHours, or an operator disabled it.',
    resource: 'webhook_endpoint',
  },
  'payment_intent.created': {
    description: 'A payment intent was created; its deposit address waits for the payment.',
    resource: 'payment_intent',
  },
  'payment_intent.processing': {
    description: 'Payments covering the amount were seen on chain; they wait for the chain’s confirmations.',
    resource: 'payment_intent',
  },
  'payment_intent.succeeded': {
    description: 'The amount (less the tolerance) arrived and is final; `overpaid` shows any excess to refund.',
    resource: 'payment_intent',
  },
  'payment_intent.underpaid': {
    description:
      'The intent expired with less than its amount received; `amountReceived` says how much (refund or collect the rest).',
    resource: 'payment_intent',
  },
  'payment_intent.expired': { description: 'The intent expired with nothing received.', resource: 'payment_intent' },
  'payment_intent.paid_late': {
    description:
      'A payment arrived after expiry, within `payments.lateWindowSeconds`: it was credited and flagged `paidLate`.',
    resource: 'payment_intent',
  },
  'payment_intent.reorged': {
    description:
      'A chain reorganisation removed payments the intent had seen; its amounts and status moved back (they may be seen again).',
    resource: 'payment_intent',
  },
  'payment_intent.swept': {
    description:
      'A sweep moved this intent’s final deposits to the treasury (its transaction is confirmed): `sweep` names the sweep (`id`) and its transaction (`transactionId`); `sweptAt` is set once nothing final is left at the address. Sent again if the sweep is confirmed again after its block was lost (`transaction.reorged_after_final`).',
    resource: 'payment_intent',
  },
  'payment_intent.sweep_failed': {
    description:
      'A sweep of this intent’s deposits did not happen (its transaction failed, reverted, was rejected or cancelled): `sweep` names it; the deposits go to the next sweep.',
    resource: 'payment_intent',
  },
  'payment_intent.cancelled': {
    description: 'The intent was cancelled; anything arriving later is recorded as unexpected.',
    resource: 'payment_intent',
  },
  'payment_intent.unexpected_deposit': {
    description:
      'Something arrived at the deposit address that was not credited (another asset, a chain the intent did not accept, after cancellation or after the late window): `needsAttention` is set; refund it.',
    resource: 'payment_intent',
  },
  'user_operation.created': {
    description:
      'A user operation was accepted by the policy and simulated: it is queued for its signature (or waits for review).',
    resource: 'user_operation',
  },
  'user_operation.review_required': {
    description:
      'A user operation waits for a human decision (`pending_review`): the policy or a capability asked for review.',
    resource: 'user_operation',
  },
  'user_operation.signature_required': {
    description:
      'A user operation is built and sponsored and waits for its external owner’s or session key’s signature over `userOpHash` (`POST /v1/user-operations/:id/signature`).',
    resource: 'user_operation',
  },
  'user_operation.submitted': {
    description:
      'A signed user operation was sent to the bundler (again after a drop or a reorganisation: `submissions` counts).',
    resource: 'user_operation',
  },
  'user_operation.included': {
    description:
      'A bundle transaction holding the user operation was mined (`txHash`, `blockNumber`); it waits for the chain’s confirmations.',
    resource: 'user_operation',
  },
  'user_operation.confirmed': {
    description:
      'A user operation’s calls succeeded and reached the chain’s configured confirmations (final); `actualGasCost` is what it paid.',
    resource: 'user_operation',
  },
  'user_operation.failed': {
    description:
      'A user operation ended without effect: refused by the bundler or the EntryPoint, its signature or sponsorship window ran out, or it was mined and its calls reverted (`success: false`, gas paid).',
    resource: 'user_operation',
  },
  'user_operation.reorged': {
    description:
      'The block holding a user operation was reorganised away; it is back to `submitted` and Keel sends the same signed operation again.',
    resource: 'user_operation',
  },
  'session_key.granted': {
    description:
      'A session key’s grant operation was confirmed: the key is active on its smart account (a grant of the same key address before it is revoked, replaced).',
    resource: 'session_key',
  },
  'session_key.revoked': {
    description:
      'A session key’s grant ended: its revoke operation was confirmed, or a later grant of the same key address replaced it (`replacedBy`).',
    resource: 'session_key',
  },
  'principal.created': {
    description: 'A principal (operator or service) became active: bootstrapped by the CLI or approved.',
    resource: 'principal',
  },
  'refund.created': {
    description: 'A refund of a payment intent was sent to the write path (it may wait for review).',
    resource: 'refund',
  },
  'refund.succeeded': {
    description:
      'A refund’s transfer was confirmed on chain. Sent again if it is confirmed again after its block was lost (`refund.reorged`).',
    resource: 'refund',
  },
  'refund.reorged': {
    description:
      'A refund that was final (succeeded or failed) lost its transaction’s block (a rollback, or a reorganisation deeper than the confirmations): it is `pending` again, its amount counts as refunded, and a second `refund.succeeded` or `refund.failed` follows.',
    resource: 'refund',
  },
  'refund.failed': {
    description:
      'A refund’s transfer did not happen (rejected, reverted, failed or cancelled); the amount is refundable again.',
    resource: 'refund',
  },
  'policy.proposed': {
    description:
      'A policy change was proposed; it waits for approvals (the resource carries the diff against the active version).',
    resource: 'policy_version',
  },
  'policy.activated': {
    description:
      'A proposed policy version reached its approvals and became active; the previous version was superseded.',
    resource: 'policy_version',
  },
  'treasury.mandate_proposed': {
    description:
      'A treasury mandate version was proposed (a new mandate, or a change of one); it waits for approvals. Its vaults’ code hashes are pinned in the document.',
    resource: 'treasury_mandate_version',
  },
  'treasury.mandate_activated': {
    description:
      'A proposed mandate version reached its approvals and became active; the mandate’s previous version was superseded.',
    resource: 'treasury_mandate_version',
  },
  'treasury.plan_created': {
    description:
      'A rebalancing plan was computed for a mandate (on request, or by Keel when a vault breaker tripped): its movements, preview and disclosures; it waits to be executed.',
    resource: 'treasury_plan',
  },
  'treasury.movement_confirmed': {
    description:
      'A deposit or withdrawal of an executing plan was confirmed on chain; the plan carries the assets and shares the vault reported.',
    resource: 'treasury_plan',
  },
  'treasury.plan_executed': {
    description:
      'Every movement of a plan is final: `status` says `executed`, `partially_executed` or `failed`, each movement its own.',
    resource: 'treasury_plan',
  },
  'payee.created': {
    description:
      'A payee was created (API or CSV import) with its payout addresses, each waiting for approval by a second principal and its cool-off.',
    resource: 'payee',
  },
  'payee.address_change_requested': {
    description:
      'A payout address was entered for a payee (a new payee’s or a change): it is payable once a second principal approves it and its cool-off is over; `flags` names lookalikes and contracts.',
    resource: 'payee_address_change',
  },
  'payee.address_change_approved': {
    description:
      'A second principal approved a payout address; it is paid from `activeFrom` (the later of the approval and the end of its cool-off).',
    resource: 'payee_address_change',
  },
  'payee.address_change_rejected': {
    description: 'A payout address change was rejected (or withdrawn by its requester); it is never paid.',
    resource: 'payee_address_change',
  },
  'payee.disabled': {
    description: 'A payee was disabled: it is never paid again.',
    resource: 'payee',
  },
  'accrual.credited': {
    description:
      'A micro-payout credit was recorded for a payee (`POST /v1/accruals`); the resource carries the balance it accrues to.',
    resource: 'accrual_credit',
  },
  'accrual.settled': {
    description:
      'An amount of a payee’s accruals that a payout run carried is final: `status` `paid` (with the transaction), or `released` back to accrued (the line failed or was carried) to be paid next time.',
    resource: 'accrual_settlement',
  },
  'accrual.stream_created': {
    description: 'A stream (a rate per second from a start time) was created for a payee.',
    resource: 'accrual_stream',
  },
  'accrual.stream_stopped': {
    description: 'A stream was stopped: nothing accrues after `stoppedAt`; what accrued before it is still settled.',
    resource: 'accrual_stream',
  },
  'payout_run.created': {
    description:
      'A payout run was computed from a plan and a period, or from explicit lines: its lines (paid, carried), total, carried amounts and fee preview.',
    resource: 'payout_run',
  },
  'payout_run.review_required': {
    description:
      'A payout run is above `payouts.reviewThresholdUsd` (or its value could not be priced): it waits for a principal with `review` other than its creator.',
    resource: 'payout_run',
  },
  'payout_run.executing': {
    description:
      'A payout run was handed to the write path (an exact approval, then `payout` batches); also after a retry.',
    resource: 'payout_run',
  },
  'payout_run.completed': {
    description: 'Every line of a payout run is final and every payable line was paid.',
    resource: 'payout_run',
  },
  'payout_run.completed_with_failures': {
    description:
      'Every line of a payout run is final and some failed (`POST /v1/payout-runs/:id/retry` sends them again).',
    resource: 'payout_run',
  },
  'payout_run.line_failed': {
    description:
      'A line of a payout run failed: its batch transaction failed or reverted, or it could not be sent; `line.reason` says why.',
    resource: 'payout_run',
  },
  'treasury.alert': {
    description:
      'The treasury watcher saw a mandate vault break a rule (`drawdown`, `code_changed`, `max_withdraw_failed`, `withdrawals_paused`): its breaker is open (no new deposits) and, when the mandate says so, `planId` names the withdrawal plan waiting for review. Sent once per rule per trip.',
    resource: 'treasury_alert',
  },
  'swap.succeeded': {
    description:
      'A swap was mined and confirmed; `result` carries the amounts actually paid and received and the realised slippage.',
    resource: 'swap',
  },
  'swap.failed': {
    description:
      'A swap ended without filling: reverted on chain (e.g. the price moved past its bound), stopped before sending, rejected, expired or cancelled (`status` and `failure` say which).',
    resource: 'swap',
  },
  'transaction.created': {
    description:
      'A transaction passed policy and simulation: it is queued for signing or waits for human review (see `status`).',
    resource: 'transaction',
  },
  'transaction.rejected': {
    description:
      'The policy denied a transaction (the decision and its reasons are in the resource), or a reviewer rejected it.',
    resource: 'transaction',
  },
  'transaction.review_required': {
    description: 'A transaction waits in the review queue for a human decision.',
    resource: 'transaction',
  },
  'transaction.approved': {
    description: 'A reviewer approved a transaction; it is queued for signing.',
    resource: 'transaction',
  },
  'transaction.submitted': {
    description: 'A signed transaction was broadcast; `hash` identifies it on chain.',
    resource: 'transaction',
  },
  'transaction.replaced': {
    description:
      'A stuck transaction was re-signed at the same nonce with a higher fee (`attempts` lists every version).',
    resource: 'transaction',
  },
  'transaction.reorged': {
    description:
      'The block holding a transaction was reorganised away; it is back to `submitted` and will be included again.',
    resource: 'transaction',
  },
  'transaction.reorged_after_final': {
    description:
      'A transaction that was final (confirmed, reverted or cancelled) is no longer on the chain (a rollback, or a reorganisation deeper than the confirmations): `reorgedAfterFinal` is set, it is back to `submitted` and Keel re-submits it; a second `transaction.confirmed` (or `.failed`) follows.',
    resource: 'transaction',
  },
  'transaction.confirmed': {
    description: 'A transaction succeeded on chain and reached the chain’s configured confirmations (final).',
    resource: 'transaction',
  },
  'transaction.reverted': {
    description:
      'A transaction was mined but reverted; `revert` carries the decoded reason. Gas was spent, nothing else moved.',
    resource: 'transaction',
  },
  'transaction.failed': {
    description:
      'A transaction stopped before it could be mined: simulation predicted a revert, signing failed, or the network refused it.',
    resource: 'transaction',
  },
  'transaction.expired': {
    description:
      'A transaction waited for review longer than `pipeline.reviewExpiresAfterSeconds` and will not be sent.',
    resource: 'transaction',
  },
  'transaction.cancelled': {
    description: 'A transaction was cancelled: before broadcast, or by a mined 0-value replacement at its nonce.',
    resource: 'transaction',
  },
  'liability_snapshot.created': {
    description:
      'A liability snapshot was uploaded and checked: its Merkle sum tree root, totals per asset and leaf count (never a user or a salt).',
    resource: 'liability_snapshot',
  },
  'attestation.created': {
    description:
      'A proof-of-reserves attestation was drafted: liabilities root and totals, reserves read at one block per chain, the ratio, and the message each reserve address signs.',
    resource: 'attestation',
  },
  'attestation.published': {
    description:
      'An attestation was published: every reserve address signed and Keel’s attestation signer signed it; with a registry configured, its record is on its way (`registry.status: pending`).',
    resource: 'attestation',
  },
  'attestation.recorded': {
    description:
      'The registry transaction of a published attestation is final: its root, totals and digest are recorded on chain (`registry.status: recorded`).',
    resource: 'attestation',
  },
  'webhook.test': {
    description: 'A test event sent on request to one endpoint (POST /v1/webhook-endpoints/:id/test).',
    resource: 'webhook_test',
  },
} as const satisfies Record<string, EventTypeInfo>;

export type EventType = keyof typeof EVENT_TYPES;

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

/** Version of the event envelope and payload shapes; bumped on a breaking change. */
export const EVENT_API_VERSION = 1;

export function isEventType(s: string): s is EventType {
  return Object.hasOwn(EVENT_TYPES, s);
}

/**
 * Who may read an event: the scopes that read its resource over the API (any one of them).
 * A webhook endpoint receives, and `GET /v1/events` returns, only the types its key may read
 * (docs/events.md, "Who receives what"). Keyed by resource so that a new event type about a
 * known resource needs nothing here; a new resource must be added (a unit test checks).
 */
export const RESOURCE_READ_SCOPES: Readonly<Record<string, readonly Scope[]>> = {
  access_request: ['admin'],
  api_key: ['admin'],
  principal: ['admin'],
  breaker: ['admin'],
  webhook_endpoint: ['webhooks:write'],
  webhook_test: ['webhooks:write'],
  payment_intent: ['payments:read'],
  refund: ['payments:read'],
  policy_version: ['policy:write', 'policy:approve'],
  swap: ['swaps:write'],
  treasury_mandate_version: ['treasury:read', 'treasury:write', 'policy:approve'],
  treasury_plan: ['treasury:read', 'treasury:write'],
  accrual_credit: ['payouts:read', 'payouts:write'],
  accrual_settlement: ['payouts:read', 'payouts:write'],
  accrual_stream: ['payouts:read', 'payouts:write'],
  treasury_alert: ['treasury:read', 'treasury:write'],
  payee: ['payouts:read', 'payouts:write', 'review'],
  payee_address_change: ['payouts:read', 'payouts:write', 'review'],
  payout_run: ['payouts:read', 'payouts:write'],
  transaction: ['transactions:read'],
  liability_snapshot: ['attestations:read', 'attestations:write'],
  attestation: ['attestations:read', 'attestations:write'],
  user_operation: ['smart_accounts:read', 'smart_accounts:write'],
  session_key: ['smart_accounts:read', 'smart_accounts:write'],
};

/** The scopes, any one of which reads events of `type` (none for an unknown type). */
export function readScopesOf(type: string): readonly Scope[] {
  if (!isEventType(type)) return [];
  return RESOURCE_READ_SCOPES[EVENT_TYPES[type].resource] ?? [];
}

/** Whether a key holding `scopes` may read events of `type`. */
export function canReadEventType(scopes: readonly string[], type: string): boolean {
  return readScopesOf(type).some((s) => scopes.includes(s));
}

/** Every event type a key holding `scopes` may read (what `*` means for it). */
export function readableEventTypes(scopes: readonly string[]): EventType[] {
  return EVENT_TYPE_NAMES.filter((t) => canReadEventType(scopes, t));
}
