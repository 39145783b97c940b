/**
 * Generated from Keel's OpenAPI document (/openapi.json) by openapi-typescript: do not edit.
 * Regenerate with `npm run gen:client`; test/client-generated.int.test.ts fails when this file is stale.
 */

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: database and chains */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/portfolio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read-only portfolio of addresses across chains
         * @description Native and asset balances, non-zero allowances to configured spenders (unlimited ones flagged), ERC-4626 positions and USD values from the configured price feeds. Every value of a chain is read at one block. A chain that cannot be reached is returned with status `unavailable` while the others are complete (HTTP 200); when every requested chain is unavailable the answer is 503 `chains_unavailable`.
         */
        get: operations["getPortfolio"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Accounts Keel signs for, with balances per chain
         * @description Every configured signer account: name, address, role and signer type (never key material), with its native and configured asset balances on each configured chain, read at one block per chain. A chain that cannot be reached is returned with status `unavailable`.
         */
        get: operations["listAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/address-book": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Names Keel knows for addresses: its own accounts and the configured contracts
         * @description Keel's accounts (signer name and role, on every chain) and, per chain, the configured assets, vaults, spenders, DEX router and pools, price feeds, the payments deposit factory and Multicall3; on a dev or test chain whose configuration lists them (`demoUsers`), the demo world's end-user wallets (kind `demo_user`). From the configuration only; any valid key may read it.
         */
        get: operations["listAddressBook"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the webhook endpoints of the caller’s principal (every endpoint for admins), newest first */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Register a webhook endpoint
         * @description Answers the endpoint with its signing secret, shown this once. Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). The endpoint belongs to the caller’s principal and receives only event types the calling key may read (`*`: all of those); listing a type it may not read answers 403 `event_type_not_readable`.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a webhook endpoint */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook endpoint
         * @description Its pending deliveries are no longer attempted.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /**
         * Update a webhook endpoint
         * @description Change its URL, event types or description, disable it (status "disabled": publishes endpoint.disabled) or enable it again (clears the disabled reason and the failure clock; pending deliveries resume). Changing the URL or event types re-checks that the calling key may read every listed type (403 `event_type_not_readable`); the endpoint then receives what that key reads, and queued deliveries of other types are dropped.
         */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the signing secret
         * @description Answers the new secret (shown this once). Until previousSecretExpiresAt (webhooks.rotationOverlapHours) every delivery carries signatures of both secrets.
         */
        post: operations["rotateWebhookEndpointSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Delivery log of an endpoint
         * @description Newest first, each delivery with every attempt: latency, response code, error and the start of the response body.
         */
        get: operations["listWebhookEndpointDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-deliveries/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again
         * @description A failed or succeeded delivery goes back to pending, due now; a failed one gets one more attempt. 409 delivery_in_progress while it is pending or being delivered.
         */
        post: operations["retryWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-send the events of a time range
         * @description Queues a delivery of kind replay for every event the endpoint receives (a subscribed type its key may read, as for live deliveries) created in [since, until]. At most 10,000 events per call (else 422: replay a smaller range).
         */
        post: operations["replayWebhookEndpointEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test event to this endpoint
         * @description Creates a webhook.test event and one delivery of kind test to this endpoint only; answers the queued delivery.
         */
        post: operations["sendWebhookEndpointTestEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List events in commit order
         * @description Events oldest first, only of types whose resources the calling key may read (`transaction.*` needs transactions:read, `payment_intent.*` payments:read…: the catalogue lists each). Asking for a type the key may not read answers 403 `event_type_not_readable`. Pass the last id you processed as `startingAfter` to continue; an event whose transaction commits late is never skipped (events only become visible once every earlier writer has finished).
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One event (404 when the calling key may not read its type) */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event catalogue */
        get: operations["listEventTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys (never their secrets), newest first */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key; its token is in this response only
         * @description For the caller’s own principal (default) without a privileged scope, the key is active at once (201). A key holding `review`, `policy:approve` or `admin`, or for another principal (`principalId`), is created `pending` behind an access request (202): it authenticates nothing until `auth.approvalsRequired` other principals approve it.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an API key at once */
        post: operations["revokeApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/principals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List principals (operators and services), newest first */
        get: operations["listPrincipals"];
        put?: never;
        /**
         * Ask for a new principal (and optionally its first key)
         * @description The principal (and key) are created `pending` behind an access request (202) and act only once `auth.approvalsRequired` other principals approve it. The key’s token is in this response only. The first operators are created with the CLI instead (`keel principals create`).
         */
        post: operations["createPrincipal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/principals/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is behind key and principal ids you already hold
         * @description Any valid key. For each id (key_… or prn_…, as resources carry them in createdBy, decidedBy, trippedBy, approvals), the principal’s id, name and kind; null for `system`, `cli` and unknown ids. The dashboard shows names this way.
         */
        get: operations["lookUpPrincipals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/principals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One principal with its API keys (never their secrets) */
        get: operations["getPrincipal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Access requests, newest first */
        get: operations["listAccessRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One access request with its decisions */
        get: operations["getAccessRequest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-requests/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve an access request
         * @description Counts once per principal, whichever of its keys calls. Refused with 403 `self_approval` for the principal that asked and the principal receiving the access, 409 `already_decided` when this principal decided already, 409 `request_closed` once approved or rejected. At the last approval needed, the principal and/or key become active.
         */
        post: operations["approveAccessRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-requests/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject an access request (a note is required)
         * @description Closes it: its pending principal and key are rejected and never act. The requester may withdraw its own request this way.
         */
        post: operations["rejectAccessRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The calling API key: id, name, scopes and principal */
        get: operations["getCurrentApiKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List audit log entries
         * @description Newest first (`order=desc`, the default) or oldest first (`order=asc`, for exporters tailing the log). Pass the last id of a page as `startingAfter` for the next one (in the same order).
         */
        get: operations["listAuditLogEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-log/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verify the audit hash chain
         * @description Walks every entry from seq 1 and answers either `ok: true` with the count and the head, or the first missing, altered or replaced entry. With `anchor=<seq>:<hash>` (a head recorded earlier) it also detects entries removed from the end.
         */
        get: operations["verifyAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The active policy version */
        get: operations["getActivePolicy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Policy versions with their status, newest first */
        get: operations["listPolicyVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One policy version */
        get: operations["getPolicyVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/proposals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Policy proposals (the approvers’ queue), newest first */
        get: operations["listPolicyProposals"];
        put?: never;
        /** Propose a new policy version (takes effect after the required approvals) */
        post: operations["createPolicyProposal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/proposals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One policy proposal with its diff and decisions */
        get: operations["getPolicyProposal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/proposals/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a proposal; the last required approval activates it
         * @description Counts once per principal, whichever of its keys calls. Refused with 403 `self_approval` for the proposer’s principal, 409 `already_decided` for a principal that decided already (with any of its keys), 409 `proposal_closed` once active or rejected, 409 `stale_proposal` when its base version is no longer active.
         */
        post: operations["approvePolicyProposal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/proposals/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a proposal (closes it) */
        post: operations["rejectPolicyProposal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dry run: the decision the active policy (or a proposal) would make, without acting
         * @description Nothing is reserved or recorded. Destination facts (code on this and the other chains, paid before, lookalike counterparties) and the USD value are read like a real request; any of them can be overridden in `facts`.
         */
        post: operations["evaluatePolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Transactions, newest first */
        get: operations["listTransactions"];
        put?: never;
        /**
         * Send a transfer or an allowlisted contract call through the guarded write path
         * @description Validates, applies the policy (with facts read from the chains), simulates and previews at once, then returns the transaction (`queued` or `pending_review`); signing, broadcast and tracking run as durable jobs. A policy denial answers 403 `policy_denied` and a predicted revert 422 `simulation_reverted`; both carry the decision and the recorded transaction.
         */
        post: operations["createTransaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One transaction with its state history */
        get: operations["getTransaction"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a transaction
         * @description Before broadcast it becomes `cancelled` at once. After broadcast a 0-value self-transfer at the same nonce with a higher fee is sent (the answer shows `cancelRequestedAt`); the transaction becomes `cancelled` when that replacement is mined, or `confirmed` if the original was mined first. 409 once final.
         */
        post: operations["cancelTransaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Transactions waiting for human review, oldest first */
        get: operations["listReviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reviews/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a transaction waiting for review (it is queued for signing)
         * @description Refused with 403 `self_review` for the principal that created the transaction (with any of its keys), 409 `review_expired` after the review expired, 409 `transaction_state_conflict` when it is not waiting for review.
         */
        post: operations["approveReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reviews/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject a transaction waiting for review
         * @description Refused with 403 `self_review` for the principal that created the transaction (with any of its keys), 409 `review_expired` after the review expired, 409 `transaction_state_conflict` when it is not waiting for review.
         */
        post: operations["rejectReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/swaps/quotes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Quote a swap through the configured Uniswap V2 pools, with every guard applied
         * @description All inputs are read at one block. Refusals answer 422 with a stable code: `slippage_too_high`, `price_impact_too_high`, `insufficient_liquidity`, `oracle_stale`, `oracle_deviation`, `no_route`, `insufficient_balance`.
         */
        post: operations["createSwapQuote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/swaps/quotes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A quote as it was given (this key's quotes only: another key's is 404 `quote_not_found`) */
        get: operations["getSwapQuote"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/swaps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Swaps made with this API key, newest first */
        get: operations["listSwaps"];
        put?: never;
        /**
         * Execute a quote through the write path
         * @description Reads the quoted route again: 409 `price_moved` (nothing sent) when the quote's bound no longer holds, 409 `quote_expired` / `quote_already_executed`, 422 for a guard that refuses now, 503 `swap_unavailable` behind an open breaker. Otherwise the approval (when short), the swap and the optional allowance reset go through policy, simulation and review as one ordered batch. 403 `policy_denied` as for transactions.
         */
        post: operations["createSwap"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/swaps/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A swap: its transactions, status and, once settled, what it actually yielded */
        get: operations["getSwap"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/breakers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Circuit breakers with their state, reason and times, in key order
         * @description In key order (a breaker has no id: its key names it); pass the last key of a page as `startingAfter` for the next one.
         */
        get: operations["listBreakers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/breakers/{key}/trip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Trip (open) a breaker: what it covers answers 503 until reset */
        post: operations["tripBreaker"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/breakers/{key}/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset (close) a tripped breaker */
        post: operations["resetBreaker"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment-intents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Payment intents, newest first */
        get: operations["listPaymentIntents"];
        put?: never;
        /** Create a payment intent: an amount due in a stablecoin, and a deposit address (the same on every accepted chain) */
        post: operations["createPaymentIntent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment-intents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A payment intent with every payment seen and its refunds */
        get: operations["getPaymentIntent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment-intents/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel an intent still waiting for payment (409 otherwise) */
        post: operations["cancelPaymentIntent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment-intents/{id}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund (part of) what arrived, through the write path
         * @description At most `refundable`: 422 `refund_exceeds_refundable` otherwise. Policy applies (403 `policy_denied`; above a review threshold the refund waits for review).
         */
        post: operations["createPaymentIntentRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/settlement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Settlement report: time to seen / final / swept, sweep gas, all-in cost beside legacy rails */
        get: operations["getSettlementReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/checkout/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the payer of a payment intent sees on the hosted checkout page (no API key)
         * @description Public: the payment intent id is the only credential. Answers only what the payer needs — amount, asset, accepted networks with EIP-681 payment URIs, the deposit address, amounts received/pending/remaining, expiry and, per payment, its network, amount, status and confirmations. Never metadata, customerReference, refunds or internal flags. Rate limited per client IP (`auth.rateLimit.publicMax`). 404 `not_found` for a malformed or unknown id.
         */
        get: operations["getCheckout"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/treasury/mandates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Mandates, newest first, each with its active version and open proposals */
        get: operations["listTreasuryMandates"];
        put?: never;
        /**
         * Propose a mandate, or a new version of one (active after the required approvals)
         * @description Validated before anything is stored: the document (422 `validation_failed`: schema, unknown chain, signer or asset, over-precise amounts, targets over 100 %), then each vault on the chain (422 `mandate_vault_invalid`: no code, `asset()` not the mandate’s asset, a code hash the chain contradicts). Code hashes left out are pinned from the chain. With `mandateId`, a new version of that mandate (its chain, signer and asset stay); `baseVersion` (the version the proposer read as active, null for none) answers 409 `stale_proposal` when another is active now.
         */
        post: operations["createTreasuryMandate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/treasury/mandates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One mandate: its active version and the versions waiting for approvals */
        get: operations["getTreasuryMandate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/treasury/mandates/{id}/position": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The live position under the active version, at one block
         * @description Read at one block (Multicall3): the account’s balance, per vault the shares, their `convertToAssets` value, `maxWithdraw` and what is withdrawable now, the share price, cost basis and yield (average cost, from the confirmed movements), APY over 7 and 30 days from the recorded share prices, allocation against target and cap, concentration, drawdown from the recorded high, the code hashes against the pinned ones; `breaches` lists every rule broken. 409 `mandate_not_active` while the first version waits for approvals; 503 when the chain cannot be read.
         */
        get: operations["listTreasuryMandatePosition"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/treasury/mandates/{id}/share-prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The recorded share prices of the active version’s vaults over the last days (yield over time)
         * @description Per vault of the active version, the share prices the recorder wrote (`treasury.sharePriceIntervalSeconds`) since `days` days ago, oldest first, at most 1,000 points per vault. 409 `mandate_not_active` while the first version waits for approvals.
         */
        get: operations["listTreasuryMandateSharePrices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/treasury/mandates/{id}/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The watcher’s alerts on this mandate, newest first
         * @description The `treasury.alert` events of this mandate since `days` days ago (default 30), newest first, at most 100: the rule (`drawdown`, `code_changed`, `max_withdraw_failed`, `withdrawals_paused`), the vault, its breaker and the withdrawal plan proposed for review.
         */
        get: operations["listTreasuryMandateAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/treasury/mandates/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a proposed mandate version; the last required approval activates it
         * @description Counts once per principal, whichever of its keys calls. Refused with 403 `self_approval` for the proposer’s principal, 409 `already_decided` for a principal that decided already, 409 `proposal_closed` once the version is active, superseded or rejected, 409 `stale_proposal` when its base version is no longer the active one.
         */
        post: operations["approveTreasuryMandate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/treasury/mandates/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a proposed mandate version (closes it) */
        post: operations["rejectTreasuryMandate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/treasury/mandates/{id}/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a rebalancing plan: the movements that bring the position inside the mandate at least cost
         * @description Reads the position at one block and plans, in order: withdrawals of what must leave (a vault whose breaker is open, whose code changed, that the mandate no longer lists, or the excess over its cap), the buffer refilled, then deposits toward the targets within every cap. Answers the plan with a plain-language preview and disclosures; nothing is sent until it is executed. 409 `mandate_not_active` while the mandate waits for approvals; 503 when the chain cannot be read.
         */
        post: operations["createTreasuryMandatePlan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/treasury/plans/{planId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One plan, with each movement’s transaction and status */
        get: operations["getTreasuryPlan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/treasury/plans/{planId}/execute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Execute a plan once, as one ordered batch through the write path
         * @description Reads the position again: a plan that would differ now, that expired (15 minutes) or whose mandate has another active version answers 409 `plan_stale` (make a new plan), a plan already executed 409 `plan_not_executable`. Otherwise its withdrawals, then per deposit an exact approval and the deposit, go to the write path as one batch: decided by the policy (intent kind `treasury`) and reviewed as one — held for review when the plan is above the mandate’s review threshold or its daily movement.
         */
        post: operations["executeTreasuryPlan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payees": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Payees, newest first, each with its addresses and changes on their way */
        get: operations["listPayees"];
        put?: never;
        /**
         * Create a payee with its payout addresses (each waits for approval and cool-off)
         * @description `reference` is unique (409 `payee_reference_taken`); one address per chain and asset. Each address is held until a principal other than the requester’s approves it (`review`) AND its cool-off (`payouts.addressCoolOffSeconds`, from the request) is over; until then runs are answered `address_pending` for it, and the payee’s previous address on that chain and asset stays the one paid. Lookalikes (same first and last 4 hex characters as a payee’s or a known address) are flagged; a contract address needs `confirmContract: true` (422 `payee_contract_unconfirmed`).
         */
        post: operations["createPayee"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payees/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import payees from CSV (all or nothing)
         * @description A `text/csv` body: a header line naming the columns (`name`, `reference`, `chainId`, `asset`, `address`, `confirmContract`; `confirmContract` optional), then one line per payout address; lines with the same `reference` are one payee’s addresses. Every line is checked first; any bad line answers 422 `validation_failed` with `errors[]` naming `line N.field` for each problem, and nothing is written. Each address is held until a principal other than the requester’s approves it (`review`) AND its cool-off (`payouts.addressCoolOffSeconds`, from the request) is over; until then runs are answered `address_pending` for it, and the payee’s previous address on that chain and asset stays the one paid. Lookalikes (same first and last 4 hex characters as a payee’s or a known address) are flagged; a contract address needs `confirmContract: true` (422 `payee_contract_unconfirmed`).
         */
        post: operations["createPayeeImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payees/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One payee */
        get: operations["getPayee"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payees/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a payee: never paid again (runs are answered `payee_disabled`) */
        post: operations["disablePayee"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payees/{id}/address-changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every address change of a payee, oldest first (history included) */
        get: operations["listPayeeAddressChanges"];
        put?: never;
        /**
         * Request a new payout address for a payee on one chain and asset
         * @description Each address is held until a principal other than the requester’s approves it (`review`) AND its cool-off (`payouts.addressCoolOffSeconds`, from the request) is over; until then runs are answered `address_pending` for it, and the payee’s previous address on that chain and asset stays the one paid. Lookalikes (same first and last 4 hex characters as a payee’s or a known address) are flagged; a contract address needs `confirmContract: true` (422 `payee_contract_unconfirmed`). One open change per payee, chain and asset (409 `address_change_open`); 409 `payee_disabled` for a disabled payee.
         */
        post: operations["createPayeeAddressChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payees/{id}/address-changes/{changeId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a payout address change (a principal other than the requester’s)
         * @description It becomes payable at the later of now and the end of its cool-off (`activeFrom`). 403 `self_approval` for the requester’s principal (any of its keys); 422 `payee_flags_unacknowledged` for a flagged change without `acknowledgeFlags: true`; 409 `address_change_closed` once decided.
         */
        post: operations["approvePayeeAddressChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payees/{id}/address-changes/{changeId}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a payout address change (its requester may withdraw it this way) */
        post: operations["rejectPayeeAddressChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payout-plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List split plans, newest first */
        get: operations["listPayoutPlans"];
        put?: never;
        /**
         * Create a split plan: recipients with basis-point shares, minimum and cap, and a source of revenue
         * @description Shares must sum to 10,000 bps (422 naming `body.recipients`). `minimum`: under it a payee’s amount is carried to the next run; `cap`: above it the excess is carried. Source: a fixed amount per run, or the succeeded payment intents of the run’s period in the plan’s asset (optionally only those whose metadata contains `metadata`).
         */
        post: operations["createPayoutPlan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payout-plans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One split plan, with what it carries per payee */
        get: operations["getPayoutPlan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payout-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List payout runs, newest first */
        get: operations["listPayoutRuns"];
        put?: never;
        /**
         * Run a plan over a period: exactly once per plan and period
         * @description Computes every line exactly (largest remainder; amounts under a minimum, over a cap or to an unpayable payee carried to the next run), previews fees, and either sends the run through the write path or, above `payouts.reviewThresholdUsd`, holds it in `pending_review` for a second principal. The identical period again answers 200 with the first run; a period partly overlapping an earlier run of the plan is 422 `payout_period_overlaps`.
         */
        post: operations["createPayoutRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payout-runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One payout run with each line’s status */
        get: operations["getPayoutRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payout-runs/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a run under review and send it
         * @description Needs `review`, from a principal other than the run’s creator (403 `payout_self_review`). Only a `pending_review` run (409 `payout_run_not_reviewable`). Rejected: nothing is paid; a plan’s lines are carried to its next run.
         */
        post: operations["approvePayoutRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payout-runs/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject a run under review
         * @description Needs `review`, from a principal other than the run’s creator (403 `payout_self_review`). Only a `pending_review` run (409 `payout_run_not_reviewable`). Rejected: nothing is paid; a plan’s lines are carried to its next run.
         */
        post: operations["rejectPayoutRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payout-runs/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send again the lines whose batch failed (no other line)
         * @description Only lines whose transaction reached a failed final state, or that could not be sent, are sent again: a batch is all or nothing, so none of them was paid. 409 `payout_nothing_to_retry` when there are none.
         */
        post: operations["retryPayoutRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payees/{id}/statements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A payee’s statement over a period: earned, paid (with each transaction), carried
         * @description JSON, or CSV with `Accept: text/csv` or `?format=csv` (one row per line).
         */
        get: operations["listPayeeStatements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accruals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Accrual balances (accrued, reserved in a run, paid) and streams with what they accrued so far */
        get: operations["listAccruals"];
        put?: never;
        /**
         * Credit a micro-payout to a payee: it accrues until paying it is economical
         * @description Adds `amount` to the payee’s balance on the chain and asset. Balances are paid through payout runs once they reach `payouts.micro.feeMultiple` × the estimated fee of paying one recipient, or `payouts.micro.maxIntervalSeconds` after their oldest unpaid credit. `reference` names one credit: sent again with the same payee, chain, asset and amount it answers 200 with the first credit; with anything else 409 `accrual_reference_conflict`.
         */
        post: operations["createAccrual"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accruals/streams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a stream: a rate per second that accrues continuously and is settled on a schedule
         * @description Accrues `ratePerSecond` from `startAt` (to `endAt`, or until stopped), in whole seconds. At each multiple of `payouts.streams.settleIntervalSeconds` what accrued up to that instant — exactly, floored to a base unit; the fraction is carried — moves into the payee’s balance and is paid through a payout run.
         */
        post: operations["createAccrualStream"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accruals/streams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One stream, with what it accrued up to now */
        get: operations["getAccrualStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accruals/streams/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop a stream now
         * @description Nothing accrues after now; what accrued before is still settled at the next instant. A stream already stopped or past its end answers 409 `accrual_stream_ended`.
         */
        post: operations["stopAccrualStream"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/liability-snapshots/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One liability snapshot: root, totals per asset, leaf count */
        get: operations["getLiabilitySnapshot"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/liability-snapshots/{id}/proofs/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user’s inclusion proof, for the fintech to hand to that user
         * @description The proof JSON (clients/verify/proof.schema.json): the user’s leaf with its salt and balances, the sibling hashes and sums up to the root, and `attestationId`, the latest published attestation over the snapshot, once there is one (the /proof page checks the root against it and its on-chain record). Give it to that user only: the salt is what keeps the leaf private. 404 `proof_not_found` when the user is not in the snapshot.
         */
        get: operations["getLiabilitySnapshotProof"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/attestations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Attestations, newest first */
        get: operations["listAttestations"];
        put?: never;
        /**
         * Draft an attestation from a liability snapshot and reserves read at one block per chain
         * @description Reads reserves on each chain (default: every configured chain, at its latest block minus its confirmations): every Keel account’s balance of each configured asset and its ERC-4626 positions valued with `convertToAssets` at that block, plus the optional extra reserve addresses. Answers the draft with the digest of its content and the EIP-191 message every reserve address signs; Keel’s own addresses have signed already (an address whose signer could not sign shows `signed: false`).
         */
        post: operations["createAttestation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/attestations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One attestation */
        get: operations["getAttestation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/attestations/{id}/signatures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add an external reserve address’s signature of the attestation message
         * @description The signature must be the EIP-191 (`personal_sign`) signature of the draft’s `message` by `address`, one of the attestation’s reserve addresses: checked by recovery, 422 `reserve_signature_invalid` otherwise. 409 `attestation_not_draft` once published.
         */
        post: operations["createAttestationSignature"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/attestations/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a fully signed attestation: Keel’s attestation signer signs it, the registry records it
         * @description Every reserve address must have signed (409 `attestation_unsigned` lists those missing); every signature is checked again. Keel’s attestation signer signs the message, the attestation is published (event `attestation.published`) and, with `attestations.registry` configured, its root, totals and digest are sent to the registry contract through the write path (intent kind `attestation`); `registry.status` turns `recorded` when that transaction is final.
         */
        post: operations["publishAttestation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/attestations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A published attestation, as anyone may read and verify it (no API key)
         * @description Public and rate limited per client IP. Only published attestations; a draft, a malformed or an unknown id answer the same 404.
         */
        get: operations["getPublicAttestation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/smart-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Smart accounts, newest first */
        get: operations["listSmartAccounts"];
        put?: never;
        /**
         * The end user’s smart account on a chain (created once; the same account afterwards)
         * @description Computes the account’s counterfactual address (the factory’s CREATE2 address for the owner and a salt derived from `userId`) and records it; nothing is sent on chain, the first user operation deploys it. 201 when created; 200 with the same account when the user has it already with the same owner; 409 `smart_account_exists` when the user has one with another owner. `owner.kind`: `custodial` (Keel’s `smart_account_owner` signer signs its operations) or `external` (your app or the user’s device holds the key and signs the operation hash Keel returns).
         */
        post: operations["createSmartAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/smart-accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One smart account (`deployed` read from its chain until it is) */
        get: operations["getSmartAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/smart-accounts/{id}/session-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account’s session keys, newest first, with status and remaining allowance read from the chain */
        get: operations["listSmartAccountSessionKeys"];
        put?: never;
        /**
         * Grant a session key a narrow scope on the account (an owner user operation)
         * @description Checks the scope, records the key `pending` and creates the owner-signed user operation that calls `grantSession` on the account (`grantOperationId`); the key becomes `active` when that operation is confirmed (event `session_key.granted`). Granting a key address that already holds a grant on this account replaces that grant once confirmed (the contract keeps one grant per key; the earlier key shows `revoked` with `replacedBy`, and its spent total starts again at 0). Keel never receives the key’s private key.
         */
        post: operations["createSmartAccountSessionKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/smart-accounts/{id}/session-keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One session key, with status and remaining allowance read from the chain */
        get: operations["getSmartAccountSessionKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/smart-accounts/{id}/session-keys/{keyId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a session key (an owner user operation)
         * @description Creates the owner-signed user operation that calls `revokeSession`; the key is `revoking` until it is confirmed, then `revoked` (event `session_key.revoked`). Only an `active` key can be revoked: any other answers 409 `session_key_state`.
         */
        post: operations["revokeSmartAccountSessionKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sponsorship-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller’s principal’s sponsorship policies, newest first */
        get: operations["listSponsorshipPolicies"];
        put?: never;
        /**
         * Create a sponsorship policy: when Keel’s paymaster sponsors a user operation’s gas
         * @description The policy belongs to the caller’s principal. With a `backendHook`, the answer carries `backendHookSecret` (whsec_…), shown this once: the hook’s requests are signed with it (Standard Webhooks).
         */
        post: operations["createSponsorshipPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sponsorship-policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One sponsorship policy (current version) */
        get: operations["getSponsorshipPolicy"];
        /**
         * Replace a sponsorship policy’s rules: a new version
         * @description Decisions from now on use the new version; counters (budgets spent, operations per user) carry over. A disabled policy answers 409 `sponsorship_policy_disabled`.
         */
        put: operations["replaceSponsorshipPolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sponsorship-policies/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a sponsorship policy: every later decision is a denial (`policy_disabled`) */
        post: operations["disableSponsorshipPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sponsorship-policies/{id}/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dry run: the decision the policy would take now for this operation, without reserving budget
         * @description Asks the backend hook as a real decision would (its payload says `dryRun: true`). The decision is recorded with status `dry_run` and counts toward no budget or metric.
         */
        post: operations["evaluateSponsorshipPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sponsorship-policies/{id}/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The policy’s decisions with their reasons, newest first */
        get: operations["listSponsorshipPolicyDecisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sponsorship-policies/{id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Spent in the current period, operations sponsored, and denials: organic and abuse apart */
        get: operations["listSponsorshipPolicyUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/paymaster/{policyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * ERC-7677 paymaster web service: sponsored gas under one sponsorship policy (JSON-RPC)
         * @description JSON-RPC 2.0 methods `pm_getPaymasterStubData` and `pm_getPaymasterData`, params `[userOperation, entryPoint, chainId, context]` (ERC-7677); `context` may carry `userId`, `deviceId` and `clientIp`. Point viem’s `createPaymasterClient` here. Answers are HTTP 200 with `result` or `error`; a policy’s refusal is error -32001 whose `data` holds `reasons`, `class` and `decisionId`.
         */
        post: operations["postPaymaster"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/user-operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller’s principal’s user operations, newest first */
        get: operations["listUserOperations"];
        put?: never;
        /**
         * Make 1 to 16 calls from a smart account, through policy, simulation, preview and review
         * @description Each call has the fields of `POST /v1/transactions` (a transfer or a contract call), sent by the account. 201 with status `queued` or `pending_review`; 403 `policy_denied` (recorded `rejected`; a session key’s scope refusal carries reason `session_scope_violation`), 422 `simulation_reverted` (recorded `failed`), 422 `validation_failed` with `body.calls[i].…` paths (nothing recorded).
         */
        post: operations["createUserOperation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/user-operations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user operation with its history */
        get: operations["getUserOperation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/user-operations/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve (queued for signing) or reject a user operation held for review
         * @description Refused with 403 `self_review` for the principal that created it (any of its keys), 409 `review_expired` after the review expired, 409 `user_operation_state` when it is not waiting for review.
         */
        post: operations["reviewUserOperation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/user-operations/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a user operation not yet signed and sent
         * @description From `pending_review`, `queued` or `awaiting_signature`: `cancelled`, its policy window usage and sponsorship reservation given back. Otherwise 409 `user_operation_state`.
         */
        post: operations["cancelUserOperation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/user-operations/{id}/signature": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The external owner’s (or session key’s) signature of `userOpHash`
         * @description Only in `awaiting_signature`: a 65-byte ECDSA signature over `userOpHash` as a raw hash (no EIP-191 prefix) by the account’s owner (`signing: external`) or its session key (`signing: session`). → `signed`, sent by the worker. 409 `signature_window_passed` after `signatureDeadline`, 422 `invalid_signature` for another signer; nothing changes then.
         */
        post: operations["signatureUserOperation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stats/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Pilot metrics over time: transactions, settlement, volume, reviews, breakers, webhooks, RPC health
         * @description Series have one value per bucket. Buckets are aligned to the UTC epoch, so repeated calls see the same boundaries. `bucket=auto` (the default) picks the smallest size giving at most 60 buckets; at most 500 buckets per call (else 422 `validation_failed`).
         */
        get: operations["getStatsOverview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/{id}/balance-changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Simulated vs actual balance changes of a transaction
         * @description Reads the mined receipt through the chain layer (503 `chain_unavailable` when the chain cannot be read). Native coin moved inside contract calls leaves no log and is not in `actual`.
         */
        get: operations["getTransactionBalanceChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signing-previews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview what an end user is asked to sign: permits, Permit2, orders, personal messages
         * @description Send exactly one of `typedData` (EIP-712, as for `eth_signTypedData_v4`) or `message` (EIP-191 `personal_sign`). Answers the digest the wallet signs, plain-language lines, every signed field, the token permissions granted and warnings with stable codes (`approval`, `unlimited_amount`, `unknown_spender`, `lookalike_address`, `long_expiry`, `no_expiry`, `expired`, `chain_mismatch`, `unknown_verifying_contract`, `signer_mismatch`, …) each with a sentence an end user can be shown, and an overall `risk`. Typed data that does not match its own types answers 422 `typed_data_invalid` naming each field. Reads configuration only; nothing is written.
         */
        post: operations["createSigningPreview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/liability-snapshots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a liability snapshot: what each user is owed per asset at one time
         * @description JSON (`{ asOf, rows: [{ userId, asset, balance }] }`) or CSV (`Content-Type: text/csv`, header `user_id,asset,balance`, `asOf` in the query), streamed: rows are checked as they arrive, so uploads of millions of rows take memory for the checked snapshot only. Every row is checked; any bad row rejects the whole snapshot with 422 `snapshot_invalid` whose `errors[]` name each line and field (negative balance, unknown asset, duplicate user and asset, more decimals than the asset has, bad user id; at most 1,000 listed, `errorCount` the total) and nothing is stored. Otherwise each user gets a 32-byte random salt, the leaves are shuffled, the Merkle sum tree is built and the snapshot is stored with its leaves. Limits: `attestations.maxSnapshotRows` rows, `attestations.maxUploadBytes` bytes (413 `payload_too_large`).
         */
        post: operations["createLiabilitySnapshot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "access_request.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * access_request.created
         * @description A change to who may do what waits for approval by other principals: a new principal, or a key with a privileged scope or for another principal.
         *
         *     Received by endpoints subscribed to `access_request.created` (or to every type); reading it needs one of: admin.
         */
        post: operations["onAccessRequestCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "access_request.approved": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * access_request.approved
         * @description An access request reached its approvals: the principal and/or key it holds are active now.
         *
         *     Received by endpoints subscribed to `access_request.approved` (or to every type); reading it needs one of: admin.
         */
        post: operations["onAccessRequestApproved"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "access_request.rejected": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * access_request.rejected
         * @description An access request was rejected: its pending principal and key will never act.
         *
         *     Received by endpoints subscribed to `access_request.rejected` (or to every type); reading it needs one of: admin.
         */
        post: operations["onAccessRequestRejected"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "api_key.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * api_key.created
         * @description An API key became usable: created, or its access request was approved (its secret is never included).
         *
         *     Received by endpoints subscribed to `api_key.created` (or to every type); reading it needs one of: admin.
         */
        post: operations["onApiKeyCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "api_key.revoked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * api_key.revoked
         * @description An API key was revoked; requests with it now answer 401.
         *
         *     Received by endpoints subscribed to `api_key.revoked` (or to every type); reading it needs one of: admin.
         */
        post: operations["onApiKeyRevoked"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "breaker.tripped": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * breaker.tripped
         * @description A circuit breaker was tripped (by an operator, or automatically after repeated guard refusals): what it covers is unavailable.
         *
         *     Received by endpoints subscribed to `breaker.tripped` (or to every type); reading it needs one of: admin.
         */
        post: operations["onBreakerTripped"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "breaker.reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * breaker.reset
         * @description A circuit breaker was reset: what it covers is available again.
         *
         *     Received by endpoints subscribed to `breaker.reset` (or to every type); reading it needs one of: admin.
         */
        post: operations["onBreakerReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "endpoint.disabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * endpoint.disabled
         * @description A webhook endpoint was disabled: it answered 410 Gone, failed for longer than webhooks.disableAfterHours, or an operator disabled it.
         *
         *     Received by endpoints subscribed to `endpoint.disabled` (or to every type); reading it needs one of: webhooks:write.
         */
        post: operations["onEndpointDisabled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment_intent.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payment_intent.created
         * @description A payment intent was created; its deposit address waits for the payment.
         *
         *     Received by endpoints subscribed to `payment_intent.created` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onPaymentIntentCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment_intent.processing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payment_intent.processing
         * @description Payments covering the amount were seen on chain; they wait for the chain’s confirmations.
         *
         *     Received by endpoints subscribed to `payment_intent.processing` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onPaymentIntentProcessing"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment_intent.succeeded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payment_intent.succeeded
         * @description The amount (less the tolerance) arrived and is final; `overpaid` shows any excess to refund.
         *
         *     Received by endpoints subscribed to `payment_intent.succeeded` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onPaymentIntentSucceeded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment_intent.underpaid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payment_intent.underpaid
         * @description The intent expired with less than its amount received; `amountReceived` says how much (refund or collect the rest).
         *
         *     Received by endpoints subscribed to `payment_intent.underpaid` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onPaymentIntentUnderpaid"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment_intent.expired": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payment_intent.expired
         * @description The intent expired with nothing received.
         *
         *     Received by endpoints subscribed to `payment_intent.expired` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onPaymentIntentExpired"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment_intent.paid_late": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payment_intent.paid_late
         * @description A payment arrived after expiry, within `payments.lateWindowSeconds`: it was credited and flagged `paidLate`.
         *
         *     Received by endpoints subscribed to `payment_intent.paid_late` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onPaymentIntentPaidLate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment_intent.reorged": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payment_intent.reorged
         * @description A chain reorganisation removed payments the intent had seen; its amounts and status moved back (they may be seen again).
         *
         *     Received by endpoints subscribed to `payment_intent.reorged` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onPaymentIntentReorged"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment_intent.swept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payment_intent.swept
         * @description A sweep moved this intent’s final deposits to the treasury (its transaction is confirmed): `sweep` names the sweep (`id`) and its transaction (`transactionId`); `sweptAt` is set once nothing final is left at the address. Sent again if the sweep is confirmed again after its block was lost (`transaction.reorged_after_final`).
         *
         *     Received by endpoints subscribed to `payment_intent.swept` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onPaymentIntentSwept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment_intent.sweep_failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payment_intent.sweep_failed
         * @description A sweep of this intent’s deposits did not happen (its transaction failed, reverted, was rejected or cancelled): `sweep` names it; the deposits go to the next sweep.
         *
         *     Received by endpoints subscribed to `payment_intent.sweep_failed` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onPaymentIntentSweepFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment_intent.cancelled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payment_intent.cancelled
         * @description The intent was cancelled; anything arriving later is recorded as unexpected.
         *
         *     Received by endpoints subscribed to `payment_intent.cancelled` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onPaymentIntentCancelled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment_intent.unexpected_deposit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payment_intent.unexpected_deposit
         * @description Something arrived at the deposit address that was not credited (another asset, a chain the intent did not accept, after cancellation or after the late window): `needsAttention` is set; refund it.
         *
         *     Received by endpoints subscribed to `payment_intent.unexpected_deposit` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onPaymentIntentUnexpectedDeposit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user_operation.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * user_operation.created
         * @description A user operation was accepted by the policy and simulated: it is queued for its signature (or waits for review).
         *
         *     Received by endpoints subscribed to `user_operation.created` (or to every type); reading it needs one of: smart_accounts:read, smart_accounts:write.
         */
        post: operations["onUserOperationCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user_operation.review_required": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * user_operation.review_required
         * @description A user operation waits for a human decision (`pending_review`): the policy or a capability asked for review.
         *
         *     Received by endpoints subscribed to `user_operation.review_required` (or to every type); reading it needs one of: smart_accounts:read, smart_accounts:write.
         */
        post: operations["onUserOperationReviewRequired"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user_operation.signature_required": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * user_operation.signature_required
         * @description A user operation is built and sponsored and waits for its external owner’s or session key’s signature over `userOpHash` (`POST /v1/user-operations/:id/signature`).
         *
         *     Received by endpoints subscribed to `user_operation.signature_required` (or to every type); reading it needs one of: smart_accounts:read, smart_accounts:write.
         */
        post: operations["onUserOperationSignatureRequired"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user_operation.submitted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * user_operation.submitted
         * @description A signed user operation was sent to the bundler (again after a drop or a reorganisation: `submissions` counts).
         *
         *     Received by endpoints subscribed to `user_operation.submitted` (or to every type); reading it needs one of: smart_accounts:read, smart_accounts:write.
         */
        post: operations["onUserOperationSubmitted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user_operation.included": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * user_operation.included
         * @description A bundle transaction holding the user operation was mined (`txHash`, `blockNumber`); it waits for the chain’s confirmations.
         *
         *     Received by endpoints subscribed to `user_operation.included` (or to every type); reading it needs one of: smart_accounts:read, smart_accounts:write.
         */
        post: operations["onUserOperationIncluded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user_operation.confirmed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * user_operation.confirmed
         * @description A user operation’s calls succeeded and reached the chain’s configured confirmations (final); `actualGasCost` is what it paid.
         *
         *     Received by endpoints subscribed to `user_operation.confirmed` (or to every type); reading it needs one of: smart_accounts:read, smart_accounts:write.
         */
        post: operations["onUserOperationConfirmed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user_operation.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * user_operation.failed
         * @description A user operation ended without effect: refused by the bundler or the EntryPoint, its signature or sponsorship window ran out, or it was mined and its calls reverted (`success: false`, gas paid).
         *
         *     Received by endpoints subscribed to `user_operation.failed` (or to every type); reading it needs one of: smart_accounts:read, smart_accounts:write.
         */
        post: operations["onUserOperationFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user_operation.reorged": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * user_operation.reorged
         * @description The block holding a user operation was reorganised away; it is back to `submitted` and Keel sends the same signed operation again.
         *
         *     Received by endpoints subscribed to `user_operation.reorged` (or to every type); reading it needs one of: smart_accounts:read, smart_accounts:write.
         */
        post: operations["onUserOperationReorged"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "session_key.granted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * session_key.granted
         * @description A session key’s grant operation was confirmed: the key is active on its smart account (a grant of the same key address before it is revoked, replaced).
         *
         *     Received by endpoints subscribed to `session_key.granted` (or to every type); reading it needs one of: smart_accounts:read, smart_accounts:write.
         */
        post: operations["onSessionKeyGranted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "session_key.revoked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * session_key.revoked
         * @description A session key’s grant ended: its revoke operation was confirmed, or a later grant of the same key address replaced it (`replacedBy`).
         *
         *     Received by endpoints subscribed to `session_key.revoked` (or to every type); reading it needs one of: smart_accounts:read, smart_accounts:write.
         */
        post: operations["onSessionKeyRevoked"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "principal.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * principal.created
         * @description A principal (operator or service) became active: bootstrapped by the CLI or approved.
         *
         *     Received by endpoints subscribed to `principal.created` (or to every type); reading it needs one of: admin.
         */
        post: operations["onPrincipalCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * refund.created
         * @description A refund of a payment intent was sent to the write path (it may wait for review).
         *
         *     Received by endpoints subscribed to `refund.created` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onRefundCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.succeeded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * refund.succeeded
         * @description A refund’s transfer was confirmed on chain. Sent again if it is confirmed again after its block was lost (`refund.reorged`).
         *
         *     Received by endpoints subscribed to `refund.succeeded` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onRefundSucceeded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.reorged": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * refund.reorged
         * @description A refund that was final (succeeded or failed) lost its transaction’s block (a rollback, or a reorganisation deeper than the confirmations): it is `pending` again, its amount counts as refunded, and a second `refund.succeeded` or `refund.failed` follows.
         *
         *     Received by endpoints subscribed to `refund.reorged` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onRefundReorged"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * refund.failed
         * @description A refund’s transfer did not happen (rejected, reverted, failed or cancelled); the amount is refundable again.
         *
         *     Received by endpoints subscribed to `refund.failed` (or to every type); reading it needs one of: payments:read.
         */
        post: operations["onRefundFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "policy.proposed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * policy.proposed
         * @description A policy change was proposed; it waits for approvals (the resource carries the diff against the active version).
         *
         *     Received by endpoints subscribed to `policy.proposed` (or to every type); reading it needs one of: policy:write, policy:approve.
         */
        post: operations["onPolicyProposed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "policy.activated": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * policy.activated
         * @description A proposed policy version reached its approvals and became active; the previous version was superseded.
         *
         *     Received by endpoints subscribed to `policy.activated` (or to every type); reading it needs one of: policy:write, policy:approve.
         */
        post: operations["onPolicyActivated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "treasury.mandate_proposed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * treasury.mandate_proposed
         * @description A treasury mandate version was proposed (a new mandate, or a change of one); it waits for approvals. Its vaults’ code hashes are pinned in the document.
         *
         *     Received by endpoints subscribed to `treasury.mandate_proposed` (or to every type); reading it needs one of: treasury:read, treasury:write, policy:approve.
         */
        post: operations["onTreasuryMandateProposed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "treasury.mandate_activated": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * treasury.mandate_activated
         * @description A proposed mandate version reached its approvals and became active; the mandate’s previous version was superseded.
         *
         *     Received by endpoints subscribed to `treasury.mandate_activated` (or to every type); reading it needs one of: treasury:read, treasury:write, policy:approve.
         */
        post: operations["onTreasuryMandateActivated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "treasury.plan_created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * treasury.plan_created
         * @description A rebalancing plan was computed for a mandate (on request, or by Keel when a vault breaker tripped): its movements, preview and disclosures; it waits to be executed.
         *
         *     Received by endpoints subscribed to `treasury.plan_created` (or to every type); reading it needs one of: treasury:read, treasury:write.
         */
        post: operations["onTreasuryPlanCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "treasury.movement_confirmed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * treasury.movement_confirmed
         * @description A deposit or withdrawal of an executing plan was confirmed on chain; the plan carries the assets and shares the vault reported.
         *
         *     Received by endpoints subscribed to `treasury.movement_confirmed` (or to every type); reading it needs one of: treasury:read, treasury:write.
         */
        post: operations["onTreasuryMovementConfirmed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "treasury.plan_executed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * treasury.plan_executed
         * @description Every movement of a plan is final: `status` says `executed`, `partially_executed` or `failed`, each movement its own.
         *
         *     Received by endpoints subscribed to `treasury.plan_executed` (or to every type); reading it needs one of: treasury:read, treasury:write.
         */
        post: operations["onTreasuryPlanExecuted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payee.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payee.created
         * @description A payee was created (API or CSV import) with its payout addresses, each waiting for approval by a second principal and its cool-off.
         *
         *     Received by endpoints subscribed to `payee.created` (or to every type); reading it needs one of: payouts:read, payouts:write, review.
         */
        post: operations["onPayeeCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payee.address_change_requested": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payee.address_change_requested
         * @description A payout address was entered for a payee (a new payee’s or a change): it is payable once a second principal approves it and its cool-off is over; `flags` names lookalikes and contracts.
         *
         *     Received by endpoints subscribed to `payee.address_change_requested` (or to every type); reading it needs one of: payouts:read, payouts:write, review.
         */
        post: operations["onPayeeAddressChangeRequested"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payee.address_change_approved": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payee.address_change_approved
         * @description A second principal approved a payout address; it is paid from `activeFrom` (the later of the approval and the end of its cool-off).
         *
         *     Received by endpoints subscribed to `payee.address_change_approved` (or to every type); reading it needs one of: payouts:read, payouts:write, review.
         */
        post: operations["onPayeeAddressChangeApproved"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payee.address_change_rejected": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payee.address_change_rejected
         * @description A payout address change was rejected (or withdrawn by its requester); it is never paid.
         *
         *     Received by endpoints subscribed to `payee.address_change_rejected` (or to every type); reading it needs one of: payouts:read, payouts:write, review.
         */
        post: operations["onPayeeAddressChangeRejected"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payee.disabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payee.disabled
         * @description A payee was disabled: it is never paid again.
         *
         *     Received by endpoints subscribed to `payee.disabled` (or to every type); reading it needs one of: payouts:read, payouts:write, review.
         */
        post: operations["onPayeeDisabled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "accrual.credited": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * accrual.credited
         * @description A micro-payout credit was recorded for a payee (`POST /v1/accruals`); the resource carries the balance it accrues to.
         *
         *     Received by endpoints subscribed to `accrual.credited` (or to every type); reading it needs one of: payouts:read, payouts:write.
         */
        post: operations["onAccrualCredited"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "accrual.settled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * accrual.settled
         * @description An amount of a payee’s accruals that a payout run carried is final: `status` `paid` (with the transaction), or `released` back to accrued (the line failed or was carried) to be paid next time.
         *
         *     Received by endpoints subscribed to `accrual.settled` (or to every type); reading it needs one of: payouts:read, payouts:write.
         */
        post: operations["onAccrualSettled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "accrual.stream_created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * accrual.stream_created
         * @description A stream (a rate per second from a start time) was created for a payee.
         *
         *     Received by endpoints subscribed to `accrual.stream_created` (or to every type); reading it needs one of: payouts:read, payouts:write.
         */
        post: operations["onAccrualStreamCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "accrual.stream_stopped": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * accrual.stream_stopped
         * @description A stream was stopped: nothing accrues after `stoppedAt`; what accrued before it is still settled.
         *
         *     Received by endpoints subscribed to `accrual.stream_stopped` (or to every type); reading it needs one of: payouts:read, payouts:write.
         */
        post: operations["onAccrualStreamStopped"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payout_run.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payout_run.created
         * @description A payout run was computed from a plan and a period, or from explicit lines: its lines (paid, carried), total, carried amounts and fee preview.
         *
         *     Received by endpoints subscribed to `payout_run.created` (or to every type); reading it needs one of: payouts:read, payouts:write.
         */
        post: operations["onPayoutRunCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payout_run.review_required": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payout_run.review_required
         * @description A payout run is above `payouts.reviewThresholdUsd` (or its value could not be priced): it waits for a principal with `review` other than its creator.
         *
         *     Received by endpoints subscribed to `payout_run.review_required` (or to every type); reading it needs one of: payouts:read, payouts:write.
         */
        post: operations["onPayoutRunReviewRequired"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payout_run.executing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payout_run.executing
         * @description A payout run was handed to the write path (an exact approval, then `payout` batches); also after a retry.
         *
         *     Received by endpoints subscribed to `payout_run.executing` (or to every type); reading it needs one of: payouts:read, payouts:write.
         */
        post: operations["onPayoutRunExecuting"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payout_run.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payout_run.completed
         * @description Every line of a payout run is final and every payable line was paid.
         *
         *     Received by endpoints subscribed to `payout_run.completed` (or to every type); reading it needs one of: payouts:read, payouts:write.
         */
        post: operations["onPayoutRunCompleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payout_run.completed_with_failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payout_run.completed_with_failures
         * @description Every line of a payout run is final and some failed (`POST /v1/payout-runs/:id/retry` sends them again).
         *
         *     Received by endpoints subscribed to `payout_run.completed_with_failures` (or to every type); reading it needs one of: payouts:read, payouts:write.
         */
        post: operations["onPayoutRunCompletedWithFailures"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payout_run.line_failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * payout_run.line_failed
         * @description A line of a payout run failed: its batch transaction failed or reverted, or it could not be sent; `line.reason` says why.
         *
         *     Received by endpoints subscribed to `payout_run.line_failed` (or to every type); reading it needs one of: payouts:read, payouts:write.
         */
        post: operations["onPayoutRunLineFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "treasury.alert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * treasury.alert
         * @description The treasury watcher saw a mandate vault break a rule (`drawdown`, `code_changed`, `max_withdraw_failed`, `withdrawals_paused`): its breaker is open (no new deposits) and, when the mandate says so, `planId` names the withdrawal plan waiting for review. Sent once per rule per trip.
         *
         *     Received by endpoints subscribed to `treasury.alert` (or to every type); reading it needs one of: treasury:read, treasury:write.
         */
        post: operations["onTreasuryAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "swap.succeeded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * swap.succeeded
         * @description A swap was mined and confirmed; `result` carries the amounts actually paid and received and the realised slippage.
         *
         *     Received by endpoints subscribed to `swap.succeeded` (or to every type); reading it needs one of: swaps:write.
         */
        post: operations["onSwapSucceeded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "swap.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * swap.failed
         * @description A swap ended without filling: reverted on chain (e.g. the price moved past its bound), stopped before sending, rejected, expired or cancelled (`status` and `failure` say which).
         *
         *     Received by endpoints subscribed to `swap.failed` (or to every type); reading it needs one of: swaps:write.
         */
        post: operations["onSwapFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transaction.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * transaction.created
         * @description A transaction passed policy and simulation: it is queued for signing or waits for human review (see `status`).
         *
         *     Received by endpoints subscribed to `transaction.created` (or to every type); reading it needs one of: transactions:read.
         */
        post: operations["onTransactionCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transaction.rejected": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * transaction.rejected
         * @description The policy denied a transaction (the decision and its reasons are in the resource), or a reviewer rejected it.
         *
         *     Received by endpoints subscribed to `transaction.rejected` (or to every type); reading it needs one of: transactions:read.
         */
        post: operations["onTransactionRejected"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transaction.review_required": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * transaction.review_required
         * @description A transaction waits in the review queue for a human decision.
         *
         *     Received by endpoints subscribed to `transaction.review_required` (or to every type); reading it needs one of: transactions:read.
         */
        post: operations["onTransactionReviewRequired"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transaction.approved": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * transaction.approved
         * @description A reviewer approved a transaction; it is queued for signing.
         *
         *     Received by endpoints subscribed to `transaction.approved` (or to every type); reading it needs one of: transactions:read.
         */
        post: operations["onTransactionApproved"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transaction.submitted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * transaction.submitted
         * @description A signed transaction was broadcast; `hash` identifies it on chain.
         *
         *     Received by endpoints subscribed to `transaction.submitted` (or to every type); reading it needs one of: transactions:read.
         */
        post: operations["onTransactionSubmitted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transaction.replaced": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * transaction.replaced
         * @description A stuck transaction was re-signed at the same nonce with a higher fee (`attempts` lists every version).
         *
         *     Received by endpoints subscribed to `transaction.replaced` (or to every type); reading it needs one of: transactions:read.
         */
        post: operations["onTransactionReplaced"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transaction.reorged": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * transaction.reorged
         * @description The block holding a transaction was reorganised away; it is back to `submitted` and will be included again.
         *
         *     Received by endpoints subscribed to `transaction.reorged` (or to every type); reading it needs one of: transactions:read.
         */
        post: operations["onTransactionReorged"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transaction.reorged_after_final": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * transaction.reorged_after_final
         * @description A transaction that was final (confirmed, reverted or cancelled) is no longer on the chain (a rollback, or a reorganisation deeper than the confirmations): `reorgedAfterFinal` is set, it is back to `submitted` and Keel re-submits it; a second `transaction.confirmed` (or `.failed`) follows.
         *
         *     Received by endpoints subscribed to `transaction.reorged_after_final` (or to every type); reading it needs one of: transactions:read.
         */
        post: operations["onTransactionReorgedAfterFinal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transaction.confirmed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * transaction.confirmed
         * @description A transaction succeeded on chain and reached the chain’s configured confirmations (final).
         *
         *     Received by endpoints subscribed to `transaction.confirmed` (or to every type); reading it needs one of: transactions:read.
         */
        post: operations["onTransactionConfirmed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transaction.reverted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * transaction.reverted
         * @description A transaction was mined but reverted; `revert` carries the decoded reason. Gas was spent, nothing else moved.
         *
         *     Received by endpoints subscribed to `transaction.reverted` (or to every type); reading it needs one of: transactions:read.
         */
        post: operations["onTransactionReverted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transaction.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * transaction.failed
         * @description A transaction stopped before it could be mined: simulation predicted a revert, signing failed, or the network refused it.
         *
         *     Received by endpoints subscribed to `transaction.failed` (or to every type); reading it needs one of: transactions:read.
         */
        post: operations["onTransactionFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transaction.expired": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * transaction.expired
         * @description A transaction waited for review longer than `pipeline.reviewExpiresAfterSeconds` and will not be sent.
         *
         *     Received by endpoints subscribed to `transaction.expired` (or to every type); reading it needs one of: transactions:read.
         */
        post: operations["onTransactionExpired"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transaction.cancelled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * transaction.cancelled
         * @description A transaction was cancelled: before broadcast, or by a mined 0-value replacement at its nonce.
         *
         *     Received by endpoints subscribed to `transaction.cancelled` (or to every type); reading it needs one of: transactions:read.
         */
        post: operations["onTransactionCancelled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "liability_snapshot.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * liability_snapshot.created
         * @description A liability snapshot was uploaded and checked: its Merkle sum tree root, totals per asset and leaf count (never a user or a salt).
         *
         *     Received by endpoints subscribed to `liability_snapshot.created` (or to every type); reading it needs one of: attestations:read, attestations:write.
         */
        post: operations["onLiabilitySnapshotCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "attestation.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * attestation.created
         * @description A proof-of-reserves attestation was drafted: liabilities root and totals, reserves read at one block per chain, the ratio, and the message each reserve address signs.
         *
         *     Received by endpoints subscribed to `attestation.created` (or to every type); reading it needs one of: attestations:read, attestations:write.
         */
        post: operations["onAttestationCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "attestation.published": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * attestation.published
         * @description An attestation was published: every reserve address signed and Keel’s attestation signer signed it; with a registry configured, its record is on its way (`registry.status: pending`).
         *
         *     Received by endpoints subscribed to `attestation.published` (or to every type); reading it needs one of: attestations:read, attestations:write.
         */
        post: operations["onAttestationPublished"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "attestation.recorded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * attestation.recorded
         * @description The registry transaction of a published attestation is final: its root, totals and digest are recorded on chain (`registry.status: recorded`).
         *
         *     Received by endpoints subscribed to `attestation.recorded` (or to every type); reading it needs one of: attestations:read, attestations:write.
         */
        post: operations["onAttestationRecorded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "webhook.test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * webhook.test
         * @description A test event sent on request to one endpoint (POST /v1/webhook-endpoints/:id/test).
         *
         *     Received by endpoints subscribed to `webhook.test` (or to every type); reading it needs one of: webhooks:write.
         */
        post: operations["onWebhookTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        SponsorshipBackendHookInput: {
            /** @description HTTPS URL Keel POSTs a signed check to (SSRF-guarded like webhook endpoints) */
            url: string;
            /** @description Deadline of the check; at most sponsorship.backendTimeoutMs (its default) */
            timeoutMs?: number;
            /**
             * @description What a timeout, error or unreadable answer means: deny (default) or allow
             * @default deny
             * @enum {string}
             */
            onFailure: "deny" | "allow";
        };
        FieldError: {
            /** @description Where: `body.amount`, `querystring.limit`, `headers.idempotency-key`… */
            field: string;
            /** @description A stable code for this field’s fault (`too_small`, `invalid_format`…) */
            code: string;
            message: string;
        };
        /** @description An RFC 9457 problem. Some codes add members: `requiredScope` (403 `forbidden`), `retryAfterSeconds` (429), `eventTypes` (403 `event_type_not_readable`)… */
        Problem: {
            /** @description `urn:keel:problem:<code>` */
            type: string;
            /** @description The HTTP status’s reason phrase */
            title: string;
            /** @description The HTTP status */
            status: number;
            /**
             * @description The stable machine code: the error catalogue (docs/errors.md) lists each
             * @enum {string}
             */
            code: "bad_request" | "invalid_json" | "json_too_deep" | "invalid_url" | "unauthenticated" | "forbidden" | "event_type_not_readable" | "not_found" | "payload_too_large" | "uri_too_long" | "unsupported_media_type" | "validation_failed" | "idempotency_key_reused" | "idempotency_in_progress" | "idempotency_lease_lost" | "rate_limited" | "internal_error" | "chains_unavailable" | "chain_unavailable" | "rpc_unavailable" | "rpc_outcome_unknown" | "chain_mismatch" | "watcher_lease_lost" | "watcher_reorg_unresolved" | "signer_unavailable" | "signer_key_invalid" | "signer_mismatch" | "transaction_unsignable" | "remote_signer_bad_answer" | "remote_signer_refused" | "remote_signer_unauthorized" | "remote_signer_unavailable" | "keystore_invalid" | "keystore_locked" | "secret_key_invalid" | "secret_unreadable" | "policy_denied" | "simulation_reverted" | "transaction_state_conflict" | "self_review" | "cancel_pending" | "review_expired" | "batch_mixed" | "nonce_not_held" | "nonce_state_corrupt" | "nonce_not_gap" | "nonce_needs_transaction" | "audit_isolation" | "policy_window_isolation" | "policy_not_initialised" | "policy_none_active" | "policy_invalid_stored" | "policy_unchanged" | "self_approval" | "proposal_closed" | "stale_proposal" | "already_decided" | "payee_reference_taken" | "payee_disabled" | "payee_contract_unconfirmed" | "address_change_open" | "address_change_closed" | "payee_flags_unacknowledged" | "mandate_unchanged" | "mandate_vault_invalid" | "accrual_reference_conflict" | "accrual_stream_ended" | "sponsorship_policy_disabled" | "sponsorship_decision_final" | "mandate_not_active" | "snapshot_invalid" | "snapshot_not_found" | "proof_not_found" | "attestation_not_found" | "attestation_not_draft" | "attestation_unsigned" | "attestation_signer_missing" | "attestation_tampered" | "reserve_signature_invalid" | "reserves_unreadable" | "plan_not_found" | "plan_not_executable" | "payout_plan_not_found" | "payout_run_not_found" | "payout_period_overlaps" | "payout_run_in_review" | "payout_run_not_reviewable" | "payout_self_review" | "payout_nothing_to_retry" | "smart_accounts_not_configured" | "session_key_not_found" | "session_key_state" | "sponsorship_denied" | "paymaster_not_configured" | "bundler_not_configured" | "bundler_unavailable" | "bundler_rejected" | "user_operation_state_conflict" | "paymaster_price_unavailable" | "smart_account_exists" | "user_operation_not_found" | "user_operation_state" | "signature_window_passed" | "invalid_signature" | "payouts_not_configured" | "plan_stale" | "plan_empty" | "request_closed" | "principal_not_active" | "endpoint_disabled" | "event_type_not_received" | "delivery_in_progress" | "swap_unavailable" | "quote_not_found" | "quote_expired" | "quote_already_executed" | "price_moved" | "swap_not_found" | "no_route" | "slippage_too_high" | "price_impact_too_high" | "insufficient_liquidity" | "insufficient_balance" | "oracle_stale" | "oracle_deviation" | "breaker_not_open" | "payments_not_configured" | "payment_intent_state_conflict" | "refund_exceeds_refundable" | "deposit_salt_invalid" | "typed_data_invalid" | "dashboard_not_built" | "checkout_not_built" | "config_invalid" | "database_locked" | "migration_modified" | "database_unavailable" | "migration_failed" | "dev_tooling_missing" | "contracts_compile_failed" | "contracts_not_built" | "contracts_stale" | "vendored_artifact_missing" | "invalid_anchor" | "dev_already_running" | "dev_manifest_missing" | "dev_manifest_invalid" | "demo_world_incomplete" | "devnet_no_create2_deployer" | "devnet_multicall3_broken" | "devnet_tx_failed" | "devnet_port_in_use" | "anvil_missing" | "anvil_start_failed" | "bundler_missing" | "bundler_start_failed" | "demo_api_unreachable" | "demo_step_failed" | "demo_timeout";
            /** @description What went wrong, for a developer (never internals) */
            detail: string;
            /** @description What an end user may be shown, unchanged */
            userMessage: string;
            /** @description The request id (also the `x-request-id` header) */
            instance?: string;
            /** @description Each invalid field (422 `validation_failed`) */
            errors?: components["schemas"]["FieldError"][];
        } & {
            [key: string]: unknown;
        };
        /** @description One entry of the hash-chained audit log */
        AuditLogEntry: {
            /** @description aud_… */
            id: string;
            /** @constant */
            object: "audit_entry";
            /** @description Position in the chain: 1, 2, 3… without gaps */
            seq: number;
            /** @description UTC ISO-8601 time the entry was written (milliseconds) */
            at: string;
            /** @description Who: an API key id (key_…), cli, system or worker */
            actor: string;
            /** @description The principal of the actor key (prn_…), resolved when read; not covered by `hash` */
            actorPrincipal?: {
                id: string;
                name: string;
            } | null;
            /** @description What: `api_key.created`, `api_key.revoked`, `principal.created`, `access_request.created`, `access_request.approved`, `access_request.rejected`, `access_request.granted`, `webhook_endpoint.created`, `webhook_endpoint.updated`, `webhook_endpoint.deleted`, `webhook_endpoint.secret_rotated`, `webhook_endpoint.replayed`, `policy.proposed`, `policy.approved`, `policy.rejected`, `policy.activated`, `payout_plan.created`, `payout_run.created`, `payout_run.approved`, `payout_run.rejected`, `payout_run.retried`, `treasury.mandate_proposed`, `treasury.mandate_approved`, `treasury.mandate_rejected`, `treasury.mandate_activated`, `payee.created`, `payee.disabled`, `smart_account.created`, `session_key.grant_requested`, `session_key.revoke_requested`, `payee.address_change_requested`, `payee.address_change_approved`, `payee.address_change_rejected`, `user_operation.created`, `user_operation.review_approved`, `user_operation.review_rejected`, `user_operation.cancelled`, `user_operation.signed`, `sponsorship_policy.created`, `sponsorship_policy.updated`, `sponsorship_policy.disabled`, `user_operation.state_changed`, `review.approved`, `review.rejected`, `transaction.cancelled`, `breaker.tripped`, `breaker.reset`, `payment_intent.cancelled`, `refund.created` */
            action: string;
            /** @description The id of the resource acted on */
            subject: string | null;
            /** @description Facts about the change; never secrets */
            details: {
                [key: string]: unknown;
            };
            /** @description Hash of entry seq-1 (64 zeros for entry 1) */
            prevHash: string;
            /** @description sha256 of the canonical JSON (RFC 8785) of {seq, id, at, actor, action, subject, details, prev_hash} */
            hash: string;
        };
        AuditLogEntryList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["AuditLogEntry"][];
            hasMore: boolean;
            /**
             * @deprecated
             * @description Deprecated (removed in the next release): the last id of this page; pass it as `startingAfter`
             */
            nextCursor: string | null;
        };
        ApiKey: {
            id: string;
            /** @constant */
            object: "api_key";
            name: string;
            scopes: string[];
            /**
             * @description pending: waits for its access request; only active keys authenticate
             * @enum {string}
             */
            status: "pending" | "active" | "rejected";
            /** @description The principal the key belongs to */
            principal: {
                /** @description prn_… */
                id: string;
                name: string;
                /** @enum {string} */
                kind: "operator" | "service";
            };
            createdAt: string;
            revokedAt: string | null;
            lastUsedAt: string | null;
        };
        Principal: {
            /** @description prn_… */
            id: string;
            /** @constant */
            object: "principal";
            name: string;
            /** @enum {string} */
            kind: "operator" | "service";
            /** @enum {string} */
            status: "pending" | "active" | "rejected";
            createdAt: string;
            /** @description The principal that asked for it, `cli` (bootstrap) or `migration` */
            createdBy: string;
        };
        AccessRequest: {
            /** @description areq_… */
            id: string;
            /** @constant */
            object: "access_request";
            /** @enum {string} */
            kind: "principal" | "api_key";
            /** @enum {string} */
            status: "pending" | "approved" | "rejected";
            /** @description The principal created, or receiving the key */
            principal: {
                id: string;
                name: string;
                /** @enum {string} */
                kind: "operator" | "service";
                status: string;
            };
            apiKey: {
                id: string;
                name: string;
                scopes: string[];
                status: string;
            } | null;
            /** @description new_principal, privileged_scope, other_principal */
            reasons: string[];
            requestedBy: {
                principal: {
                    id: string;
                    name: string;
                };
                apiKeyId: string;
            };
            note: string | null;
            decisions: {
                principal: {
                    id: string;
                    name: string;
                };
                apiKeyId: string;
                /** @enum {string} */
                decision: "approve" | "reject";
                note: string | null;
                createdAt: string;
            }[];
            approvalsRequired: number;
            createdAt: string;
            decidedAt: string | null;
        };
        ApiKeyIdentity: {
            /** @constant */
            object: "api_key_identity";
            /** @description key_… */
            id: string;
            name: string;
            /** @description What this key may do; the dashboard shows only what these scopes allow */
            scopes: string[];
            /** @description Who the key belongs to: reviews and approvals count this principal, not the key */
            principal: {
                /** @description prn_… */
                id: string;
                name: string;
                /** @enum {string} */
                kind: "operator" | "service";
            };
            createdAt: string;
        };
        Breaker: {
            key: string;
            /** @constant */
            object: "breaker";
            /** @enum {string} */
            state: "closed" | "open";
            reason: string | null;
            trippedAt: string | null;
            /** @description An API key id, or `auto` */
            trippedBy: string | null;
            resetAt: string | null;
            resetBy: string | null;
            recentFailures: number;
        };
        /** @description An event; webhook deliveries carry exactly this JSON as their body */
        Event: {
            /** @description evt_…; also the `webhook-id` of every delivery of this event */
            id: string;
            /** @constant */
            object: "event";
            /** @enum {string} */
            type: "access_request.created" | "access_request.approved" | "access_request.rejected" | "api_key.created" | "api_key.revoked" | "breaker.tripped" | "breaker.reset" | "endpoint.disabled" | "payment_intent.created" | "payment_intent.processing" | "payment_intent.succeeded" | "payment_intent.underpaid" | "payment_intent.expired" | "payment_intent.paid_late" | "payment_intent.reorged" | "payment_intent.swept" | "payment_intent.sweep_failed" | "payment_intent.cancelled" | "payment_intent.unexpected_deposit" | "user_operation.created" | "user_operation.review_required" | "user_operation.signature_required" | "user_operation.submitted" | "user_operation.included" | "user_operation.confirmed" | "user_operation.failed" | "user_operation.reorged" | "session_key.granted" | "session_key.revoked" | "principal.created" | "refund.created" | "refund.succeeded" | "refund.reorged" | "refund.failed" | "policy.proposed" | "policy.activated" | "treasury.mandate_proposed" | "treasury.mandate_activated" | "treasury.plan_created" | "treasury.movement_confirmed" | "treasury.plan_executed" | "payee.created" | "payee.address_change_requested" | "payee.address_change_approved" | "payee.address_change_rejected" | "payee.disabled" | "accrual.credited" | "accrual.settled" | "accrual.stream_created" | "accrual.stream_stopped" | "payout_run.created" | "payout_run.review_required" | "payout_run.executing" | "payout_run.completed" | "payout_run.completed_with_failures" | "payout_run.line_failed" | "treasury.alert" | "swap.succeeded" | "swap.failed" | "transaction.created" | "transaction.rejected" | "transaction.review_required" | "transaction.approved" | "transaction.submitted" | "transaction.replaced" | "transaction.reorged" | "transaction.reorged_after_final" | "transaction.confirmed" | "transaction.reverted" | "transaction.failed" | "transaction.expired" | "transaction.cancelled" | "liability_snapshot.created" | "attestation.created" | "attestation.published" | "attestation.recorded" | "webhook.test";
            /** @description When the event happened (ISO-8601 UTC; the same instant as `createdAt`): the Standard Webhooks payload shape `{ type, timestamp, data }` */
            timestamp: string;
            apiVersion: number;
            createdAt: string;
            data: {
                /** @description The full resource as it was when the event happened */
                object: unknown;
            };
        };
        EventList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["Event"][];
            hasMore: boolean;
            /**
             * @deprecated
             * @description Deprecated (removed in the next release): the last id of this page; pass it as `startingAfter`
             */
            nextCursor: string | null;
        };
        Deposit: {
            id: string;
            chainId: number;
            txHash: string;
            logIndex: number;
            blockNumber: string;
            token: string;
            asset: string | null;
            from: string;
            amount: {
                amount: string;
                baseUnits: string;
            };
            /**
             * @description payment: credited; unexpected: recorded, not credited (see `reason`)
             * @enum {string}
             */
            kind: "payment" | "unexpected";
            reason: string | null;
            late: boolean;
            /** @enum {string} */
            status: "pending" | "confirmed" | "reorged";
            blockTime: string;
            seenAt: string;
            confirmedAt: string | null;
            sweptAt: string | null;
            /** @description It was final (`confirmed`) when a reorganisation deeper than the confirmations removed its block */
            reorgedAfterFinal: boolean;
        };
        Refund: {
            /** @description re_… */
            id: string;
            /** @constant */
            object: "refund";
            paymentIntentId: string;
            chainId: number;
            amount: {
                amount: string;
                baseUnits: string;
            };
            asset: string;
            to: string;
            reason: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            transactionId: string;
            createdAt: string;
            finishedAt: string | null;
        };
        PaymentIntent: {
            /** @description pi_… */
            id: string;
            /** @constant */
            object: "payment_intent";
            /** @enum {string} */
            status: "requires_payment" | "processing" | "succeeded" | "underpaid" | "expired" | "cancelled";
            asset: {
                symbol: string;
                decimals: number;
            };
            amount: {
                amount: string;
                baseUnits: string;
            };
            /** @description Credited and final */
            amountReceived: {
                amount: string;
                baseUnits: string;
            };
            /** @description Credited, waiting for confirmations */
            amountPending: {
                amount: string;
                baseUnits: string;
            };
            amountRemaining: {
                amount: string;
                baseUnits: string;
            };
            /** @description Final credited payments above the amount, to refund */
            overpaid: {
                amount: string;
                baseUnits: string;
            };
            /** @description Everything final that arrived (credited or not) less refunds */
            refundable: {
                amount: string;
                baseUnits: string;
            };
            amountRefunded: {
                amount: string;
                baseUnits: string;
            };
            /** @description The same on every accepted chain */
            depositAddress: string;
            chains: {
                chainId: number;
                name: string;
                token: string;
                confirmations: number;
                /** @description EIP-681 */
                paymentUri: string;
            }[];
            paidLate: boolean;
            /** @description Something arrived that was not credited: refund it */
            needsAttention: boolean;
            customerReference: string | null;
            description: string | null;
            metadata: {
                [key: string]: string;
            };
            payments: components["schemas"]["Deposit"][];
            refunds: components["schemas"]["Refund"][];
            expiresAt: string;
            lateUntil: string;
            createdAt: string;
            firstSeenAt: string | null;
            processingAt: string | null;
            succeededAt: string | null;
            sweptAt: string | null;
            cancelledAt: string | null;
        };
        PayeeAddressFlag: {
            /** @constant */
            kind: "lookalike";
            /** @description The address this one looks like (same leading and trailing characters) */
            of: string;
            /**
             * @description `payee`: a payee’s address; `known`: an address Keel knows (paid, its own, configured)
             * @enum {string}
             */
            source: "payee" | "known";
            payeeId: string | null;
        } | {
            /** @constant */
            kind: "contract";
        };
        PayeeAddressChange: {
            /** @constant */
            object: "payee_address_change";
            id: string;
            payeeId: string;
            chainId: number;
            asset: {
                symbol: string;
                address: string;
            };
            address: string;
            /**
             * @description `pending_approval`: waits for a second principal; `cooling_off`: approved, payable from `activeFrom`; `active`: the address paid now; `superseded`: a newer address is active; `rejected`
             * @enum {string}
             */
            state: "pending_approval" | "cooling_off" | "active" | "superseded" | "rejected";
            /** @description Why an approver should look twice; approving a flagged change needs `acknowledgeFlags` */
            flags: components["schemas"]["PayeeAddressFlag"][];
            /** @description The address has code on its chain (entered with `confirmContract`) */
            isContract: boolean;
            requestedBy: {
                apiKeyId: string;
                principal: {
                    id: string;
                    name: string;
                };
            };
            requestedAt: string;
            coolOffUntil: string;
            decision: {
                /** @enum {string} */
                decision: "approve" | "reject";
                apiKeyId: string;
                principal: {
                    id: string;
                    name: string;
                };
                note: string | null;
                decidedAt: string;
            } | null;
            /** @description When the address became (or becomes) payable: the later of approval and cool-off end */
            activeFrom: string | null;
        };
        Payee: {
            /** @constant */
            object: "payee";
            id: string;
            name: string;
            reference: string;
            /** @enum {string} */
            status: "active" | "disabled";
            /**
             * @description `verified`: every address entered is active; `pending`: some wait for approval or cool-off; `none`: no address
             * @enum {string}
             */
            verification: "verified" | "pending" | "none";
            /** @description Per chain and asset: the active address and any change on its way (superseded and rejected ones: GET …/address-changes) */
            addresses: components["schemas"]["PayeeAddressChange"][];
            createdAt: string;
            disabledAt: string | null;
        };
        PayeeList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["Payee"][];
            hasMore: boolean;
        };
        PayeeAddressChangeList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["PayeeAddressChange"][];
            hasMore: boolean;
        };
        PayeeImport: {
            /** @constant */
            object: "payee_import";
            /** @description Payees created */
            created: number;
            lines: {
                line: number;
                reference: string;
                payeeId: string;
                addressChangeId: string;
                flags: components["schemas"]["PayeeAddressFlag"][];
            }[];
            payees: components["schemas"]["Payee"][];
        };
        PayoutPlan: {
            /** @constant */
            object: "payout_plan";
            id: string;
            name: string;
            chainId: number;
            asset: {
                symbol: string;
                address: string;
                decimals: number;
            };
            recipients: {
                payeeId: string;
                shareBps: number;
                minimum: {
                    amount: string;
                    baseUnits: string;
                } | null;
                cap: {
                    amount: string;
                    baseUnits: string;
                } | null;
            }[];
            source: {
                /** @constant */
                kind: "fixed";
                amount: {
                    amount: string;
                    baseUnits: string;
                };
            } | {
                /** @constant */
                kind: "payment_intents";
                metadata: {
                    [key: string]: string;
                };
            };
            carried: {
                payeeId: string;
                amount: {
                    amount: string;
                    baseUnits: string;
                };
            }[];
            createdBy: {
                apiKeyId: string;
                principalId: string | null;
            };
            createdAt: string;
        };
        PayoutRun: {
            /** @constant */
            object: "payout_run";
            id: string;
            planId: string | null;
            key: string | null;
            /** @enum {string} */
            status: "pending_review" | "executing" | "completed" | "completed_with_failures" | "rejected";
            chainId: number;
            asset: {
                symbol: string;
                address: string;
                decimals: number;
            };
            period: {
                from: string;
                to: string;
            } | null;
            revenue: {
                amount: string;
                baseUnits: string;
            };
            carriedIn: {
                amount: string;
                baseUnits: string;
            };
            total: {
                amount: string;
                baseUnits: string;
            };
            carriedOut: {
                amount: string;
                baseUnits: string;
            };
            preview: {
                recipients: number;
                transactions: number;
                gas: string;
                fee: {
                    native: string;
                    nativeSymbol: string;
                    usd: string | null;
                };
                feePercent: string | null;
                totalUsd: string | null;
                reviewRequired: boolean;
                reviewReasons: string[];
            };
            counts: {
                paid: number;
                pending: number;
                failed: number;
                carried: number;
            };
            lines: {
                id: string;
                payeeId: string;
                /** @enum {string} */
                status: "pending" | "paid" | "failed" | "carried";
                reason: string | null;
                earned: {
                    amount: string;
                    baseUnits: string;
                };
                carriedIn: {
                    amount: string;
                    baseUnits: string;
                };
                amount: {
                    amount: string;
                    baseUnits: string;
                };
                carriedOut: {
                    amount: string;
                    baseUnits: string;
                };
                source: string | null;
                address: string | null;
                txId: string | null;
                txHash: string | null;
                attempts: number;
            }[];
            createdBy: {
                apiKeyId: string;
                principalId: string | null;
            };
            decision: {
                principalId: string | null;
                note: string | null;
                decidedAt: string;
            } | null;
            createdAt: string;
            finishedAt: string | null;
        };
        PayeeStatement: {
            /** @constant */
            object: "payee_statement";
            payeeId: string;
            from: string;
            to: string;
            totals: {
                chainId: number;
                asset: string;
                earned: string;
                paid: string;
                carried: string;
            }[];
            entries: {
                runId: string;
                lineId: string;
                planId: string | null;
                chainId: number;
                asset: string;
                period: {
                    from: string;
                    to: string;
                } | null;
                /** @enum {string} */
                status: "pending" | "paid" | "failed" | "carried";
                reason: string | null;
                source: string | null;
                earned: string;
                carriedIn: string;
                paid: string;
                carriedOut: string;
                txId: string | null;
                txHash: string | null;
                createdAt: string;
                settledAt: string | null;
            }[];
        };
        SmartAccount: {
            /** @constant */
            object: "smart_account";
            id: string;
            chainId: number;
            /** @description The end user the account belongs to (one account per user and chain) */
            userId: string;
            /** @description The account address; known before deployment (counterfactual) */
            address: string;
            owner: {
                /**
                 * @description `custodial`: a Keel signer signs its operations; `external`: your app or the user’s device does
                 * @enum {string}
                 */
                kind: "custodial" | "external";
                address: string;
                /** @description The Keel signer’s name when custodial */
                signer: string | null;
            };
            /** @description The account has code on its chain (its first user operation deployed it) */
            deployed: boolean;
            deployedAt: string | null;
            factory: string;
            entryPoint: string;
            /** @description The CREATE2 salt (uint256, decimal), derived from the user id */
            salt: string;
            createdAt: string;
        };
        SessionKey: {
            /** @constant */
            object: "session_key";
            /** @description sk_… */
            id: string;
            smartAccountId: string;
            chainId: number;
            /** @description The session key’s address; its private key stays with your app or the user’s device */
            keyAddress: string;
            label: string | null;
            /**
             * @description `pending`: the grant operation is not confirmed yet (or the window has not opened: `statusReason` `not_yet_valid`); `active`: the chain holds this grant and its window covers now; `revoking`: the revoke operation is under way; `revoked`: revoked, or replaced by a later grant of the same key (`replacedBy`), or no longer on chain; `expired`: validUntil passed; `failed`: the grant operation failed
             * @enum {string}
             */
            status: "pending" | "active" | "revoking" | "revoked" | "expired" | "failed";
            statusReason: string | null;
            scope: {
                /** @description The key signs operations valid from this time on (null: from the grant) */
                validFrom: string | null;
                /** @description The last time an operation of the key is valid */
                validUntil: string;
                targets: {
                    contract: string;
                    functions: {
                        signature: string;
                        selector: string;
                    }[];
                }[];
                token: {
                    asset: {
                        symbol: string;
                        address: string;
                        decimals: number;
                    };
                    recipients: string[];
                    /** @description Cap on one operation’s summed transfers */
                    perOperation: {
                        amount: string;
                        baseUnits: string;
                    };
                    /** @description Cap on all the key’s transfers under this grant */
                    total: {
                        amount: string;
                        baseUnits: string;
                    };
                } | null;
                /** @description Native coin one call may carry (0: none) */
                valuePerCall: {
                    amount: string;
                    baseUnits: string;
                };
            };
            /** @description What the key spent of its token total and what remains, read from the chain (null: no token, not live, or the chain could not be read) */
            allowance: {
                spent: {
                    amount: string;
                    baseUnits: string;
                };
                remaining: {
                    amount: string;
                    baseUnits: string;
                };
                /** @description The chain time of the read */
                at: string;
            } | null;
            /** @description uop_…: the owner operation that grants the key */
            grantOperationId: string | null;
            revokeOperationId: string | null;
            /** @description sk_…: a later grant of the same key address on this account, which replaced this one */
            replacedBy: string | null;
            grantedAt: string | null;
            revokedAt: string | null;
            metadata: {
                [key: string]: string;
            };
            createdAt: string;
            updatedAt: string;
        };
        SponsorshipBackendHook: {
            /** @description HTTPS URL Keel POSTs a signed check to (SSRF-guarded like webhook endpoints) */
            url: string;
            /** @description Deadline of the check; at most sponsorship.backendTimeoutMs (its default) */
            timeoutMs?: number;
            /**
             * @description What a timeout, error or unreadable answer means: deny (default) or allow
             * @default deny
             * @enum {string}
             */
            onFailure: "deny" | "allow";
        };
        SponsorshipPolicy: {
            /** @description spp_… */
            id: string;
            /** @constant */
            object: "sponsorship_policy";
            version: number;
            /** @enum {string} */
            status: "enabled" | "disabled";
            /** @description Only this principal’s keys (and admins) see and change it */
            ownerPrincipal: string;
            document: {
                name: string;
                /** @description Cap on one operation’s maximum gas cost in USD */
                maxCostUsdPerOperation?: string;
                /** @description Cap on one operation’s total gas (call + verification + pre-verification) */
                maxGasPerOperation?: string;
                globalBudget?: {
                    amountUsd: string;
                    /**
                     * @description A UTC calendar period: day, ISO week (from Monday) or month
                     * @enum {string}
                     */
                    period: "day" | "week" | "month";
                };
                userBudget?: {
                    amountUsd: string;
                    /**
                     * @description A UTC calendar period: day, ISO week (from Monday) or month
                     * @enum {string}
                     */
                    period: "day" | "week" | "month";
                };
                /** @description Sponsored operations per user per period */
                userOperations?: {
                    max: number;
                    /**
                     * @description A UTC calendar period: day, ISO week (from Monday) or month
                     * @enum {string}
                     */
                    period: "day" | "week" | "month";
                };
                window?: {
                    /** Format: date-time */
                    startsAt?: string;
                    /** Format: date-time */
                    endsAt?: string;
                };
                /** @description Only these senders (smart accounts) are sponsored */
                senderAllowList?: string[];
                senderBlockList?: string[];
                /** @description Chains sponsored; absent: every chain */
                chains?: number[];
                /** @description Every call of the operation must go to one of these */
                targets?: string[];
                /** @description Every call must use one of these selectors */
                selectors?: string[];
                /** @description Only each user’s first N operations are sponsored */
                firstOperationsPerUser?: number;
                /** @description Abuse thresholds, each per UTC hour; exceeding one is an `abuse` denial */
                abuse?: {
                    opsPerUser?: number;
                    opsPerApiKey?: number;
                    opsPerIp?: number;
                    opsPerDevice?: number;
                    newAccountsPerHour?: number;
                };
                backendHook?: components["schemas"]["SponsorshipBackendHook"];
            };
            /** @description Signing secret of the backend hook (whsec_…): shown only when it is created */
            backendHookSecret?: string;
            /** @description UTC ISO-8601 time */
            createdAt: string;
            /** @description UTC ISO-8601 time */
            updatedAt: string;
            disabledAt: string | null;
        };
        SponsorshipPolicyList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["SponsorshipPolicy"][];
            hasMore: boolean;
        };
        SponsorshipReason: {
            /** @enum {string} */
            code: "policy_disabled" | "cap_per_operation" | "gas_per_operation" | "budget_user" | "budget_global" | "ops_per_user" | "window" | "sender_blocked" | "sender_not_allowed" | "chain_not_allowed" | "target_not_allowed" | "selector_not_allowed" | "first_n_exhausted" | "abuse_ops_per_user" | "abuse_ops_per_key" | "abuse_ip" | "abuse_device" | "abuse_new_accounts" | "backend_denied" | "backend_unavailable";
            detail: string;
        };
        SponsorshipDecision: {
            /** @description spd_… */
            id: string;
            /** @constant */
            object: "sponsorship_decision";
            policyId: string;
            policyVersion: number;
            sponsored: boolean;
            dryRun: boolean;
            /** @description Of a denial: abuse when any reason is an abuse signal */
            class: ("organic" | "abuse") | null;
            reasons: components["schemas"]["SponsorshipReason"][];
            /** @enum {string} */
            status: "reserved" | "settled" | "released" | "denied" | "dry_run";
            reservedUsd: string;
            actualUsd: string | null;
            chainId: number;
            sender: string;
            userId: string;
            /** @description UTC ISO-8601 time */
            createdAt: string;
            settledAt: string | null;
        };
        SponsorshipDecisionList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["SponsorshipDecision"][];
            hasMore: boolean;
        };
        SponsorshipUsage: {
            /** @constant */
            object: "sponsorship_usage";
            policyId: string;
            /**
             * @description A UTC calendar period: day, ISO week (from Monday) or month
             * @enum {string}
             */
            period: "day" | "week" | "month";
            /** @description UTC ISO-8601 time */
            periodStart: string;
            /** @description Reserved and settled cost of operations sponsored in the period */
            spentUsd: string;
            /** @description The global budget when its period is this one */
            budgetUsd: string | null;
            sponsored: number;
            denied: {
                organic: number;
                abuse: number;
            };
            deniedByReason: {
                [key: string]: number;
            };
        };
        Exposure: {
            /** @description Everything exposed, in USD; null when an exposed asset has no usable price */
            usd: string | null;
            assets: {
                asset: {
                    symbol: string;
                    address: string | null;
                    decimals: number;
                };
                known: boolean;
                outflow: {
                    amount: string;
                    baseUnits: string;
                };
                allowance: {
                    amount: string;
                    baseUnits: string;
                };
            }[];
            allowances: {
                asset: {
                    symbol: string;
                    address: string | null;
                    decimals: number;
                };
                owner: string;
                spender: string;
                /** @description null: every token (setApprovalForAll) */
                amount: {
                    amount: string;
                    baseUnits: string;
                } | null;
                usd: string | null;
            }[];
        };
        TransactionResource: {
            /** @description tx_… */
            id: string;
            /** @constant */
            object: "transaction";
            chainId: number;
            signer: {
                name: string;
                address: string;
            };
            /** @enum {string} */
            kind: "transfer" | "contract_call";
            /**
             * @description What policy rules scope it by: `kind` for a request to this API, or the capability that made it (`swap`, `sweep`, `refund`)
             * @enum {string}
             */
            intentKind: "transfer" | "contract_call" | "swap" | "sweep" | "refund" | "treasury" | "payout" | "attestation" | "session_key";
            /** @description The transaction’s `to`: the recipient of a native transfer, the token of an ERC-20 transfer, the contract of a call */
            to: string;
            /** @description Who receives a transfer */
            recipient: string | null;
            asset: {
                symbol: string;
                address: string | null;
                decimals: number;
            } | null;
            amount: {
                amount: string;
                baseUnits: string;
            } | null;
            /** @description What the policy valued it at, in USD: the larger of the declared amount and what it can move out of Keel’s accounts */
            amountUsd: string | null;
            /** @description What its simulation showed it can take out of Keel’s accounts: gross outflows and allowances left granted (docs/policy.md, "Valuation") */
            exposure: components["schemas"]["Exposure"] | null;
            /** @description Native coin sent with the transaction, in wei */
            value: string;
            data: string;
            call: {
                function: string;
                args: unknown[];
                selector: string;
            } | null;
            userId: string;
            sessionId: string | null;
            metadata: {
                [key: string]: string;
            };
            /** @enum {string} */
            status: "pending_policy" | "rejected" | "pending_review" | "queued" | "signed" | "submitted" | "confirmed" | "reverted" | "failed" | "expired" | "cancelled";
            statusReason: string | null;
            decision: {
                /** @enum {string} */
                outcome: "allow" | "deny" | "review";
                reasons: {
                    code: string;
                    rule?: string;
                    message: string;
                    userMessage: string;
                }[];
                policyVersion: number;
                allowedBy: string[];
                /** @description The intake guards that denied it (e.g. treasury.mandate), when a guard rather than the policy said no */
                deniedBy?: string[];
            };
            simulation: {
                ok: boolean;
                method: string;
                gasUsed: string;
                balanceChanges: {
                    address: string;
                    asset: string;
                    delta: string;
                }[];
                at: string;
            } | null;
            /** @description Plain-language preview (docs/previews.md) */
            preview: {
                [key: string]: unknown;
            } | null;
            revert: {
                description: string;
                decoded: unknown;
                data: string | null;
                /** @enum {string} */
                source: "simulation" | "receipt";
            } | null;
            review: {
                expiresAt: string;
                decision: ("approved" | "rejected") | null;
                /** @description The reviewer’s API key */
                decidedBy: string | null;
                /** @description The reviewer’s principal (prn_…) */
                decidedByPrincipal?: string | null;
                note: string | null;
                decidedAt: string | null;
            } | null;
            nonce: number | null;
            gasLimit: string | null;
            /** @description The attempt that counts: the latest sent, or the one mined */
            hash: string | null;
            attempts: {
                seq: number;
                /** @enum {string} */
                kind: "original" | "fee_bump" | "cancel";
                hash: string;
                nonce: number;
                maxFeePerGas: string;
                maxPriorityFeePerGas: string;
                gasLimit: string;
                createdAt: string;
                broadcastAt: string | null;
            }[];
            /** @description The block holding it while confirmations accumulate */
            inclusion: {
                blockNumber: string;
                blockHash: string;
                hash: string;
            } | null;
            receipt: {
                blockNumber: string;
                blockHash: string;
                hash: string;
                /** @enum {string} */
                status: "success" | "reverted";
                gasUsed: string;
                effectiveGasPrice: string;
                confirmations: number;
            } | null;
            cancelRequestedAt: string | null;
            /** @description It was final (confirmed, reverted or cancelled) and the chain later lost its block (a rollback, or a reorganisation deeper than the confirmations): Keel re-submitted it; see docs/transactions.md */
            reorgedAfterFinal: boolean;
            /** @description The ordered batch it belongs to (e.g. an approval and the swap that spends it): decided, reviewed and signed together, mined in order */
            batch: {
                id: string;
                index: number;
            } | null;
            history: {
                /** @enum {string} */
                status: "pending_policy" | "rejected" | "pending_review" | "queued" | "signed" | "submitted" | "confirmed" | "reverted" | "failed" | "expired" | "cancelled";
                reason: string;
                detail: {
                    [key: string]: unknown;
                } | null;
                at: string;
            }[];
            /** @description The API key that created it */
            createdBy: string;
            /** @description The principal of that key (prn_…); it cannot review this transaction. Null for Keel’s own (sweeps) */
            createdByPrincipal: string | null;
            createdAt: string;
            updatedAt: string;
            submittedAt: string | null;
            finishedAt: string | null;
        };
        UserOperation: {
            /** @description uop_… */
            id: string;
            /** @constant */
            object: "user_operation";
            chainId: number;
            /** @description sa_…: the account that makes the calls */
            smartAccountId: string;
            /** @description The account’s address */
            sender: string;
            entryPoint: string;
            userId: string;
            sessionId: string | null;
            /**
             * @description `custodial`: Keel’s signer owns the account and signs; `external`: the owner signs `userOpHash` (POST …/signature); `session`: a session key signs
             * @enum {string}
             */
            signing: "custodial" | "external" | "session";
            sessionKeyId: string | null;
            calls: {
                /** @enum {string} */
                kind: "transfer" | "contract_call";
                /** @description The call’s target: the token of an ERC-20 transfer, the recipient of a native one, the contract of a call */
                to: string;
                /** @description Who receives a transfer */
                recipient: string | null;
                /** @description Native coin sent with the call, in wei */
                value: string;
                data: string;
                asset: {
                    symbol: string;
                    address: string | null;
                    decimals: number;
                } | null;
                amount: {
                    amount: string;
                    baseUnits: string;
                } | null;
                call: {
                    function: string;
                    args: unknown[];
                    selector: string;
                } | null;
            }[];
            /** @description Who pays gas: a sponsorship policy through Keel’s paymaster; null when the account pays */
            sponsorship: {
                policyId: string;
                decisionId: string | null;
            } | null;
            /** @enum {string} */
            status: "pending_policy" | "rejected" | "pending_review" | "queued" | "awaiting_signature" | "signed" | "submitted" | "included" | "confirmed" | "failed" | "expired" | "cancelled";
            statusReason: string | null;
            decision: {
                /** @enum {string} */
                outcome: "allow" | "deny" | "review";
                reasons: {
                    code: string;
                    rule?: string;
                    message: string;
                    userMessage: string;
                }[];
                policyVersion: number;
                allowedBy: string[];
                deniedBy?: string[];
            };
            /** @description What the policy valued the whole batch at, in USD */
            amountUsd: string | null;
            exposure: components["schemas"]["Exposure"] | null;
            simulation: {
                ok: boolean;
                method: string;
                gasUsed: string;
                balanceChanges: {
                    address: string;
                    asset: string;
                    delta: string;
                }[];
                at: string;
            } | null;
            /** @description Plain-language preview of every call (docs/previews.md) */
            preview: {
                [key: string]: unknown;
            } | null;
            review: {
                expiresAt: string;
                decision: ("approved" | "rejected") | null;
                decidedBy: string | null;
                decidedByPrincipal?: string | null;
                note: string | null;
                decidedAt: string | null;
            } | null;
            /** @description The EntryPoint’s hash of the built operation: what the owner or the session key signs */
            userOpHash: string | null;
            /** @description The EntryPoint v0.8 operation as built (numbers as decimal strings) */
            userOperation: {
                [key: string]: unknown;
            } | null;
            /** @description An external signature must arrive before this (the sponsorship’s validity) */
            signatureDeadline: string | null;
            /** @description How many times it was sent to the bundler */
            submissions: number;
            inclusion: {
                txHash: string;
                blockNumber: string;
                blockHash: string;
                /** @description The EntryPoint’s verdict: false when the calls reverted (gas was still paid) */
                success: boolean;
                /** @description wei */
                actualGasCost: string | null;
                actualGasUsed: string | null;
            } | null;
            revert: {
                description: string;
                data: string | null;
            } | null;
            reorgs: number;
            metadata: {
                [key: string]: string;
            };
            createdAt: string;
            updatedAt: string;
            finishedAt: string | null;
            history?: {
                /** @enum {string} */
                status: "pending_policy" | "rejected" | "pending_review" | "queued" | "awaiting_signature" | "signed" | "submitted" | "included" | "confirmed" | "failed" | "expired" | "cancelled";
                reason: string | null;
                detail: unknown;
                at: string;
            }[];
        };
        TransactionList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["TransactionResource"][];
            hasMore: boolean;
        };
        PolicyDiff: {
            /** @description Rules present only in the proposal */
            added: {
                [key: string]: unknown;
            }[];
            /** @description Rules present only in the base version */
            removed: {
                [key: string]: unknown;
            }[];
            changed: {
                id: string;
                kind: string;
                fields: {
                    field: string;
                    before?: unknown;
                    after?: unknown;
                }[];
            }[];
            /** @description Rule ids whose relative order changed */
            reordered: string[];
            description?: {
                before?: string;
                after?: string;
            };
            summary: {
                added: number;
                removed: number;
                changed: number;
                unchanged: number;
            };
        };
        PolicyVersion: {
            /** @description polv_… */
            id: string;
            /** @constant */
            object: "policy_version";
            version: number;
            /** @enum {string} */
            status: "proposed" | "active" | "superseded" | "rejected";
            /** @description config (version 1) or proposal */
            source: string;
            /** @description sha256 of the canonical JSON of the document */
            hash: string;
            document: {
                [key: string]: unknown;
            };
            /** @description The version active when this one was proposed */
            baseVersion: number | null;
            /** @description Rules added, removed and changed (by rule id, with the changed fields) against the base version */
            diff: components["schemas"]["PolicyDiff"] | null;
            note: string | null;
            /** @description The proposing API key */
            createdBy: string | null;
            /** @description The proposing principal: none of its keys may approve */
            createdByPrincipal: {
                id: string;
                name: string;
            } | null;
            createdAt: string;
            activatedAt: string | null;
            supersededAt: string | null;
            decidedAt: string | null;
            approvals: {
                apiKeyId: string;
                /** @description The deciding principal; each counts once */
                principal: {
                    id: string;
                    name: string;
                } | null;
                /** @enum {string} */
                decision: "approve" | "reject";
                note: string | null;
                createdAt: string;
            }[];
            approvalsRequired: number;
        };
        PolicyVersionList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["PolicyVersion"][];
            hasMore: boolean;
        };
        PolicyDecision: {
            /** @constant */
            object: "policy_decision";
            /** @enum {string} */
            outcome: "allow" | "deny" | "review";
            reasons: {
                code: string;
                rule?: string;
                message: string;
                userMessage: string;
            }[];
            policyVersion: number;
            allowedBy: string[];
            charges: {
                [key: string]: unknown;
            }[];
            windowTotals: {
                [key: string]: {
                    sum: string;
                    count: number;
                };
            };
            intent: {
                [key: string]: unknown;
            };
            destination: {
                isContract: boolean;
                isContractOnOtherChains: number[];
                seenBefore: boolean;
                firstSeenAt: string | null;
                pastCounterparties: string[];
            };
            /**
             * @description Whether destination facts and the USD value were read from the chain (`unavailable`: the chain could not be read, defaults were used)
             * @enum {string}
             */
            chainFacts: "read" | "unavailable" | "not_read";
        };
        SigningPreview: {
            /** @constant */
            object: "signing_preview";
            chainId: number;
            /** @enum {string} */
            standard: "eip712" | "eip191";
            /** @enum {string} */
            kind: "erc2612_permit" | "dai_permit" | "permit2_allowance" | "permit2_allowance_batch" | "permit2_transfer" | "permit2_transfer_batch" | "typed_data" | "personal_message";
            /** @description What the wallet signs: the EIP-712 digest, or the EIP-191 message hash */
            digest: string;
            summary: string;
            /** @description Plain-language lines, in reading order */
            lines: string[];
            /** @description Every signed field of the domain and the message, as text */
            fields: {
                path: string;
                type: string;
                value: string;
            }[];
            domain: {
                name: string | null;
                version: string | null;
                chainId: number | null;
                verifyingContract: string | null;
                verifyingContractName: string | null;
            } | null;
            /** @description A personal message: its text (null when unreadable), its bytes as hex, the domains it names */
            message: {
                text: string | null;
                hex: string | null;
                domains: string[];
            } | null;
            approvals: {
                /** @enum {string} */
                kind: "allowance" | "transfer";
                token: {
                    address: string;
                    symbol: string | null;
                    decimals: number | null;
                };
                spender: {
                    address: string;
                    name: string | null;
                };
                amount: {
                    baseUnits: string;
                    unlimited: boolean;
                    text: string;
                };
                expiresAt: string | null;
            }[];
            /** @description Most severe first */
            warnings: {
                /** @enum {string} */
                code: "approval" | "unlimited_amount" | "unknown_spender" | "lookalike_address" | "long_expiry" | "no_expiry" | "expired" | "chain_mismatch" | "unknown_verifying_contract" | "signer_mismatch" | "unrecognised_message" | "blind_signature" | "origin_mismatch" | "hidden_characters";
                /** @enum {string} */
                severity: "low" | "medium" | "high";
                /** @description The field it is about (`message.spender`), or null */
                field: string | null;
                /** @description The specific finding, one sentence */
                message: string;
                /** @description What the code means, for an end user */
                explanation: string;
            }[];
            /**
             * @description The highest severity among the warnings; low without any
             * @enum {string}
             */
            risk: "low" | "medium" | "high";
        };
        Quote: {
            /** @description swq_… */
            id: string;
            /** @constant */
            object: "swap_quote";
            chainId: number;
            /** @enum {string} */
            kind: "exact_in" | "exact_out";
            tokenIn: {
                symbol: string;
                address: string;
                decimals: number;
            };
            tokenOut: {
                symbol: string;
                address: string;
                decimals: number;
            };
            amountIn: {
                amount: string;
                baseUnits: string;
            };
            amountOut: {
                amount: string;
                baseUnits: string;
            };
            minAmountOut: {
                amount: string;
                baseUnits: string;
            };
            maxAmountIn: {
                amount: string;
                baseUnits: string;
            };
            slippageBps: number;
            route: string[];
            priceImpactPercent: string;
            oracle: {
                price: string;
                deviationPercent: string;
            };
            disclosures: string[];
            expiresAt: string;
        } & {
            [key: string]: unknown;
        };
        Swap: {
            /** @description swp_… */
            id: string;
            /** @constant */
            object: "swap";
            quoteId: string;
            /** @enum {string} */
            status: "pending_review" | "processing" | "succeeded" | "reverted" | "failed" | "cancelled";
            chainId: number;
            account: {
                name: string;
                address: string;
            };
            userId: string;
            /** @enum {string} */
            kind: "exact_in" | "exact_out";
            tokenIn: {
                symbol: string;
                address: string;
                decimals: number;
            };
            tokenOut: {
                symbol: string;
                address: string;
                decimals: number;
            };
            quoted: {
                amountIn: {
                    amount: string;
                    baseUnits: string;
                };
                amountOut: {
                    amount: string;
                    baseUnits: string;
                };
                minAmountOut: {
                    amount: string;
                    baseUnits: string;
                };
                maxAmountIn: {
                    amount: string;
                    baseUnits: string;
                };
                slippageBps: number;
                route: string[];
            };
            /** @description The router call reverts if mined after this */
            deadline: string;
            transactions: {
                /** @description approval | swap | allowance_reset */
                role: string;
                id: string;
                status: string;
                hash: string | null;
            }[];
            /** @description What the swap actually paid and received, once settled */
            result: {
                amountIn: {
                    amount: string;
                    baseUnits: string;
                };
                amountOut: {
                    amount: string;
                    baseUnits: string;
                };
                realisedSlippagePercent: string;
                withinBounds: boolean;
            } | null;
            failure: {
                code: string;
                message: string;
            } | null;
            createdAt: string;
            settledAt: string | null;
        };
        TreasuryMandateVersion: {
            /** @description mdtv_… */
            id: string;
            /** @constant */
            object: "treasury_mandate_version";
            /** @description mdt_… */
            mandateId: string;
            version: number;
            /** @enum {string} */
            status: "proposed" | "active" | "superseded" | "rejected";
            /** @description The mandate document (docs/treasury.md) with defaults applied and every code hash pinned */
            document: {
                [key: string]: unknown;
            };
            /** @description sha256 of the canonical JSON of the document */
            hash: string;
            /** @description What the chain showed when the version was proposed */
            chainFacts: {
                blockNumber: string;
                vaults: {
                    address: string;
                    /** @description What the vault’s asset() answered */
                    asset: string;
                    /** @description keccak256 of the runtime code */
                    codeHash: string;
                    /** @description The EIP-1967 implementation, when the vault is such a proxy */
                    implementation: string | null;
                    implementationCodeHash: string | null;
                    /** @description The hashes Keel read from the chain and pinned because the proposal left them out */
                    pinned: ("codeHash" | "implementationCodeHash")[];
                }[];
            };
            /** @description A proposed change of an existing mandate checked against the live position when proposed: what it would put out of bounds and the plan to fix it; null when not checked or the position could not be read */
            positionCheck: {
                blockNumber: string;
                /** @description The rules the current position would break under this version */
                outOfBounds: string[];
                plan: {
                    movements: {
                        /** @enum {string} */
                        kind: "deposit" | "withdrawal";
                        vault: string;
                        amount: {
                            amount: string;
                            baseUnits: string;
                        };
                        reason: string;
                    }[];
                    notes: string[];
                };
            } | null;
            /** @description The version active when this one was proposed (null: none was); another one active by then makes it stale */
            baseVersion: number | null;
            note: string | null;
            /** @description The proposing API key */
            createdBy: string;
            /** @description The proposing principal: none of its keys may approve */
            createdByPrincipal: {
                id: string;
                name: string;
            };
            createdAt: string;
            activatedAt: string | null;
            supersededAt: string | null;
            decidedAt: string | null;
            approvals: {
                apiKeyId: string;
                /** @description The deciding principal; each counts once, whichever of its keys decided */
                principal: {
                    id: string;
                    name: string;
                };
                /** @enum {string} */
                decision: "approve" | "reject";
                note: string | null;
                createdAt: string;
            }[];
            /** @description Approvals a version needs to become active (current configuration) */
            approvalsRequired: number;
        };
        TreasuryMandate: {
            /** @description mdt_… */
            id: string;
            /** @constant */
            object: "treasury_mandate";
            name: string;
            chainId: number;
            /** @description The Keel signer whose account the mandate governs */
            signer: string;
            /** @description That signer’s address */
            account: string;
            asset: {
                symbol: string;
                address: string;
                decimals: number;
            };
            /**
             * @description `proposed` until a first version is active
             * @enum {string}
             */
            status: "proposed" | "active";
            activeVersion: components["schemas"]["TreasuryMandateVersion"] | null;
            /** @description Versions waiting for approvals, oldest first */
            proposals: components["schemas"]["TreasuryMandateVersion"][];
            createdAt: string;
        };
        TreasuryMandateList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["TreasuryMandate"][];
            hasMore: boolean;
        };
        TreasuryPlan: {
            id: string;
            /** @constant */
            object: "treasury_plan";
            mandateId: string;
            mandateVersion: number;
            /** @enum {string} */
            status: "proposed" | "executing" | "executed" | "partially_executed" | "failed" | "stale" | "cancelled";
            /** @description `request`, or `breaker:<key>` when Keel proposed it after a vault breaker tripped */
            trigger: string;
            /** @description The block the position was read at */
            positionBlock: string;
            movements: {
                /** @enum {string} */
                kind: "deposit" | "withdrawal";
                vault: string;
                amount: {
                    amount: string;
                    baseUnits: string;
                };
                /** @description `breaker_open`, `code_changed`, `not_in_mandate`, `over_cap`, `buffer` or `target` */
                reason: string;
                /** @enum {string} */
                status: "planned" | "pending" | "confirmed" | "failed";
                transactionId: string | null;
                /** @description Shares minted or burned, from the vault’s event once confirmed */
                shares: string | null;
            }[];
            /** @description What the mandate manages: the account’s balance plus every vault’s value */
            total: {
                amount: string;
                baseUnits: string;
            };
            /** @description Deposits plus withdrawals */
            moved: {
                amount: string;
                baseUnits: string;
            };
            /** @description `review_threshold`, `daily_movement`: a human approves it first */
            reviewReasons: string[];
            violationsBefore: string[];
            violationsAfter: string[];
            notes: string[];
            preview: {
                summary: string;
                lines: string[];
                disclosures: string[];
            };
            batchId: string | null;
            createdAt: string;
            expiresAt: string;
            executedAt: string | null;
            finishedAt: string | null;
        };
        TreasuryPosition: {
            /** @constant */
            object: "treasury_position";
            mandateId: string | null;
            chainId: number;
            blockNumber: string;
            blockTime: string;
            account: string;
            asset: {
                symbol: string;
                address: string;
                decimals: number;
            };
            total: {
                amount: string;
                baseUnits: string;
            };
            totalIncomplete: boolean;
            accountBalance: {
                amount: string;
                baseUnits: string;
            } | null;
            deployed: {
                amount: string;
                baseUnits: string;
            };
            withdrawableNow: {
                amount: string;
                baseUnits: string;
            };
            buffer: {
                required: {
                    amount: string;
                    baseUnits: string;
                };
                /** @enum {string} */
                binding: "amount" | "bps";
                actual: {
                    amount: string;
                    baseUnits: string;
                };
                ok: boolean;
            };
            yield: {
                costBasis: {
                    amount: string;
                    baseUnits: string;
                };
                realised: {
                    amount: string;
                    baseUnits: string;
                };
                unrealised: {
                    amount: string;
                    baseUnits: string;
                } | null;
            };
            vaults: {
                address: string;
                label: string | null;
                shares: {
                    amount: string;
                    baseUnits: string;
                    decimals: number;
                } | null;
                value: {
                    amount: string;
                    baseUnits: string;
                } | null;
                maxWithdraw: {
                    amount: string;
                    baseUnits: string;
                } | null;
                withdrawableNow: {
                    amount: string;
                    baseUnits: string;
                } | null;
                sharePrice: string | null;
                totalAssets: {
                    amount: string;
                    baseUnits: string;
                } | null;
                totalSupply: string | null;
                allocation: {
                    bps: number | null;
                    targetBps: number;
                    deviationBps: number | null;
                    cap: {
                        amount: string;
                        baseUnits: string;
                    };
                    /** @enum {string} */
                    capBinding: "amount" | "bps";
                    overCap: boolean | null;
                };
                concentration: {
                    bps: number | null;
                    maxBps: number;
                    over: boolean | null;
                };
                belowMinVaultAssets: boolean | null;
                drawdown: {
                    highSharePrice: string | null;
                    bps: number | null;
                    maxBps: number;
                    over: boolean | null;
                };
                prices: {
                    lastRecordedBlock: string | null;
                    lastRecordedAt: string | null;
                    stale: boolean;
                };
                apy: {
                    d7: {
                        bps: number;
                        decimal: string;
                        from: {
                            blockNumber: string;
                            blockTime: string;
                            sharePrice: string;
                        };
                        to: {
                            blockNumber: string;
                            blockTime: string;
                            sharePrice: string;
                        };
                        elapsedSeconds: number;
                    } | null;
                    d30: {
                        bps: number;
                        decimal: string;
                        from: {
                            blockNumber: string;
                            blockTime: string;
                            sharePrice: string;
                        };
                        to: {
                            blockNumber: string;
                            blockTime: string;
                            sharePrice: string;
                        };
                        elapsedSeconds: number;
                    } | null;
                };
                costBasis: {
                    amount: string;
                    baseUnits: string;
                };
                realisedYield: {
                    amount: string;
                    baseUnits: string;
                };
                unrealisedYield: {
                    amount: string;
                    baseUnits: string;
                } | null;
                untrackedShares: string | null;
                movementsInconsistent: boolean;
                code: {
                    codeHash: string | null;
                    implementation: string | null;
                    implementationCodeHash: string | null;
                    matchesMandate: boolean | null;
                };
                failures: {
                    call: string;
                    error: string;
                }[];
            }[];
            breaches: {
                rule: string;
                vault?: string;
                detail: string;
            }[];
            failures: {
                call: string;
                error: string;
            }[];
        };
        TreasurySharePrices: {
            /** @constant */
            object: "treasury_share_prices";
            mandateId: string;
            chainId: number;
            asset: {
                symbol: string;
                address: string;
                decimals: number;
            };
            /** @description The start of the period (ISO) */
            since: string;
            vaults: {
                address: string;
                label: string | null;
                /** @description Oldest first, at most 1,000 */
                points: {
                    blockNumber: string;
                    /** @description ISO time of the block */
                    blockTime: string;
                    /** @description Assets per whole share, in the asset’s units */
                    sharePrice: string;
                }[];
            }[];
        };
        TreasuryAlertList: {
            /** @constant */
            object: "list";
            data: {
                /** @constant */
                object: "treasury_alert";
                mandateId: string;
                chainId: number;
                vault: string;
                /** @enum {string} */
                rule: "drawdown" | "code_changed" | "max_withdraw_failed" | "withdrawals_paused";
                detail: string;
                /** @description The vault breaker the alert tripped or found open (`vault:<chainId>:<address>`) */
                breaker: string;
                positionBlock: string;
                /** @description The withdrawal plan proposed for review, if any */
                planId: string | null;
            }[];
        };
        LiabilitySnapshot: {
            /** @constant */
            object: "liability_snapshot";
            /** @description lsn_… */
            id: string;
            asOf: string;
            /** @description 0x…: the Merkle sum tree root hash */
            root: string;
            leafCount: number;
            assets: {
                symbol: string;
                decimals: number;
            }[];
            totals: {
                asset: string;
                decimals: number;
                /** @description A decimal amount in the asset’s units */
                amount: string;
            }[];
            createdAt: string;
        };
        Attestation: {
            /** @constant */
            object: "attestation";
            /** @description att_… */
            id: string;
            /** @enum {string} */
            status: "draft" | "published";
            createdAt: string;
            publishedAt: string | null;
            liabilities: {
                snapshotId: string;
                root: string;
                leafCount: number;
                asOf: string;
                totals: {
                    asset: string;
                    decimals: number;
                    /** @description A decimal amount in the asset’s units */
                    amount: string;
                }[];
            };
            reserves: {
                chainId: number;
                blockNumber: string;
                account: string;
                asset: string;
                /** @description The ERC-20 token; for `kind: native`, 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE (ERC-7528) */
                token: string;
                decimals: number;
                /** @description A decimal amount in the asset’s units */
                amount: string;
                /**
                 * @description `balance`: an ERC-20 balance; `vault`: an ERC-4626 position valued with convertToAssets; `native`: the chain’s native coin (eth_getBalance), all at `blockNumber`
                 * @enum {string}
                 */
                kind: "balance" | "vault" | "native";
                vault?: string;
                signature: string | null;
            }[];
            ratio: {
                asset: string;
                /** @description A decimal amount in the asset’s units */
                reserves: string;
                /** @description A decimal amount in the asset’s units */
                liabilities: string;
                /** @description reserves / liabilities, 4 decimals; null when nothing is owed */
                ratio: string | null;
            }[];
            /** @description The EIP-191 message every reserve address signs */
            message: string;
            digest: string;
            reserveAddresses: {
                address: string;
                /** @enum {string} */
                holder: "keel" | "external";
                /** @description Keel’s signer name, for Keel’s own addresses */
                signer: string | null;
                signed: boolean;
            }[];
            signer: {
                address: string;
                signature: string;
            } | null;
            registry: {
                chainId: number;
                address: string;
                txId: string;
                txHash: string | null;
                /** @enum {string} */
                status: "pending" | "recorded" | "failed";
                rpcUrl: string | null;
            } | null;
        };
        PublicAttestation: {
            /** @constant */
            object: "attestation";
            id: string;
            /** @constant */
            status: "published";
            createdAt: string;
            publishedAt: string;
            liabilities: {
                snapshotId: string;
                root: string;
                leafCount: number;
                asOf: string;
                totals: {
                    asset: string;
                    decimals: number;
                    /** @description A decimal amount in the asset’s units */
                    amount: string;
                }[];
            };
            reserves: {
                chainId: number;
                blockNumber: string;
                account: string;
                asset: string;
                /** @description The ERC-20 token; for `kind: native`, 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE (ERC-7528) */
                token: string;
                decimals: number;
                /** @description A decimal amount in the asset’s units */
                amount: string;
                /**
                 * @description `balance`: an ERC-20 balance; `vault`: an ERC-4626 position valued with convertToAssets; `native`: the chain’s native coin (eth_getBalance), all at `blockNumber`
                 * @enum {string}
                 */
                kind: "balance" | "vault" | "native";
                vault?: string;
                signature: string;
            }[];
            ratio: {
                asset: string;
                /** @description A decimal amount in the asset’s units */
                reserves: string;
                /** @description A decimal amount in the asset’s units */
                liabilities: string;
                /** @description reserves / liabilities, 4 decimals; null when nothing is owed */
                ratio: string | null;
            }[];
            message: string;
            digest: string;
            signer: {
                address: string;
                signature: string;
            };
            registry: {
                chainId: number;
                address: string;
                txHash: string;
                rpcUrl: string | null;
            } | null;
        };
        LiabilityProof: {
            /** @constant */
            version: 2;
            snapshotId: string;
        } & {
            [key: string]: unknown;
        };
        WebhookEndpoint: {
            /** @description we_… */
            id: string;
            /** @constant */
            object: "webhook_endpoint";
            url: string;
            description: string | null;
            eventTypes: string[];
            /** @enum {string} */
            status: "enabled" | "disabled";
            /** @description gone (answered 410), failing (no success for webhooks.disableAfterHours) or operator */
            disabledReason: string | null;
            disabledAt: string | null;
            /** @description UTC ISO-8601 time */
            createdAt: string;
            /** @description UTC ISO-8601 time */
            updatedAt: string;
            /** @description Present while the previous secret still signs deliveries after a rotation */
            secretRotatedUntil?: string;
            /** @description The principal that owns it (prn_…): only its keys, and admins, see and change it */
            ownerPrincipal: string | null;
        };
        WebhookDeliveryAttempt: {
            attempt: number;
            /** @description UTC ISO-8601 time */
            startedAt: string;
            durationMs: number;
            statusCode: number | null;
            error: string | null;
            /** @description A sanitised excerpt of the response body (at most webhooks.responseBodyLimitBytes, secrets redacted); null unless the endpoint answered from a public address */
            responseBody: string | null;
            /** @description Size of the response body in bytes, when known */
            responseBytes: number | null;
        };
        WebhookDelivery: {
            /** @description whd_… */
            id: string;
            /** @constant */
            object: "webhook_delivery";
            endpointId: string;
            eventId: string;
            eventType: string;
            /** @enum {string} */
            kind: "event" | "replay" | "test";
            /** @enum {string} */
            status: "pending" | "delivering" | "succeeded" | "failed";
            /** @description Attempts made so far */
            attempts: number;
            /** @description UTC ISO-8601 time */
            nextAttemptAt: string;
            lastStatusCode: number | null;
            lastError: string | null;
            deliveredAt: string | null;
            /** @description UTC ISO-8601 time */
            createdAt: string;
            /** @description Every attempt, oldest first */
            attemptLog: components["schemas"]["WebhookDeliveryAttempt"][];
        };
        WebhookDeliveryList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["WebhookDelivery"][];
            hasMore: boolean;
            /**
             * @deprecated
             * @description Deprecated (removed in the next release): the last id of this page; pass it as `startingAfter`
             */
            nextCursor: string | null;
        };
        WebhookEndpointList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["WebhookEndpoint"][];
            hasMore: boolean;
        };
        ApiKeyList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["ApiKey"][];
            hasMore: boolean;
        };
        PrincipalList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["Principal"][];
            hasMore: boolean;
        };
        AccessRequestList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["AccessRequest"][];
            hasMore: boolean;
        };
        ReviewList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["TransactionResource"][];
            hasMore: boolean;
        };
        SwapList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["Swap"][];
            hasMore: boolean;
        };
        BreakerList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["Breaker"][];
            hasMore: boolean;
        };
        PaymentIntentList: {
            /** @constant */
            object: "list";
            data: components["schemas"]["PaymentIntent"][];
            hasMore: boolean;
        };
    };
    responses: never;
    parameters: {
        /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
        IdempotencyKey: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready" | "degraded" | "not_ready";
                        database: {
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            kind: string;
                            reason?: string;
                        };
                        chains: {
                            chainId: number;
                            name: string;
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            blockNumber?: string;
                            reason?: string;
                            endpoints: {
                                url: string;
                                status: string;
                                latencyMs?: number | null;
                                lastError?: string | null;
                            }[];
                        }[];
                        reconciliation?: {
                            chainId: number;
                            name: string;
                            /** @enum {string} */
                            status: "reconciling" | "attention";
                            reason: string;
                            transactions: number;
                            signers: string[];
                            deposits: {
                                awaiting: number;
                                lost: number;
                            };
                        }[];
                        checks?: {
                            name: string;
                            /** @enum {string} */
                            status: "attention";
                            chainId?: number;
                            reason: string;
                        }[];
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An upstream service (chain, RPC, partner) is not reachable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPortfolio: {
        parameters: {
            query: {
                /** @description Comma-separated 0x addresses (EIP-55 checksummed or single-case), 1 to 200 */
                addresses: string;
                /** @description Comma-separated chain ids; default every configured chain (31337) */
                chains?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "portfolio";
                        addresses: string[];
                        chains: ({
                            chainId: number;
                            name: string;
                            /** @enum {string} */
                            status: "ok";
                            /** @description Every value of this chain was read at this block */
                            blockNumber: string;
                            blockTimestamp: string;
                            prices: {
                                symbol: string;
                                feed: string | null;
                                usd: string | null;
                                /**
                                 * @description ok; stale (older than the feed heartbeat: value shown but flagged); invalid (non-positive answer); unavailable (no feed or unreadable)
                                 * @enum {string}
                                 */
                                status: "ok" | "stale" | "invalid" | "unavailable";
                                updatedAt: string | null;
                            }[];
                            accounts: {
                                address: string;
                                native: {
                                    symbol: string;
                                    decimals: number;
                                    balance: {
                                        /** @description Decimal amount in whole units */
                                        amount: string;
                                        /** @description Integer amount in base units */
                                        baseUnits: string;
                                    } | null;
                                    /** @description USD value (8 decimals) or null when no usable price */
                                    usd: string | null;
                                    /**
                                     * @description ok; stale (older than the feed heartbeat: value shown but flagged); invalid (non-positive answer); unavailable (no feed or unreadable)
                                     * @enum {string}
                                     */
                                    priceStatus: "ok" | "stale" | "invalid" | "unavailable";
                                };
                                assets: {
                                    asset: {
                                        symbol: string;
                                        address: string;
                                        decimals: number;
                                    };
                                    balance: {
                                        /** @description Decimal amount in whole units */
                                        amount: string;
                                        /** @description Integer amount in base units */
                                        baseUnits: string;
                                    } | null;
                                    /** @description USD value (8 decimals) or null when no usable price */
                                    usd: string | null;
                                    /**
                                     * @description ok; stale (older than the feed heartbeat: value shown but flagged); invalid (non-positive answer); unavailable (no feed or unreadable)
                                     * @enum {string}
                                     */
                                    priceStatus: "ok" | "stale" | "invalid" | "unavailable";
                                }[];
                                /** @description Non-zero allowances to every configured spender */
                                allowances: {
                                    asset: {
                                        symbol: string;
                                        address: string;
                                        decimals: number;
                                    };
                                    spender: {
                                        name: string;
                                        address: string;
                                        kind: string;
                                    };
                                    allowance: {
                                        /** @description Decimal amount in whole units */
                                        amount: string;
                                        /** @description Integer amount in base units */
                                        baseUnits: string;
                                    };
                                    /** @description max uint256 or ≥ 2^128: the spender can move any amount */
                                    unlimited: boolean;
                                }[];
                                vaultPositions: {
                                    vault: {
                                        name: string;
                                        address: string;
                                    };
                                    asset: {
                                        symbol: string;
                                        address: string;
                                        decimals: number;
                                    };
                                    shares: {
                                        /** @description Decimal amount in whole units */
                                        amount: string;
                                        /** @description Integer amount in base units */
                                        baseUnits: string;
                                    };
                                    underlying: {
                                        /** @description Decimal amount in whole units */
                                        amount: string;
                                        /** @description Integer amount in base units */
                                        baseUnits: string;
                                    } | null;
                                    /** @description USD value (8 decimals) or null when no usable price */
                                    usd: string | null;
                                    /**
                                     * @description ok; stale (older than the feed heartbeat: value shown but flagged); invalid (non-positive answer); unavailable (no feed or unreadable)
                                     * @enum {string}
                                     */
                                    priceStatus: "ok" | "stale" | "invalid" | "unavailable";
                                }[];
                                totalUsd: string;
                                totalStale: boolean;
                                totalComplete: boolean;
                                readErrors: string[];
                            }[];
                        } | {
                            chainId: number;
                            name: string;
                            /** @enum {string} */
                            status: "unavailable";
                            reason: {
                                code: string;
                                message: string;
                            };
                        })[];
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAccounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: {
                            /** @enum {string} */
                            object: "account";
                            /** @description Configured signer name, used to choose the account of a transaction */
                            name: string;
                            address: string;
                            /** @description What the account is for: treasury, operations, … */
                            role: string;
                            /**
                             * @description local: encrypted keystore; local_dev: plaintext development key; remote: JSON-RPC signer
                             * @enum {string}
                             */
                            signerType: "local" | "local_dev" | "remote";
                            chains: ({
                                chainId: number;
                                name: string;
                                /** @enum {string} */
                                status: "ok";
                                /** @description Every balance of this chain was read at this block */
                                blockNumber: string;
                                native: {
                                    symbol: string;
                                    decimals: number;
                                    /** @description null when this value could not be read */
                                    balance: {
                                        /** @description Decimal amount in whole units */
                                        amount: string;
                                        /** @description Integer amount in base units */
                                        baseUnits: string;
                                    } | null;
                                    usd: string | null;
                                    /** @enum {string} */
                                    priceStatus: "ok" | "stale" | "invalid" | "unavailable";
                                };
                                assets: {
                                    asset: {
                                        symbol: string;
                                        address: string;
                                        decimals: number;
                                    };
                                    /** @description null when this value could not be read */
                                    balance: {
                                        /** @description Decimal amount in whole units */
                                        amount: string;
                                        /** @description Integer amount in base units */
                                        baseUnits: string;
                                    } | null;
                                    usd: string | null;
                                    /** @enum {string} */
                                    priceStatus: "ok" | "stale" | "invalid" | "unavailable";
                                }[];
                            } | {
                                chainId: number;
                                name: string;
                                /** @enum {string} */
                                status: "unavailable";
                                reason: {
                                    code: string;
                                    message: string;
                                };
                            })[];
                        }[];
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAddressBook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: {
                            address: string;
                            name: string;
                            /** @enum {string} */
                            kind: "account" | "asset" | "spender" | "vault" | "dex_router" | "pool" | "price_feed" | "deposit_factory" | "attestation_registry" | "multicall" | "demo_user";
                            /** @description The chain the name holds on; null: every chain (Keel's accounts) */
                            chainId: number | null;
                            /** @description account: its role; asset: its symbol; vault: its asset; spender: its kind; demo_user: what the wallet shows */
                            detail: string | null;
                        }[];
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: {
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id of the last item of the previous page: answers the items after it */
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Where deliveries are POSTed: https (http only when webhooks.allowHttp), resolving to public addresses only */
                    url: string;
                    /** @description Event types to receive: any of `access_request.created`, `access_request.approved`, `access_request.rejected`, `api_key.created`, `api_key.revoked`, `breaker.tripped`, `breaker.reset`, `endpoint.disabled`, `payment_intent.created`, `payment_intent.processing`, `payment_intent.succeeded`, `payment_intent.underpaid`, `payment_intent.expired`, `payment_intent.paid_late`, `payment_intent.reorged`, `payment_intent.swept`, `payment_intent.sweep_failed`, `payment_intent.cancelled`, `payment_intent.unexpected_deposit`, `user_operation.created`, `user_operation.review_required`, `user_operation.signature_required`, `user_operation.submitted`, `user_operation.included`, `user_operation.confirmed`, `user_operation.failed`, `user_operation.reorged`, `session_key.granted`, `session_key.revoked`, `principal.created`, `refund.created`, `refund.succeeded`, `refund.reorged`, `refund.failed`, `policy.proposed`, `policy.activated`, `treasury.mandate_proposed`, `treasury.mandate_activated`, `treasury.plan_created`, `treasury.movement_confirmed`, `treasury.plan_executed`, `payee.created`, `payee.address_change_requested`, `payee.address_change_approved`, `payee.address_change_rejected`, `payee.disabled`, `accrual.credited`, `accrual.settled`, `accrual.stream_created`, `accrual.stream_stopped`, `payout_run.created`, `payout_run.review_required`, `payout_run.executing`, `payout_run.completed`, `payout_run.completed_with_failures`, `payout_run.line_failed`, `treasury.alert`, `swap.succeeded`, `swap.failed`, `transaction.created`, `transaction.rejected`, `transaction.review_required`, `transaction.approved`, `transaction.submitted`, `transaction.replaced`, `transaction.reorged`, `transaction.reorged_after_final`, `transaction.confirmed`, `transaction.reverted`, `transaction.failed`, `transaction.expired`, `transaction.cancelled`, `liability_snapshot.created`, `attestation.created`, `attestation.published`, `attestation.recorded`, `webhook.test`, or `*` for every type */
                    eventTypes: string[];
                    description?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description we_… */
                        id: string;
                        /** @enum {string} */
                        object: "webhook_endpoint";
                        url: string;
                        description: string | null;
                        eventTypes: string[];
                        /** @enum {string} */
                        status: "enabled" | "disabled";
                        /** @description gone (answered 410), failing (no success for webhooks.disableAfterHours) or operator */
                        disabledReason: string | null;
                        disabledAt: string | null;
                        /** @description UTC ISO-8601 time */
                        createdAt: string;
                        /** @description UTC ISO-8601 time */
                        updatedAt: string;
                        /** @description Present while the previous secret still signs deliveries after a rotation */
                        secretRotatedUntil?: string;
                        /** @description The principal that owns it (prn_…): only its keys, and admins, see and change it */
                        ownerPrincipal: string | null;
                        /** @description Signing secret (whsec_…): shown only in this answer; store it now */
                        secret: string;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Where deliveries are POSTed: https (http only when webhooks.allowHttp), resolving to public addresses only */
                    url?: string;
                    /** @description Event types to receive: any of `access_request.created`, `access_request.approved`, `access_request.rejected`, `api_key.created`, `api_key.revoked`, `breaker.tripped`, `breaker.reset`, `endpoint.disabled`, `payment_intent.created`, `payment_intent.processing`, `payment_intent.succeeded`, `payment_intent.underpaid`, `payment_intent.expired`, `payment_intent.paid_late`, `payment_intent.reorged`, `payment_intent.swept`, `payment_intent.sweep_failed`, `payment_intent.cancelled`, `payment_intent.unexpected_deposit`, `user_operation.created`, `user_operation.review_required`, `user_operation.signature_required`, `user_operation.submitted`, `user_operation.included`, `user_operation.confirmed`, `user_operation.failed`, `user_operation.reorged`, `session_key.granted`, `session_key.revoked`, `principal.created`, `refund.created`, `refund.succeeded`, `refund.reorged`, `refund.failed`, `policy.proposed`, `policy.activated`, `treasury.mandate_proposed`, `treasury.mandate_activated`, `treasury.plan_created`, `treasury.movement_confirmed`, `treasury.plan_executed`, `payee.created`, `payee.address_change_requested`, `payee.address_change_approved`, `payee.address_change_rejected`, `payee.disabled`, `accrual.credited`, `accrual.settled`, `accrual.stream_created`, `accrual.stream_stopped`, `payout_run.created`, `payout_run.review_required`, `payout_run.executing`, `payout_run.completed`, `payout_run.completed_with_failures`, `payout_run.line_failed`, `treasury.alert`, `swap.succeeded`, `swap.failed`, `transaction.created`, `transaction.rejected`, `transaction.review_required`, `transaction.approved`, `transaction.submitted`, `transaction.replaced`, `transaction.reorged`, `transaction.reorged_after_final`, `transaction.confirmed`, `transaction.reverted`, `transaction.failed`, `transaction.expired`, `transaction.cancelled`, `liability_snapshot.created`, `attestation.created`, `attestation.published`, `attestation.recorded`, `webhook.test`, or `*` for every type */
                    eventTypes?: string[];
                    description?: string | null;
                    /** @enum {string} */
                    status?: "enabled" | "disabled";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookEndpointSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description we_… */
                        id: string;
                        /** @enum {string} */
                        object: "webhook_endpoint";
                        url: string;
                        description: string | null;
                        eventTypes: string[];
                        /** @enum {string} */
                        status: "enabled" | "disabled";
                        /** @description gone (answered 410), failing (no success for webhooks.disableAfterHours) or operator */
                        disabledReason: string | null;
                        disabledAt: string | null;
                        /** @description UTC ISO-8601 time */
                        createdAt: string;
                        /** @description UTC ISO-8601 time */
                        updatedAt: string;
                        /** @description Present while the previous secret still signs deliveries after a rotation */
                        secretRotatedUntil?: string;
                        /** @description The principal that owns it (prn_…): only its keys, and admins, see and change it */
                        ownerPrincipal: string | null;
                        /** @description Signing secret (whsec_…): shown only in this answer; store it now */
                        secret: string;
                        /** @description UTC ISO-8601 time */
                        previousSecretExpiresAt: string;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookEndpointDeliveries: {
        parameters: {
            query?: {
                status?: "pending" | "delivering" | "succeeded" | "failed";
                limit?: number;
                /** @description The id of the last item of the previous page: answers the items after it */
                startingAfter?: string;
                /**
                 * @deprecated
                 * @description Deprecated alias of `startingAfter` (removed in the next release)
                 */
                after?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryWebhookDelivery: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replayWebhookEndpointEvents: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    since: string;
                    /**
                     * Format: date-time
                     * @description Default: now
                     */
                    until?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        replayed: number;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sendWebhookEndpointTestEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description Comma-separated event types */
                type?: string;
                /** @description The id of the last item of the previous page: answers the items after it */
                startingAfter?: string;
                /**
                 * @deprecated
                 * @description Deprecated alias of `startingAfter` (removed in the next release)
                 */
                after?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Event"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEventTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: {
                            type: string;
                            description: string;
                            resource: string;
                            /** @description Any one of these scopes reads (and receives) this type */
                            readScopes: string[];
                        }[];
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                principalId?: string;
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id of the last item of the previous page: answers the items after it */
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    scopes: ("portfolio:read" | "payments:read" | "payments:write" | "transactions:read" | "transactions:write" | "swaps:write" | "treasury:read" | "treasury:write" | "payouts:read" | "payouts:write" | "attestations:read" | "attestations:write" | "smart_accounts:read" | "smart_accounts:write" | "sponsorship:read" | "sponsorship:write" | "paymaster:use" | "review" | "policy:write" | "policy:approve" | "events:read" | "webhooks:write" | "audit:read" | "admin")[];
                    /** @description prn_…: the principal the key is for (default: the caller’s) */
                    principalId?: string;
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        object: "api_key";
                        name: string;
                        scopes: string[];
                        /**
                         * @description pending: waits for its access request; only active keys authenticate
                         * @enum {string}
                         */
                        status: "pending" | "active" | "rejected";
                        /** @description The principal the key belongs to */
                        principal: {
                            /** @description prn_… */
                            id: string;
                            name: string;
                            /** @enum {string} */
                            kind: "operator" | "service";
                        };
                        createdAt: string;
                        revokedAt: string | null;
                        lastUsedAt: string | null;
                        /** @description keel_sk_…: shown once, stored only as a hash. A pending key authenticates nothing until its access request is approved */
                        token: string;
                        accessRequest: null;
                    };
                };
            };
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        object: "api_key";
                        name: string;
                        scopes: string[];
                        /**
                         * @description pending: waits for its access request; only active keys authenticate
                         * @enum {string}
                         */
                        status: "pending" | "active" | "rejected";
                        /** @description The principal the key belongs to */
                        principal: {
                            /** @description prn_… */
                            id: string;
                            name: string;
                            /** @enum {string} */
                            kind: "operator" | "service";
                        };
                        createdAt: string;
                        revokedAt: string | null;
                        lastUsedAt: string | null;
                        /** @description keel_sk_…: shown once, stored only as a hash. A pending key authenticates nothing until its access request is approved */
                        token: string;
                        accessRequest: components["schemas"]["AccessRequest"];
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPrincipals: {
        parameters: {
            query?: {
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id of the last item of the previous page: answers the items after it */
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrincipalList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPrincipal: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Shown to approvers: visible text, no control or format characters (src/lib/user-id.ts) */
                    name: string;
                    /** @enum {string} */
                    kind: "operator" | "service";
                    key?: {
                        name: string;
                        scopes: ("portfolio:read" | "payments:read" | "payments:write" | "transactions:read" | "transactions:write" | "swaps:write" | "treasury:read" | "treasury:write" | "payouts:read" | "payouts:write" | "attestations:read" | "attestations:write" | "smart_accounts:read" | "smart_accounts:write" | "sponsorship:read" | "sponsorship:write" | "paymaster:use" | "review" | "policy:write" | "policy:approve" | "events:read" | "webhooks:write" | "audit:read" | "admin")[];
                    };
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        principal: components["schemas"]["Principal"];
                        accessRequest: components["schemas"]["AccessRequest"];
                        apiKey: {
                            id: string;
                            /** @enum {string} */
                            object: "api_key";
                            name: string;
                            scopes: string[];
                            /**
                             * @description pending: waits for its access request; only active keys authenticate
                             * @enum {string}
                             */
                            status: "pending" | "active" | "rejected";
                            /** @description The principal the key belongs to */
                            principal: {
                                /** @description prn_… */
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "operator" | "service";
                            };
                            createdAt: string;
                            revokedAt: string | null;
                            lastUsedAt: string | null;
                            /** @description keel_sk_…: shown once, stored only as a hash. A pending key authenticates nothing until its access request is approved */
                            token: string;
                        } | null;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    lookUpPrincipals: {
        parameters: {
            query: {
                ids: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: {
                            id: string;
                            principal: {
                                /** @description prn_… */
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "operator" | "service";
                            } | null;
                        }[];
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPrincipal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description prn_… */
                        id: string;
                        /** @enum {string} */
                        object: "principal";
                        name: string;
                        /** @enum {string} */
                        kind: "operator" | "service";
                        /** @enum {string} */
                        status: "pending" | "active" | "rejected";
                        createdAt: string;
                        /** @description The principal that asked for it, `cli` (bootstrap) or `migration` */
                        createdBy: string;
                        apiKeys: components["schemas"]["ApiKey"][];
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAccessRequests: {
        parameters: {
            query?: {
                status?: "pending" | "approved" | "rejected";
                limit?: number;
                /** @description The id of the last request of the previous page */
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessRequestList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAccessRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessRequest"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    approveAccessRequest: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessRequest"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rejectAccessRequest: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessRequest"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCurrentApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyIdentity"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditLogEntries: {
        parameters: {
            query?: {
                /** @description The id of the last item of the previous page: answers the items after it */
                startingAfter?: string;
                /**
                 * @deprecated
                 * @description Deprecated alias of `startingAfter` (removed in the next release)
                 */
                after?: string;
                limit?: number;
                order?: "asc" | "desc";
                /** @description Only this action, e.g. api_key.created */
                action?: string;
                /** @description Only this actor, e.g. a key id */
                actor?: string;
                /** @description Only entries made with any key of this principal (prn_…) */
                principal?: string;
                /** @description Only entries about this resource id */
                subject?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditLogEntryList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyAuditLog: {
        parameters: {
            query?: {
                /** @description A head recorded earlier, `<seq>:<hash>`: the log must still reach it unchanged */
                anchor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        ok: true;
                        entries: number;
                        /** @description The last entry: record it elsewhere and pass it back as `anchor` later */
                        head: {
                            seq: number;
                            /** @description sha256, 64 hex characters */
                            hash: string;
                        } | null;
                    } | {
                        /** @enum {boolean} */
                        ok: false;
                        firstBadSeq: number;
                        /** @enum {string} */
                        problem: "hash_mismatch" | "missing_entry" | "prev_hash_mismatch";
                        detail: string;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getActivePolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "policy";
                        id: string;
                        version: number;
                        document: {
                            [key: string]: unknown;
                        };
                        hash: string;
                        activatedAt: string | null;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPolicyVersions: {
        parameters: {
            query?: {
                status?: "proposed" | "active" | "superseded" | "rejected";
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id (polv_…) of the last item of the previous page: answers the items after it */
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyVersionList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPolicyVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyVersion"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPolicyProposals: {
        parameters: {
            query?: {
                status?: "proposed" | "active" | "superseded" | "rejected";
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id (polv_…) of the last item of the previous page: answers the items after it */
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyVersionList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPolicyProposal: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A policy document (docs/policy.md); its `version` is assigned */
                    document: {
                        [key: string]: unknown;
                    };
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyVersion"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPolicyProposal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyVersion"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    approvePolicyProposal: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyVersion"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rejectPolicyProposal: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyVersion"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    evaluatePolicy: {
        parameters: {
            query?: {
                proposal?: string;
            };
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    chainId: number;
                    /** @enum {string} */
                    kind: "transfer" | "contract_call" | "swap" | "sweep" | "refund" | "treasury" | "payout" | "attestation" | "session_key";
                    from: string;
                    to: string;
                    asset?: string;
                    /** @default 0 */
                    amount?: string;
                    userId?: string;
                    sessionId?: string;
                    apiKeyId?: string;
                    call?: {
                        function: string;
                        /** @default [] */
                        args?: (string | boolean | string[])[];
                    };
                    facts?: {
                        isContract?: boolean;
                        isContractOnOtherChains?: number[];
                        seenBefore?: boolean;
                        /** Format: date-time */
                        firstSeenAt?: string;
                        pastCounterparties?: string[];
                        amountUsd?: string;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyDecision"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTransactions: {
        parameters: {
            query?: {
                /** @description One status or several, comma-separated */
                status?: string;
                /** @description Only transactions made for this end user */
                userId?: string;
                /**
                 * @deprecated
                 * @description Deprecated alias of `userId` (removed in the next release)
                 */
                user?: string;
                chainId?: number;
                signer?: string;
                /** @description Only transactions that were (true) or were never (false) final before the chain lost their block */
                reorgedAfterFinal?: "true" | "false";
                limit?: number;
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTransaction: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    chainId: number;
                    signer: string;
                    /** @enum {string} */
                    kind: "transfer" | "contract_call";
                    to: string;
                    asset?: string;
                    amount?: string;
                    call?: {
                        /** @description A function signature such as approve(address,uint256) */
                        function: string;
                        /** @default [] */
                        args?: (string | boolean | string[])[];
                    };
                    value?: string;
                    userId: string;
                    sessionId?: string;
                    /** @default {} */
                    metadata?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionResource"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTransaction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionResource"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelTransaction: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionResource"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listReviews: {
        parameters: {
            query?: {
                limit?: number;
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    approveReview: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionResource"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rejectReview: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionResource"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSwapQuote: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    chainId: number;
                    account: string;
                    userId: string;
                    tokenIn: string;
                    tokenOut: string;
                    amountIn?: string;
                    amountOut?: string;
                    slippageBps?: number;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Quote"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSwapQuote: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Quote"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSwaps: {
        parameters: {
            query?: {
                userId?: string;
                limit?: number;
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SwapList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSwap: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    quoteId: string;
                    /** @default false */
                    resetAllowance?: boolean;
                    /** @default {} */
                    metadata?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Swap"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSwap: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Swap"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBreakers: {
        parameters: {
            query?: {
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The key of the last item of the previous page: answers the items after it */
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BreakerList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    tripBreaker: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Breaker"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resetBreaker: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Breaker"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPaymentIntents: {
        parameters: {
            query?: {
                status?: string;
                customerReference?: string;
                limit?: number;
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntentList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPaymentIntent: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amount: string;
                    asset: string;
                    chains?: number[];
                    expiresInSeconds?: number;
                    customerReference?: string;
                    description?: string;
                    /** @default {} */
                    metadata?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPaymentIntent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelPaymentIntent: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPaymentIntentRefund: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amount: string;
                    to: string;
                    chainId?: number;
                    /**
                     * @default other
                     * @enum {string}
                     */
                    reason?: "overpayment" | "underpayment" | "full" | "unexpected_deposit" | "other";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSettlementReport: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "settlement_report";
                        from: string;
                        to: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCheckout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description pi_… */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "checkout";
                        /** @description pi_… */
                        id: string;
                        /** @enum {string} */
                        status: "requires_payment" | "processing" | "succeeded" | "underpaid" | "expired" | "cancelled";
                        /** @description The merchant’s description of the payment, shown to the payer */
                        description: string | null;
                        asset: {
                            symbol: string;
                            decimals: number;
                        };
                        amount: {
                            amount: string;
                            baseUnits: string;
                        };
                        /** @description Credited and final */
                        amountReceived: {
                            amount: string;
                            baseUnits: string;
                        };
                        /** @description Seen, waiting for confirmations */
                        amountPending: {
                            amount: string;
                            baseUnits: string;
                        };
                        amountRemaining: {
                            amount: string;
                            baseUnits: string;
                        };
                        /** @description The same on every accepted network */
                        depositAddress: string;
                        chains: {
                            chainId: number;
                            name: string;
                            token: string;
                            confirmations: number;
                            /** @description EIP-681 */
                            paymentUri: string;
                        }[];
                        payments: {
                            chainId: number;
                            /** @description The network name (configured chain name) */
                            network: string;
                            /** @description Symbol of what arrived (null: a token Keel does not know) */
                            asset: string | null;
                            amount: {
                                amount: string;
                                baseUnits: string;
                            };
                            /**
                             * @description pending: seen, waiting for confirmations; confirmed: final; not_accepted: another token or network, or after cancellation — the merchant is notified and can refund it
                             * @enum {string}
                             */
                            status: "pending" | "confirmed" | "not_accepted";
                            confirmations: {
                                current: number;
                                required: number;
                            };
                        }[];
                        expiresAt: string;
                        /** @description The server clock, so a countdown is right on a device whose clock is off */
                        serverTime: string;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTreasuryMandates: {
        parameters: {
            query?: {
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id (mdt_…) of the last item of the previous page: answers the items after it */
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreasuryMandateList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTreasuryMandate: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Propose a new version of this mandate; omitted: a new mandate */
                    mandateId?: string;
                    /** @description The active version the proposal was made against (null: none); checked now and at activation */
                    baseVersion?: number | null;
                    /** @description A mandate document (docs/treasury.md#mandates) */
                    document: {
                        [key: string]: unknown;
                    };
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreasuryMandateVersion"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTreasuryMandate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreasuryMandate"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTreasuryMandatePosition: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreasuryPosition"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTreasuryMandateSharePrices: {
        parameters: {
            query?: {
                /** @description How many days back (default 30) */
                days?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreasurySharePrices"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTreasuryMandateAlerts: {
        parameters: {
            query?: {
                /** @description How many days back (default 30) */
                days?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreasuryAlertList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    approveTreasuryMandate: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The version decided on (a proposed one) */
                    version: number;
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreasuryMandateVersion"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rejectTreasuryMandate: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The version decided on (a proposed one) */
                    version: number;
                    note: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreasuryMandateVersion"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTreasuryMandatePlan: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreasuryPlan"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTreasuryPlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                planId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreasuryPlan"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    executeTreasuryPlan: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                planId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreasuryPlan"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPayees: {
        parameters: {
            query?: {
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id (pye_…) of the last item of the previous page: answers the items after it */
                startingAfter?: string;
                status?: "active" | "disabled";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayeeList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPayee: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Your own id of the payee (unique) */
                    reference: string;
                    /** @default [] */
                    addresses?: {
                        /** @description A configured chain */
                        chainId: number;
                        /** @description A configured asset on that chain: symbol or token address */
                        asset: string;
                        /** @description The payout address (checksummed, or all one case) */
                        address: string;
                        /** @description Required (true) when the address has code on that chain: else 422 `payee_contract_unconfirmed` */
                        confirmContract?: boolean;
                    }[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Payee"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPayeeImport: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        /** @description CSV text */
        requestBody: {
            content: {
                "text/csv": string;
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayeeImport"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPayee: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Payee"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    disablePayee: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Payee"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPayeeAddressChanges: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayeeAddressChangeList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPayeeAddressChange: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A configured chain */
                    chainId: number;
                    /** @description A configured asset on that chain: symbol or token address */
                    asset: string;
                    /** @description The payout address (checksummed, or all one case) */
                    address: string;
                    /** @description Required (true) when the address has code on that chain: else 422 `payee_contract_unconfirmed` */
                    confirmContract?: boolean;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayeeAddressChange"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    approvePayeeAddressChange: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
                changeId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Required (true) when the change has flags */
                    acknowledgeFlags?: boolean;
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayeeAddressChange"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rejectPayeeAddressChange: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
                changeId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayeeAddressChange"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPayoutPlans: {
        parameters: {
            query?: {
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id of the last item of the previous page: answers the items after it */
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["PayoutPlan"][];
                        hasMore: boolean;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPayoutPlan: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    chainId: number;
                    /** @description Configured symbol (e.g. `tUSD`) or token address on the chain */
                    asset: string;
                    recipients: {
                        payeeId: string;
                        shareBps: number;
                        minimum?: string;
                        cap?: string;
                    }[];
                    source: {
                        /** @enum {string} */
                        kind: "fixed";
                        amount: string;
                    } | {
                        /** @enum {string} */
                        kind: "payment_intents";
                        metadata?: {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayoutPlan"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPayoutPlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayoutPlan"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPayoutRuns: {
        parameters: {
            query?: {
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id of the last item of the previous page: answers the items after it */
                startingAfter?: string;
                planId?: string;
                status?: "pending_review" | "executing" | "completed" | "completed_with_failures" | "rejected";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["PayoutRun"][];
                        hasMore: boolean;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPayoutRun: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    planId: string;
                    period: {
                        /** Format: date-time */
                        from: string;
                        /** Format: date-time */
                        to: string;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayoutRun"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayoutRun"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPayoutRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayoutRun"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    approvePayoutRun: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayoutRun"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rejectPayoutRun: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayoutRun"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryPayoutRun: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayoutRun"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPayeeStatements: {
        parameters: {
            query: {
                from: string;
                to: string;
                format?: "json" | "csv";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayeeStatement"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAccruals: {
        parameters: {
            query?: {
                payeeId?: string;
                chainId?: number;
                /** @description Symbol or address (with chainId) */
                asset?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        balances: {
                            /** @enum {string} */
                            object: "accrual_balance";
                            payeeId: string;
                            chainId: number;
                            asset: {
                                symbol: string;
                                address: string;
                                decimals: number;
                            };
                            /** @description Everything ever credited (credits and streams): accrued + reserved + paid */
                            credited: {
                                amount: string;
                                baseUnits: string;
                            };
                            /** @description Waiting to be paid */
                            accrued: {
                                amount: string;
                                baseUnits: string;
                            };
                            /** @description Handed to a payout run whose line is not final yet */
                            reserved: {
                                amount: string;
                                baseUnits: string;
                            };
                            paid: {
                                amount: string;
                                baseUnits: string;
                            };
                            /** @description The oldest credit still accrued (the maximum interval runs from it) */
                            firstUnpaidAt: string | null;
                            updatedAt: string;
                        }[];
                        streams: {
                            /** @description str_… */
                            id: string;
                            /** @enum {string} */
                            object: "accrual_stream";
                            payeeId: string;
                            chainId: number;
                            asset: {
                                symbol: string;
                                address: string;
                                decimals: number;
                            };
                            ratePerSecond: string;
                            /** @enum {string} */
                            status: "scheduled" | "active" | "ended" | "stopped";
                            startAt: string;
                            endAt: string | null;
                            stoppedAt: string | null;
                            /** @description Accrued from the start to `asOf` (floor to a base unit), settled or not */
                            accrued: {
                                amount: string;
                                baseUnits: string;
                            };
                            /** @description Moved into the payee’s balance at settlement instants so far */
                            settled: {
                                amount: string;
                                baseUnits: string;
                            };
                            /** @description The last settlement instant */
                            settledUntil: string;
                            /** @description When `accrued` was computed (whole seconds) */
                            asOf: string;
                            createdAt: string;
                        }[];
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createAccrual: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    payeeId: string;
                    chainId: number;
                    /** @description The asset’s configured symbol on the chain (`USDC`) or its address */
                    asset: string;
                    /** @description In the asset’s units, e.g. "0.25" */
                    amount: string;
                    /** @description Your own id of the event credited (unique per credit): the same reference is credited once */
                    reference: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description acr_… */
                        id: string;
                        /** @enum {string} */
                        object: "accrual_credit";
                        reference: string;
                        payeeId: string;
                        chainId: number;
                        amount: {
                            amount: string;
                            baseUnits: string;
                        };
                        createdAt: string;
                        balance: {
                            /** @enum {string} */
                            object: "accrual_balance";
                            payeeId: string;
                            chainId: number;
                            asset: {
                                symbol: string;
                                address: string;
                                decimals: number;
                            };
                            /** @description Everything ever credited (credits and streams): accrued + reserved + paid */
                            credited: {
                                amount: string;
                                baseUnits: string;
                            };
                            /** @description Waiting to be paid */
                            accrued: {
                                amount: string;
                                baseUnits: string;
                            };
                            /** @description Handed to a payout run whose line is not final yet */
                            reserved: {
                                amount: string;
                                baseUnits: string;
                            };
                            paid: {
                                amount: string;
                                baseUnits: string;
                            };
                            /** @description The oldest credit still accrued (the maximum interval runs from it) */
                            firstUnpaidAt: string | null;
                            updatedAt: string;
                        };
                    };
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description acr_… */
                        id: string;
                        /** @enum {string} */
                        object: "accrual_credit";
                        reference: string;
                        payeeId: string;
                        chainId: number;
                        amount: {
                            amount: string;
                            baseUnits: string;
                        };
                        createdAt: string;
                        balance: {
                            /** @enum {string} */
                            object: "accrual_balance";
                            payeeId: string;
                            chainId: number;
                            asset: {
                                symbol: string;
                                address: string;
                                decimals: number;
                            };
                            /** @description Everything ever credited (credits and streams): accrued + reserved + paid */
                            credited: {
                                amount: string;
                                baseUnits: string;
                            };
                            /** @description Waiting to be paid */
                            accrued: {
                                amount: string;
                                baseUnits: string;
                            };
                            /** @description Handed to a payout run whose line is not final yet */
                            reserved: {
                                amount: string;
                                baseUnits: string;
                            };
                            paid: {
                                amount: string;
                                baseUnits: string;
                            };
                            /** @description The oldest credit still accrued (the maximum interval runs from it) */
                            firstUnpaidAt: string | null;
                            updatedAt: string;
                        };
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createAccrualStream: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    payeeId: string;
                    chainId: number;
                    /** @description The asset’s configured symbol on the chain or its address */
                    asset: string;
                    /** @description Asset units accrued per second (at most the asset’s decimals + 18 fractional digits) */
                    ratePerSecond: string;
                    /**
                     * Format: date-time
                     * @description When it starts accruing (whole seconds; a fraction is dropped)
                     */
                    startAt: string;
                    /**
                     * Format: date-time
                     * @description When it stops accruing by itself
                     */
                    endAt?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description str_… */
                        id: string;
                        /** @enum {string} */
                        object: "accrual_stream";
                        payeeId: string;
                        chainId: number;
                        asset: {
                            symbol: string;
                            address: string;
                            decimals: number;
                        };
                        ratePerSecond: string;
                        /** @enum {string} */
                        status: "scheduled" | "active" | "ended" | "stopped";
                        startAt: string;
                        endAt: string | null;
                        stoppedAt: string | null;
                        /** @description Accrued from the start to `asOf` (floor to a base unit), settled or not */
                        accrued: {
                            amount: string;
                            baseUnits: string;
                        };
                        /** @description Moved into the payee’s balance at settlement instants so far */
                        settled: {
                            amount: string;
                            baseUnits: string;
                        };
                        /** @description The last settlement instant */
                        settledUntil: string;
                        /** @description When `accrued` was computed (whole seconds) */
                        asOf: string;
                        createdAt: string;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAccrualStream: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description str_… */
                        id: string;
                        /** @enum {string} */
                        object: "accrual_stream";
                        payeeId: string;
                        chainId: number;
                        asset: {
                            symbol: string;
                            address: string;
                            decimals: number;
                        };
                        ratePerSecond: string;
                        /** @enum {string} */
                        status: "scheduled" | "active" | "ended" | "stopped";
                        startAt: string;
                        endAt: string | null;
                        stoppedAt: string | null;
                        /** @description Accrued from the start to `asOf` (floor to a base unit), settled or not */
                        accrued: {
                            amount: string;
                            baseUnits: string;
                        };
                        /** @description Moved into the payee’s balance at settlement instants so far */
                        settled: {
                            amount: string;
                            baseUnits: string;
                        };
                        /** @description The last settlement instant */
                        settledUntil: string;
                        /** @description When `accrued` was computed (whole seconds) */
                        asOf: string;
                        createdAt: string;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    stopAccrualStream: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description str_… */
                        id: string;
                        /** @enum {string} */
                        object: "accrual_stream";
                        payeeId: string;
                        chainId: number;
                        asset: {
                            symbol: string;
                            address: string;
                            decimals: number;
                        };
                        ratePerSecond: string;
                        /** @enum {string} */
                        status: "scheduled" | "active" | "ended" | "stopped";
                        startAt: string;
                        endAt: string | null;
                        stoppedAt: string | null;
                        /** @description Accrued from the start to `asOf` (floor to a base unit), settled or not */
                        accrued: {
                            amount: string;
                            baseUnits: string;
                        };
                        /** @description Moved into the payee’s balance at settlement instants so far */
                        settled: {
                            amount: string;
                            baseUnits: string;
                        };
                        /** @description The last settlement instant */
                        settledUntil: string;
                        /** @description When `accrued` was computed (whole seconds) */
                        asOf: string;
                        createdAt: string;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLiabilitySnapshot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LiabilitySnapshot"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLiabilitySnapshotProof: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LiabilityProof"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAttestations: {
        parameters: {
            query?: {
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id (att_…) of the last item of the previous page: answers the items after it */
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Attestation"][];
                        hasMore: boolean;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createAttestation: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    snapshotId: string;
                    chains?: {
                        chainId: number;
                        blockNumber?: string;
                    }[];
                    extraReserves?: {
                        chainId: number;
                        address: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Attestation"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAttestation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Attestation"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createAttestationSignature: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    address: string;
                    signature: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Attestation"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    publishAttestation: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Attestation"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPublicAttestation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description att_… */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicAttestation"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSmartAccounts: {
        parameters: {
            query?: {
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id (sa_…) of the last item of the previous page: answers the items after it */
                startingAfter?: string;
                userId?: string;
                chainId?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["SmartAccount"][];
                        hasMore: boolean;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSmartAccount: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A configured chain */
                    chainId: number;
                    /** @description Your id of the end user */
                    userId: string;
                    owner?: {
                        /** @enum {string} */
                        kind: "custodial";
                    } | {
                        /** @enum {string} */
                        kind: "external";
                        /** @description The owner key’s address (checksummed, or all one case) */
                        address: string;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SmartAccount"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SmartAccount"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSmartAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SmartAccount"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSmartAccountSessionKeys: {
        parameters: {
            query?: {
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id of the last item of the previous page: answers the items after it */
                startingAfter?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["SessionKey"][];
                        hasMore: boolean;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSmartAccountSessionKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The session key’s address. Its private key stays with your app or the user’s device */
                    keyAddress: string;
                    label?: string;
                    /**
                     * Format: date-time
                     * @description Valid from this time on (default: at once)
                     */
                    validFrom?: string;
                    /**
                     * Format: date-time
                     * @description The last time the key’s operations are valid; at most `smartAccounts.sessionKeyMaxDays` (30) days ahead
                     */
                    validUntil: string;
                    /** @description Contracts and functions the key may call (never the account itself or the EntryPoint) */
                    targets?: {
                        contract: string;
                        /** @description Function signatures the key may call, e.g. "transfer(address,uint256)" */
                        functions: string[];
                    }[];
                    token?: {
                        /** @description A configured ERC-20 on the account’s chain: symbol or address */
                        asset: string;
                        /** @description Who the key may transfer it to (at least one) */
                        recipients: string[];
                        /** @description Cap on one operation’s summed transfers */
                        perOperation: string;
                        /** @description Cap on all the key’s transfers under this grant */
                        total: string;
                    };
                    /** @description Native coin one call to a target may carry (default 0: none) */
                    valuePerCall?: string;
                    /** @description The sponsorship policy that pays the grant operation’s gas; without it the account pays */
                    sponsorshipPolicyId?: string;
                    metadata?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionKey"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSmartAccountSessionKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionKey"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeSmartAccountSessionKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
                keyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The sponsorship policy that pays the revocation’s gas; without it the account pays */
                    sponsorshipPolicyId?: string;
                } | null;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionKey"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSponsorshipPolicies: {
        parameters: {
            query?: {
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id of the last item of the previous page: answers the items after it */
                startingAfter?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SponsorshipPolicyList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSponsorshipPolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Cap on one operation’s maximum gas cost in USD */
                    maxCostUsdPerOperation?: string;
                    /** @description Cap on one operation’s total gas (call + verification + pre-verification) */
                    maxGasPerOperation?: string;
                    globalBudget?: {
                        amountUsd: string;
                        /**
                         * @description A UTC calendar period: day, ISO week (from Monday) or month
                         * @enum {string}
                         */
                        period: "day" | "week" | "month";
                    };
                    userBudget?: {
                        amountUsd: string;
                        /**
                         * @description A UTC calendar period: day, ISO week (from Monday) or month
                         * @enum {string}
                         */
                        period: "day" | "week" | "month";
                    };
                    /** @description Sponsored operations per user per period */
                    userOperations?: {
                        max: number;
                        /**
                         * @description A UTC calendar period: day, ISO week (from Monday) or month
                         * @enum {string}
                         */
                        period: "day" | "week" | "month";
                    };
                    window?: {
                        /** Format: date-time */
                        startsAt?: string;
                        /** Format: date-time */
                        endsAt?: string;
                    };
                    /** @description Only these senders (smart accounts) are sponsored */
                    senderAllowList?: string[];
                    senderBlockList?: string[];
                    /** @description Chains sponsored; absent: every chain */
                    chains?: number[];
                    /** @description Every call of the operation must go to one of these */
                    targets?: string[];
                    /** @description Every call must use one of these selectors */
                    selectors?: string[];
                    /** @description Only each user’s first N operations are sponsored */
                    firstOperationsPerUser?: number;
                    /** @description Abuse thresholds, each per UTC hour; exceeding one is an `abuse` denial */
                    abuse?: {
                        opsPerUser?: number;
                        opsPerApiKey?: number;
                        opsPerIp?: number;
                        opsPerDevice?: number;
                        newAccountsPerHour?: number;
                    };
                    backendHook?: components["schemas"]["SponsorshipBackendHookInput"];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SponsorshipPolicy"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSponsorshipPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SponsorshipPolicy"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceSponsorshipPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Cap on one operation’s maximum gas cost in USD */
                    maxCostUsdPerOperation?: string;
                    /** @description Cap on one operation’s total gas (call + verification + pre-verification) */
                    maxGasPerOperation?: string;
                    globalBudget?: {
                        amountUsd: string;
                        /**
                         * @description A UTC calendar period: day, ISO week (from Monday) or month
                         * @enum {string}
                         */
                        period: "day" | "week" | "month";
                    };
                    userBudget?: {
                        amountUsd: string;
                        /**
                         * @description A UTC calendar period: day, ISO week (from Monday) or month
                         * @enum {string}
                         */
                        period: "day" | "week" | "month";
                    };
                    /** @description Sponsored operations per user per period */
                    userOperations?: {
                        max: number;
                        /**
                         * @description A UTC calendar period: day, ISO week (from Monday) or month
                         * @enum {string}
                         */
                        period: "day" | "week" | "month";
                    };
                    window?: {
                        /** Format: date-time */
                        startsAt?: string;
                        /** Format: date-time */
                        endsAt?: string;
                    };
                    /** @description Only these senders (smart accounts) are sponsored */
                    senderAllowList?: string[];
                    senderBlockList?: string[];
                    /** @description Chains sponsored; absent: every chain */
                    chains?: number[];
                    /** @description Every call of the operation must go to one of these */
                    targets?: string[];
                    /** @description Every call must use one of these selectors */
                    selectors?: string[];
                    /** @description Only each user’s first N operations are sponsored */
                    firstOperationsPerUser?: number;
                    /** @description Abuse thresholds, each per UTC hour; exceeding one is an `abuse` denial */
                    abuse?: {
                        opsPerUser?: number;
                        opsPerApiKey?: number;
                        opsPerIp?: number;
                        opsPerDevice?: number;
                        newAccountsPerHour?: number;
                    };
                    backendHook?: components["schemas"]["SponsorshipBackendHookInput"];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SponsorshipPolicy"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    disableSponsorshipPolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SponsorshipPolicy"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    evaluateSponsorshipPolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    chainId: number;
                    sender: string;
                    /** @description The fintech’s id of the end user */
                    userId: string;
                    /** @description The end user’s IP address, as the fintech saw it */
                    clientIp?: string;
                    deviceId?: string;
                    calls: {
                        to: string;
                        selector?: string;
                    }[];
                    /** @description The operation’s maximum gas cost in USD (what is reserved) */
                    maxCostUsd: string;
                    maxGas: string;
                    /**
                     * @description Whether the operation deploys the account
                     * @default false
                     */
                    isNewAccount?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SponsorshipDecision"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSponsorshipPolicyDecisions: {
        parameters: {
            query?: {
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id of the last item of the previous page: answers the items after it */
                startingAfter?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SponsorshipDecisionList"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSponsorshipPolicyUsage: {
        parameters: {
            query?: {
                period?: "day" | "week" | "month";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SponsorshipUsage"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPaymaster: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                policyId: string;
            };
            cookie?: never;
        };
        /** @description A JSON-RPC 2.0 request: `pm_getPaymasterStubData` or `pm_getPaymasterData` */
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    jsonrpc: "2.0";
                    id?: string | number | null;
                    method: string;
                    params?: unknown[];
                };
            };
        };
        responses: {
            /** @description A JSON-RPC 2.0 answer: `result` or `error` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        jsonrpc: "2.0";
                        id: string | number | null;
                        result?: unknown;
                        error?: {
                            code: number;
                            message: string;
                            data?: unknown;
                        };
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUserOperations: {
        parameters: {
            query?: {
                /** @description How many items a page holds (default 100, at most 500) */
                limit?: number;
                /** @description The id of the last item of the previous page: answers the items after it */
                startingAfter?: string;
                smartAccountId?: string;
                status?: "pending_policy" | "rejected" | "pending_review" | "queued" | "awaiting_signature" | "signed" | "submitted" | "included" | "confirmed" | "failed" | "expired" | "cancelled";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["UserOperation"][];
                        hasMore: boolean;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createUserOperation: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    smartAccountId: string;
                    calls: {
                        /** @enum {string} */
                        kind: "transfer" | "contract_call";
                        to: string;
                        asset?: string;
                        amount?: string;
                        call?: {
                            /** @description A function signature such as approve(address,uint256) */
                            function: string;
                            /** @default [] */
                            args?: (string | boolean | string[])[];
                        };
                        value?: string;
                    }[];
                    sessionKeyId?: string;
                    sessionId?: string;
                    sponsorshipPolicyId?: string;
                    sponsorship?: {
                        /** @description The end user’s IP address */
                        clientIp?: string;
                        /** @description Your id of the end user’s device */
                        deviceId?: string;
                    };
                    /** @default {} */
                    metadata?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOperation"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUserOperation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOperation"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reviewUserOperation: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    decision: "approve" | "reject";
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOperation"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelUserOperation: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOperation"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signatureUserOperation: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    signature: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOperation"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStatsOverview: {
        parameters: {
            query?: {
                /** @description Default: 24 hours before `to` */
                from?: string;
                /** @description Default: now */
                to?: string;
                bucket?: "auto" | "1m" | "5m" | "15m" | "1h" | "6h" | "1d";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "stats_overview";
                        /** @description Start of the first bucket (the requested `from` aligned down to the bucket size) */
                        from: string;
                        to: string;
                        /** @enum {string} */
                        bucket: "1m" | "5m" | "15m" | "1h" | "6h" | "1d";
                        bucketSeconds: number;
                        /** @description Start of every bucket; every series below has one value per bucket */
                        buckets: string[];
                        generatedAt: string;
                        transactions: {
                            confirmed: number[];
                            reverted: number[];
                            failed: number[];
                            rejected: number[];
                            /** @description expired + cancelled */
                            abandoned: number[];
                            /** @description confirmed / (confirmed + reverted + failed), 0–1; null when none finished */
                            successRate: (number | null)[];
                            totals: {
                                confirmed: number;
                                reverted: number;
                                failed: number;
                                rejected: number;
                                expired: number;
                                cancelled: number;
                                successRate: number | null;
                            };
                            /** @description Now: queued, signed or submitted */
                            inFlight: number;
                        };
                        settle: {
                            /** @description Created → confirmed (includes review waits) */
                            p50Seconds: (number | null)[];
                            p95Seconds: (number | null)[];
                            /** @description Broadcast → confirmed */
                            onChainP50Seconds: (number | null)[];
                            overall: {
                                count: number;
                                p50Seconds: number | null;
                                p95Seconds: number | null;
                                onChainP50Seconds: number | null;
                            };
                        };
                        volume: {
                            /** @description USD value of confirmed transactions per bucket, decimal strings */
                            usd: string[];
                            count: number[];
                            totalUsd: string;
                            byAsset: {
                                chainId: number;
                                symbol: string;
                                decimals: number;
                                amount: string;
                                baseUnits: string;
                                count: number;
                            }[];
                        };
                        /** @description Top 10 over the range */
                        revertReasons: {
                            reason: string;
                            /** @enum {string} */
                            status: "reverted" | "failed";
                            count: number;
                        }[];
                        reviews: {
                            /** @description Now */
                            pending: number;
                            oldestWaitingSince: string | null;
                            requested: number[];
                            approved: number[];
                            rejected: number[];
                            expired: number[];
                        };
                        /** @description null unless the key also holds `admin` (the scope that reads breakers) */
                        breakers: {
                            /** @description Now */
                            open: {
                                key: string;
                                reason: string | null;
                                trippedAt: string | null;
                                trippedBy: string | null;
                            }[];
                            trips: number[];
                        } | null;
                        /** @description null unless the key also holds `webhooks:write` (the scope that reads webhook endpoints and deliveries) */
                        webhooks: {
                            /** @description Delivery attempts answered 2xx */
                            succeeded: number[];
                            /** @description Delivery attempts that failed (non-2xx, timeout, network) */
                            failed: number[];
                            p95LatencyMs: (number | null)[];
                            /** @description Now */
                            pendingDeliveries: number;
                            /** @description Now: given up after every retry */
                            failedDeliveries: number;
                            endpoints: {
                                enabled: number;
                                disabled: number;
                                failing: number;
                            };
                        } | null;
                        /** @description RPC endpoint health per chain as this API process sees it now (redacted URLs) */
                        rpc: {
                            chainId: number;
                            name: string;
                            endpoints: {
                                url: string;
                                rank: number | null;
                                /** @enum {string} */
                                status: "healthy" | "cooling" | "wrong_chain" | "disabled";
                                chainVerified: boolean;
                                latencyMs: number | null;
                                consecutiveFailures: number;
                                cooldownUntil: string | null;
                                lastError: string | null;
                                lastErrorAt: string | null;
                            }[];
                        }[];
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTransactionBalanceChanges: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "balance_comparison";
                        transactionId: string;
                        status: string;
                        /** @description Predicted by simulation at intake (or at signing after a wait) */
                        simulated: {
                            address: string;
                            /** @description `native` or the token contract */
                            asset: string;
                            /** @description Signed, base units */
                            delta: string;
                        }[];
                        /** @description From the mined receipt; null until the transaction is mined */
                        actual: {
                            address: string;
                            /** @description `native` or the token contract */
                            asset: string;
                            /** @description Signed, base units */
                            delta: string;
                        }[] | null;
                        /** @description Where actual and simulated differ; empty when they match */
                        differences: {
                            address: string;
                            asset: string;
                            simulated: string;
                            actual: string;
                        }[] | null;
                        /** @description Gas fee paid by the signer (gasUsed × effectiveGasPrice), not part of the changes above */
                        fee: {
                            wei: string;
                        } | null;
                        /** @description What the comparison covers */
                        note: string;
                    };
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource, or not one the calling key may see (`not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A path parameter is too long (`uri_too_long`) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSigningPreview: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The chain the end user signs on (a configured chain) */
                    chainId: number;
                    /** @description EIP-712 typed data as passed to `eth_signTypedData_v4`; integers as numbers or decimal strings */
                    typedData?: {
                        /** @description EIP712Domain fields: name, version, chainId, verifyingContract, salt */
                        domain: {
                            [key: string]: unknown;
                        };
                        /** @description Struct types by name; `EIP712Domain` optional (derived from `domain` when absent) */
                        types: {
                            [key: string]: {
                                name: string;
                                type: string;
                            }[];
                        };
                        primaryType: string;
                        message: {
                            [key: string]: unknown;
                        };
                    };
                    /** @description An EIP-191 personal message (`personal_sign`): text, or 0x-hex bytes */
                    message?: string;
                    /** @description The end user's address (the account asked to sign) */
                    signer?: string;
                    /** @description The site asking for the signature (`app.example.com`); a personal message naming another is flagged */
                    origin?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigningPreview"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createLiabilitySnapshot: {
        parameters: {
            query?: {
                /** @description CSV uploads: when the balances held */
                asOf?: string;
            };
            header?: {
                /** @description Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description When the balances held (ISO 8601) */
                    asOf: string;
                    /** @description One row per user and asset */
                    rows: {
                        userId: string;
                        asset: string;
                        balance: string;
                    }[];
                } | string;
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LiabilitySnapshot"];
                };
            };
            /** @description The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown, revoked or unapproved one (`unauthenticated`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server accepts (`payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON (`unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected fault (`internal_error`); the log has the details under the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    onAccessRequestCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "access_request.created";
                    data?: {
                        object: components["schemas"]["AccessRequest"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onAccessRequestApproved: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "access_request.approved";
                    data?: {
                        object: components["schemas"]["AccessRequest"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onAccessRequestRejected: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "access_request.rejected";
                    data?: {
                        object: components["schemas"]["AccessRequest"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onApiKeyCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "api_key.created";
                    data?: {
                        object: components["schemas"]["ApiKey"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onApiKeyRevoked: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "api_key.revoked";
                    data?: {
                        object: components["schemas"]["ApiKey"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onBreakerTripped: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "breaker.tripped";
                    data?: {
                        object: components["schemas"]["Breaker"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onBreakerReset: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "breaker.reset";
                    data?: {
                        object: components["schemas"]["Breaker"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onEndpointDisabled: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "endpoint.disabled";
                    data?: {
                        object: components["schemas"]["WebhookEndpoint"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPaymentIntentCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payment_intent.created";
                    data?: {
                        object: components["schemas"]["PaymentIntent"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPaymentIntentProcessing: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payment_intent.processing";
                    data?: {
                        object: components["schemas"]["PaymentIntent"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPaymentIntentSucceeded: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payment_intent.succeeded";
                    data?: {
                        object: components["schemas"]["PaymentIntent"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPaymentIntentUnderpaid: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payment_intent.underpaid";
                    data?: {
                        object: components["schemas"]["PaymentIntent"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPaymentIntentExpired: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payment_intent.expired";
                    data?: {
                        object: components["schemas"]["PaymentIntent"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPaymentIntentPaidLate: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payment_intent.paid_late";
                    data?: {
                        object: components["schemas"]["PaymentIntent"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPaymentIntentReorged: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payment_intent.reorged";
                    data?: {
                        object: components["schemas"]["PaymentIntent"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPaymentIntentSwept: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payment_intent.swept";
                    data?: {
                        object: components["schemas"]["PaymentIntent"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPaymentIntentSweepFailed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payment_intent.sweep_failed";
                    data?: {
                        object: components["schemas"]["PaymentIntent"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPaymentIntentCancelled: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payment_intent.cancelled";
                    data?: {
                        object: components["schemas"]["PaymentIntent"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPaymentIntentUnexpectedDeposit: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payment_intent.unexpected_deposit";
                    data?: {
                        object: components["schemas"]["PaymentIntent"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onUserOperationCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "user_operation.created";
                    data?: {
                        object: {
                            /** @constant */
                            object: "user_operation";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onUserOperationReviewRequired: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "user_operation.review_required";
                    data?: {
                        object: {
                            /** @constant */
                            object: "user_operation";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onUserOperationSignatureRequired: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "user_operation.signature_required";
                    data?: {
                        object: {
                            /** @constant */
                            object: "user_operation";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onUserOperationSubmitted: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "user_operation.submitted";
                    data?: {
                        object: {
                            /** @constant */
                            object: "user_operation";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onUserOperationIncluded: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "user_operation.included";
                    data?: {
                        object: {
                            /** @constant */
                            object: "user_operation";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onUserOperationConfirmed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "user_operation.confirmed";
                    data?: {
                        object: {
                            /** @constant */
                            object: "user_operation";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onUserOperationFailed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "user_operation.failed";
                    data?: {
                        object: {
                            /** @constant */
                            object: "user_operation";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onUserOperationReorged: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "user_operation.reorged";
                    data?: {
                        object: {
                            /** @constant */
                            object: "user_operation";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSessionKeyGranted: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "session_key.granted";
                    data?: {
                        object: {
                            /** @constant */
                            object: "session_key";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSessionKeyRevoked: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "session_key.revoked";
                    data?: {
                        object: {
                            /** @constant */
                            object: "session_key";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPrincipalCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "principal.created";
                    data?: {
                        object: components["schemas"]["Principal"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onRefundCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "refund.created";
                    data?: {
                        object: components["schemas"]["Refund"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onRefundSucceeded: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "refund.succeeded";
                    data?: {
                        object: components["schemas"]["Refund"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onRefundReorged: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "refund.reorged";
                    data?: {
                        object: components["schemas"]["Refund"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onRefundFailed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "refund.failed";
                    data?: {
                        object: components["schemas"]["Refund"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPolicyProposed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "policy.proposed";
                    data?: {
                        object: components["schemas"]["PolicyVersion"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPolicyActivated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "policy.activated";
                    data?: {
                        object: components["schemas"]["PolicyVersion"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTreasuryMandateProposed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "treasury.mandate_proposed";
                    data?: {
                        object: {
                            /** @constant */
                            object: "treasury_mandate_version";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTreasuryMandateActivated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "treasury.mandate_activated";
                    data?: {
                        object: {
                            /** @constant */
                            object: "treasury_mandate_version";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTreasuryPlanCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "treasury.plan_created";
                    data?: {
                        object: {
                            /** @constant */
                            object: "treasury_plan";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTreasuryMovementConfirmed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "treasury.movement_confirmed";
                    data?: {
                        object: {
                            /** @constant */
                            object: "treasury_plan";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTreasuryPlanExecuted: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "treasury.plan_executed";
                    data?: {
                        object: {
                            /** @constant */
                            object: "treasury_plan";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPayeeCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payee.created";
                    data?: {
                        object: {
                            /** @constant */
                            object: "payee";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPayeeAddressChangeRequested: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payee.address_change_requested";
                    data?: {
                        object: {
                            /** @constant */
                            object: "payee_address_change";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPayeeAddressChangeApproved: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payee.address_change_approved";
                    data?: {
                        object: {
                            /** @constant */
                            object: "payee_address_change";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPayeeAddressChangeRejected: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payee.address_change_rejected";
                    data?: {
                        object: {
                            /** @constant */
                            object: "payee_address_change";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPayeeDisabled: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payee.disabled";
                    data?: {
                        object: {
                            /** @constant */
                            object: "payee";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onAccrualCredited: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "accrual.credited";
                    data?: {
                        object: {
                            /** @constant */
                            object: "accrual_credit";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onAccrualSettled: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "accrual.settled";
                    data?: {
                        object: {
                            /** @constant */
                            object: "accrual_settlement";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onAccrualStreamCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "accrual.stream_created";
                    data?: {
                        object: {
                            /** @constant */
                            object: "accrual_stream";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onAccrualStreamStopped: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "accrual.stream_stopped";
                    data?: {
                        object: {
                            /** @constant */
                            object: "accrual_stream";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPayoutRunCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payout_run.created";
                    data?: {
                        object: {
                            /** @constant */
                            object: "payout_run";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPayoutRunReviewRequired: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payout_run.review_required";
                    data?: {
                        object: {
                            /** @constant */
                            object: "payout_run";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPayoutRunExecuting: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payout_run.executing";
                    data?: {
                        object: {
                            /** @constant */
                            object: "payout_run";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPayoutRunCompleted: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payout_run.completed";
                    data?: {
                        object: {
                            /** @constant */
                            object: "payout_run";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPayoutRunCompletedWithFailures: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payout_run.completed_with_failures";
                    data?: {
                        object: {
                            /** @constant */
                            object: "payout_run";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPayoutRunLineFailed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "payout_run.line_failed";
                    data?: {
                        object: {
                            /** @constant */
                            object: "payout_run";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTreasuryAlert: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "treasury.alert";
                    data?: {
                        object: {
                            /** @constant */
                            object: "treasury_alert";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSwapSucceeded: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "swap.succeeded";
                    data?: {
                        object: components["schemas"]["Swap"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSwapFailed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "swap.failed";
                    data?: {
                        object: components["schemas"]["Swap"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTransactionCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "transaction.created";
                    data?: {
                        object: components["schemas"]["TransactionResource"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTransactionRejected: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "transaction.rejected";
                    data?: {
                        object: components["schemas"]["TransactionResource"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTransactionReviewRequired: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "transaction.review_required";
                    data?: {
                        object: components["schemas"]["TransactionResource"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTransactionApproved: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "transaction.approved";
                    data?: {
                        object: components["schemas"]["TransactionResource"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTransactionSubmitted: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "transaction.submitted";
                    data?: {
                        object: components["schemas"]["TransactionResource"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTransactionReplaced: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "transaction.replaced";
                    data?: {
                        object: components["schemas"]["TransactionResource"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTransactionReorged: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "transaction.reorged";
                    data?: {
                        object: components["schemas"]["TransactionResource"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTransactionReorgedAfterFinal: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "transaction.reorged_after_final";
                    data?: {
                        object: components["schemas"]["TransactionResource"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTransactionConfirmed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "transaction.confirmed";
                    data?: {
                        object: components["schemas"]["TransactionResource"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTransactionReverted: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "transaction.reverted";
                    data?: {
                        object: components["schemas"]["TransactionResource"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTransactionFailed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "transaction.failed";
                    data?: {
                        object: components["schemas"]["TransactionResource"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTransactionExpired: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "transaction.expired";
                    data?: {
                        object: components["schemas"]["TransactionResource"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onTransactionCancelled: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "transaction.cancelled";
                    data?: {
                        object: components["schemas"]["TransactionResource"];
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onLiabilitySnapshotCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "liability_snapshot.created";
                    data?: {
                        object: {
                            /** @constant */
                            object: "liability_snapshot";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onAttestationCreated: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "attestation.created";
                    data?: {
                        object: {
                            /** @constant */
                            object: "attestation";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onAttestationPublished: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "attestation.published";
                    data?: {
                        object: {
                            /** @constant */
                            object: "attestation";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onAttestationRecorded: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "attestation.recorded";
                    data?: {
                        object: {
                            /** @constant */
                            object: "attestation";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onWebhookTest: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate */
                "webhook-id": string;
                /** @description Seconds since the epoch when this attempt was signed */
                "webhook-timestamp": string;
                /** @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"] & {
                    /** @constant */
                    type?: "webhook.test";
                    data?: {
                        object: {
                            /** @constant */
                            object: "webhook_test";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Gone: Keel disables the endpoint */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any 2xx answer acknowledges the delivery */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (or no answer in time) is retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
