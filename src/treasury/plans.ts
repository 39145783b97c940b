import type { Kysely, Transaction } from 'kysely';
import { getAddress, type Address, type PublicClient } from 'viem';
import type { BreakersStore } from '../breakers/store.ts';
import type { ChainRegistry } from '../chain/index.ts';
import type { ChainConfig, Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import { KeelError, NotFoundError, UpstreamError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import { prepareRequest } from '../pipeline/intake.ts';
import type { OutcomeHandler, TransactionOutcome } from '../pipeline/outcomes.ts';
import type { BatchItem, Pipeline } from '../pipeline/service.ts';
import type { SignerRegistry } from '../signers/index.ts';
import { mandateById, type MandateRow } from './mandate-store.ts';
import type { Mandates } from './mandates.ts';
import type { MandateDocument } from './mandate.ts';
import { movedByReceipt, movementCalls, planStatusOf, TREASURY_ORIGINS } from './movement-logic.ts';
import { planRebalance, planRules, sameMovements, type PlanFacts } from './plan-logic.ts';
import {
  confirmedMovements,
  insertMovements,
  insertPlan,
  movedSince,
  movementByTx,
  movementsOfPlan,
  pendingMovementTxIds,
  planById,
  setPlanStatus,
  settleMovement,
  type MovementRow,
} from './plan-store.ts';
import type { Position } from './position.ts';
import { loadPosition } from './position-service.ts';
import { recordSharePrices } from './prices-recorder.ts';
import type { SharePricesStore } from './prices-store.ts';
import type { Movement } from './yield-logic.ts';
import { dbJson } from '../db/json.ts';
import { planResource, previewOf, type PlanResource, type StoredPlan } from './plan-resource.ts';

/**
 * Rebalancing plans: `POST /v1/treasury/mandates/:id/plans` reads the position at one block and
 * computes the plan (plan-logic.ts) with a plain-language preview; `POST
 * /v1/treasury/plans/:planId/execute` reads the position again and, if the plan it would make
 * now is the one stored, sends it through the write path as one ordered batch (withdrawals,
 * then exact approval → deposit per vault), decided and reviewed as one. A plan is executed at
 * most once; one whose position moved or that expired answers 409 `plan_stale` (re-plan).
 * Movements settle through the pipeline's outcome hook, in the final state's transaction.
 */

/** The vault breaker of a mandate vault. */
export const vaultBreaker = (chainId: number, address: string) => `vault:${chainId}:${address.toLowerCase()}`;

export interface PlansDeps {
  db: Kysely<DB>;
  config: Config;
  chains: ChainRegistry;
  signers: SignerRegistry;
  pipeline: Pipeline;
  mandates: Mandates;
  prices: SharePricesStore;
  breakers: BreakersStore;
}

export class TreasuryPlans {
  constructor(private readonly deps: PlansDeps) {}

  /** The mandate, its active document, the chain and the account; 404 / 409 when missing. */
  async #context(mandateId: string): Promise<Ctx> {
    const row = await mandateById(this.deps.db, mandateId);
    if (!row) throw new NotFoundError(`mandate ${mandateId} does not exist`);
    const active = await this.deps.mandates.activeDocument(mandateId);
    if (!active)
      throw new KeelError('mandate_not_active', `mandate ${mandateId} has no active version yet (approvals pending)`);
    const handle = this.deps.chains.get(row.chain_id);
    const chain = this.deps.config.chains.find((c) => c.chainId === row.chain_id);
    if (!handle || !chain) throw new UpstreamError('chain_unavailable', `chain ${row.chain_id} has no client`);
    return {
      row,
      version: active.version,
      doc: active.document,
      client: handle.client as PublicClient,
      chain,
      account: getAddress(row.account),
      asset: { symbol: row.asset_symbol, address: getAddress(row.asset_address), decimals: row.asset_decimals },
    };
  }

  /** The live position of a mandate at one block (`GET /v1/treasury/mandates/:id/position`). */
  async position(mandateId: string): Promise<Position> {
    const c = await this.#context(mandateId);
    return this.#position(c);
  }

  async #position(c: Ctx): Promise<Position> {
    const moves = await confirmedMovements(this.deps.db, c.row.id);
    const byVault = new Map<string, Movement[]>();
    for (const m of moves) {
      if (m.shares === null) continue;
      const k = getAddress(m.vault);
      byVault.set(k, [...(byVault.get(k) ?? []), { kind: m.kind, assets: BigInt(m.assets), shares: BigInt(m.shares) }]);
    }
    try {
      return await loadPosition(
        { client: c.client, chain: c.chain, prices: this.deps.prices },
        { mandateId: c.row.id, mandate: c.doc, account: c.account, asset: c.asset, movements: byVault },
      );
    } catch (err) {
      if (err instanceof KeelError) throw err;
      throw new UpstreamError(
        'chain_unavailable',
        `the position of ${c.row.id} could not be read: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }

  /**
   * The mandate's position and plan facts read under `doc` (the active document when omitted):
   * what the intake guard judges a raw deposit on, and what a proposed version is checked against
   * (its document plus the vaults only the active one lists, so what the change drops is read too).
   */
  async factsUnder(
    mandateId: string,
    doc?: MandateDocument,
  ): Promise<{ position: Position; facts: PlanFacts; decimals: number; doc: MandateDocument }> {
    const active = await this.#context(mandateId);
    const c = doc ? { ...active, doc } : active;
    const position = await this.#position(c);
    return { position, facts: await this.#facts(c, position), decimals: c.asset.decimals, doc: active.doc };
  }

  /** What the plan is computed on: the position, the vault breakers, the code pinned, the day's movements. */
  async #facts(c: Ctx, position: Position): Promise<PlanFacts> {
    if (position.accountBalance === null)
      throw new UpstreamError('chain_unavailable', `the balance of ${c.account} could not be read`);
    const open = new Set(
      (await this.deps.breakers.openAmong(c.doc.vaults.map((v) => vaultBreaker(c.chain.chainId, v.address)))).map(
        (b) => b.key,
      ),
    );
    return {
      idle: BigInt(position.accountBalance.baseUnits),
      movedLast24h: await movedSince(this.deps.db, c.row.id, new Date(Date.now() - 86_400_000)),
      vaults: position.vaults.map((v) => ({
        address: v.address,
        value: v.value ? BigInt(v.value.baseUnits) : 0n,
        maxWithdraw: v.maxWithdraw ? BigInt(v.maxWithdraw.baseUnits) : null,
        totalAssets: v.totalAssets ? BigInt(v.totalAssets.baseUnits) : 0n,
        // Unreadable counts as open: no deposit into what cannot be read.
        tripped: open.has(vaultBreaker(c.chain.chainId, v.address)) || v.value === null || v.totalAssets === null,
        codeChanged: v.code.matchesMandate === false,
        stale: v.prices.stale,
      })),
    };
  }

  /** Computes and stores a plan (`trigger`: `request`, or `breaker:<key>` when Keel proposes it). */
  async create(
    mandateId: string,
    actor: { apiKeyId: string | null; principalId: string | null },
    trigger = 'request',
    operation?: 'treasury_plan.create',
  ): Promise<PlanResource> {
    const c = await this.#context(mandateId);
    // The live reading is history too: a plan is never refused as stale because the recorder's
    // timer has not run yet (a failure here leaves the staleness rule to judge).
    await recordSharePrices(
      { store: this.deps.prices, chains: this.deps.chains },
      c.doc.vaults.map((v) => ({ chainId: c.chain.chainId, vault: getAddress(v.address) })),
    ).catch(() => {});
    const position = await this.#position(c);
    const plan = planRebalance(planRules(c.doc, c.asset.decimals), await this.#facts(c, position));
    const id = newId('tpl');
    const stored: StoredPlan = {
      decimals: c.asset.decimals,
      symbol: c.asset.symbol,
      movements: plan.movements.map((m) => ({ ...m, amount: m.amount.toString() })),
      total: plan.total.toString(),
      moved: plan.moved.toString(),
      reviewReasons: plan.reviewReasons,
      violationsBefore: plan.violationsBefore,
      violationsAfter: plan.violationsAfter,
      notes: plan.notes,
    };
    const preview = previewOf(c.doc, stored);
    return this.deps.db.transaction().execute(async (trx) => {
      await insertPlan(trx, {
        id,
        mandate_id: c.row.id,
        mandate_version: c.version,
        status: 'proposed',
        trigger,
        position_block: position.blockNumber,
        plan: JSON.stringify(stored),
        preview: JSON.stringify(preview),
        created_by: actor.apiKeyId,
        created_by_principal: actor.principalId,
        expires_at: new Date(Date.now() + this.deps.config.treasury.planTtlSeconds * 1000),
      });
      const res = await this.get(id, trx);
      await publishEvent(trx, 'treasury.plan_created', res);
      if (operation) await recordResponse(trx, operation, res);
      return res;
    });
  }

  async get(id: string, db: Kysely<DB> | Transaction<DB> = this.deps.db): Promise<PlanResource> {
    const row = await planById(db, id);
    if (!row) throw new KeelError('plan_not_found', `no treasury plan ${id}`);
    return planResource(row, await movementsOfPlan(db, id));
  }

  /**
   * Sends a proposed plan through the write path, once. The position is read again: a plan
   * that would differ now, or that expired, is stale (409, nothing sent).
   */
  async execute(planId: string, actor: { apiKeyId: string; principalId: string | null }): Promise<PlanResource> {
    const row = await planById(this.deps.db, planId);
    if (!row) throw new KeelError('plan_not_found', `no treasury plan ${planId}`);
    if (row.status !== 'proposed')
      throw new KeelError('plan_not_executable', `plan ${planId} is ${row.status}; only a proposed plan is executed`);
    const stored = dbJson<StoredPlan>(row.plan);
    const stale = async (why: string) => {
      await this.deps.db.transaction().execute(async (trx) => {
        const cur = await planById(trx, planId, true);
        if (cur?.status === 'proposed') await setPlanStatus(trx, planId, 'stale', { finished_at: new Date() });
      });
      return new KeelError('plan_stale', `plan ${planId} is stale: ${why}; make a new plan`);
    };
    if (new Date(row.expires_at).getTime() < Date.now()) throw await stale('it expired');
    const c = await this.#context(row.mandate_id);
    if (c.version !== row.mandate_version) throw await stale(`mandate version ${c.version} is active now`);
    const now = planRebalance(planRules(c.doc, c.asset.decimals), await this.#facts(c, await this.#position(c)));
    if (!sameMovements(now, stored.movements)) throw await stale('the position changed since it was made');
    if (now.movements.length === 0) throw new KeelError('plan_empty', `plan ${planId} moves nothing`);

    const calls = movementCalls(now.movements, c.account, c.asset.address);
    const signer = c.doc.signer;
    const items: BatchItem[] = calls.map((call) => {
      const body = {
        chainId: c.chain.chainId,
        signer,
        kind: 'contract_call' as const,
        to: call.to,
        call: { function: call.function, args: call.args },
        userId: `treasury:${c.row.id}`,
        metadata: { treasuryPlanId: planId, mandateId: c.row.id, movement: String(call.movement) },
      };
      const req = prepareRequest(this.deps.config, this.deps.signers, body, actor.apiKeyId, 'treasury');
      return {
        req,
        body,
        origin: TREASURY_ORIGINS[call.role],
        ...(now.reviewReasons.length ? { reviewReasons: now.reviewReasons.map((r) => `mandate_${r}`) } : {}),
      };
    });
    let answer: PlanResource | undefined;
    await this.deps.pipeline.createBatch(
      items,
      actor.apiKeyId,
      async (trx, txs) => {
        const cur = await planById(trx, planId, true);
        // A concurrent execute got here first: its batch stands, this one rolls back.
        if (cur?.status !== 'proposed')
          throw new KeelError(
            'plan_not_executable',
            `plan ${planId} is ${cur?.status}; only a proposed plan is executed`,
          );
        await insertMovements(
          trx,
          calls.flatMap((call, i) =>
            call.role === 'approval'
              ? []
              : [
                  {
                    id: newId('tmv'),
                    plan_id: planId,
                    mandate_id: c.row.id,
                    chain_id: c.chain.chainId,
                    vault: getAddress(call.to),
                    kind: call.role,
                    assets: now.movements[call.movement]!.amount.toString(),
                    tx_id: txs[i]!.id,
                    status: 'pending' as const,
                  },
                ],
          ),
        );
        await setPlanStatus(trx, planId, 'executing', {
          batch_id: txs[0]!.batch?.id ?? txs[0]!.id,
          executed_at: new Date(),
        });
        answer = await this.get(planId, trx);
        await recordResponse(trx, 'treasury_plan.execute', answer);
      },
      'treasury_plan.execute',
      actor.principalId,
    );
    return answer!;
  }

  /** Outcome handlers of a plan's deposits and withdrawals (approvals settle with them). */
  outcomeHandlers(): Record<string, OutcomeHandler> {
    const h: OutcomeHandler = (trx, o) => this.settle(trx, o);
    return { [TREASURY_ORIGINS.deposit]: h, [TREASURY_ORIGINS.withdrawal]: h };
  }

  /** Movements still in flight (the catch-up at start). */
  awaitingTxIds(): Promise<string[]> {
    return pendingMovementTxIds(this.deps.db);
  }

  /** A movement's transaction is final (or retracted): the movement, then its plan, follow. */
  async settle(trx: Transaction<DB>, o: TransactionOutcome): Promise<void> {
    const m = await movementByTx(trx, o.txId);
    if (!m) return;
    const plan = await planById(trx, m.plan_id, true);
    if (!plan) return;
    let settled: MovementRow | undefined;
    if (o.kind === 'retracted') settled = await settleMovement(trx, o.txId, { status: 'pending', block_number: null });
    else if (o.status === 'confirmed') {
      const mandate = await mandateById(trx, m.mandate_id);
      const moved = o.logs && mandate ? movedByReceipt(m.kind, m.vault, mandate.account, o.logs) : null;
      settled = await settleMovement(trx, o.txId, {
        status: 'confirmed',
        ...(moved ? { assets: moved.assets.toString(), shares: moved.shares.toString() } : {}),
        block_number: o.receipt?.blockNumber ?? null,
      });
    } else settled = await settleMovement(trx, o.txId, { status: 'failed' });
    const all = await movementsOfPlan(trx, m.plan_id);
    const status = planStatusOf(all.map((x) => x.status));
    const finished = status !== 'executing';
    await setPlanStatus(trx, m.plan_id, status, { finished_at: finished ? new Date() : null });
    if (o.kind === 'final' && settled?.status === 'confirmed')
      await publishEvent(trx, 'treasury.movement_confirmed', await this.get(m.plan_id, trx));
    if (o.kind === 'final' && finished && plan.status === 'executing')
      await publishEvent(trx, 'treasury.plan_executed', await this.get(m.plan_id, trx));
  }
}

/** A mandate as plans use it: its active document, chain and account. */
interface Ctx {
  row: MandateRow;
  version: number;
  doc: MandateDocument;
  client: PublicClient;
  chain: ChainConfig;
  account: Address;
  asset: { symbol: string; address: Address; decimals: number };
}
