import { mandateDocumentSchema, type MandateDocument } from './mandate.ts';
import type { PlanVaultFacts } from './plan-logic.ts';

/**
 * Fixtures the treasury's pure-logic tests share: amounts in whole units of a 6-decimal asset,
 * two vault addresses, the "ops reserve" mandate over them and a healthy vault's facts.
 */

/** Whole units of a 6-decimal asset, in base units. */
export const u = (n: number) => BigInt(Math.round(n * 1e6));
export const A = '0x00000000000000000000000000000000000000aa';
export const B = '0x00000000000000000000000000000000000000bb';

/**
 * A: target 40 %, cap 50 %. B: target 30 %, cap min(40 %, 350,000). Buffer max(20 %, 100,000).
 * Concentration unlimited (the fixtures' vaults are small).
 */
export const opsReserve = (over: Record<string, unknown> = {}): MandateDocument =>
  mandateDocumentSchema.parse({
    name: 'ops reserve',
    chainId: 31337,
    signer: 'treasury',
    asset: 'tUSD',
    vaults: [
      { address: A, targetBps: 4_000, maxAllocation: { bps: 5_000 } },
      { address: B, targetBps: 3_000, maxAllocation: { bps: 4_000, amount: '350000' } },
    ],
    buffer: { bps: 2_000, amount: '100000' },
    maxShareOfVaultBps: 10_000,
    reviewThreshold: '250000',
    maxDailyMovement: '2000000',
    ...over,
  });

/** A readable, untripped vault holding `value`, all of it withdrawable. */
export const healthyVault = (address: string, value: bigint, over: Partial<PlanVaultFacts> = {}): PlanVaultFacts => ({
  address,
  value,
  maxWithdraw: value,
  totalAssets: u(10_000_000),
  tripped: false,
  codeChanged: false,
  stale: false,
  ...over,
});
