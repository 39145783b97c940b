import { formatUnits, getAddress, parseUnits, type Address, type Hex } from 'viem';
import { checkAllocation, type Breach, type MandateLimits, type VaultFacts } from './allocation-logic.ts';
import type { MandateDocument } from './mandate.ts';
import type { PositionReading, ReadFailure } from './position-reader.ts';
import { apyOverPeriod, yieldFigures, type Apy, type Movement, type PricePoint } from './yield-logic.ts';

/**
 * The resource `GET /v1/treasury/mandates/:id/position` answers, assembled (pure) from a
 * one-block reading, the recorded share-price history and the mandate's movements. Amounts are
 * `{ amount, baseUnits }` in the mandate asset's units (decimal string and integer string, as
 * in the portfolio); share prices are decimal strings of assets per whole share; shares of a
 * total are integer basis points. A null is a value that could not be read (see `failures`).
 */

/** An amount in the mandate asset: decimal string and base units (may be negative for yield). */
export interface Amount {
  amount: string;
  baseUnits: string;
}

/** An APY as the position shows it (yield-logic `Apy`, prices as decimal strings). */
export interface ApyFigure {
  /** Rounded basis points (1287 = 12.87 %). */
  bps: number;
  /** Fraction with 8 decimals (`"0.12869529"`). */
  decimal: string;
  /** The recorded reading it is measured from, and the live one it ends at. */
  from: { blockNumber: string; blockTime: string; sharePrice: string };
  to: { blockNumber: string; blockTime: string; sharePrice: string };
  elapsedSeconds: number;
}

/** A rule the position breaks (allocation-logic rules, plus a code hash that moved). */
export interface PositionBreach {
  rule: Breach['rule'] | 'code_changed';
  /** The vault concerned (absent for the account's buffer). */
  vault?: Address;
  detail: string;
}

/** One vault of the mandate in the position. */
export interface PositionVault {
  address: Address;
  label: string | null;
  /** The account's shares (`balanceOf`), in share units. */
  shares: { amount: string; baseUnits: string; decimals: number } | null;
  /** `convertToAssets(shares)`. */
  value: Amount | null;
  maxWithdraw: Amount | null;
  /** min(value, maxWithdraw): what can come out now (a vault may let out less than it holds). */
  withdrawableNow: Amount | null;
  /** Assets per whole share at the block (`convertToAssets(10^decimals)`). */
  sharePrice: string | null;
  totalAssets: Amount | null;
  /** The vault's share supply in base units. */
  totalSupply: string | null;
  allocation: {
    /** Value as bps of the mandate's total (rounded down). */
    bps: number | null;
    targetBps: number;
    deviationBps: number | null;
    /** The cap in force: the smaller of the mandate's amount and bps. */
    cap: Amount;
    capBinding: 'amount' | 'bps';
    overCap: boolean | null;
  };
  /** The account's share of the vault's total assets. */
  concentration: { bps: number | null; maxBps: number; over: boolean | null };
  /** Below the mandate's minimum vault size: no deposits. */
  belowMinVaultAssets: boolean | null;
  drawdown: { highSharePrice: string | null; bps: number | null; maxBps: number; over: boolean | null };
  /**
   * The recorded history: the newest record (its block and block time), and whether it is older
   * than the mandate allows, measured on the chain's clock from the position's block.
   */
  prices: { lastRecordedBlock: string | null; lastRecordedAt: string | null; stale: boolean };
  apy: { d7: ApyFigure | null; d30: ApyFigure | null };
  /** Average-cost basis of the shares the movements account for, and the yield on them. */
  costBasis: Amount;
  realisedYield: Amount;
  unrealisedYield: Amount | null;
  /** On-chain shares the movements do not account for (base units; 0 when they agree). */
  untrackedShares: string | null;
  movementsInconsistent: boolean;
  code: {
    codeHash: Hex | null;
    implementation: Address | null;
    implementationCodeHash: Hex | null;
    /** False when the mandate pins a hash the chain no longer holds; null when nothing is pinned. */
    matchesMandate: boolean | null;
  };
  failures: ReadFailure[];
}

/** A mandate's position at one block. */
export interface Position {
  object: 'treasury_position';
  mandateId: string | null;
  chainId: number;
  blockNumber: string;
  blockTime: string;
  account: Address;
  asset: { symbol: string; address: Address; decimals: number };
  /** Account balance plus the value of every vault position. */
  total: Amount;
  /** Some value could not be read: `total` counts only what was. */
  totalIncomplete: boolean;
  accountBalance: Amount | null;
  deployed: Amount;
  withdrawableNow: Amount;
  buffer: { required: Amount; binding: 'amount' | 'bps'; actual: Amount; ok: boolean };
  /** Sums over the vaults. */
  yield: { costBasis: Amount; realised: Amount; unrealised: Amount | null };
  vaults: PositionVault[];
  breaches: PositionBreach[];
  failures: ReadFailure[];
}

/** Per vault, what the history offers: points near 7 and 30 days back, the high, the newest record. */
export interface VaultHistory {
  d7: PricePoint | null;
  d30: PricePoint | null;
  high: bigint | null;
  /** The newest recorded point. */
  latest: PricePoint | null;
}

export interface PositionInput {
  mandateId?: string | null;
  mandate: MandateDocument;
  asset: { symbol: string; address: Address; decimals: number };
  reading: PositionReading;
  /** Keyed by checksummed vault address; a vault absent has no history. */
  history: ReadonlyMap<Address, VaultHistory>;
  /** The mandate's movements per vault (checksummed address), oldest first. */
  movements: ReadonlyMap<Address, readonly Movement[]>;
}

export const SEVEN_DAYS = 7 * 24 * 3600;
export const THIRTY_DAYS = 30 * 24 * 3600;

const iso = (unixSeconds: number | bigint) => new Date(Number(unixSeconds) * 1000).toISOString();

/** The mandate's limits in the asset's base units. */
export function mandateLimits(m: MandateDocument, decimals: number): MandateLimits {
  return {
    buffer: {
      amount: m.buffer.amount === undefined ? undefined : parseUnits(m.buffer.amount, decimals),
      bps: m.buffer.bps,
    },
    maxShareOfVaultBps: m.maxShareOfVaultBps,
    minVaultAssets: parseUnits(m.minVaultAssets, decimals),
    maxDrawdownBps: m.maxDrawdownBps,
    maxPriceStalenessSeconds: m.maxPriceStalenessSeconds,
  };
}

/** Assembles the position resource (see the file header); pure. */
export function assemblePosition(input: PositionInput): Position {
  const { mandate, asset, reading } = input;
  // Staleness is judged on the chain's clock: the position's block against the newest record's.
  const now = Number(reading.block.timestamp);
  const d = asset.decimals;
  const amt = (v: bigint): Amount => ({ amount: formatUnits(v, d), baseUnits: v.toString() });
  const opt = (v: bigint | null): Amount | null => (v === null ? null : amt(v));
  const price = (v: bigint | null): string | null => (v === null ? null : formatUnits(v, d));
  if (mandate.vaults.length !== reading.vaults.length) throw new RangeError('the reading is not of this mandate');

  const facts: VaultFacts[] = mandate.vaults.map((mv, i) => {
    const r = reading.vaults[i]!;
    const h = input.history.get(getAddress(mv.address));
    return {
      targetBps: mv.targetBps,
      maxAllocation: {
        amount: mv.maxAllocation.amount === undefined ? undefined : parseUnits(mv.maxAllocation.amount, d),
        bps: mv.maxAllocation.bps,
      },
      value: r.value,
      maxWithdraw: r.maxWithdraw,
      totalAssets: r.totalAssets,
      assetsPerShare: r.assetsPerShare,
      recordedHigh: h?.high ?? null,
      lastRecordedAt: h?.latest?.blockTime ?? null,
    };
  });
  const limits = mandateLimits(mandate, d);
  const check = checkAllocation(reading.accountBalance, facts, limits, now);
  const breaches: PositionBreach[] = check.breaches.map((b) => ({
    rule: b.rule,
    ...(b.vault === undefined ? {} : { vault: getAddress(mandate.vaults[b.vault]!.address) }),
    detail: b.detail,
  }));

  let cost = 0n;
  let realised = 0n;
  let unrealised: bigint | null = 0n;
  const vaults = mandate.vaults.map((mv, i): PositionVault => {
    const address = getAddress(mv.address);
    const r = reading.vaults[i]!;
    const c = check.vaults[i]!;
    const h = input.history.get(address);
    const y = yieldFigures(input.movements.get(address) ?? [], r.shares, r.value);
    cost += y.cost;
    realised += y.realised;
    unrealised = unrealised === null || y.unrealised === null ? null : unrealised + y.unrealised;
    const live: PricePoint | null =
      r.assetsPerShare === null
        ? null
        : {
            blockNumber: reading.block.number,
            blockTime: Number(reading.block.timestamp),
            assetsPerShare: r.assetsPerShare,
          };
    const apy = (p: PricePoint | null | undefined, period: number): ApyFigure | null => {
      const a: Apy | null = live ? apyOverPeriod(live, p, period) : null;
      if (!a) return null;
      const point = (x: PricePoint) => ({
        blockNumber: x.blockNumber.toString(),
        blockTime: iso(x.blockTime),
        sharePrice: formatUnits(x.assetsPerShare, d),
      });
      return { bps: a.bps, decimal: a.decimal, from: point(a.from), to: point(a.to), elapsedSeconds: a.elapsedSeconds };
    };
    const pins = [
      [mv.codeHash, r.codeHash],
      [mv.implementationCodeHash, r.implementationCodeHash],
    ].filter(([pinned]) => pinned !== undefined) as Array<[string, Hex | null]>;
    const matchesMandate = pins.length ? pins.every(([p, live]) => live?.toLowerCase() === p.toLowerCase()) : null;
    if (matchesMandate === false)
      breaches.push({
        rule: 'code_changed',
        vault: address,
        detail: 'the code at the vault (or its implementation) is not the code the mandate approved',
      });
    return {
      address,
      label: mv.label ?? null,
      shares:
        r.shares === null
          ? null
          : {
              amount: formatUnits(r.shares, r.decimals ?? 0),
              baseUnits: r.shares.toString(),
              decimals: r.decimals ?? 0,
            },
      value: opt(r.value),
      maxWithdraw: opt(r.maxWithdraw),
      withdrawableNow: opt(c.withdrawableNow),
      sharePrice: price(r.assetsPerShare),
      totalAssets: opt(r.totalAssets),
      totalSupply: r.totalSupply?.toString() ?? null,
      allocation: {
        bps: c.bps,
        targetBps: c.targetBps,
        deviationBps: c.deviationBps,
        cap: amt(c.cap),
        capBinding: c.capBinding,
        overCap: c.overCap,
      },
      concentration: { bps: c.shareOfVaultBps, maxBps: limits.maxShareOfVaultBps, over: c.overShareOfVault },
      belowMinVaultAssets: c.belowMinVaultAssets,
      drawdown: {
        highSharePrice: price(c.high),
        bps: c.drawdownBps,
        maxBps: limits.maxDrawdownBps,
        over: c.overDrawdown,
      },
      prices: {
        lastRecordedBlock: h?.latest?.blockNumber.toString() ?? null,
        lastRecordedAt: h?.latest ? iso(h.latest.blockTime) : null,
        stale: c.stale,
      },
      apy: { d7: apy(h?.d7, SEVEN_DAYS), d30: apy(h?.d30, THIRTY_DAYS) },
      costBasis: amt(y.cost),
      realisedYield: amt(y.realised),
      unrealisedYield: opt(y.unrealised),
      untrackedShares: y.untrackedShares?.toString() ?? null,
      movementsInconsistent: y.inconsistent,
      code: {
        codeHash: r.codeHash,
        implementation: r.implementation,
        implementationCodeHash: r.implementationCodeHash,
        matchesMandate,
      },
      failures: r.failures,
    };
  });

  return {
    object: 'treasury_position',
    mandateId: input.mandateId ?? null,
    chainId: reading.chainId,
    blockNumber: reading.block.number.toString(),
    blockTime: iso(reading.block.timestamp),
    account: getAddress(reading.account),
    asset: { symbol: asset.symbol, address: getAddress(asset.address), decimals: d },
    total: amt(check.total),
    totalIncomplete: check.totalIncomplete,
    accountBalance: opt(reading.accountBalance),
    deployed: amt(check.deployed),
    withdrawableNow: amt(check.withdrawableNow),
    buffer: {
      required: amt(check.buffer.required),
      binding: check.buffer.binding,
      actual: amt(check.buffer.actual),
      ok: check.buffer.ok,
    },
    yield: { costBasis: amt(cost), realised: amt(realised), unrealised: opt(unrealised) },
    vaults,
    breaches,
    failures: reading.accountFailures,
  };
}
