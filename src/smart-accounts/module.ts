import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { smartAccountRoutes } from './account-routes.ts';
import { SmartAccounts } from './accounts.ts';
import { createDepositGauges, type DepositGauges, depositReadiness, depositWatchTask } from './paymaster-deposit.ts';
import { PermanentError } from '../lib/errors.ts';
import { paymasterRoutes } from './paymaster-routes.ts';
import { PaymasterService } from './paymaster-service.ts';
import { registerSessionKeyOutcomes } from './session-key-outcomes.ts';
import { sessionKeyRoutes } from './session-key-routes.ts';
import { type CreateOperation, SessionKeys } from './session-key-service.ts';
import { sponsorshipModulePart } from './sponsorship-module-part.ts';
import { sponsorshipRoutes } from './sponsorship-routes.ts';
import { createUserOperationMetrics, type UserOperationMetrics } from './user-operation-metrics.ts';
import { UserOperationOutcomes } from './user-operation-outcomes.ts';
import { startUserOperationWorker } from './user-operation-worker.ts';

/**
 * Account abstraction (ERC-4337, docs/account-abstraction.md): smart accounts for end users
 * (accounts.ts), sponsored-gas policies and decisions (docs/sponsorship.md, sponsorship-*.ts),
 * and the paymaster service that signs sponsored operations (paymaster-*.ts: the ERC-7677
 * endpoint and the worker's EntryPoint deposit watch). The paymaster calls
 * `sponsorship.decide` always with the caller's actor. Session keys (session-key-*.ts) create
 * owner user operations through `parts.createOperation` and hear their outcomes through
 * `parts.userOperationOutcomes`.
 */
export function smartAccountsModule(
  ctx: ModuleContext,
  parts: { createOperation?: CreateOperation; userOperationOutcomes?: UserOperationOutcomes } = {},
): KeelModule {
  const accounts = new SmartAccounts({ db: ctx.db, config: ctx.config, chains: ctx.chains, signers: ctx.signers });
  // Until the user-operation write path is wired here, a grant or revocation cannot be sent.
  const createOperation: CreateOperation =
    parts.createOperation ??
    (async () => {
      throw new PermanentError('smart_accounts_not_configured', 'user operations are not available in this process');
    });
  const sessionKeys = new SessionKeys({ db: ctx.db, config: ctx.config, chains: ctx.chains, createOperation });
  // Capabilities that create user operations register their outcome handlers here; the worker delivers on it.
  const userOperationOutcomes = parts.userOperationOutcomes ?? new UserOperationOutcomes();
  registerSessionKeyOutcomes(userOperationOutcomes, sessionKeys);
  const sponsorship = sponsorshipModulePart(ctx);
  const nativeUsd8 = async (chainId: number) => {
    const chain = ctx.config.chains.find((c) => c.chainId === chainId);
    const feed = chain ? await ctx.pipeline.facts.feed(chain, chain.nativePriceFeed) : undefined;
    return feed && feed.usd8 !== null && (feed.status === 'ok' || feed.status === 'stale') ? feed.usd8 : null;
  };
  const paymaster = new PaymasterService({
    db: ctx.db,
    config: ctx.config,
    signers: ctx.signers,
    sponsorship: sponsorship.sponsorship,
    nativeUsd8,
  });
  let gauges: DepositGauges | undefined;
  let uopMetrics: UserOperationMetrics | undefined;
  return {
    name: 'smart-accounts',
    routes: [
      smartAccountRoutes({ accounts }),
      sessionKeyRoutes({ keys: sessionKeys }),
      sponsorshipRoutes({ sponsorship: sponsorship.sponsorship }),
      paymasterRoutes({ paymaster, entryPoint: () => ctx.config.smartAccounts.entryPoint }),
    ],
    tasks: depositWatchTask({
      config: ctx.config,
      chains: ctx.chains,
      logger: ctx.logger.child({ component: 'paymaster-deposit' }),
      gauges: () => gauges,
    }),
    workers: [
      {
        name: 'user-operations',
        start: () =>
          startUserOperationWorker({
            database: ctx.database,
            config: ctx.config,
            chains: ctx.chains,
            signers: ctx.signers,
            paymaster,
            sponsorship: sponsorship.sponsorship,
            outcomes: userOperationOutcomes,
            nativeUsd8,
            logger: ctx.logger,
            metrics: uopMetrics,
          }),
      },
    ],
    metrics: (registry) => {
      sponsorship.metrics(registry);
      gauges = createDepositGauges(registry);
      uopMetrics = createUserOperationMetrics(registry);
    },
    readiness: ctx.config.smartAccounts.paymaster ? { checks: depositReadiness(ctx.config, ctx.chains) } : {},
  };
}
