import { Gauge } from 'prom-client';
import { formatEther, parseEther, type Address } from 'viem';
import { entryPoint08Abi } from 'viem/account-abstraction';
import type { ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../lib/logger.ts';
import type { Registry } from '../lib/metrics.ts';

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
  const floor = parseEther(sa.paymasterDepositFloorEth);
  return [
    {
      name: 'paymaster-deposit-watch',
      everyMs: sa.depositWatchIntervalSeconds * 1000,
      run: async () => {
        const g = deps.gauges();
        await Promise.all(
          deps.chains.all().map(async (h) => {
            const chainId = String(h.chain.id);
            try {
              const wei = await h.client.readContract({
                address: sa.entryPoint as Address,
                abi: entryPoint08Abi,
                functionName: 'balanceOf',
                args: [paymaster],
              });
              g?.eth.set({ chain_id: chainId }, Number(formatEther(wei)));
              g?.low.set({ chain_id: chainId }, wei < floor ? 1 : 0);
              if (wei < floor)
                deps.logger.warn(
                  {
                    chainId: h.chain.id,
                    paymaster,
                    depositEth: formatEther(wei),
                    floorEth: sa.paymasterDepositFloorEth,
                  },
                  'paymaster EntryPoint deposit is below the floor: top it up (EntryPoint.depositTo) or sponsored operations will fail',
                );
            } catch (err) {
              deps.logger.warn({ chainId: h.chain.id, err: (err as Error).message }, 'paymaster deposit read failed');
            }
          }),
        );
      },
    },
  ];
}
