import { getAddress } from 'viem';
import { BreakersStore } from '../breakers/store.ts';
import { mandateGuard } from './guard.ts';
import { positionCheckOf, readingDocument } from './position-check.ts';
import { dbJson } from '../db/json.ts';
import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import type { MandateDocument } from './mandate.ts';
import { mandateRoutes } from './mandate-routes.ts';
import { allActiveMandateVersions } from './mandate-store.ts';
import { Mandates } from './mandates.ts';
import { planRoutes } from './plan-routes.ts';
import { TreasuryPlans } from './plans.ts';
import { recordSharePrices } from './prices-recorder.ts';
import { SharePricesStore } from './prices-store.ts';
import { watchMandates } from './watcher.ts';

/**
 * Treasury: ERC-4626 deployment under mandates (docs/treasury.md) — mandates (proposals,
 * approvals, activation), the live position, rebalancing plans executed through the write path
 * (their movements settle through the outcome hook), the share-price recorder and the watcher
 * that trips misbehaving vaults' breakers and proposes the rollback plan (workers).
 */
export function treasuryModule(ctx: ModuleContext): KeelModule {
  const { db, config, chains, signers, pipeline } = ctx;
  const logger = ctx.logger.child({ module: 'treasury' });
  // Mandate versions are approved by the approvers of policy changes, with the same quorum.
  const mandates: Mandates = new Mandates({
    db,
    config,
    chains,
    signers,
    approvalsRequired: config.policy.approvalsRequired,
    // A proposed change is checked against the live position (read under both documents' vaults).
    checkPosition: async (mandateId, proposed) => {
      const active = await mandates.activeDocument(mandateId);
      if (!active) return null;
      const read = await plans.factsUnder(mandateId, readingDocument(proposed, active.document));
      return positionCheckOf(proposed, read.facts, read.decimals, read.position.blockNumber);
    },
  });
  const prices = new SharePricesStore(db);
  // Vault breakers (`vault:<chainId>:<address>`) trip by hand or by the watcher, never by count.
  const breakers = new BreakersStore(db, config.swaps.breaker);
  const plans: TreasuryPlans = new TreasuryPlans({ db, config, chains, signers, pipeline, mandates, prices, breakers });
  return {
    name: 'treasury',
    routes: [mandateRoutes({ mandates, plans, prices, db }), planRoutes({ plans })],
    tasks: [
      {
        name: 'treasury-share-prices',
        everyMs: config.treasury.sharePriceIntervalSeconds * 1000,
        run: async () => {
          const active = await allActiveMandateVersions(db);
          const targets = active.flatMap((v) =>
            dbJson<MandateDocument>(v.document).vaults.map((x) => ({
              chainId: v.chain_id,
              vault: getAddress(x.address),
            })),
          );
          if (targets.length) await recordSharePrices({ store: prices, chains }, targets);
        },
      },
      {
        // Misbehaving vaults trip their breakers; the rollback plan is proposed for review.
        name: 'treasury-watch',
        everyMs: config.treasury.watchIntervalSeconds * 1000,
        // Resolves to the round's reports (tests run the task directly).
        run: () => watchMandates({ db, chains, plans, breakers, prices, logger }),
      },
    ],
    // A movement settles in the database transaction that makes its transaction final.
    outcomes: plans.outcomeHandlers(),
    // Raw vault calls of a governed account are judged by its mandate (docs/treasury.md).
    intakeGuards: [mandateGuard({ db, chains, plans })],
    awaitingOutcomes: () => plans.awaitingTxIds(),
  };
}
