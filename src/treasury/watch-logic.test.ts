import { describe, expect, it } from 'vitest';
import { mandateDocumentSchema } from './mandate.ts';
import type { PositionVault } from './position.ts';
import { judgeVaults, newAlerts, tripReason, vaultAlerts, WATCH_RULES, type WatchAlert } from './watch-logic.ts';

const A = '0x00000000000000000000000000000000000000a1';
const B = '0x00000000000000000000000000000000000000b2';

const mandate = mandateDocumentSchema.parse({
  name: 'reserve',
  chainId: 31337,
  signer: 'treasury',
  asset: 'tUSD',
  vaults: [
    { address: A, maxAllocation: { bps: 5000 } },
    { address: B, maxAllocation: { bps: 5000 } },
  ],
  buffer: { bps: 1000 },
  maxDrawdownBps: 50,
  reviewThreshold: '1000',
  maxDailyMovement: '100000',
});

const amount = (units: bigint) => ({ amount: (Number(units) / 1e6).toString(), baseUnits: units.toString() });

/** A healthy vault holding 1,000 tUSD, all withdrawable; `over` patches it. */
function vault(address: string, over: Partial<PositionVault> = {}): PositionVault {
  return {
    address: address as PositionVault['address'],
    label: null,
    shares: { amount: '1000', baseUnits: '1000000000', decimals: 6 },
    value: amount(1_000_000_000n),
    maxWithdraw: amount(1_000_000_000n),
    withdrawableNow: amount(1_000_000_000n),
    sharePrice: '1.0',
    totalAssets: amount(5_000_000_000n),
    totalSupply: '5000000000',
    allocation: {
      bps: 1000,
      targetBps: 0,
      deviationBps: 1000,
      cap: amount(1n),
      capBinding: 'bps',
      overCap: false,
    },
    concentration: { bps: 2000, maxBps: 2000, over: false },
    belowMinVaultAssets: false,
    drawdown: { highSharePrice: '1.0', bps: 0, maxBps: 50, over: false },
    prices: { lastRecordedBlock: '1', lastRecordedAt: null, stale: false },
    apy: { d7: null, d30: null },
    costBasis: amount(0n),
    realisedYield: amount(0n),
    unrealisedYield: null,
    untrackedShares: null,
    movementsInconsistent: false,
    code: { codeHash: '0x11', implementation: null, implementationCodeHash: null, matchesMandate: true },
    failures: [],
    ...over,
  };
}

const rules = (a: WatchAlert[]) => a.map((x) => x.rule);

describe('treasury watch rules', () => {
  it('a healthy vault raises nothing and trips nothing', () => {
    const [a, b] = judgeVaults(mandate, { vaults: [vault(A), vault(B)] });
    expect(a).toMatchObject({ alerts: [], trip: false, holdsValue: true });
    expect(b!.trip).toBe(false);
  });

  it('a drop beyond the drawdown limit trips, with the figures in the detail', () => {
    const v = vault(A, {
      sharePrice: '0.95',
      drawdown: { highSharePrice: '1.0', bps: 500, maxBps: 50, over: true },
    });
    const alerts = vaultAlerts(mandate, v, null);
    expect(rules(alerts)).toEqual(['drawdown']);
    expect(alerts[0]!.detail).toContain('500 bps below its recorded high of 1.0');
    expect(alerts[0]!.detail).toContain('allows 50 bps');
    // Within the limit (or no history: over null) it does not.
    expect(
      vaultAlerts(mandate, vault(A, { drawdown: { highSharePrice: null, bps: null, maxBps: 50, over: null } }), null),
    ).toEqual([]);
  });

  it('a code hash the mandate did not approve trips; an unpinned vault (null) does not', () => {
    const changed = vault(A, {
      code: { codeHash: '0x11', implementation: B as never, implementationCodeHash: '0x22', matchesMandate: false },
    });
    const alerts = vaultAlerts(mandate, changed, null);
    expect(rules(alerts)).toEqual(['code_changed']);
    expect(alerts[0]!.detail).toContain(B);
    expect(
      vaultAlerts(
        mandate,
        vault(A, {
          code: { codeHash: null, implementation: null, implementationCodeHash: null, matchesMandate: null },
        }),
        null,
      ),
    ).toEqual([]);
  });

  it('a failing maxWithdraw trips and carries the call error', () => {
    const v = vault(A, {
      maxWithdraw: null,
      withdrawableNow: null,
      failures: [{ call: 'maxWithdraw', error: 'execution reverted' }],
    });
    const alerts = vaultAlerts(mandate, v, null);
    expect(rules(alerts)).toEqual(['max_withdraw_failed']);
    expect(alerts[0]!.detail).toContain('execution reverted');
  });

  it('paused: maxWithdraw 0 while holding value, or the vault saying so — once, either way', () => {
    const zero = vault(A, { maxWithdraw: amount(0n), withdrawableNow: amount(0n) });
    expect(rules(vaultAlerts(mandate, zero, null))).toEqual(['withdrawals_paused']);
    expect(rules(vaultAlerts(mandate, zero, true))).toEqual(['withdrawals_paused']);
    // The vault says paused though maxWithdraw still answers: trust the switch.
    expect(rules(vaultAlerts(mandate, vault(A), true))).toEqual(['withdrawals_paused']);
    // Holding nothing, maxWithdraw 0 is just empty, not paused; the switch reading false is fine.
    const empty = vault(A, { value: amount(0n), maxWithdraw: amount(0n), shares: null });
    expect(vaultAlerts(mandate, empty, false)).toEqual([]);
    expect(judgeVaults(mandate, { vaults: [empty, vault(B)] })[0]).toMatchObject({ trip: false, holdsValue: false });
  });

  it('judges each vault apart, pause signals matched by address in any case', () => {
    const verdicts = judgeVaults(
      mandate,
      { vaults: [vault(A), vault(B, { drawdown: { highSharePrice: '1', bps: 60, maxBps: 50, over: true } })] },
      new Map([[A.toUpperCase().replace('0X', '0x'), true]]),
    );
    expect(verdicts.map((v) => [v.vault.toLowerCase(), rules(v.alerts), v.trip])).toEqual([
      [A, ['withdrawals_paused'], true],
      [B, ['drawdown'], true],
    ]);
  });

  it('several rules at once; the trip reason names each and stays bounded', () => {
    const v = vault(A, {
      drawdown: { highSharePrice: '1', bps: 900, maxBps: 50, over: true },
      code: { codeHash: '0x33', implementation: null, implementationCodeHash: null, matchesMandate: false },
      maxWithdraw: null,
    });
    const alerts = vaultAlerts(mandate, v, null);
    expect(rules(alerts)).toEqual(['drawdown', 'code_changed', 'max_withdraw_failed']);
    expect(alerts.every((a) => WATCH_RULES.includes(a.rule))).toBe(true);
    const reason = tripReason(alerts);
    expect(reason).toMatch(/^treasury watch: drawdown \(.*code_changed \(/);
    expect(tripReason(Array.from({ length: 20 }, () => alerts[0]!)).length).toBeLessThanOrEqual(480);
  });

  it('alerts each rule once per trip: only rules not yet sent are new', () => {
    const alerts: WatchAlert[] = [
      { rule: 'drawdown', detail: 'x' },
      { rule: 'code_changed', detail: 'y' },
    ];
    expect(rules(newAlerts(alerts, new Set()))).toEqual(['drawdown', 'code_changed']);
    expect(rules(newAlerts(alerts, new Set(['drawdown'])))).toEqual(['code_changed']);
    expect(newAlerts(alerts, new Set(['drawdown', 'code_changed']))).toEqual([]);
  });
});
