import { isIP } from 'node:net';
import { z } from 'zod';
import { getAddress, type Address } from 'viem';
import { ADDRESS_RULE, isAcceptedAddress } from '../lib/address.ts';

/**
 * The one configuration schema. Parsed once at boot into a frozen object; every default
 * lives here so `docs/configuration.md` can be checked against it.
 */

/** An address: checksummed, or all one case (lower or upper); answered checksummed. */
export const addressSchema = z
  .string()
  .refine(isAcceptedAddress, { message: ADDRESS_RULE })
  .transform((s) => getAddress(s) as Address);

const urlSchema = z.string().url();

/** A proxy Fastify (proxy-addr) can trust: an IP, a CIDR range, or one of its named ranges. */
function isProxyAddress(s: string): boolean {
  if (s === 'loopback' || s === 'linklocal' || s === 'uniquelocal') return true;
  const [ip, prefix, ...rest] = s.split('/');
  const family = isIP(ip ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const proxyAddress = z
  .string()
  .trim()
  .refine(isProxyAddress, 'an IP address, a CIDR range (10.0.0.0/8), or loopback, linklocal, uniquelocal');

/**
 * Whose `X-Forwarded-For` Keel believes (Fastify's `trustProxy`): nobody (`false`), anybody
 * (`true`: any client then picks its own IP for the per-IP limits), or the listed proxies (a list,
 * or one comma-separated string as an environment variable gives it). A hop count is refused:
 * it cannot tell a proxy from a client that reaches Keel directly, and Fastify 5.12 ignores it
 * (it trusts nobody then), so it would look like protection and give none.
 */
export const trustProxySchema = z
  .unknown()
  .superRefine((v, ctx) => {
    if (typeof v === 'number') {
      ctx.addIssue({
        code: 'custom',
        message:
          'a hop count cannot tell a proxy from a client that reaches Keel directly: list the proxies (addresses or CIDR ranges)',
      });
    }
  })
  .pipe(
    z.union([
      z.boolean(),
      z.array(proxyAddress).min(1),
      z
        .string()
        .transform((s) => s.split(',').map((p) => p.trim()))
        .pipe(z.array(proxyAddress).min(1)),
    ]),
  );

export const priceFeedSchema = z.strictObject({
  /** Chainlink AggregatorV3Interface feed quoting the asset in USD. */
  address: addressSchema,
  /** An answer older than this is reported stale (values are still shown, flagged). */
  heartbeatSeconds: z.number().int().positive().default(3600),
});

export const assetSchema = z.strictObject({
  symbol: z
    .string()
    .min(1)
    .max(16)
    .regex(/^[A-Za-z0-9.\-_]+$/, 'letters, digits, . - _ only'),
  name: z.string().min(1).optional(),
  address: addressSchema,
  decimals: z.number().int().min(0).max(36),
  priceFeed: priceFeedSchema.optional(),
});

export const spenderSchema = z.strictObject({
  name: z.string().min(1),
  address: addressSchema,
  kind: z.enum(['dex_router', 'vault', 'bridge', 'other']).default('other'),
});

/** An end-user wallet of a demo world, named in the address book and offered by the dashboard. */
export const demoUserSchema = z.strictObject({
  name: z.string().min(1).max(100),
  address: addressSchema,
  /** What the wallet shows (its seeded allowances, positions…). */
  note: z.string().max(200).optional(),
});

export const vaultSchema = z.strictObject({
  name: z.string().min(1),
  /** ERC-4626 vault contract; its share token is the vault itself. */
  address: addressSchema,
  /** Symbol of the underlying asset as configured under `assets` of the same chain. */
  asset: z.string().min(1),
});

/** A decentralised exchange on one chain: a Uniswap V2 router and the pools swaps may route through. */
export const dexSchema = z.strictObject({
  /** Uniswap V2 Router02 (swaps are sent to it). */
  router: addressSchema,
  pools: z
    .array(
      z.strictObject({
        /** A Uniswap V2 pair. */
        address: addressSchema,
        /** Its two tokens, by configured symbol on this chain. */
        tokens: z.tuple([z.string().min(1), z.string().min(1)]),
      }),
    )
    .default([]),
});

const bpsSchema = z.number().int().min(0).max(10_000);
const usdAmountSchema = z.string().regex(/^(0|[1-9]\d{0,15})(\.\d{1,8})?$/, 'a USD amount such as "10000"');

/** Guard limits of swaps (defaults, and per pair under `swaps.pairs`). */
const swapGuardFields = {
  /** Largest slippage a quote may ask for, in basis points. */
  maxSlippageBps: bpsSchema.optional(),
  /** Largest price impact a quote may have, in basis points. */
  maxPriceImpactBps: bpsSchema.optional(),
  /** Largest deviation between the pool price and the price feeds, in basis points. */
  maxOracleDeviationBps: bpsSchema.optional(),
  /** Least liquidity (USD, on the thinner side) of every pool on a route. */
  minLiquidityUsd: usdAmountSchema.optional(),
};

export const rpcPolicySchema = z.strictObject({
  /** Per-request timeout, per attempt. */
  timeoutMs: z.number().int().positive().default(10_000),
  /** Total attempts of one request across all endpoints (first try included). */
  maxAttempts: z.number().int().min(1).max(20).default(4),
  backoffBaseMs: z.number().int().min(0).default(200),
  backoffMaxMs: z.number().int().min(0).default(5_000),
  /** Requests in flight per endpoint; further requests wait for a slot. */
  maxConcurrencyPerEndpoint: z.number().int().min(1).default(16),
  /** How long a failing endpoint is ranked last before it is tried first again. */
  cooldownMs: z.number().int().min(0).default(30_000),
  /** Upper bound honoured for a 429/503 `Retry-After`; longer waits fail over instead. */
  maxRetryAfterMs: z.number().int().min(0).default(10_000),
});

export const chainSchema = z.strictObject({
  name: z.string().min(1),
  nativeSymbol: z.string().min(1).default('ETH'),
  nativeDecimals: z.number().int().min(0).max(36).default(18),
  /** USD feed for the native coin, used for portfolio values and gas costs. */
  nativePriceFeed: priceFeedSchema.optional(),
  /** Several URLs give failover; they are ranked by health at run time. */
  rpcUrls: z.array(urlSchema).min(1, 'at least one RPC URL is required'),
  /**
   * ERC-4337 bundler endpoints (eth_sendUserOperation …) for smart accounts on this chain;
   * several give failover, with the same health ranking and retry policy (`rpc`) as `rpcUrls`.
   */
  bundlerUrls: z.array(urlSchema).default([]),
  confirmations: z.number().int().min(0).default(12),
  /** `confirmations`: final after `confirmations` blocks; `finalized`: the chain's finalized tag. */
  finality: z.enum(['confirmations', 'finalized']).default('confirmations'),
  /** Largest block range per eth_getLogs request. */
  logRange: z.number().int().positive().default(2_000),
  pollIntervalMs: z.number().int().positive().default(4_000),
  /**
   * How far back (in blocks below the head) the reconciler compares the blocks of final
   * transactions with the chain, to notice a reorganisation deeper than `confirmations`.
   */
  reconcileHorizonBlocks: z.number().int().positive().default(10_000),
  /** Multicall3-compatible contract used for batched reads. */
  multicall3: addressSchema.default('0xcA11bde05977b3631167028862bE2a173976CA11'),
  assets: z.array(assetSchema).default([]),
  spenders: z.array(spenderSchema).default([]),
  vaults: z.array(vaultSchema).default([]),
  /**
   * End-user wallets of a demo world (dev and test chains; refused in production): the address
   * book names them (kind `demo_user`) and the dashboard offers them as one-click portfolio lookups.
   */
  demoUsers: z.array(demoUserSchema).default([]),
  /** The exchange swaps go through on this chain (docs/swaps.md); no swaps without it. */
  dex: dexSchema.optional(),
  rpc: rpcPolicySchema.partial().optional(),
});

const signerBase = {
  /** How the API and jobs name this account, e.g. `treasury`. */
  name: z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, _ and - (starting with a letter)'),
  /** What the account is for: `treasury`, `operations`, or another lower-case word. */
  role: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'a lower-case word such as treasury or operations'),
};

/** A signer account: an encrypted keystore, a development key, or a remote JSON-RPC signer. */
export const signerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...signerBase,
    type: z.literal('local'),
    /** Ethereum V3 keystore JSON (scrypt or pbkdf2, aes-128-ctr), relative to the working directory. */
    keystore: z.string().min(1),
    /** Name of the environment variable holding the keystore password (never the password itself). */
    passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name, e.g. KEEL_TREASURY_PASSWORD'),
  }),
  z.strictObject({
    ...signerBase,
    type: z.literal('local_dev'),
    /** A plaintext key: development and test only (refused in production). */
    privateKey: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x followed by 64 hex digits'),
  }),
  z.strictObject({
    ...signerBase,
    type: z.literal('remote'),
    /** JSON-RPC endpoint answering `eth_signTransaction` for `address`. */
    url: urlSchema,
    address: addressSchema,
    /** Extra HTTP headers (e.g. `Authorization: Bearer ${SIGNER_TOKEN}`); values are never logged. */
    headers: z.record(z.string(), z.string()).optional(),
    /** Deadline of one signing request. */
    timeoutMs: z.number().int().positive().default(10_000),
  }),
]);

export const devnetSchema = z.strictObject({
  /** Chains `keel dev` starts with anvil: chain id → port. */
  chains: z
    .record(
      z.string().regex(/^\d+$/),
      z.strictObject({
        port: z.number().int().min(1).max(65535),
        /** Port of the chain's ERC-4337 bundler on 127.0.0.1; omitted: a free port (named in .keel/dev.json). */
        bundlerPort: z.number().int().min(1).max(65535).optional(),
      }),
    )
    .default({}),
  /** Run an ERC-4337 bundler (alto) beside each dev chain (about 190 MB of memory each). */
  bundler: z.boolean().default(true),
  /** Seconds between blocks; 0 mines on every transaction. */
  blockTimeSeconds: z.number().min(0).default(1),
  /** Seconds between anvil's state dumps to `.keel/chains/`; a hard kill loses what came after the last one. */
  stateIntervalSeconds: z.number().int().min(1).default(10),
});

export const configSchema = z
  .object({
    env: z.enum(['development', 'test', 'production']).default('development'),
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        /** Public base URL, used in links Keel hands out (checkout pages, docs). */
        publicUrl: urlSchema.optional(),
        /** Whose `X-Forwarded-For` to believe: false, true, or the proxies' addresses / CIDR ranges. */
        trustProxy: trustProxySchema.default(false),
        bodyLimitBytes: z.number().int().positive().default(1_048_576),
        /**
         * A separate listener for `/metrics` and `/ready` (and `/health`), in every role; the API
         * port then serves `/health` only. Unset: everything on the API port (development).
         */
        opsPort: z.number().int().min(0).max(65535).optional(),
        /** Listen address of the ops listener. */
        opsHost: z.string().default('127.0.0.1'),
        /**
         * How long a request holding an `Idempotency-Key` keeps it without renewing (it renews
         * every third of this while it runs); a key whose holder died is free again after it.
         */
        idempotencyLeaseMs: z.number().int().min(500).default(30_000),
      })
      .refine((s) => s.opsPort === undefined || s.opsPort === 0 || s.opsPort !== s.port, {
        message: 'must differ from server.port',
        path: ['opsPort'],
      })
      .prefault({}),
    database: z
      .object({
        /** Postgres server URL (a secret: no default). Without it Keel uses PGlite. */
        url: z.string().min(1).optional(),
        /** PGlite data directory when no `url` is set. */
        pglitePath: z.string().min(1).default('.keel/db'),
        poolSize: z.number().int().min(1).default(10),
      })
      .prefault({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
        pretty: z.boolean().default(false),
      })
      .prefault({}),
    auth: z
      .object({
        rateLimit: z
          .object({
            /** Requests per key per window; 0 disables the limit. */
            max: z.number().int().min(0).default(600),
            /** Requests per client IP per window on the public routes that face end users (the checkout's read); 0 disables it. */
            publicMax: z.number().int().min(0).default(300),
            windowSeconds: z.number().int().positive().default(60),
          })
          .prefault({}),
        /**
         * Distinct principals, other than the requester and the principal receiving the access,
         * that must approve a new principal or a key with a privileged scope (review,
         * policy:approve, admin) or for another principal. The CLI bootstraps without approval.
         */
        approvalsRequired: z.number().int().min(1).max(20).default(1),
        /**
         * Failed authentications (401) one client IP may cause per clock minute before its
         * requests to keyed routes answer 429, counted in the database across replicas; 0 disables it.
         */
        failedAuthPerMinute: z.number().int().min(0).default(20),
      })
      .prefault({}),
    rpc: rpcPolicySchema.prefault({}),
    portfolio: z
      .object({
        maxAddresses: z.number().int().min(1).max(10_000).default(200),
        /**
         * Calls per Multicall3 `aggregate3` eth_call; a chain's chunks are sent at once. Chunk
         * sizes from 100 to 3,000 measured within noise of each other on anvil (200 addresses,
         * Dec 2026); 1,000 keeps each request near 0.5 MB, under providers' body limits.
         */
        multicallBatchSize: z.number().int().min(1).default(1_000),
      })
      .prefault({}),
    secrets: z.strictObject({
      /**
       * 32 random bytes, base64: encrypts secrets Keel must be able to use again (webhook
       * signing secrets) at rest with AES-256-GCM. A secret: no default.
       */
      encryptionKey: z
        .string()
        .refine(
          (s) => Buffer.from(s, 'base64').length === 32 && /^[A-Za-z0-9+/]+=*$/.test(s),
          'must be 32 random bytes in base64 (openssl rand -base64 32)',
        ),
    }),
    webhooks: z
      .strictObject({
        /** Deadline of one delivery attempt. */
        timeoutMs: z.number().int().positive().default(15_000),
        /** Delay before each attempt, the first included (seconds). Its length is the number of attempts. */
        retryScheduleSeconds: z
          .array(z.number().min(0))
          .min(1)
          .default([0, 5, 300, 1_800, 7_200, 18_000, 36_000, 36_000]),
        /** Random spread of each delay, as a fraction (0.1 = ±10%). */
        jitter: z.number().min(0).max(1).default(0.1),
        /** Deliveries in flight per endpoint across all workers. */
        maxConcurrencyPerEndpoint: z.number().int().min(1).default(4),
        /** Deliveries in flight per worker process. */
        workerConcurrency: z.number().int().min(1).default(32),
        /** An endpoint failing without a success for this long is disabled. */
        disableAfterHours: z.number().positive().default(120),
        /** After a secret rotation, deliveries are signed with both secrets for this long. */
        rotationOverlapHours: z.number().min(0).default(24),
        /** Accept `http://` URLs (else only https). */
        allowHttp: z.boolean().default(false),
        /** Accept URLs resolving to loopback or private addresses (development only); link-local and metadata ones never. */
        allowPrivateNetworks: z.boolean().default(false),
        /** Longest excerpt of a response body kept in the delivery log (public receivers only; sanitised). */
        responseBodyLimitBytes: z.number().int().min(0).max(1_024).default(256),
        /** How often workers look for due deliveries when no notification wakes them. */
        pollIntervalMs: z.number().int().positive().default(1_000),
        /** Deliveries claimed per query. */
        claimBatchSize: z.number().int().min(1).default(100),
        /** Longest `Retry-After` honoured on 429/503; longer waits use this. */
        maxRetryAfterSeconds: z.number().int().min(0).default(86_400),
      })
      .prefault({}),
    sponsorship: z
      .strictObject({
        /** Deadline of a sponsorship policy's backend hook (its default and its largest `timeoutMs`). */
        backendTimeoutMs: z.number().int().min(100).max(30_000).default(2_000),
      })
      .prefault({}),
    // <policy-config> (policy module: its config section goes here)
    policy: z
      .strictObject({
        /**
         * The first policy version, inline (format: docs/policy.md). Validated at boot by the
         * policy module; used only while the database holds no policy version.
         */
        document: z.record(z.string(), z.unknown()).optional(),
        /** Or a YAML/JSON file holding it, relative to the working directory. */
        file: z.string().min(1).optional(),
        /** Distinct principals (with a key holding policy:approve, never the proposer's) that must approve a policy proposal. */
        approvalsRequired: z.number().int().min(1).max(20).default(2),
      })
      .refine((p) => !(p.document && p.file), 'set policy.document or policy.file, not both')
      .prefault({}),
    pipeline: z
      .strictObject({
        /** A transaction waiting for human review longer than this becomes `expired`. */
        reviewExpiresAfterSeconds: z.number().int().positive().default(86_400),
        /** A broadcast transaction not included after this long is re-signed at the same nonce with a higher fee. */
        stuckAfterSeconds: z.number().positive().default(180),
        /** Fee increase of each replacement, in percent (nodes require at least 10%; Keel at least 12.5%). */
        feeBumpPercent: z.number().min(12.5).max(500).default(12.5),
        /** Replacements of one transaction before Keel stops raising the fee (and keeps waiting). */
        maxFeeBumps: z.number().int().min(0).max(50).default(5),
        /** A transaction simulated at intake longer ago than this (e.g. after review) is simulated again before signing. */
        resimulateAfterSeconds: z.number().min(0).default(10),
        /** Gas limit = simulated gas used plus this margin, in percent. */
        gasMarginPercent: z.number().int().min(0).max(200).default(25),
        /** Transactions one worker process drives at a time. */
        workerConcurrency: z.number().int().min(1).max(1_000).default(32),
        /** How often workers look for due work when no notification wakes them. */
        pollIntervalMs: z.number().int().positive().default(1_000),
        /** How long a worker holds a transaction before another may take it over (the holder died). */
        leaseMs: z.number().int().min(1_000).default(30_000),
        /** How often each signer's nonces are checked for gaps (and gaps older than a lease healed). */
        nonceCheckSeconds: z.number().positive().default(60),
        /** How often each worker compares the chains with Keel's final records (rollbacks, deep reorgs); it also runs at start. */
        reconcileIntervalSeconds: z.number().positive().default(30),
      })
      .prefault({}),
    swaps: z
      .strictObject({
        /** How long a quote can be executed. */
        quoteTtlSeconds: z.number().int().min(5).max(600).default(30),
        /** The router call's deadline, from execution: a swap not mined by then reverts (a review that outlasts it ends in swap_deadline_passed). */
        deadlineSeconds: z.number().int().min(30).max(86_400).default(600),
        /**
         * Unused: swaps settle when their transaction becomes final (outcome hooks). Accepted so
         * existing configuration files still load.
         */
        settleIntervalMs: z.number().int().min(100).max(60_000).default(1000),
        /** Slippage of a quote that names none, in basis points. */
        defaultSlippageBps: bpsSchema.default(50),
        maxSlippageBps: bpsSchema.default(100),
        maxPriceImpactBps: bpsSchema.default(300),
        maxOracleDeviationBps: bpsSchema.default(200),
        minLiquidityUsd: usdAmountSchema.default('10000'),
        /** Automatic circuit breaking: a pool is tripped after this many guard refusals (oracle, unreadable pool) within the window. */
        breaker: z
          .strictObject({
            tripAfter: z.number().int().min(1).default(5),
            windowSeconds: z.number().int().positive().default(300),
          })
          .prefault({}),
        /** Tighter or looser limits for particular pairs (by symbol, either order). */
        pairs: z
          .array(z.strictObject({ tokens: z.tuple([z.string().min(1), z.string().min(1)]), ...swapGuardFields }))
          .default([]),
      })
      .prefault({}),
    treasury: z
      .strictObject({
        /** How often workers record the share prices of every active mandate's vaults (history, drawdown, APY). */
        sharePriceIntervalSeconds: z.number().int().min(1).max(86_400).default(300),
        /** How often workers watch every active mandate's vaults (drawdown, code, maxWithdraw, pause) and trip breakers. */
        watchIntervalSeconds: z.number().int().min(1).max(86_400).default(60),
        /** How long a plan can be executed after it was made (then 409 plan_stale: make a new plan). */
        planTtlSeconds: z.number().int().min(30).max(86_400).default(900),
      })
      .prefault({}),
    signing: z
      .strictObject({
        /** A permit deadline or allowance expiration further away than this is flagged `long_expiry` (docs/signing-previews.md). */
        maxExpirySeconds: z
          .number()
          .int()
          .min(60)
          .max(10 * 365 * 86_400)
          .default(30 * 86_400),
        /** Amounts (base units, decimal) at or above this count as unlimited, beside max uint160 and max uint256. */
        unlimitedThreshold: z
          .string()
          .regex(/^[1-9]\d{0,77}$/, 'a positive integer in base units, as a decimal string')
          .default((1n << 128n).toString()),
        /** Hex characters compared at each end of an address: the same ends, another address, is `lookalike_address`. */
        lookalike: z
          .strictObject({
            prefixChars: z.number().int().min(1).max(20).default(4),
            suffixChars: z.number().int().min(1).max(20).default(4),
          })
          .prefault({}),
      })
      .prefault({}),
    payouts: z
      .strictObject({
        // <payees-config> (the payee book: docs/payouts.md#payees-and-address-safety)
        /** How long a new or changed payout address is held (from its request) before it can be paid, besides its approval. */
        addressCoolOffSeconds: z
          .number()
          .int()
          .min(0)
          .max(30 * 86_400)
          .default(86_400),
        // </payees-config>
        // <accruals-config> (micro-payouts and streams: docs/payouts.md)
        /** Micro-payouts (docs/payouts.md): credits accrue per payee and are paid when economical. */
        micro: z
          .strictObject({
            /** A balance is paid once it is at least this many times the estimated fee of paying one recipient. */
            feeMultiple: z.number().int().min(1).max(1_000_000).default(20),
            /** A balance is paid at the latest this long after its oldest unpaid credit, whatever the fee. */
            maxIntervalSeconds: z
              .number()
              .int()
              .min(1)
              .max(365 * 86_400)
              .default(7 * 86_400),
            /** How often workers look for balances due and settle streams; also the window of a run key. */
            checkIntervalSeconds: z.number().int().min(1).max(86_400).default(60),
            /** An amount released by a failed or carried line waits this long before it is paid again. */
            retryAfterSeconds: z
              .number()
              .int()
              .min(0)
              .max(30 * 86_400)
              .default(3_600),
            /** Recipients per run at most (the rest wait for the next window). */
            maxRecipientsPerRun: z.number().int().min(1).max(10_000).default(1_000),
          })
          .prefault({}),
        /** Streaming compensation: a rate per second, settled on a schedule. */
        streams: z
          .strictObject({
            /** Streams are settled at multiples of this interval (UTC): what accrued up to that instant is paid. */
            settleIntervalSeconds: z
              .number()
              .int()
              .min(1)
              .max(31 * 86_400)
              .default(86_400),
          })
          .prefault({}),
        // </accruals-config>
        // <runs-config> (payout plans and runs: docs/payouts.md)
        /** KeelBatchPayout (docs/payouts.md): the same address on every chain. Payout runs need it. */
        batchContract: addressSchema.optional(),
        /** The signer payout runs pay from (it approves the batch contract, exactly, per run). */
        signer: z.string().min(1).default('operations'),
        /** A run whose total is above this (USD) waits for a second principal's approval. */
        reviewThresholdUsd: usdAmountSchema.default('1000'),
        /** Recipients per `payout` transaction at most. */
        maxRecipientsPerTx: z.number().int().min(1).max(1_000).default(200),
        /** Gas one `payout` transaction may use at most (recipients per transaction are sized under it). */
        maxGasPerTx: z.number().int().min(100_000).max(30_000_000).default(6_000_000),
        /** Gas assumed per recipient when sizing (a new holder's cold balance write and the call). */
        gasPerRecipient: z.number().int().min(5_000).max(200_000).default(30_000),
        /** How often workers send runs whose lines were left unsent (a process stopped between a run and its batch). */
        dispatchIntervalMs: z.number().int().min(100).max(600_000).default(5_000),
        // </runs-config>
      })
      .prefault({}),
    attestations: z
      .strictObject({
        /** The signer that signs published attestations; default: the one signer with role `attestation`. */
        signer: z.string().min(1).optional(),
        /** Where published attestations are recorded (a KeelAttestationRegistry whose publisher is that signer). */
        registry: z.strictObject({ chainId: z.number().int().positive(), address: addressSchema }).optional(),
        /** Public JSON-RPC URL per chain id, shown on the public attestation so anyone can re-read reserves and the registry. */
        publicRpcUrls: z.record(z.string().regex(/^\d+$/, 'chain keys are decimal chain ids'), urlSchema).default({}),
        /** Most rows one liability snapshot may hold (one row: a user and an asset). */
        maxSnapshotRows: z.number().int().min(1).max(10_000_000).default(2_000_000),
        /** Largest liability snapshot upload (JSON or CSV), in bytes. */
        maxUploadBytes: z
          .number()
          .int()
          .min(1_024)
          .max(2 ** 30)
          .default(256 * 2 ** 20),
        /** Trees kept in memory per process to answer proofs (each rebuilt once from the stored leaves). */
        cachedTrees: z.number().int().min(1).max(64).default(2),
      })
      .prefault({}),
    // <smart-accounts-config> (account abstraction: docs/account-abstraction.md)
    smartAccounts: z
      .strictObject({
        /** The ERC-4337 EntryPoint (v0.8; the canonical address on every chain by default). */
        entryPoint: addressSchema.default('0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108'),
        /** KeelSmartAccountFactory: the same address on every chain. Smart accounts need it. */
        accountFactory: addressSchema.optional(),
        /** The signer that owns custodial accounts; default: the one signer with role `smart_account_owner`. */
        custodialSigner: z.string().min(1).optional(),
        /** KeelPaymaster (verifying paymaster): the same address on every chain. Sponsored gas needs it. */
        paymaster: addressSchema.optional(),
        /** The paymaster's verifying signer; default: the one signer with role `paymaster`. */
        paymasterSigner: z.string().min(1).optional(),
        /** How long a paymaster signature stays valid (its validUntil is now + this). */
        sponsorshipValiditySeconds: z.number().int().min(30).max(86_400).default(600),
        /** Below this EntryPoint deposit (in ETH, decimal), the deposit watch warns and `/ready` says degraded. */
        paymasterDepositFloorEth: z
          .string()
          .regex(/^\d{1,12}(\.\d{1,18})?$/, 'a decimal amount of ETH')
          .default('0.1'),
        /** How often the worker reads the paymaster's EntryPoint deposit on every configured chain. */
        depositWatchIntervalSeconds: z.number().int().min(1).max(86_400).default(60),
        /** The longest a session key may be granted for: its validUntil is at most this many days from the grant. */
        sessionKeyMaxDays: z.number().int().min(1).max(365).default(30),
        /** The user-operation worker (docs/account-abstraction.md#tracking-user-operations). */
        userOperationWorker: z
          .strictObject({
            /** User operations one worker process steps at once. */
            concurrency: z.number().int().min(1).max(256).default(8),
            /** A claimed operation's lease; a worker that dies loses it after this. */
            leaseMs: z.number().int().min(1_000).max(600_000).default(30_000),
            /** How often the worker looks for due operations (besides notifications). */
            pollIntervalMs: z.number().int().min(50).max(60_000).default(1_000),
            /** An external owner's signature is awaited this long when no sponsorship validity bounds it. */
            signatureTimeoutSeconds: z
              .number()
              .int()
              .min(30)
              .max(7 * 86_400)
              .default(900),
            /**
             * A submitted operation neither mined nor known to the bundler this long after its last
             * submission is sent again (the same signed operation).
             */
            resendAfterSeconds: z.number().int().min(1).max(3_600).default(15),
            /** A mined operation's block is re-checked until it is this many blocks deep (reorgs after confirmation). */
            reorgWatchBlocks: z.number().int().min(1).max(100_000).default(128),
          })
          .prefault({}),
      })
      .prefault({}),
    // </smart-accounts-config>
    payments: z
      .strictObject({
        /** KeelDepositFactory (docs/payments.md): the same address on every chain. Payment intents need it. */
        depositFactory: addressSchema.optional(),
        /** The signer that sweeps deposits: the factory's operator. */
        sweeper: z.string().min(1).default('operations'),
        /** The signer refunds are paid from (where sweeps land, the factory's treasury). */
        refundSigner: z.string().min(1).default('treasury'),
        /** Expiry of an intent that names none. */
        defaultExpiresInSeconds: z
          .number()
          .int()
          .min(60)
          .max(7 * 86_400)
          .default(900),
        /** After expiry, payments are still credited (flagged `paid_late`) for this long. */
        lateWindowSeconds: z
          .number()
          .int()
          .min(0)
          .max(30 * 86_400)
          .default(86_400),
        /** An intent short of its amount by at most this much still succeeds. */
        underpaymentToleranceBps: z.number().int().min(0).max(1_000).default(0),
        /** How often a worker expires intents (sweeps and refunds settle when their transactions become final). */
        tickMs: z.number().int().min(100).max(60_000).default(1_000),
        sweep: z
          .strictObject({
            /** How often confirmed deposits are swept to the treasury. */
            intervalSeconds: z.number().int().min(1).max(86_400).default(60),
            /** Deposit addresses per sweep transaction. */
            maxAddresses: z.number().int().min(1).max(200).default(20),
          })
          .prefault({}),
        /** Legacy rails the settlement report compares Keel's cost with. */
        comparators: z
          .array(
            z.strictObject({
              name: z.string().min(1).max(64),
              percent: z.string().regex(/^\d{1,3}(\.\d{1,4})?$/),
              fixedUsd: usdAmountSchema,
            }),
          )
          .default([
            { name: 'card', percent: '2.9', fixedUsd: '0.30' },
            { name: 'wire', percent: '0', fixedUsd: '25' },
          ]),
      })
      .prefault({}),
    // <signers-config> (signers and nonces: their config section goes here)
    /** Accounts Keel signs for (see docs/signers.md). Names and addresses are unique. */
    signers: z.array(signerSchema).default([]),
    chains: z
      .record(z.string().regex(/^\d+$/, 'chain keys are decimal chain ids'), chainSchema)
      .refine((c) => Object.keys(c).length > 0, 'at least one chain must be configured'),
    devnet: devnetSchema.optional(),
  })
  .superRefine((cfg, ctx) => {
    checkSigners(cfg, ctx);
    if (cfg.env === 'production' && cfg.webhooks.allowPrivateNetworks) {
      ctx.addIssue({
        code: 'custom',
        path: ['webhooks', 'allowPrivateNetworks'],
        message: 'must be false in production (SSRF guard)',
      });
    }
    for (const [id, chain] of Object.entries(cfg.chains)) {
      const symbols = new Set<string>();
      chain.assets.forEach((a, i) => {
        if (symbols.has(a.symbol)) {
          ctx.addIssue({
            code: 'custom',
            path: ['chains', id, 'assets', i, 'symbol'],
            message: `duplicate asset symbol ${a.symbol}`,
          });
        }
        symbols.add(a.symbol);
      });
      chain.dex?.pools.forEach((p, i) => {
        p.tokens.forEach((t, k) => {
          if (!symbols.has(t))
            ctx.addIssue({
              code: 'custom',
              path: ['chains', id, 'dex', 'pools', i, 'tokens', k],
              message: `unknown asset ${t} on chain ${id}`,
            });
        });
      });
      if (cfg.env === 'production' && chain.demoUsers.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['chains', id, 'demoUsers'],
          message: 'demo users are test wallets of a dev or test chain: refused in production',
        });
      }
      chain.vaults.forEach((v, i) => {
        if (!symbols.has(v.asset)) {
          ctx.addIssue({
            code: 'custom',
            path: ['chains', id, 'vaults', i, 'asset'],
            message: `unknown asset ${v.asset} on chain ${id}`,
          });
        }
      });
    }
  });

/** Signers: unique names and addresses; plaintext dev keys never in production. */
function checkSigners(cfg: { env: string; signers: z.output<typeof signerSchema>[] }, ctx: z.RefinementCtx): void {
  const names = new Set<string>();
  const addresses = new Set<string>();
  cfg.signers.forEach((s, i) => {
    if (names.has(s.name))
      ctx.addIssue({ code: 'custom', path: ['signers', i, 'name'], message: `duplicate signer name ${s.name}` });
    names.add(s.name);
    if (s.type === 'remote') {
      if (addresses.has(s.address))
        ctx.addIssue({
          code: 'custom',
          path: ['signers', i, 'address'],
          message: `address ${s.address} is configured twice`,
        });
      addresses.add(s.address);
    }
    if (s.type === 'local_dev' && cfg.env === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['signers', i, 'type'],
        message: 'local_dev keys are refused in production: use an encrypted keystore (type: local) or a remote signer',
      });
    }
  });
}

export type RawConfig = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type ChainSettings = z.output<typeof chainSchema>;
export type AssetSettings = z.output<typeof assetSchema>;
export type RpcPolicy = z.output<typeof rpcPolicySchema>;
export type PriceFeedSettings = z.output<typeof priceFeedSchema>;
export type SignerSettings = z.output<typeof signerSchema>;

/** A chain as the rest of Keel sees it: settings plus its id and the effective RPC policy. */
export interface ChainConfig extends Omit<ChainSettings, 'rpc'> {
  chainId: number;
  rpc: RpcPolicy;
}

export interface Config extends Omit<ParsedConfig, 'chains'> {
  chains: readonly ChainConfig[];
  /** Where the file came from (for messages); undefined when built in memory. */
  source?: string;
}
