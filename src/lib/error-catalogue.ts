/**
 * The error catalogue: every `code` Keel emits, with the HTTP status the API answers it
 * with, whether repeating the same operation later may succeed (`retryable`), the default
 * `userMessage` and what it means. `KeelError` takes its status, retryability and default
 * message from here; `docs/errors.md` is generated from it and checked by a test.
 */
export interface ErrorInfo {
  /** The HTTP status of the problem+json answer (also set for errors that never reach the API). */
  status: number;
  /** Whether the same operation may succeed later, unchanged. Job runners retry by this alone. */
  retryable: boolean;
  /** What an end user may be shown, unchanged. A caller may pass a more specific one. */
  userMessage: string;
  /** What the code means, in one line (for the docs). */
  description: string;
}

const GENERIC = 'Something went wrong. Please try again later.';
const UNREADABLE = 'The request could not be understood.';
const UPSTREAM = 'A network service Keel depends on is not responding. Please try again shortly.';
const CONFLICT = 'This change conflicts with the current state. Refresh and try again.';
const NOT_PERMITTED = 'This action is not permitted.';
const NOT_FOUND = 'The requested item was not found.';
const TOO_MANY = 'Too many requests. Please wait a moment and try again.';

/** An error of Keel's own start-up or tooling (never an API answer): 500, permanent. */
const boot = (description: string) => ({ status: 500, retryable: false, userMessage: GENERIC, description }) as const;

export const ERROR_CODES = {
  // The API edge
  bad_request: {
    status: 400,
    retryable: false,
    userMessage: UNREADABLE,
    description: 'A request Fastify refuses for another reason (e.g. a malformed header).',
  },
  invalid_json: {
    status: 400,
    retryable: false,
    userMessage: UNREADABLE,
    description: 'An `application/json` body that does not parse (empty, truncated, prototype poisoning).',
  },
  json_too_deep: {
    status: 400,
    retryable: false,
    userMessage: UNREADABLE,
    description: 'A JSON body nesting objects/arrays more than 32 levels deep (`maxDepth` says the limit).',
  },
  invalid_url: {
    status: 400,
    retryable: false,
    userMessage: UNREADABLE,
    description: 'A URL whose percent-encoding does not decode.',
  },
  unauthenticated: {
    status: 401,
    retryable: false,
    userMessage: 'This request could not be authenticated.',
    description: 'No key, unknown key, revoked key.',
  },
  forbidden: {
    status: 403,
    retryable: false,
    userMessage: NOT_PERMITTED,
    description: 'The key lacks the route’s scope (`requiredScope` names it).',
  },
  event_type_not_readable: {
    status: 403,
    retryable: false,
    userMessage: NOT_PERMITTED,
    description: 'The key may not read events of these types (`eventTypes` lists them).',
  },
  not_found: {
    status: 404,
    retryable: false,
    userMessage: NOT_FOUND,
    description: 'Unknown route or resource; a path id holding a NUL character or an unpaired surrogate.',
  },
  payload_too_large: {
    status: 413,
    retryable: false,
    userMessage: 'The request is too large.',
    description:
      'A body above `server.bodyLimitBytes` (a liability snapshot upload: above `attestations.maxUploadBytes`, counted as it streams).',
  },
  uri_too_long: {
    status: 414,
    retryable: false,
    userMessage: UNREADABLE,
    description: 'A path parameter longer than 100 characters.',
  },
  unsupported_media_type: {
    status: 415,
    retryable: false,
    userMessage: 'The request format is not supported.',
    description: 'A body in a format Keel does not read.',
  },
  validation_failed: {
    status: 422,
    retryable: false,
    userMessage: 'Some of the details provided are not valid.',
    description: 'Bad input; `errors[]` lists each field with its own `code`.',
  },
  idempotency_key_reused: {
    status: 422,
    retryable: false,
    userMessage: 'This request conflicts with an earlier one.',
    description: 'An `Idempotency-Key` sent again with another method, path or body.',
  },
  idempotency_in_progress: {
    status: 409,
    retryable: true,
    userMessage: 'This request is already being processed.',
    description: 'A request with this `Idempotency-Key` is still running; `Retry-After: 1`.',
  },
  idempotency_lease_lost: {
    status: 409,
    retryable: true,
    userMessage: 'This request is already being processed.',
    description: 'This request stalled past its key’s lease and a retry took the key over; nothing it did was kept.',
  },
  rate_limited: {
    status: 429,
    retryable: true,
    userMessage: TOO_MANY,
    description: 'Over the per-key limit, or too many failed authentications; `Retry-After` says when to come back.',
  },
  internal_error: {
    status: 500,
    retryable: false,
    userMessage: GENERIC,
    description: 'A bug; details only in the log, by request id (also any code missing from this catalogue).',
  },

  // Chains and RPC
  chains_unavailable: {
    status: 503,
    retryable: true,
    userMessage:
      'Balances cannot be shown right now because the blockchain network is not reachable. Please try again shortly.',
    description: 'No requested chain could be reached.',
  },
  chain_unavailable: {
    status: 503,
    retryable: true,
    userMessage: UPSTREAM,
    description: 'The chain of the request has no client here or could not be read.',
  },
  rpc_unavailable: {
    status: 503,
    retryable: true,
    userMessage: UPSTREAM,
    description: 'No RPC endpoint of the chain answered.',
  },
  rpc_outcome_unknown: {
    status: 503,
    retryable: true,
    userMessage: UPSTREAM,
    description: 'A non-idempotent RPC call failed after it may have reached the node; not repeated.',
  },
  chain_mismatch: {
    status: 500,
    retryable: false,
    userMessage: GENERIC,
    description: 'A chain client serves another chain id than the one asked for.',
  },
  watcher_lease_lost: {
    status: 500,
    retryable: true,
    userMessage: GENERIC,
    description: 'A transfer watcher lost its chain’s lease; the round was rolled back.',
  },
  watcher_reorg_unresolved: {
    status: 500,
    retryable: true,
    userMessage: GENERIC,
    description: 'A transfer watcher found no block to rewind to after a reorganisation.',
  },

  // Signers and secrets
  signer_unavailable: {
    status: 503,
    retryable: true,
    userMessage: GENERIC,
    description: 'The transaction’s signer is not configured in this worker.',
  },
  signer_key_invalid: boot('A configured private key is not a valid secp256k1 key.'),
  signer_mismatch: {
    status: 502,
    retryable: false,
    userMessage: 'The transaction could not be signed. An operator has to check the signer configuration.',
    description: 'A signer returned a transaction signed by another address, or another one; nothing was broadcast.',
  },
  transaction_unsignable: {
    status: 422,
    retryable: false,
    userMessage: 'The transaction is not complete enough to be signed.',
    description: 'The signer refuses the transaction before signing (no chain id, nonce or gas).',
  },
  remote_signer_bad_answer: {
    status: 502,
    retryable: false,
    userMessage: GENERIC,
    description: 'A remote signer answered `eth_signTransaction` without a raw transaction.',
  },
  remote_signer_refused: {
    status: 502,
    retryable: false,
    userMessage: GENERIC,
    description: 'A remote signer answered the call with a JSON-RPC error.',
  },
  remote_signer_unauthorized: {
    status: 502,
    retryable: false,
    userMessage: GENERIC,
    description: 'A remote signer refused Keel’s credentials (`signers[].headers`).',
  },
  remote_signer_unavailable: {
    status: 503,
    retryable: true,
    userMessage: UPSTREAM,
    description: 'A remote signer did not answer after its attempts.',
  },
  keystore_invalid: {
    status: 500,
    retryable: false,
    userMessage: 'A signing account is not available.',
    description: 'A keystore file is malformed or unsupported.',
  },
  keystore_locked: {
    status: 500,
    retryable: false,
    userMessage: 'A signing account is not available.',
    description: 'A keystore’s password is wrong or the file is damaged.',
  },
  secret_key_invalid: boot('`secrets.encryptionKey` is not 32 bytes.'),
  secret_unreadable: boot('A stored secret has an unknown format or cannot be decrypted with `secrets.encryptionKey`.'),

  // Transactions (the write path)
  policy_denied: {
    status: 403,
    retryable: false,
    userMessage: 'This transaction is not allowed.',
    description: 'The policy denied the transaction; `decision.reasons` say why.',
  },
  simulation_reverted: {
    status: 422,
    retryable: false,
    userMessage: 'This transaction would fail if it were sent, so it was not sent.',
    description: 'Simulation predicted a revert; the transaction was recorded as failed.',
  },
  transaction_state_conflict: {
    status: 409,
    retryable: false,
    userMessage: 'This transaction has moved on and can no longer be changed this way.',
    description: 'The transaction is no longer in a state that allows this change.',
  },
  self_review: {
    status: 403,
    retryable: false,
    userMessage: 'You cannot review a transaction you created.',
    description: 'The principal that created a transaction tried to review it.',
  },
  cancel_pending: {
    status: 409,
    retryable: false,
    userMessage: 'This transaction is already being cancelled.',
    description: 'A cancellation of this transaction is already on its way.',
  },
  review_expired: {
    status: 409,
    retryable: false,
    userMessage: 'This review expired; the transaction will not be sent.',
    description: 'The review window closed before the decision.',
  },
  batch_mixed: {
    status: 500,
    retryable: false,
    userMessage: GENERIC,
    description: 'A batch mixed signers or chains (a bug of the caller).',
  },
  nonce_not_held: {
    status: 409,
    retryable: true,
    userMessage: 'The transaction could not be prepared. Please try again.',
    description: 'A nonce is not held by the transaction that uses it.',
  },
  nonce_state_corrupt: {
    status: 409,
    retryable: true,
    userMessage: 'The transaction could not be prepared. Please try again.',
    description: 'A nonce about to be allocated is already held; run `resyncNonce`.',
  },
  nonce_not_gap: {
    status: 409,
    retryable: true,
    userMessage: 'The transaction could not be prepared. Please try again.',
    description: 'A nonce asked to be filled is not a gap.',
  },
  nonce_needs_transaction: boot('A nonce operation ran outside the caller’s database transaction (a bug).'),
  audit_isolation: boot('The audit log was appended outside a READ COMMITTED transaction (a bug).'),
  policy_window_isolation: boot('Policy windows were reserved outside a READ COMMITTED transaction (a bug).'),

  // Policy and access
  policy_not_initialised: {
    status: 503,
    retryable: true,
    userMessage: 'This service is not ready yet. Please try again shortly.',
    description: 'No policy version is active yet.',
  },
  policy_none_active: boot('Policy versions exist but none is active; activate one explicitly.'),
  policy_invalid_stored: boot('A stored policy version does not parse.'),
  policy_unchanged: {
    status: 422,
    retryable: false,
    userMessage: 'This policy is already active.',
    description: 'A proposed policy equals the active version.',
  },
  self_approval: {
    status: 403,
    retryable: false,
    userMessage: 'You cannot approve your own change.',
    description:
      'A principal tried to approve its own policy change, mandate version, payout address change or access.',
  },
  proposal_closed: {
    status: 409,
    retryable: false,
    userMessage: CONFLICT,
    description: 'The policy proposal or mandate version takes no more decisions (active, superseded or rejected).',
  },
  stale_proposal: {
    status: 409,
    retryable: false,
    userMessage: CONFLICT,
    description: 'The proposal was made against a version that is no longer active; propose again.',
  },
  already_decided: {
    status: 409,
    retryable: false,
    userMessage: CONFLICT,
    description: 'This principal already decided on the proposal or access request.',
  },
  payee_reference_taken: {
    status: 409,
    retryable: false,
    userMessage: 'A payee with this reference exists already.',
    description: 'Another payee has this reference (references are unique).',
  },
  payee_disabled: {
    status: 409,
    retryable: false,
    userMessage: 'This payee is disabled.',
    description: 'The payee is disabled: it takes no new payout address.',
  },
  payee_contract_unconfirmed: {
    status: 422,
    retryable: false,
    userMessage: 'This payout address is a contract; confirm it explicitly.',
    description:
      'A payout address has code on its chain and was entered without `confirmContract: true`; `errors[]` names each such address.',
  },
  address_change_open: {
    status: 409,
    retryable: false,
    userMessage: CONFLICT,
    description:
      'The payee already has an address change waiting for approval on this chain and asset: approve or reject it first.',
  },
  address_change_closed: {
    status: 409,
    retryable: false,
    userMessage: CONFLICT,
    description: 'The payout address change was approved or rejected already; it takes no more decisions.',
  },
  payee_flags_unacknowledged: {
    status: 422,
    retryable: false,
    userMessage: 'This address was flagged; check it and acknowledge the flags to approve it.',
    description:
      'The address change is flagged (a lookalike of another address, a contract) and was approved without `acknowledgeFlags: true`.',
  },
  mandate_unchanged: {
    status: 422,
    retryable: false,
    userMessage: 'This mandate is already active.',
    description: 'A proposed mandate version equals its active version (code hashes as pinned).',
  },
  mandate_vault_invalid: {
    status: 422,
    retryable: false,
    userMessage: 'A vault of this mandate is not the one described.',
    description:
      'The chain contradicts a vault of a proposed mandate: no code, `asset()` not the mandate’s asset, or a code hash (runtime or EIP-1967 implementation) other than the one given; `errors[]` names each vault.',
  },
  accrual_reference_conflict: {
    status: 409,
    retryable: false,
    userMessage: CONFLICT,
    description:
      'A credit with this `reference` was already recorded with another payee, chain, asset or amount (a reference names one credit).',
  },
  accrual_stream_ended: {
    status: 409,
    retryable: false,
    userMessage: CONFLICT,
    description: 'The stream is already stopped or past its end: there is nothing to stop.',
  },
  sponsorship_policy_disabled: {
    status: 409,
    retryable: false,
    userMessage: CONFLICT,
    description: 'The sponsorship policy is disabled: it cannot be changed or disabled again (create a new one).',
  },
  sponsorship_decision_final: {
    status: 409,
    retryable: false,
    userMessage: CONFLICT,
    description:
      'The sponsorship decision is not a reservation waiting for its cost: it was denied, a dry run, or already settled or released.',
  },
  mandate_not_active: {
    status: 409,
    retryable: false,
    userMessage: 'This treasury mandate is not active yet.',
    description:
      'The mandate has no active version (its first version still waits for approvals): nothing can be planned under it.',
  },
  snapshot_invalid: {
    status: 422,
    retryable: false,
    userMessage: 'The liability snapshot was rejected; see the listed lines.',
    description:
      'A liability snapshot upload had bad rows: `errors[]` names each line (`line`) and field, with a code: `negative_balance`, `unknown_asset`, `duplicate_row` (a user and asset twice), `too_many_decimals`, `invalid_user_id`, `invalid_balance`, `too_big`, `too_many_rows`, `invalid_csv_header`, `invalid_csv_line`, `invalid_row` (a JSON row that is not an object), `empty_snapshot`. At most 1,000 are listed (`errorCount` says how many). Nothing was stored.',
  },
  snapshot_not_found: {
    status: 404,
    retryable: false,
    userMessage: 'This liability snapshot does not exist.',
    description: 'No liability snapshot has this id.',
  },
  proof_not_found: {
    status: 404,
    retryable: false,
    userMessage: 'This user is not in the liability snapshot.',
    description: 'The snapshot has no leaf for this user id, so there is no inclusion proof to give.',
  },
  attestation_not_found: {
    status: 404,
    retryable: false,
    userMessage: 'This attestation does not exist.',
    description: 'No attestation has this id.',
  },
  attestation_not_draft: {
    status: 409,
    retryable: false,
    userMessage: 'This attestation is already published.',
    description: 'Signatures are added to, and publishing applies to, a draft only; this attestation was published.',
  },
  attestation_unsigned: {
    status: 409,
    retryable: false,
    userMessage: 'Some reserve addresses have not signed this attestation yet.',
    description:
      'Publishing needs the signature of every reserve address; `missing` lists those without one (an external holder’s, added with POST /v1/attestations/:id/signatures, or a Keel signer that could not sign: it is retried on publish).',
  },
  attestation_signer_missing: {
    status: 409,
    retryable: false,
    userMessage: 'No attestation signer is configured.',
    description:
      'Publishing is signed by Keel’s attestation signer: configure a signer with role `attestation` (or name one in `attestations.signer`).',
  },
  attestation_tampered: {
    status: 409,
    retryable: false,
    userMessage: 'This attestation no longer matches its digest and cannot be published.',
    description:
      'The stored content of a draft no longer hashes to its digest (or its message changed): it was altered after it was drafted. Draft a new attestation.',
  },
  reserve_signature_invalid: {
    status: 422,
    retryable: false,
    userMessage: 'This signature is not the reserve address’s signature of the attestation message.',
    description:
      'A reserve signature must be the EIP-191 (`personal_sign`) signature of the attestation’s `message` by that address; this one recovers to another address (`recovered`) or is malformed. Also answered by publish when a stored signature no longer verifies.',
  },
  reserves_unreadable: {
    status: 503,
    retryable: true,
    userMessage: 'The reserves could not be read; try again.',
    description:
      'A balance or `convertToAssets` read of the reserves failed at the chosen block (an attestation never leaves a reserve out): nothing was drafted.',
  },
  plan_not_found: {
    status: 404,
    retryable: false,
    userMessage: 'This treasury plan does not exist.',
    description: 'No treasury plan has this id.',
  },
  plan_not_executable: {
    status: 409,
    retryable: false,
    userMessage: 'This treasury plan was already executed or closed.',
    description:
      'Only a `proposed` plan is executed, once: this one is executing, executed, stale or failed (a second execute, or one racing the first).',
  },
  payout_plan_not_found: {
    status: 404,
    retryable: false,
    userMessage: 'This payout plan does not exist.',
    description: 'No payout plan has this id.',
  },
  payout_run_not_found: {
    status: 404,
    retryable: false,
    userMessage: 'This payout run does not exist.',
    description: 'No payout run has this id.',
  },
  payout_period_overlaps: {
    status: 422,
    retryable: false,
    userMessage: 'This period overlaps a period already paid out.',
    description:
      'The period partly overlaps an earlier run of the plan (the identical period answers the earlier run). Choose a period that starts where the last one ended.',
  },
  payout_run_in_review: {
    status: 409,
    retryable: false,
    userMessage: 'An earlier payout run of this plan is still waiting for review.',
    description:
      'A plan has at most one run waiting for review: approve or reject it before making the next (what it carries depends on it).',
  },
  payout_run_not_reviewable: {
    status: 409,
    retryable: false,
    userMessage: 'This payout run is not waiting for review.',
    description: 'Only a `pending_review` run is approved or rejected.',
  },
  payout_self_review: {
    status: 403,
    retryable: false,
    userMessage: 'A payout run must be reviewed by someone other than its creator.',
    description: 'The principal that created a run cannot approve or reject it (four eyes: principals, not keys).',
  },
  payout_nothing_to_retry: {
    status: 409,
    retryable: false,
    userMessage: 'This payout run has no failed lines to send again.',
    description:
      'Retry sends only lines whose batch failed or could not be sent; none are, or the run is still executing.',
  },
  smart_accounts_not_configured: {
    status: 503,
    retryable: false,
    userMessage: 'Smart accounts are not available right now.',
    description:
      '`smartAccounts.accountFactory` is missing or has no code on the chain, or no signer owns custodial accounts (`smartAccounts.custodialSigner`, or one signer with role `smart_account_owner`).',
  },
  session_key_not_found: {
    status: 404,
    retryable: false,
    userMessage: NOT_FOUND,
    description: 'The smart account has no session key with this id.',
  },
  session_key_state: {
    status: 409,
    retryable: false,
    userMessage: 'This session key cannot be changed in its current state.',
    description:
      'Only an active session key can be revoked: this one is pending (its grant is not confirmed yet), revoking, revoked, expired or failed (`status` says which).',
  },
  sponsorship_denied: {
    status: 402,
    retryable: false,
    userMessage: 'This transaction’s network fee is not covered. Please try again later or pay the fee yourself.',
    description:
      'The sponsorship policy refused to pay this user operation’s gas: `class` (`organic` — a budget, limit or rule; `abuse` — a rate or abuse limit) and `reasons[]` say why, `decisionId` names the recorded decision. Payment Required, not 422: the operation itself is valid and may be sent unsponsored.',
  },
  paymaster_not_configured: {
    status: 503,
    retryable: false,
    userMessage: 'Sponsored network fees are not available right now.',
    description:
      '`smartAccounts.paymaster` is missing, or no signer signs for the paymaster (`smartAccounts.paymasterSigner`, or one signer with role `paymaster`).',
  },
  bundler_not_configured: {
    status: 503,
    retryable: false,
    userMessage: 'Smart account operations are not available right now.',
    description:
      'The user operation’s chain names no ERC-4337 bundler (`chains.<id>.bundlerUrls`): it cannot be estimated or sent.',
  },
  bundler_unavailable: {
    status: 503,
    retryable: true,
    userMessage: UPSTREAM,
    description:
      'No configured bundler of the chain answered (down, timing out, failing internally): the user operation stays where it is and the worker tries again with backoff.',
  },
  bundler_rejected: {
    status: 422,
    retryable: false,
    userMessage: 'This operation was refused by the network and did not run.',
    description:
      'The bundler refused the user operation (an EntryPoint validation failure `AA1x`/`AA2x` of the account, `AA3x` of the paymaster, or invalid fields); `extra.bundlerCode` and the message say which. Nothing ran.',
  },
  user_operation_state_conflict: {
    status: 409,
    retryable: false,
    userMessage: CONFLICT,
    description:
      'The user operation is no longer in the state the change needs (another worker, a cancellation or a signature got there first).',
  },
  paymaster_price_unavailable: {
    status: 503,
    retryable: true,
    userMessage: UPSTREAM,
    description:
      'The chain’s native coin has no usable USD price (`nativePriceFeed` missing, unreadable or invalid): the operation’s maximum cost cannot be checked against the sponsorship policy’s budgets.',
  },
  smart_account_exists: {
    status: 409,
    retryable: false,
    userMessage: 'This user already has an account on this network.',
    description:
      'The end user has a smart account on this chain with another owner; one account per user and chain (`smartAccountId` names it).',
  },
  user_operation_not_found: {
    status: 404,
    retryable: false,
    userMessage: NOT_FOUND,
    description: 'No user operation with this id on a smart account of the caller’s principal.',
  },
  user_operation_state: {
    status: 409,
    retryable: false,
    userMessage: 'This operation has moved on and can no longer be changed this way.',
    description:
      'The user operation is not in a state that allows this (review: `pending_review`; cancel: `pending_review`, `queued` or `awaiting_signature`; signature: `awaiting_signature`). `status` says where it is.',
  },
  signature_window_passed: {
    status: 409,
    retryable: false,
    userMessage: 'The time to sign this operation has passed. Please start again.',
    description:
      'The external signature arrived after the operation’s `signatureDeadline` (its sponsorship validity): nothing was changed; the worker expires it.',
  },
  invalid_signature: {
    status: 422,
    retryable: false,
    userMessage: 'The signature does not match this operation.',
    description:
      'The signature is not 65 bytes or does not recover, over `userOpHash` (raw, no EIP-191 prefix), to the account’s owner (`signing: external`) or its session key (`signing: session`): nothing was changed.',
  },
  payouts_not_configured: {
    status: 503,
    retryable: false,
    userMessage: 'Payouts are not available right now.',
    description: "`payouts.batchContract` is missing, or the plan's chain or asset is not configured.",
  },
  plan_stale: {
    status: 409,
    retryable: false,
    userMessage: 'The treasury position changed since this plan was made; make a new plan.',
    description:
      'The plan expired, another mandate version became active, or the position read again would give other movements: nothing was sent; make a new plan.',
  },
  plan_empty: {
    status: 409,
    retryable: false,
    userMessage: 'This treasury plan has nothing to move.',
    description: 'The plan has no movement: the mandate is inside its rules (or nothing can be moved now).',
  },
  request_closed: {
    status: 409,
    retryable: false,
    userMessage: CONFLICT,
    description: 'The access request takes no more decisions.',
  },
  principal_not_active: {
    status: 409,
    retryable: false,
    userMessage: CONFLICT,
    description: 'A key was requested for a principal that is not active.',
  },

  // Webhooks
  endpoint_disabled: {
    status: 409,
    retryable: false,
    userMessage: 'This action cannot be done right now.',
    description: 'The webhook endpoint is disabled; enable it first.',
  },
  event_type_not_received: {
    status: 409,
    retryable: false,
    userMessage: 'This action cannot be done right now.',
    description: 'The endpoint no longer receives the event type of this delivery.',
  },
  delivery_in_progress: {
    status: 409,
    retryable: false,
    userMessage: 'This action cannot be done right now.',
    description: 'The delivery is already pending or being delivered.',
  },

  // Swaps
  swap_unavailable: {
    status: 503,
    retryable: true,
    userMessage: 'Swaps are paused for safety right now. Your other features keep working; please try again later.',
    description: 'A circuit breaker covering the swap is open (`breaker`, `trippedAt`).',
  },
  quote_not_found: {
    status: 404,
    retryable: false,
    userMessage: 'This quote was not found. Please get a new quote.',
    description: 'No quote with this id for this key.',
  },
  quote_expired: {
    status: 409,
    retryable: false,
    userMessage: 'This quote expired. Please get a new quote.',
    description: 'The quote expired before execution.',
  },
  quote_already_executed: {
    status: 409,
    retryable: false,
    userMessage: 'This quote was already used.',
    description: 'The quote was executed already (`swapId` names the swap).',
  },
  price_moved: {
    status: 409,
    retryable: false,
    userMessage: 'The price moved since your quote, so the swap was not sent. Please get a new quote.',
    description: 'Re-read before sending, the route no longer meets the quote’s bounds.',
  },
  swap_not_found: {
    status: 404,
    retryable: false,
    userMessage: 'This swap was not found.',
    description: 'No swap with this id for this key.',
  },
  no_route: {
    status: 422,
    retryable: false,
    userMessage: 'This pair cannot be swapped.',
    description: 'No configured pool route joins the two tokens.',
  },
  slippage_too_high: {
    status: 422,
    retryable: false,
    userMessage: 'The price tolerance asked for is higher than allowed.',
    description: 'The slippage asked for is above the pair’s maximum.',
  },
  price_impact_too_high: {
    status: 422,
    retryable: false,
    userMessage: 'This swap is too large for the available liquidity. Try a smaller amount.',
    description: 'The swap would move the pool price more than the pair’s maximum.',
  },
  insufficient_liquidity: {
    status: 422,
    retryable: false,
    userMessage: 'There is not enough liquidity for this swap right now.',
    description: 'No route holds enough, or a pool is below the minimum liquidity.',
  },
  insufficient_balance: {
    status: 422,
    retryable: false,
    userMessage: 'The account does not hold enough to make this swap.',
    description: 'The signing account holds less than the swap may need.',
  },
  oracle_stale: {
    status: 422,
    retryable: true,
    userMessage: 'Prices cannot be checked right now, so swaps are paused. Please try again later.',
    description: 'A price feed of the pair is stale or unreadable.',
  },
  oracle_deviation: {
    status: 422,
    retryable: false,
    userMessage: 'The market price looks wrong right now, so this swap was stopped to protect you.',
    description: 'The pool price deviates from the price feeds more than allowed.',
  },
  breaker_not_open: {
    status: 409,
    retryable: false,
    userMessage: 'This breaker is not tripped.',
    description: 'A reset of a breaker that is not open.',
  },

  // Payments
  payments_not_configured: {
    status: 503,
    retryable: false,
    userMessage: 'Payments are not available right now.',
    description: '`payments.depositFactory` is missing, not deployed, or derives addresses it cannot sweep.',
  },
  payment_intent_state_conflict: {
    status: 409,
    retryable: false,
    userMessage: 'This payment can no longer be cancelled.',
    description: 'The payment intent’s status does not allow cancelling it.',
  },
  refund_exceeds_refundable: {
    status: 422,
    retryable: false,
    userMessage: 'This refund is more than what can be refunded.',
    description: 'A refund above what is refundable (`refundable` says how much is).',
  },
  deposit_salt_invalid: boot('A deposit salt was asked for an empty payment intent id (a bug).'),

  // Signing previews
  typed_data_invalid: {
    status: 422,
    retryable: false,
    userMessage: 'The request to sign is malformed and cannot be shown safely.',
    description:
      'EIP-712 typed data that does not match its own `types` (a missing or extra field, a value out of its type’s range, an undeclared type); `errors[]` names each field (`typedData.message.details.amount`).',
  },

  // Dashboard and checkout pages
  dashboard_not_built: {
    status: 503,
    retryable: false,
    userMessage: 'The dashboard is not available on this server yet.',
    description: 'The dashboard build is missing: run `npm run build:web`.',
  },
  checkout_not_built: {
    status: 503,
    retryable: false,
    userMessage: 'This payment page is not available right now. Please try again later.',
    description: 'The checkout build is missing: run `npm run build:web`.',
  },

  // Start-up, database, contracts, dev tooling (never API answers)
  config_invalid: boot('The configuration is invalid; `errors[]` lists each offending field.'),
  database_locked: boot('The embedded database is in use by another process.'),
  migration_modified: boot('An applied migration was changed; add a new migration instead.'),
  database_unavailable: {
    status: 503,
    retryable: true,
    userMessage: 'This service is briefly unavailable. Please try again shortly.',
    description:
      'The database cannot be reached (server down, wrong URL or credentials, missing database), or a connection was lost mid-request (terminated, restarted, failed over); nothing of the request was kept unless it committed — retry with the same Idempotency-Key.',
  },
  migration_failed: boot(
    'A pending migration failed to apply; nothing of it was kept (each migration runs in a transaction).',
  ),
  dev_tooling_missing: boot(
    'A development command (`keel dev`, `keel contracts build`) needs packages a production install leaves out.',
  ),
  contracts_compile_failed: boot('solc failed or produced no output.'),
  contracts_not_built: boot('Contract artifacts are missing: run `npm run contracts:build`.'),
  contracts_stale: boot('Contract artifacts were built from other sources: run `npm run contracts:build`.'),
  vendored_artifact_missing: boot('A vendored contract artifact (npm package, viem constant) cannot be read.'),
  invalid_anchor: boot('`keel audit verify` was given an anchor that is not `<seq>:<64 hex characters>`.'),
  dev_already_running: boot('Another `keel dev` uses the same state directory.'),
  dev_manifest_missing: boot('The dev manifest cannot be read: is `keel dev` running?'),
  dev_manifest_invalid: boot('The dev manifest is not valid.'),
  demo_world_incomplete: boot('A dev chain holds a half-deployed demo world; reset the chain.'),
  devnet_no_create2_deployer: boot('A dev chain has no deterministic CREATE2 deployer.'),
  devnet_multicall3_broken: boot('Multicall3 on a dev chain does not answer correctly.'),
  devnet_tx_failed: boot('A dev chain set-up transaction was rejected, reverted or not mined.'),
  devnet_port_in_use: boot('The port of a dev chain is already in use.'),
  anvil_missing: boot('The anvil binary is missing or not executable.'),
  anvil_start_failed: boot('anvil could not be started or did not answer.'),
  bundler_missing: boot('The ERC-4337 bundler package (@pimlico/alto) is not installed.'),
  bundler_start_failed: boot('The dev ERC-4337 bundler could not be started or did not answer.'),
  demo_api_unreachable: boot('`keel demo` cannot reach the API named in the dev manifest: is `keel dev` running?'),
  demo_step_failed: boot('A `keel demo` step was refused by the API or reverted on the dev chain.'),
  demo_timeout: boot('`keel demo` waited too long for the chain or the workers.'),
} as const satisfies Record<string, ErrorInfo>;

/** Every error code Keel emits. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes whose errors may succeed when repeated later. */
export type RetryableErrorCode = {
  [K in ErrorCode]: (typeof ERROR_CODES)[K]['retryable'] extends true ? K : never;
}[ErrorCode];

/** The codes whose errors fail the same way when repeated. */
export type PermanentErrorCode = Exclude<ErrorCode, RetryableErrorCode>;

export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as ErrorCode[];

/** Whether `code` is in the catalogue (a stored or foreign code may not be). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** The catalogue entry of a code. */
export function errorInfo(code: ErrorCode): ErrorInfo {
  return ERROR_CODES[code];
}
