import type { Kysely } from 'kysely';
import { getAddress, parseAbi, parseUnits, type Address, type PublicClient } from 'viem';
import type { BreakersStore } from '../breakers/store.ts';
import type { ChainRegistry } from '../chain/index.ts';
import type { DB } from '../db/schema.ts';
import { dbJson } from '../db/json.ts';
import { eventResourcesSince, publishEvents } from '../events/store.ts';
import type { Logger } from '../lib/logger.ts';
import type { MandateDocument } from './mandate.ts';
import type { Position } from './position.ts';
import { allActiveMandateVersions } from './mandate-store.ts';
import { livePlanOfTrigger } from './plan-store.ts';
import { vaultBreaker, type TreasuryPlans } from './plans.ts';
import type { SharePriceRow, SharePricesStore } from './prices-store.ts';
import { judgeVaults, newAlerts, tripReason, type PausedSignal, type WatchRule } from './watch-logic.ts';

/**
 * The treasury watcher (docs/treasury.md, "Watching and the rollback path"): a worker task that,
 * for every active mandate, reads the live position at one block (share price against the
 * recorded high, maxWithdraw, code hashes) plus each vault's own pause switch where it has one,
 * judges it (watch-logic.ts) and, for a vault that breaks a rule: trips its breaker once (no new
 * deposits; the breaker's trip is audit-logged and emits `breaker.tripped`), emits one
 * `treasury.alert` per rule per trip, and — under `onBreaker: 'propose_withdrawal'` — proposes
 * the withdrawal plan for a human to execute, unless a plan of that breaker is still proposed or
 * executing. What it read is recorded in the share-price history (one row per vault at the
 * position's block, with its code hashes and pause switch). A mandate that cannot be read is
 * logged and the others are still watched.
 */

/** Who trips a breaker from here (the breaker's `trippedBy`, the audit entry's actor). */
export const WATCH_ACTOR = 'treasury-watch';

/** The resource of `treasury.alert`. */
export interface TreasuryAlert {
  object: 'treasury_alert';
  mandateId: string;
  chainId: number;
  vault: Address;
  rule: WatchRule;
  detail: string;
  /** The vault's breaker key (`vault:<chainId>:<address>`). */
  breaker: string;
  /** The block the position was read at. */
  positionBlock: string;
  /** The breaker's withdrawal plan waiting for review (new or still live), if any. */
  planId: string | null;
}

export interface WatcherDeps {
  db: Kysely<DB>;
  chains: ChainRegistry;
  plans: TreasuryPlans;
  breakers: BreakersStore;
  /** The share-price history the watcher's readings are recorded in. */
  prices: SharePricesStore;
  logger: Logger;
}

/** What one round did, per mandate (tests and logs read it). */
export interface WatchReport {
  mandateId: string;
  tripped: string[];
  alerts: TreasuryAlert[];
  plansProposed: string[];
  error?: string;
}

const PAUSE_ABI = parseAbi([
  'function withdrawalsPaused() view returns (bool)',
  'function paused() view returns (bool)',
]);

/**
 * The vaults' own pause switches at `blockNumber`: `withdrawalsPaused()` first, else `paused()`;
 * null for a vault that exposes neither (a revert or no data is "not exposed", never "paused").
 */
export async function readPausedSignals(
  client: PublicClient,
  vaults: readonly Address[],
  blockNumber: bigint,
): Promise<Map<string, PausedSignal>> {
  const read = (address: Address, functionName: 'withdrawalsPaused' | 'paused') =>
    client.readContract({ address, abi: PAUSE_ABI, functionName, blockNumber }).then(
      (v) => v,
      () => null,
    );
  const out = await Promise.all(
    vaults.map(
      async (v) => [v.toLowerCase(), (await read(v, 'withdrawalsPaused')) ?? (await read(v, 'paused'))] as const,
    ),
  );
  return new Map(out);
}

/**
 * The history rows of a position: per vault whose price and totals were read, its share price,
 * totals, code hashes and pause switch at the position's block. The share price is re-derived
 * exactly from its decimal string (formatted from base units in the asset's decimals); a vault
 * whose value reads failed is left out.
 */
export function positionPriceRows(position: Position, paused: ReadonlyMap<string, PausedSignal>): SharePriceRow[] {
  const blockNumber = BigInt(position.blockNumber);
  const blockTime = Math.floor(Date.parse(position.blockTime) / 1000);
  return position.vaults.flatMap((v): SharePriceRow[] => {
    // The share's decimals come with the account's shares; sharePrice non-null means they were read.
    if (v.sharePrice === null || v.shares === null || v.totalAssets === null || v.totalSupply === null) return [];
    return [
      {
        chainId: position.chainId,
        vault: v.address,
        blockNumber,
        blockTime,
        assetsPerShare: parseUnits(v.sharePrice, position.asset.decimals),
        shareDecimals: v.shares.decimals,
        totalAssets: BigInt(v.totalAssets.baseUnits),
        totalSupply: BigInt(v.totalSupply),
        codeHash: v.code.codeHash,
        implementation: v.code.implementation,
        implementationCodeHash: v.code.implementationCodeHash,
        withdrawalsPaused: paused.get(v.address.toLowerCase()) ?? null,
      },
    ];
  });
}

/** One round over every active mandate (the task's `run`). Never throws for one mandate's failure. */
export async function watchMandates(deps: WatcherDeps): Promise<WatchReport[]> {
  const active = await allActiveMandateVersions(deps.db);
  const reports: WatchReport[] = [];
  for (const v of active) {
    try {
      reports.push(await watchMandate(deps, v.mandate_id, v.chain_id, dbJson<MandateDocument>(v.document)));
    } catch (err) {
      const error = (err as Error).message.split('\n')[0] ?? String(err);
      deps.logger.warn({ mandateId: v.mandate_id, err: error }, 'treasury watch: mandate not watched this round');
      reports.push({ mandateId: v.mandate_id, tripped: [], alerts: [], plansProposed: [], error });
    }
  }
  return reports;
}

async function watchMandate(
  deps: WatcherDeps,
  mandateId: string,
  chainId: number,
  doc: MandateDocument,
): Promise<WatchReport> {
  const report: WatchReport = { mandateId, tripped: [], alerts: [], plansProposed: [] };
  const handle = deps.chains.get(chainId);
  if (!handle) throw new Error(`chain ${chainId} is not configured`);
  const position = await deps.plans.position(mandateId);
  const paused = await readPausedSignals(
    handle.client as PublicClient,
    doc.vaults.map((x) => getAddress(x.address)),
    BigInt(position.blockNumber),
  );
  // The history is a by-product: a failed write is logged, the vaults are still judged.
  await deps.prices
    .record(positionPriceRows(position, paused))
    .catch((err: unknown) =>
      deps.logger.warn(
        { mandateId, err: (err as Error).message.split('\n')[0] },
        'treasury watch: readings not recorded',
      ),
    );
  for (const verdict of judgeVaults(doc, position, paused)) {
    if (!verdict.trip) continue;
    const key = vaultBreaker(chainId, verdict.vault);
    let [breaker] = await deps.breakers.openAmong([key]);
    if (!breaker) {
      breaker = await deps.breakers.trip(key, tripReason(verdict.alerts), WATCH_ACTOR);
      report.tripped.push(key);
    }
    const since = new Date(breaker.trippedAt ?? 0);
    const sent = new Set(
      (await eventResourcesSince(deps.db, 'treasury.alert', since, 'breaker', key)).map(
        (a) => (a as TreasuryAlert).rule,
      ),
    );
    const fresh = newAlerts(verdict.alerts, sent);

    // The rollback path: one live withdrawal plan per open breaker while the vault holds value.
    const trigger = `breaker:${key}`;
    let planId = (await livePlanOfTrigger(deps.db, mandateId, trigger))?.id ?? null;
    if (planId === null && doc.onBreaker === 'propose_withdrawal' && verdict.holdsValue) {
      try {
        planId = (await deps.plans.create(mandateId, { apiKeyId: null, principalId: null }, trigger)).id;
        report.plansProposed.push(planId);
      } catch (err) {
        // The alert still goes out; the next round proposes the plan again.
        deps.logger.warn(
          { mandateId, breaker: key, err: (err as Error).message.split('\n')[0] },
          'treasury watch: withdrawal plan not proposed',
        );
      }
    }
    if (fresh.length === 0) continue;
    const alerts = fresh.map(
      (a): TreasuryAlert => ({
        object: 'treasury_alert',
        mandateId,
        chainId,
        vault: verdict.vault,
        rule: a.rule,
        detail: a.detail,
        breaker: key,
        positionBlock: position.blockNumber,
        planId,
      }),
    );
    await deps.db.transaction().execute((trx) =>
      publishEvents(
        trx,
        alerts.map((resource) => ({ type: 'treasury.alert' as const, resource })),
      ),
    );
    report.alerts.push(...alerts);
    deps.logger.warn({ mandateId, breaker: key, rules: fresh.map((a) => a.rule), planId }, 'treasury alert');
  }
  return report;
}
