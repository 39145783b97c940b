/**
 * Stable reason codes and the plain-language messages a fintech can show its end users
 * unchanged. Codes never change meaning; new situations get new codes.
 */

/** Every reason code a decision can carry. */
export const reasonCodes = [
  'invalid_intent',
  'no_rule_allows',
  'chain_not_allowed',
  'asset_not_allowed',
  'contract_not_allowed',
  'selector_not_allowed',
  'approve_spender_not_allowed',
  'approve_unlimited',
  'approval_over_cap',
  'use_swaps_api',
  'argument_not_allowed',
  'destination_not_allowed',
  'destination_denied',
  'amount_over_tx_limit',
  'review_threshold',
  'window_limit_exceeded',
  'velocity_exceeded',
  'price_unavailable',
  'first_time_destination',
  'destination_cooling',
  'destination_is_contract',
  'destination_unreceivable',
  'address_lookalike',
  'wrong_network',
  'review_required',
  // Intake guard of the treasury mandates (src/treasury/guard.ts): raw vault calls of a governed account.
  'mandate_vault_not_allowed',
  'mandate_over_cap',
  'mandate_buffer',
  // A session key's user operation outside the key's on-chain scope (src/smart-accounts/session-scope-logic.ts).
  'session_scope_violation',
] as const;

/** A stable machine code of a reason. */
export type ReasonCode = (typeof reasonCodes)[number];

const REVIEW_SUFFIX = ' Our team will check this transaction before it is sent.';

/** End-user text per code: `deny` when the code refuses, `review` when it sends to a human. */
const MESSAGES: Record<ReasonCode, { deny: string; review?: string }> = {
  invalid_intent: { deny: 'Some details of this transaction are not valid.' },
  no_rule_allows: { deny: 'This transaction is not allowed.' },
  chain_not_allowed: { deny: 'This network is not supported for this transaction.' },
  asset_not_allowed: { deny: 'This currency cannot be used for this transaction.' },
  contract_not_allowed: { deny: 'This kind of transaction is not allowed.' },
  selector_not_allowed: { deny: 'This kind of transaction is not allowed.' },
  approve_spender_not_allowed: { deny: 'Permission to spend funds can only be given to approved services.' },
  approve_unlimited: { deny: 'Unlimited spending permissions are not allowed. Please approve a specific amount.' },
  approval_over_cap: { deny: 'This spending permission is larger than allowed for this service.' },
  use_swaps_api: { deny: 'Swaps can only be made through the swap service, which checks prices and slippage.' },
  argument_not_allowed: { deny: 'Some details of this transaction are not allowed.' },
  destination_not_allowed: { deny: 'This address is not on the list of approved recipients.' },
  destination_denied: { deny: 'Payments to this address are not allowed.' },
  amount_over_tx_limit: { deny: 'This payment is larger than the limit for a single transfer.' },
  review_threshold: {
    deny: 'This payment is larger than allowed.',
    review: 'This payment is above the amount we check by hand.' + REVIEW_SUFFIX,
  },
  window_limit_exceeded: {
    deny: 'This payment would go over the spending limit for this period. Please try a smaller amount or try again later.',
    review: 'This payment takes the total for this period above the amount we check by hand.' + REVIEW_SUFFIX,
  },
  velocity_exceeded: {
    deny: 'Too many payments in a short time. Please wait a while and try again.',
    review: 'There have been several payments in a short time.' + REVIEW_SUFFIX,
  },
  price_unavailable: {
    deny: 'We cannot confirm the value of this payment right now. Please try again later.',
    review: 'We cannot confirm the value of this payment right now.' + REVIEW_SUFFIX,
  },
  first_time_destination: {
    deny: 'Payments to a new recipient are not allowed.',
    review: 'This is the first payment to this recipient.' + REVIEW_SUFFIX,
  },
  destination_cooling: {
    deny: 'This recipient was added recently. For your security, payments to it are possible after a waiting period.',
    review: 'This recipient was added recently.' + REVIEW_SUFFIX,
  },
  destination_is_contract: {
    deny: 'This address belongs to a smart contract, not a wallet. Funds sent there could be lost.',
    review: 'This address belongs to a smart contract, not a wallet.' + REVIEW_SUFFIX,
  },
  destination_unreceivable: {
    deny: 'This address cannot receive this payment: funds sent there would most likely be lost.',
    review: 'This address may not be able to receive this payment.' + REVIEW_SUFFIX,
  },
  address_lookalike: {
    deny: 'This address looks very similar to a known address, but it is different. Please check it carefully: it may be a scam.',
    review: 'This address looks very similar to a known address, but it is different.' + REVIEW_SUFFIX,
  },
  wrong_network: {
    deny: 'This address appears to belong to a different network. Sending here could lose the funds.',
    review: 'This address appears to belong to a different network.' + REVIEW_SUFFIX,
  },
  review_required: {
    deny: 'This transaction is not allowed.',
    review: 'Our team will check this transaction before it is sent.',
  },
  mandate_vault_not_allowed: { deny: 'This account may only put funds into the vaults its treasury mandate lists.' },
  mandate_over_cap: { deny: 'This deposit would put more into this vault than the treasury mandate allows.' },
  session_scope_violation: { deny: 'This session is not allowed to make this payment. Please confirm it another way.' },
  mandate_buffer: {
    deny: 'This deposit would leave less available in the account than the treasury mandate keeps in reserve.',
  },
};

/** The standard end-user message of `code` when it leads to `outcome`. */
export function userMessageFor(code: ReasonCode, outcome: 'deny' | 'review'): string {
  const m = MESSAGES[code];
  return outcome === 'review' ? (m.review ?? m.deny) : m.deny;
}
