import type { Kysely, Transaction } from 'kysely';
import { getAddress, isAddress, maxUint256, parseUnits, type Address } from 'viem';
import type { Actor } from '../auth/actor.ts';
import type { ChainConfig, Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import { KeelError, NotFoundError, ValidationError, type FieldError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import {
  accrualRunKey,
  dueReason,
  scaledRate,
  streamSettlement,
  toSeconds,
  windowStart,
  type DueReason,
} from './accrual-logic.ts';
import {
  balanceResource,
  creditResource,
  settlementResource,
  streamResource,
  streamTimes,
  type BalanceResource,
  type CreditBody,
  type CreditResource,
  type StreamBody,
  type StreamResource,
} from './accrual-resource.ts';
import {
  accruedBalances,
  addToBalance,
  advanceStream,
  balanceOf,
  batchFailedAttempt,
  batchSubmitted,
  createBatch,
  creditByReference,
  deleteBatch,
  finishSettlement,
  insertCredit,
  insertSettlements,
  insertStream,
  listBalances,
  listStreams,
  pendingBatches,
  reserveBalance,
  settleBalance,
  settlementById,
  settlementsOfBatch,
  stopStreamAt,
  streamById,
  streamsToSettle,
  type BalanceRow,
  type BatchRow,
  type BalanceFilter,
} from './accrual-store.ts';
import type { LineRunner, LineSettledHandler, LineSettlement, PayableResolver } from './ports.ts';
import { recordResponse } from '../lib/request-outcome.ts';

/**
 * Accruals (docs/payouts.md): micro-payout credits and streams accumulate per payee,
 * chain and asset, and are paid through payout runs (`LineRunner.runLines`) when economical — at
 * least `payouts.micro.feeMultiple` × the fee of paying one recipient, or at the latest
 * `payouts.micro.maxIntervalSeconds` after the oldest unpaid credit — and streams at each
 * `payouts.streams.settleIntervalSeconds` instant. An amount handed to a run is reserved until
 * the run tells its line's final state (`lineSettled`, in that state's database transaction):
 * paid, or released back to accrued. credited = accrued + reserved + paid, always.
 */

/** The fee of paying one recipient on `chainId` in `asset`, in its base units; null when unknown. */
export type FeeEstimator = (chainId: number, asset: Address) => Promise<bigint | null>;

export interface AccrualsDeps {
  db: Kysely<DB>;
  config: Config;
  /** Payout runs (exactly once per key). */
  runner: LineRunner;
  feeOf: FeeEstimator;
  /** When given, a credit or stream for a payee the book does not know is refused (422). */
  payees?: PayableResolver;
  logger?: Logger;
}

/** What one settlement pass did (the periodic task's answer; tests read it). */
export interface SettleReport {
  /** Streams whose accrual moved into their balances. */
  streams: number;
  runs: Array<{ key: string; runId: string | null; created: boolean; lines: number; error?: string }>;
}

/** A configured ERC-20 asset of a chain, named by symbol or address. */
interface ResolvedAsset {
  chain: ChainConfig;
  address: Address;
  symbol: string;
  decimals: number;
}

export class Accruals {
  constructor(private readonly deps: AccrualsDeps) {}

  #resolve(chainId: number, asset: string, fail: (field: string, code: string, message: string) => void) {
    const chain = this.deps.config.chains.find((c) => c.chainId === chainId);
    if (!chain) return void fail('chainId', 'unknown_chain', `chain ${chainId} is not configured`);
    const a = chain.assets.find(
      (x) =>
        x.symbol === asset || (isAddress(asset, { strict: false }) && x.address.toLowerCase() === asset.toLowerCase()),
    );
    if (!a) return void fail('asset', 'unknown_asset', `${asset} is not a configured token on chain ${chainId}`);
    return { chain, address: getAddress(a.address), symbol: a.symbol, decimals: a.decimals } satisfies ResolvedAsset;
  }

  async #checkPayee(payeeId: string, a: ResolvedAsset | undefined, errors: FieldError[]): Promise<void> {
    if (!this.deps.payees || !a) return;
    const answer = (await this.deps.payees.payable([payeeId], a.chain.chainId, a.address)).get(payeeId);
    if (answer && !answer.ok && answer.reason === 'unknown_payee')
      errors.push({ field: 'body.payeeId', code: 'unknown_payee', message: `payee ${payeeId} does not exist` });
  }

  /**
   * Credits an amount to a payee's balance, once per `reference`: the same reference with the
   * same payee, chain, asset and amount answers the first credit (`created: false`); with
   * anything else 409 `accrual_reference_conflict`.
   */
  async credit(body: CreditBody, actor: Actor): Promise<{ created: boolean; credit: CreditResource }> {
    const errors: FieldError[] = [];
    const fail = (field: string, code: string, message: string) =>
      errors.push({ field: `body.${field}`, code, message });
    const a = this.#resolve(body.chainId, body.asset, fail);
    let amount = 0n;
    if (a) {
      const places = body.amount.split('.')[1]?.length ?? 0;
      if (places > a.decimals)
        fail('amount', 'too_many_decimals', `${a.symbol} has ${a.decimals} decimals; the amount has ${places}`);
      else {
        amount = parseUnits(body.amount, a.decimals);
        if (amount === 0n) fail('amount', 'not_positive', 'the amount must be more than zero');
        else if (amount > maxUint256) fail('amount', 'too_big', 'the amount does not fit in 256 bits');
      }
    }
    await this.#checkPayee(body.payeeId, a, errors);
    if (errors.length || !a) throw new ValidationError('the credit is not valid', errors);
    const key = {
      payeeId: body.payeeId,
      chainId: a.chain.chainId,
      asset: a.address,
      symbol: a.symbol,
      decimals: a.decimals,
    };
    return this.deps.db.transaction().execute(async (trx) => {
      const id = newId('acr');
      const inserted = await insertCredit(trx, {
        id,
        reference: body.reference,
        payee_id: key.payeeId,
        chain_id: key.chainId,
        asset: key.asset,
        amount: amount.toString(),
        created_by: actor.keyId,
      });
      if (!inserted) {
        const first = (await creditByReference(trx, body.reference))!;
        if (
          first.payee_id !== key.payeeId ||
          first.chain_id !== key.chainId ||
          first.asset !== key.asset ||
          BigInt(first.amount) !== amount
        )
          throw new KeelError(
            'accrual_reference_conflict',
            `reference ${body.reference} was credited as ${first.id} with another payee, chain, asset or amount`,
          );
        const res = creditResource(first, (await balanceOf(trx, key))!);
        await recordResponse(trx, 'accrual.credit', res, 200);
        return { created: false, credit: res };
      }
      const balance = await addToBalance(trx, key, amount);
      const row = (await creditByReference(trx, body.reference))!;
      const res = creditResource(row, balance);
      await publishEvent(trx, 'accrual.credited', res);
      await recordResponse(trx, 'accrual.credit', res, 201);
      return { created: true, credit: res };
    });
  }

  /** Creates a stream; it accrues from `startAt` (whole seconds) and is settled at each settlement instant. */
  async createStream(body: StreamBody, actor: Actor): Promise<StreamResource> {
    const errors: FieldError[] = [];
    const fail = (field: string, code: string, message: string) =>
      errors.push({ field: `body.${field}`, code, message });
    const a = this.#resolve(body.chainId, body.asset, fail);
    let rateScaled: bigint | null = null;
    if (a) {
      rateScaled = scaledRate(body.ratePerSecond, a.decimals);
      if (rateScaled === null)
        fail('ratePerSecond', 'too_many_decimals', `a rate of ${a.symbol} has at most ${a.decimals + 18} decimals`);
      else if (rateScaled === 0n) fail('ratePerSecond', 'not_positive', 'the rate must be more than zero');
      else if (rateScaled > maxUint256) fail('ratePerSecond', 'too_big', 'the rate is too large');
    }
    const start = new Date(Number(toSeconds(Date.parse(body.startAt))) * 1000);
    const end = body.endAt ? new Date(Number(toSeconds(Date.parse(body.endAt))) * 1000) : null;
    if (end && end <= start) fail('endAt', 'not_after_start', 'endAt must be at least a second after startAt');
    await this.#checkPayee(body.payeeId, a, errors);
    if (errors.length || !a || rateScaled === null) throw new ValidationError('the stream is not valid', errors);
    return this.deps.db.transaction().execute(async (trx) => {
      const id = newId('str');
      await insertStream(trx, {
        id,
        payee_id: body.payeeId,
        chain_id: a.chain.chainId,
        asset: a.address,
        asset_symbol: a.symbol,
        decimals: a.decimals,
        rate: body.ratePerSecond,
        rate_scaled: rateScaled.toString(),
        start_at: start,
        end_at: end,
        accounted_until: start,
        created_by: actor.keyId,
      });
      const res = streamResource((await streamById(trx, id))!, new Date());
      await publishEvent(trx, 'accrual.stream_created', res);
      await recordResponse(trx, 'accrual.stream_create', res, 201);
      return res;
    });
  }

  /** Stops a stream now: nothing accrues after it; what accrued before is still settled. */
  async stopStream(id: string, _actor: Actor): Promise<StreamResource> {
    return this.deps.db.transaction().execute(async (trx) => {
      const s = await streamById(trx, id, true);
      if (!s) throw new NotFoundError(`stream ${id} does not exist`);
      const now = new Date(Number(toSeconds(Date.now())) * 1000);
      const t = streamTimes(s);
      if (s.stopped_at || (t.endSec !== null && t.endSec <= toSeconds(now.getTime())))
        throw new KeelError('accrual_stream_ended', `stream ${id} is already stopped or past its end`);
      // A stream not started yet stops at its start: it never accrues.
      const at = now < s.start_at ? s.start_at : now;
      const stopped = (await stopStreamAt(trx, id, at))!;
      const res = streamResource(stopped, now);
      await publishEvent(trx, 'accrual.stream_stopped', res);
      await recordResponse(trx, 'accrual.stream_stop', res);
      return res;
    });
  }

  async getStream(id: string): Promise<StreamResource> {
    const s = await streamById(this.deps.db, id);
    if (!s) throw new NotFoundError(`stream ${id} does not exist`);
    return streamResource(s, new Date());
  }

  /** Balances (accrued, reserved, paid) and streams (accrued to now), filtered. */
  async list(
    f: { payeeId?: string; chainId?: number; asset?: string },
    limit = 500,
  ): Promise<{ object: 'list'; balances: BalanceResource[]; streams: StreamResource[] }> {
    const filter: BalanceFilter = { payeeId: f.payeeId, chainId: f.chainId };
    if (f.asset) {
      const errors: FieldError[] = [];
      const fail = (field: string, code: string, message: string) =>
        errors.push({ field: `querystring.${field}`, code, message });
      if (f.chainId === undefined) fail('chainId', 'required', 'name the chain of the asset');
      else filter.asset = this.#resolve(f.chainId, f.asset, fail)?.address;
      if (errors.length) throw new ValidationError('the filter is not valid', errors);
    }
    const [balances, streams] = await Promise.all([
      listBalances(this.deps.db, filter, limit),
      listStreams(this.deps.db, filter, limit),
    ]);
    const now = new Date();
    return {
      object: 'list',
      balances: balances.map(balanceResource),
      streams: streams.map((s) => streamResource(s, now)),
    };
  }

  /** One settlement pass (the periodic task): streams, batches left pending, then balances due. */
  async settle(now = new Date()): Promise<SettleReport> {
    const streams = await this.settleStreams(now);
    const runs: SettleReport['runs'] = [];
    for (const b of await pendingBatches(this.deps.db)) runs.push(await this.#submit(b));
    runs.push(...(await this.#payDue(now)));
    return { streams, runs };
  }

  /**
   * Moves what every stream accrued up to the last settlement instant into its balance (marked
   * due), exactly: the total from the start, floored, less what earlier instants moved.
   */
  async settleStreams(now = new Date()): Promise<number> {
    const instantSec = windowStart(toSeconds(now.getTime()), this.deps.config.payouts.streams.settleIntervalSeconds);
    const instant = new Date(Number(instantSec) * 1000);
    let moved = 0;
    for (const s of await streamsToSettle(this.deps.db, instant)) {
      const done = await this.deps.db.transaction().execute(async (trx) => {
        const r = streamSettlement(streamTimes(s), BigInt(s.moved), instantSec);
        if (!(await advanceStream(trx, s.id, s.accounted_until, instant, BigInt(s.moved) + r.amount))) return false;
        if (r.amount > 0n)
          await addToBalance(
            trx,
            { payeeId: s.payee_id, chainId: s.chain_id, asset: s.asset, symbol: s.asset_symbol, decimals: s.decimals },
            r.amount,
            true,
          );
        return r.amount > 0n;
      });
      if (done) moved++;
    }
    return moved;
  }

  /** Balances due now, per chain and asset: reserved into one batch per window, handed to a run. */
  async #payDue(now: Date): Promise<SettleReport['runs']> {
    const { config, db } = this.deps;
    const micro = config.payouts.micro;
    const groups = new Map<string, BalanceRow[]>();
    for (const b of await accruedBalances(db)) {
      const k = `${b.chain_id}:${b.asset}`;
      groups.set(k, [...(groups.get(k) ?? []), b]);
    }
    const out: SettleReport['runs'] = [];
    for (const rows of groups.values()) {
      const { chain_id: chainId, asset } = rows[0]!;
      const fee = await this.deps.feeOf(chainId, getAddress(asset)).catch(() => null);
      const due = rows
        .map((b) => ({
          b,
          why: dueReason(
            {
              accrued: BigInt(b.accrued),
              firstUnpaidAt: b.first_unpaid_at,
              streamDue: b.stream_due,
              retryAfter: b.retry_after,
            },
            { fee, feeMultiple: micro.feeMultiple, maxIntervalSeconds: micro.maxIntervalSeconds, now },
          ),
        }))
        .filter((x): x is { b: BalanceRow; why: DueReason } => x.why !== null)
        .slice(0, micro.maxRecipientsPerRun);
      if (!due.length) continue;
      const key = accrualRunKey(chainId, asset, windowStart(toSeconds(now.getTime()), micro.checkIntervalSeconds));
      const batch = await db.transaction().execute(async (trx) => {
        const created = await createBatch(trx, {
          id: newId('acb'),
          run_key: key,
          chain_id: chainId,
          asset,
          status: 'pending',
        });
        // This window's run of the chain and asset exists already: the next window pays the rest.
        if (!created) return undefined;
        const rows = [];
        for (const { b } of due) {
          const k = { payeeId: b.payee_id, chainId, asset };
          const r = await reserveBalance(trx, k);
          if (r.amount > 0n)
            rows.push({
              id: newId('acs'),
              batch_id: created.id,
              payee_id: b.payee_id,
              chain_id: chainId,
              asset,
              amount: r.amount.toString(),
              status: 'reserved' as const,
              first_unpaid_at: r.firstUnpaidAt,
            });
        }
        if (!rows.length) {
          await deleteBatch(trx, created.id);
          return undefined;
        }
        await insertSettlements(trx, rows);
        return created;
      });
      if (batch) out.push(await this.#submit(batch));
    }
    return out;
  }

  /** Hands a batch to the runner under its key (again after a crash or a failure: the same run answers). */
  async #submit(batch: BatchRow): Promise<SettleReport['runs'][number]> {
    const settlements = await settlementsOfBatch(this.deps.db, batch.id);
    const lines = settlements.map((s) => ({ payeeId: s.payee_id, amount: BigInt(s.amount), source: s.id }));
    try {
      const r = await this.deps.runner.runLines({
        key: batch.run_key,
        chainId: batch.chain_id,
        asset: getAddress(batch.asset),
        lines,
        principalId: 'system',
      });
      await batchSubmitted(this.deps.db, batch.id, r.runId);
      return { key: batch.run_key, runId: r.runId, created: r.created, lines: lines.length };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await batchFailedAttempt(this.deps.db, batch.id, message);
      this.deps.logger?.warn({ err, key: batch.run_key }, 'accrual run not created; retried at the next check');
      return { key: batch.run_key, runId: null, created: false, lines: lines.length, error: message };
    }
  }

  /**
   * The runs' `LineSettledHandler`: in the transaction that makes a line final, its reserved
   * amount becomes paid (`paid`) or goes back to accrued (`failed`, `carried`). Lines that are
   * not accruals', and a settlement told twice, are ignored.
   */
  readonly lineSettled: LineSettledHandler = async (trx: Transaction<DB>, s: LineSettlement) => {
    if (!s.source?.startsWith('acs_')) return;
    const row = await settlementById(trx, s.source, true);
    if (row?.status !== 'reserved') return;
    const key = { payeeId: row.payee_id, chainId: row.chain_id, asset: row.asset };
    const reserved = BigInt(row.amount);
    // A line pays what it was asked; should it pay less, the rest goes back to accrued.
    const paid = s.status === 'paid' ? (s.amount < reserved ? s.amount : reserved) : 0n;
    if (paid > 0n) await settleBalance(trx, key, paid, 'paid', row.first_unpaid_at);
    if (reserved - paid > 0n) {
      // An unpayable payee would otherwise make a run at every check.
      const retryAfter = new Date(Date.now() + this.deps.config.payouts.micro.retryAfterSeconds * 1000);
      await settleBalance(trx, key, reserved - paid, 'released', row.first_unpaid_at, retryAfter);
    }
    const done = await finishSettlement(trx, row.id, {
      status: paid > 0n ? 'paid' : 'released',
      run_id: s.runId,
      line_id: s.lineId,
      tx_id: s.txId,
      line_status: s.status,
    });
    await publishEvent(trx, 'accrual.settled', settlementResource(done));
  };
}
