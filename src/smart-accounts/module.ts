import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { smartAccountRoutes } from './account-routes.ts';
import { SmartAccounts } from './accounts.ts';
import { createDepositGauges, type DepositGauges, depositReadiness, depositWatchTask } from './paymaster-deposit.ts';
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
import { userOperationRoutes } from './user-operation-routes.ts';
import { UserOperations } from './user-operation-service.ts';

/**
 * Account abstraction (ERC-4337, docs/account-abstraction.md): smart accounts for end users
 * (accounts.ts), sponsored-gas policies and decisions (docs/sponsorship.md, sponsorship-*.ts),
 * and the paymaster service that signs sponsored operations (paymaster-*.ts: the ERC-7677
 * endpoint and the worker's EntryPoint deposit watch). The paymaster calls
 * `sponsorship.decide` always with the caller's actor. User operations (user-operation-*.ts):
 * the synchronous half (intake, review, cancel, external signature, reads) is `UserOperations`,
 * the asynchronous half (build, sponsor, sign, send, track) the worker; one `UserOperationOutcomes`
 * carries capabilities' outcome handlers to the worker. Session keys (session-key-*.ts) grant and
 * revoke by owner operations through `createForCapability` (tests may pass another
 * `parts.createOperation`), and the intake enforces their scope (`scopeFor`).
 */
export function smartAccountsModule(
  ctx: ModuleContext,
  parts: { createOperation?: CreateOperation; userOperationOutcomes?: UserOperationOutcomes } = {},
): KeelModule {
  const accounts = new SmartAccounts({ db: ctx.db, config: ctx.config, chains: ctx.chains, signers: ctx.signers });
  // Session keys and user operations need each other: grants are operations, operations check keys' scopes.
  let userOperations: UserOperations | undefined;
  const createOperation: CreateOperation =
    parts.createOperation ?? ((input) => (userOperations as UserOperations).createForCapability(input));
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
  userOperations = new UserOperations({
    db: ctx.db,
    config: ctx.config,
    pipeline: ctx.pipeline,
    sponsorship: sponsorship.sponsorship,
    outcomes: userOperationOutcomes,
    sessionKeys,
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
      userOperationRoutes({ userOperations }),
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
