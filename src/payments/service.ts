import type { Kysely } from 'kysely';
import { formatUnits, getAddress, maxUint256, parseUnits, type Address, type Hex } from 'viem';
import { z } from 'zod';
import { appendAudit } from '../audit/store.ts';
import { addressSchema, type Config } from '../config/schema.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import { endUserIdSchema } from '../lib/user-id.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import { KeelError, NotFoundError, UpstreamError, ValidationError, type FieldError } from '../lib/errors.ts';
import { newId, newUnguessableId } from '../lib/ids.ts';
import { decimalAmountSchema } from '../lib/money.ts';
import { decimalsOf, metadataSchema, prepareRequest } from '../pipeline/intake.ts';
import type { Pipeline } from '../pipeline/service.ts';
import type { SignerRegistry } from '../signers/index.ts';
import { depositAddress, forwarderInitCodeHash } from './deposit-address.ts';
import { keelDepositFactoryAbi } from '../contracts/abis.ts';
import { findUpstreamError, type ChainRegistry } from '../chain/index.ts';
import { refundResource, type PaymentIntentResource, type RefundResource } from './resource.ts';
import { refundable } from './state.ts';
import type { PaymentsStore } from './store.ts';
import type { IntentStatus } from './tables.ts';
import { REFUND_ORIGIN } from './worker.ts';

/**
 * Payment intents over the API: creating one (with its deposit address), cancelling, listing,
 * and refunds through the write path. What arrives at the addresses is the watcher's and the
 * store's (store.ts); sweeps are the worker's (worker.ts).
 */

export const createIntentSchema = z.strictObject({
  /** The amount due, in the asset's units. */
  amount: decimalAmountSchema,
  /** A configured asset symbol, e.g. `tUSD`. */
  asset: z.string().min(1).max(64),
  /** Chains the payment is accepted on (default: every chain where the asset is configured). */
  chains: z.array(z.number().int().positive()).min(1).max(20).optional(),
  /** Seconds until the intent expires (default `payments.defaultExpiresInSeconds`). */
  expiresInSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .optional(),
  /** The fintech's id of the paying customer: the end user of this intent's refunds (checked and normalised like every `userId`). */
  customerReference: endUserIdSchema().optional(),
  description: z.string().min(1).max(500).optional(),
  metadata: metadataSchema,
});
export type CreateIntentBody = z.output<typeof createIntentSchema>;

export const refundBodySchema = z.strictObject({
  amount: decimalAmountSchema,
  to: addressSchema,
  /** Where to pay the refund (default: the chain the payment arrived on). */
  chainId: z.number().int().positive().optional(),
  reason: z.enum(['overpayment', 'underpayment', 'full', 'unexpected_deposit', 'other']).default('other'),
});
export type RefundBody = z.output<typeof refundBodySchema>;

export class PaymentIntents {
  /** Chains whose factory was checked and found right (checked once per process). */
  readonly #factoryOk = new Set<number>();

  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      config: Config;
      chains: ChainRegistry;
      signers: SignerRegistry;
      pipeline: Pipeline;
      store: PaymentsStore;
    },
  ) {}

  /**
   * Before the first intent on a chain: the configured factory must be deployed there and
   * derive addresses from the same forwarder code as this build (`FORWARDER_INIT_CODE_HASH`).
   * Otherwise Keel would hand out addresses that factory can never sweep: 503, nothing created.
   */
  async #checkFactory(factory: Address, chainIds: readonly number[]): Promise<void> {
    for (const chainId of chainIds) {
      if (this.#factoryOk.has(chainId)) continue;
      const handle = this.deps.chains.get(chainId);
      let hash: Hex | null = null;
      try {
        hash = handle
          ? await handle.client.readContract({
              address: factory,
              abi: keelDepositFactoryAbi,
              functionName: 'FORWARDER_INIT_CODE_HASH',
            })
          : null;
      } catch (err) {
        if (findUpstreamError(err))
          throw new UpstreamError('chain_unavailable', `chain ${chainId} could not be read`, {
            userMessage: 'Payments are not available right now. Please try again shortly.',
          });
      }
      if (hash?.toLowerCase() !== forwarderInitCodeHash().toLowerCase()) {
        throw new KeelError(
          'payments_not_configured',
          `the deposit factory ${factory} on chain ${chainId} ${hash ? 'derives addresses from other forwarder code' : 'is not deployed (or not a KeelDepositFactory)'}: intents there would get addresses it cannot sweep`,
        );
      }
      this.#factoryOk.add(chainId);
    }
  }

  async create(body: CreateIntentBody, apiKeyId: string): Promise<PaymentIntentResource> {
    const { config, db } = this.deps;
    const factory = config.payments.depositFactory;
    if (!factory) throw new KeelError('payments_not_configured', 'payments.depositFactory is not configured');
    const errors: FieldError[] = [];
    const fail = (field: string, code: string, message: string) =>
      errors.push({ field: `body.${field}`, code, message });
    const withAsset = config.chains.filter((c) => c.assets.some((a) => a.symbol === body.asset));
    if (withAsset.length === 0) fail('asset', 'unknown_asset', `${body.asset} is not configured on any chain`);
    const chainIds = body.chains ?? withAsset.map((c) => c.chainId);
    if (new Set(chainIds).size !== chainIds.length) fail('chains', 'duplicate', 'each chain once');
    chainIds.forEach((id, i) => {
      const c = config.chains.find((x) => x.chainId === id);
      if (!c) fail(`chains.${i}`, 'unknown_chain', `chain ${id} is not configured`);
      else if (withAsset.length && !c.assets.some((a) => a.symbol === body.asset))
        fail(`chains.${i}`, 'asset_not_on_chain', `${body.asset} is not configured on chain ${id}`);
    });
    const decimalsSet = new Set(
      withAsset
        .filter((c) => chainIds.includes(c.chainId))
        .map((c) => c.assets.find((a) => a.symbol === body.asset)!.decimals),
    );
    if (decimalsSet.size > 1)
      fail(
        'asset',
        'decimals_differ',
        `${body.asset} has different decimals on the chains asked for; create one intent per chain`,
      );
    const decimals = [...decimalsSet][0] ?? 0;
    let amount = 0n;
    if (withAsset.length) {
      if (decimalsOf(body.amount) > decimals)
        fail(
          'amount',
          'too_many_decimals',
          `${body.asset} has ${decimals} decimals; the amount has ${decimalsOf(body.amount)}`,
        );
      else {
        amount = parseUnits(body.amount, decimals);
        if (amount === 0n) fail('amount', 'not_positive', 'the amount must be more than zero');
        else if (amount > maxUint256) fail('amount', 'too_big', 'the amount does not fit in 256 bits');
      }
    }
    if (errors.length) throw new ValidationError('the payment intent is not valid', errors);
    await this.#checkFactory(factory as Address, chainIds);

    // The id is the checkout link's only credential: never one guessable from a neighbour's.
    const id = newUnguessableId('pi');
    const now = Date.now();
    const expiresAt = new Date(now + (body.expiresInSeconds ?? config.payments.defaultExpiresInSeconds) * 1000);
    return db.transaction().execute(async (trx) => {
      await this.deps.store.insertIntent(trx, {
        id,
        asset: body.asset,
        decimals,
        amount: amount.toString(),
        chains: JSON.stringify(chainIds),
        deposit_address: depositAddress(factory as Address, id),
        status: 'requires_payment',
        amount_received: '0',
        amount_pending: '0',
        amount_refunded: '0',
        customer_reference: body.customerReference ?? null,
        description: body.description ?? null,
        metadata: JSON.stringify(body.metadata),
        api_key_id: apiKeyId,
        expires_at: expiresAt,
        late_until: new Date(expiresAt.getTime() + config.payments.lateWindowSeconds * 1000),
      });
      const res = await this.deps.store.get(id, trx);
      await publishEvent(trx, 'payment_intent.created', res);
      await recordResponse(trx, 'payment_intent.create', res);
      return res;
    });
  }

  async list(filter: {
    status?: IntentStatus[];
    customerReference?: string;
    limit: number;
    startingAfter?: string;
  }): Promise<{ data: PaymentIntentResource[]; hasMore: boolean }> {
    const ids = await this.deps.store.listIds(filter);
    return {
      data: await this.deps.store.loadMany(this.deps.db, ids.slice(0, filter.limit)),
      hasMore: ids.length > filter.limit,
    };
  }

  /** Cancels an intent still waiting for its payment (409 otherwise). Anything arriving later is recorded as unexpected. */
  async cancel(id: string, actor: string, reason: string | null): Promise<PaymentIntentResource> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.store.lockIntent(trx, id);
      if (!row) throw new NotFoundError(`no payment intent ${id}`);
      if (row.status !== 'requires_payment' || BigInt(row.amount_pending) > 0n) {
        throw new KeelError(
          'payment_intent_state_conflict',
          `payment intent ${id} is ${row.status}${BigInt(row.amount_pending) > 0n ? ' with a payment on its way' : ''} and cannot be cancelled`,
        );
      }
      await this.deps.store.markCancelled(trx, id);
      await appendAudit(trx, { actor, action: 'payment_intent.cancelled', subject: id, details: { reason } });
      const res = await this.deps.store.get(id, trx);
      await publishEvent(trx, 'payment_intent.cancelled', res);
      await recordResponse(trx, 'payment_intent.cancel', res);
      return res;
    });
  }

  /**
   * A refund through the write path: a transfer of the intent's asset from
   * `payments.refundSigner` (policy, simulation, review above threshold, tracking). At most
   * what is refundable — everything final that arrived at the address in that asset, credited
   * or not, less refunds already made or on their way — checked under the intent's lock.
   */
  async refund(id: string, body: RefundBody, apiKeyId: string): Promise<RefundResource> {
    const { config } = this.deps;
    const intent = await this.deps.store.get(id);
    const errors: FieldError[] = [];
    const fail = (field: string, code: string, message: string) =>
      errors.push({ field: `body.${field}`, code, message });
    const paidOn = intent.payments.find((p) => p.status === 'confirmed' && p.asset === intent.asset.symbol)?.chainId;
    const chainId = body.chainId ?? paidOn ?? intent.chains[0]?.chainId;
    const chain = config.chains.find((c) => c.chainId === chainId);
    if (!chain?.assets.some((a) => a.symbol === intent.asset.symbol))
      fail('chainId', 'asset_not_on_chain', `${intent.asset.symbol} is not configured on chain ${chainId}`);
    let amount = 0n;
    if (decimalsOf(body.amount) > intent.asset.decimals)
      fail('amount', 'too_many_decimals', `${intent.asset.symbol} has ${intent.asset.decimals} decimals`);
    else {
      amount = parseUnits(body.amount, intent.asset.decimals);
      if (amount === 0n) fail('amount', 'not_positive', 'a refund moves more than zero');
    }
    if (errors.length || !chain) throw new ValidationError('the refund is not valid', errors);
    const exceeds = (available: bigint) =>
      new KeelError(
        'refund_exceeds_refundable',
        `at most ${formatUnits(available, intent.asset.decimals)} ${intent.asset.symbol} can be refunded`,
        {
          extra: {
            refundable: { amount: formatUnits(available, intent.asset.decimals), baseUnits: available.toString() },
          },
        },
      );
    if (amount > BigInt(intent.refundable.baseUnits)) throw exceeds(BigInt(intent.refundable.baseUnits));

    const refundId = newId('re');
    const txBody = {
      chainId: chain.chainId,
      signer: config.payments.refundSigner,
      kind: 'transfer' as const,
      to: getAddress(body.to.toLowerCase()),
      asset: intent.asset.symbol,
      amount: body.amount,
      userId: intent.customerReference ?? `payment_intent:${id}`,
      metadata: { paymentIntentId: id, refundId, reason: body.reason },
    };
    const req = prepareRequest(config, this.deps.signers, txBody, apiKeyId, 'refund');
    let refund: RefundResource | undefined;
    await this.deps.pipeline.createBatch(
      [{ req, body: txBody, origin: REFUND_ORIGIN }],
      apiKeyId,
      async (trx, [tx]) => {
        // Under the intent's lock: concurrent refunds never add up to more than is refundable.
        const { arrived, refunded } = await this.deps.store.lockRefundable(trx, id, intent.asset.symbol);
        const available = refundable(arrived, refunded);
        if (amount > available) throw exceeds(available);
        const r = await this.deps.store.insertRefund(
          trx,
          {
            id: refundId,
            intent_id: id,
            chain_id: chain.chainId,
            amount: amount.toString(),
            to_address: txBody.to,
            reason: body.reason,
            tx_id: tx!.id,
            api_key_id: apiKeyId,
          },
          refunded,
        );
        await appendAudit(trx, {
          actor: apiKeyId,
          action: 'refund.created',
          subject: id,
          details: {
            refundId,
            amount: amount.toString(),
            to: txBody.to,
            chainId: chain.chainId,
            reason: body.reason,
            transaction: tx!.id,
          },
        });
        refund = refundResource(r, intent.asset.symbol, intent.asset.decimals);
        await publishEvent(trx, 'refund.created', refund);
        await recordResponse(trx, 'payment_intent.refund', refund);
      },
      'payment_intent.refund',
    );
    return refund!;
  }
}
