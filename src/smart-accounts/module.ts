import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { smartAccountRoutes } from './account-routes.ts';
import { SmartAccounts } from './accounts.ts';
import { createDepositGauges, type DepositGauges, depositWatchTask } from './paymaster-deposit.ts';
import { paymasterRoutes } from './paymaster-routes.ts';
import { PaymasterService } from './paymaster-service.ts';
import { sponsorshipModulePart } from './sponsorship-module-part.ts';
import { sponsorshipRoutes } from './sponsorship-routes.ts';
import { UserOperationOutcomes } from './user-operation-outcomes.ts';
import { userOperationRoutes } from './user-operation-routes.ts';
import { UserOperations } from './user-operation-service.ts';

/**
 * Account abstraction (ERC-4337, docs/account-abstraction.md): smart accounts for end users
 * (accounts.ts), sponsored-gas policies and decisions (docs/sponsorship.md, sponsorship-*.ts),
 * and the paymaster service that signs sponsored operations (paymaster-*.ts: the ERC-7677
 * endpoint and the worker's EntryPoint deposit watch). The paymaster calls
 * `sponsorship.decide` always with the caller's actor. User operations (user-operation-*.ts):
 * the synchronous half (intake, review, cancel, external signature, reads) is `UserOperations`,
 * whose `createForCapability` capabilities use; `userOperationOutcomes` carries their outcome
 * handlers to the worker.
 */
export function smartAccountsModule(ctx: ModuleContext): KeelModule {
  const accounts = new SmartAccounts({ db: ctx.db, config: ctx.config, chains: ctx.chains, signers: ctx.signers });
  const sponsorship = sponsorshipModulePart(ctx);
  const paymaster = new PaymasterService({
    db: ctx.db,
    config: ctx.config,
    signers: ctx.signers,
    sponsorship: sponsorship.sponsorship,
    nativeUsd8: async (chainId) => {
      const chain = ctx.config.chains.find((c) => c.chainId === chainId);
      const feed = chain ? await ctx.pipeline.facts.feed(chain, chain.nativePriceFeed) : undefined;
      return feed && feed.usd8 !== null && (feed.status === 'ok' || feed.status === 'stale') ? feed.usd8 : null;
    },
  });
  const userOperationOutcomes = new UserOperationOutcomes();
  const userOperations = new UserOperations({
    db: ctx.db,
    config: ctx.config,
    pipeline: ctx.pipeline,
    sponsorship: sponsorship.sponsorship,
    outcomes: userOperationOutcomes,
  });
  let gauges: DepositGauges | undefined;
  return {
    name: 'smart-accounts',
    routes: [
      smartAccountRoutes({ accounts }),
      sponsorshipRoutes({ sponsorship: sponsorship.sponsorship }),
      paymasterRoutes({ paymaster, entryPoint: () => ctx.config.smartAccounts.entryPoint }),
      userOperationRoutes({ userOperations }),
    ],
    tasks: depositWatchTask({
      config: ctx.config,
      chains: ctx.chains,
      logger: ctx.logger.child({ component: 'paymaster-deposit' }),
      gauges: () => gauges,
    }),
    metrics: (registry) => {
      sponsorship.metrics(registry);
      gauges = createDepositGauges(registry);
    },
  };
}
