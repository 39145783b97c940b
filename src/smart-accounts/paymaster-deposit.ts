import { Gauge } from 'prom-client';
import { formatEther, parseEther, type Address } from 'viem';
import { entryPoint08Abi } from 'viem/account-abstraction';
import type { ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../lib/logger.ts';
import type { Registry } from '../lib/metrics.ts';
import type { ReadinessCheck } from '../api/system-routes.ts';

/**
 * The paymaster's EntryPoint deposit watch (worker role): every
 * `smartAccounts.depositWatchIntervalSeconds`, reads `balanceOf(paymaster)` on the EntryPoint
 * of every configured chain; gauges `keel_paymaster_deposit_eth{chain_id}` and
 * `keel_paymaster_deposit_low{chain_id}` (1 below `smartAccounts.paymasterDepositFloorEth`),
 * and a warning in the log each time a chain is below the floor. The EntryPoint takes every
 * sponsored operation's gas from this deposit: at zero, every sponsored operation fails (AA31).
 */
export interface DepositGauges {
  eth: Gauge<'chain_id'>;
  low: Gauge<'chain_id'>;
}

export function createDepositGauges(registry: Registry): DepositGauges {
  return {
    eth: new Gauge({
      name: 'keel_paymaster_deposit_eth',
      help: 'The paymaster’s EntryPoint deposit by chain, in the native coin (read by the worker’s deposit watch).',
      labelNames: ['chain_id'] as const,
      registers: [registry],
    }),
    low: new Gauge({
      name: 'keel_paymaster_deposit_low',
      help: '1 when the paymaster’s EntryPoint deposit on the chain is below smartAccounts.paymasterDepositFloorEth, else 0.',
      labelNames: ['chain_id'] as const,
      registers: [registry],
    }),
  };
}

/** One chain's paymaster deposit as read from its EntryPoint (or why it could not be read). */
export interface DepositReading {
  chainId: number;
  name: string;
  wei: bigint | null;
  low: boolean;
  error?: string;
}

/** Reads the paymaster's EntryPoint deposit on every chain (none without a configured paymaster). */
export async function readDeposits(config: Config, chains: ChainRegistry): Promise<DepositReading[]> {
  const sa = config.smartAccounts;
  if (!sa.paymaster) return [];
  const floor = parseEther(sa.paymasterDepositFloorEth);
  return Promise.all(
    chains.all().map(async (h): Promise<DepositReading> => {
      try {
        const wei = await h.client.readContract({
          address: sa.entryPoint as Address,
          abi: entryPoint08Abi,
          functionName: 'balanceOf',
          args: [sa.paymaster as Address],
        });
        return { chainId: h.chain.id, name: h.chain.name, wei, low: wei < floor };
      } catch (err) {
        return { chainId: h.chain.id, name: h.chain.name, wei: null, low: false, error: (err as Error).message };
      }
    }),
  );
}

/** The periodic task; none without a configured paymaster. `gauges()` is read at each run (metrics are registered after the module is built). */
export function depositWatchTask(deps: {
  config: Config;
  chains: ChainRegistry;
  logger: Logger;
  gauges: () => DepositGauges | undefined;
}): Array<{ name: string; everyMs: number; run: () => Promise<unknown> }> {
  const sa = deps.config.smartAccounts;
  if (!sa.paymaster) return [];
  const paymaster = sa.paymaster as Address;
  return [
    {
      name: 'paymaster-deposit-watch',
      everyMs: sa.depositWatchIntervalSeconds * 1000,
      run: async () => {
        const g = deps.gauges();
        for (const r of await readDeposits(deps.config, deps.chains)) {
          const chainId = String(r.chainId);
          if (r.wei === null) {
            deps.logger.warn({ chainId: r.chainId, err: r.error }, 'paymaster deposit read failed');
            continue;
          }
          g?.eth.set({ chain_id: chainId }, Number(formatEther(r.wei)));
          g?.low.set({ chain_id: chainId }, r.low ? 1 : 0);
          if (r.low)
            deps.logger.warn(
              { chainId: r.chainId, paymaster, depositEth: formatEther(r.wei), floorEth: sa.paymasterDepositFloorEth },
              'paymaster EntryPoint deposit is below the floor: top it up (EntryPoint.depositTo) or sponsored operations will fail',
            );
        }
      },
    },
  ];
}

/**
 * `/ready`'s view of the deposit (API role, stateless: read from the chain, not from the
 * worker's gauges): a check per chain whose deposit is below the floor, `attention` — Keel is
 * degraded (sponsored operations will fail with AA31 once it is spent), not out of service.
 * Readings are kept for `depositWatchIntervalSeconds` (at most 30 s), so frequent probes do not
 * each cost an RPC call per chain. An unreadable deposit is not reported here: the chain's own
 * readiness shows an unreachable chain.
 */
export function depositReadiness(config: Config, chains: ChainRegistry): () => Promise<ReadinessCheck[]> {
  const ttlMs = Math.min(config.smartAccounts.depositWatchIntervalSeconds, 30) * 1000;
  let cached: { at: number; checks: Promise<ReadinessCheck[]> } | undefined;
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at >= ttlMs) {
      const checks = readDeposits(config, chains).then((rs) =>
        rs
          .filter((r) => r.low && r.wei !== null)
          .map((r) => ({
            name: 'paymaster_deposit',
            status: 'attention' as const,
            chainId: r.chainId,
            reason: `the paymaster's EntryPoint deposit on ${r.name} is ${formatEther(r.wei!)} (floor ${config.smartAccounts.paymasterDepositFloorEth}): top it up (EntryPoint.depositTo) or sponsored operations will fail`,
          })),
      );
      cached = { at: now, checks };
      // A failed read is not cached.
      checks.catch(() => {
        if (cached?.checks === checks) cached = undefined;
      });
    }
    return cached.checks;
  };
}
