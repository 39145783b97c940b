import { describe, expect, it } from 'vitest';
import { attestationMessage, canonicalJson, ratioLines, ratioString } from './attestation-logic.ts';
import { checkCsv, formatUnits, MAX_REPORTED_ERRORS, SnapshotChecker } from './snapshot-logic.ts';

const assets = [
  { symbol: 'tUSD', decimals: 6 },
  { symbol: 'tEUR', decimals: 6 },
  { symbol: 'WETH', decimals: 18 },
];

describe('liability snapshot rows', () => {
  it('turns rows into one balance vector per user over the assets named, in configured order', () => {
    const c = new SnapshotChecker(assets, 100);
    c.add({ userId: 'a', asset: 'WETH', balance: '0.5' }, 1, 'r0');
    c.add({ userId: 'a', asset: 'tUSD', balance: '12.340000' }, 2, 'r1');
    c.add({ userId: 'b', asset: 'tUSD', balance: '0' }, 3, 'r2');
    expect(c.errorCount).toBe(0);
    const r = c.result();
    expect(r.assets.map((a) => a.symbol)).toEqual(['tUSD', 'WETH']);
    expect(r.users.get('a')).toEqual([12_340_000n, 5n * 10n ** 17n]);
    expect(r.users.get('b')).toEqual([0n, 0n]);
    expect(r.totals).toEqual([12_340_000n, 5n * 10n ** 17n]);
  });

  it('names each bad row by line, field and code', () => {
    const c = new SnapshotChecker(assets, 100);
    const bad: Array<[unknown, unknown, unknown, string]> = [
      ['u', 'tUSD', '-1', 'negative_balance'],
      ['u', 'DOGE', '1', 'unknown_asset'],
      ['u', 'tUSD', '1.0000001', 'too_many_decimals'],
      ['has space', 'tUSD', '1', 'invalid_user_id'],
      ['u', 'tUSD', '1e5', 'invalid_balance'],
      ['u', 'tUSD', 12, 'invalid_balance'],
    ];
    bad.forEach(([userId, asset, balance], i) => c.add({ userId, asset, balance }, i + 1, `rows[${i}]`));
    c.add({ userId: 'd', asset: 'tUSD', balance: '1' }, 7, 'rows[6]');
    c.add({ userId: 'd', asset: 'tUSD', balance: '2' }, 8, 'rows[7]');
    expect(c.errors.map((e) => [e.line, e.code])).toEqual([
      ...bad.map(([, , , code], i) => [i + 1, code]),
      [8, 'duplicate_row'],
    ]);
    expect(c.errors[0]!.field).toBe('rows[0].balance');
  });

  it('lists at most MAX_REPORTED_ERRORS errors and counts them all; refuses rows over the limit', () => {
    const c = new SnapshotChecker(assets, 5_000);
    for (let i = 0; i < 1_500; i++) c.add({ userId: `u${i}`, asset: 'X', balance: '1' }, i + 1, `r${i}`);
    expect(c.errors.length).toBe(MAX_REPORTED_ERRORS);
    expect(c.errorCount).toBe(1_500);
    const small = new SnapshotChecker(assets, 1);
    small.add({ userId: 'a', asset: 'tUSD', balance: '1' }, 1, 'r0');
    small.add({ userId: 'b', asset: 'tUSD', balance: '1' }, 2, 'r1');
    expect(small.errors.map((e) => e.code)).toEqual(['too_many_rows']);
  });

  it('reads CSV with any column order, CRLF and blank lines; line numbers are the file’s', () => {
    const c = new SnapshotChecker(assets, 100);
    expect(checkCsv('asset,balance,user_id\r\ntUSD,1,a\r\n\r\ntEUR,-2,b\r\nbad line\n', c)).toBeNull();
    expect(c.errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'negative_balance'],
      [5, 'invalid_csv_line'],
    ]);
    expect(checkCsv('user,amount\n', new SnapshotChecker(assets, 1))?.code).toBe('invalid_csv_header');
    expect(checkCsv('', new SnapshotChecker(assets, 1))?.code).toBe('invalid_csv_header');
  });
});

describe('attestation content', () => {
  it('canonical JSON sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: undefined, b: null }] })).toBe('{"a":[{"b":null,"d":"x"}],"b":1}');
  });

  it('the ratio sums reserves over chains and accounts, rounds down to 4 decimals, null when nothing is owed', () => {
    const line = (asset: string, amount: string) => ({
      chainId: 1,
      blockNumber: '1',
      account: '0x1',
      asset,
      token: '0x2',
      decimals: 6,
      amount,
      kind: 'balance' as const,
    });
    expect(
      ratioLines(
        [
          { asset: 'tUSD', decimals: 6, amount: '300' },
          { asset: 'tEUR', decimals: 6, amount: '0' },
        ],
        [line('tUSD', '100'), line('tUSD', '99.99999'), line('tEUR', '5')],
      ),
    ).toEqual([
      { asset: 'tUSD', reserves: '199.99999', liabilities: '300', ratio: '0.6666' },
      { asset: 'tEUR', reserves: '5', liabilities: '0', ratio: null },
    ]);
    expect(ratioString(3n, 2n)).toBe('1.5000');
    expect(formatUnits(1_500_000n, 6)).toBe('1.5');
    expect(formatUnits(0n, 6)).toBe('0');
    expect(attestationMessage('att_x', '0xab')).toBe('Keel proof of reserves\nattestation: att_x\ndigest: 0xab');
  });
});
