import { describe, expect, it } from 'vitest';
import { allowancesToRead, exposureGrowth, exposuresOf } from './exposure.ts';
import { allowanceKey, type SimulationResult } from './simulate.ts';

const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as `0x${string}`;
const TREASURY = A(0x1);
const DEPOSIT = A(0x2);
const PAIR = A(0x3);
const ROUTER = A(0x4);
const TUSD = A(0x10);
const WETH = A(0x11);
const keel = new Set([TREASURY, DEPOSIT].map((a) => a.toLowerCase()));
const isKeel = (a: string) => keel.has(a.toLowerCase());

type Sim = Pick<SimulationResult, 'transfers' | 'approvals' | 'allowancesAfter'>;

describe('exposuresOf', () => {
  it('counts gross outflows to others, not inflows nor moves between Keel accounts', () => {
    const sim: Sim = {
      transfers: [
        { index: 0, asset: TUSD, from: TREASURY, to: PAIR, amount: 60_000n },
        { index: 0, asset: WETH, from: PAIR, to: TREASURY, amount: 19n },
        { index: 0, asset: TUSD, from: PAIR, to: TREASURY, amount: 100n }, // something comes back: still gross
        { index: 0, asset: TUSD, from: DEPOSIT, to: TREASURY, amount: 5n }, // a sweep between Keel's own accounts
        { index: 0, asset: 'native', from: TREASURY, to: PAIR, amount: 7n },
      ],
      approvals: [],
    };
    expect(exposuresOf(sim, 1, isKeel)).toEqual([
      {
        assets: [
          { asset: TUSD, outflow: 60_000n, allowance: 0n },
          { asset: 'native', outflow: 7n, allowance: 0n },
        ],
        allowances: [],
      },
    ]);
  });

  it('an exact approval spent by the next call of the batch leaves nothing granted (read after the batch)', () => {
    const sim: Sim = {
      transfers: [{ index: 1, asset: TUSD, from: TREASURY, to: PAIR, amount: 1_000n }],
      approvals: [{ index: 0, token: TUSD, owner: TREASURY, spender: ROUTER, value: 1_000n }],
      allowancesAfter: new Map([[allowanceKey(TUSD, TREASURY, ROUTER), 0n]]),
    };
    const [approve, swap] = exposuresOf(sim, 2, isKeel);
    expect(approve).toEqual({ assets: [], allowances: [] });
    expect(swap!.assets).toEqual([{ asset: TUSD, outflow: 1_000n, allowance: 0n }]);
  });

  it('what is left granted counts; without a reading, the last approval counts in full; ApprovalForAll is unbounded', () => {
    const sim: Sim = {
      transfers: [],
      approvals: [
        { index: 0, token: TUSD, owner: TREASURY, spender: ROUTER, value: 10n },
        { index: 1, token: TUSD, owner: TREASURY, spender: ROUTER, value: 500n }, // the last one decides
        { index: 1, token: WETH, owner: TREASURY, spender: PAIR, value: 3n },
        { index: 1, token: A(0x99), owner: TREASURY, spender: PAIR, value: null },
        { index: 1, token: TUSD, owner: PAIR, spender: TREASURY, value: 9n }, // someone else's allowance
      ],
      allowancesAfter: new Map([[allowanceKey(TUSD, TREASURY, ROUTER), 400n]]),
    };
    const [first, second] = exposuresOf(sim, 2, isKeel);
    expect(first).toEqual({ assets: [], allowances: [] });
    expect(second!.assets).toEqual([
      { asset: TUSD, outflow: 0n, allowance: 400n },
      { asset: WETH, outflow: 0n, allowance: 3n },
    ]);
    expect(second!.allowances.map((a) => [a.token, a.spender, a.amount])).toEqual([
      [TUSD, ROUTER, 400n],
      [WETH, PAIR, 3n],
      [A(0x99), PAIR, null],
    ]);
    expect(allowancesToRead(sim, isKeel).map((r) => r.token)).toEqual([TUSD, WETH]);
  });
});

describe('exposureGrowth (re-simulation before signing)', () => {
  const TUSD_ASSET = { symbol: 'tUSD', address: TUSD, decimals: 6 };
  const accepted = JSON.stringify({
    usd: '1',
    assets: [
      {
        asset: TUSD_ASSET,
        known: true,
        outflow: { amount: '0.001', baseUnits: '1000' },
        allowance: { amount: '0', baseUnits: '0' },
      },
    ],
    allowances: [],
  });
  const now = (outflow: bigint) => ({
    assets: [{ asset: TUSD_ASSET, known: true, outflow, allowance: 0n }],
    allowances: [],
  });

  it('passes what moves no more than was judged (the declared amount counts: an exact-out swap may spend up to its maximum)', () => {
    expect(exposureGrowth({ asset: null, amount: '0', exposure: accepted }, now(1_000n))).toBeNull();
    expect(
      exposureGrowth({ asset: JSON.stringify(TUSD_ASSET), amount: '1500', exposure: accepted }, now(1_500n)),
    ).toBeNull();
    expect(exposureGrowth({ asset: null, amount: '0', exposure: null }, now(10n ** 30n))).toBeNull();
  });
  it('names the asset that now moves more', () => {
    expect(exposureGrowth({ asset: null, amount: '0', exposure: accepted }, now(1_001n))).toEqual({
      asset: 'tUSD',
      accepted: '1000',
      now: '1001',
    });
    const weth = {
      assets: [{ asset: { symbol: 'WETH', address: WETH, decimals: 18 }, known: true, outflow: 1n, allowance: 0n }],
      allowances: [],
    };
    expect(exposureGrowth({ asset: null, amount: '0', exposure: accepted }, weth)).toMatchObject({
      asset: 'WETH',
      accepted: '0',
    });
  });
});
