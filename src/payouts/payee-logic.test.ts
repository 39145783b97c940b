import { describe, expect, it } from 'vitest';
import {
  activeFromOf,
  addressStates,
  coolOffEnd,
  currentChange,
  decisionRefusal,
  flagText,
  groupImport,
  importLines,
  lookalikeFlags,
  looksAlike,
  parseCsv,
  payableAnswer,
  type ChangeFacts,
} from './payee-logic.ts';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);
const change = (over: Partial<ChangeFacts & { address: string }>): ChangeFacts & { address: string } => ({
  id: 'pac_1',
  address: '0x1111111111111111111111111111111111111111',
  status: 'pending',
  requestedByPrincipal: 'prn_alice',
  coolOffUntil: t(100),
  activeFrom: null,
  ...over,
});

describe('cool-off and approval', () => {
  it('an approved change is payable from the later of its approval and the end of its cool-off', () => {
    expect(coolOffEnd(t(0), 100)).toEqual(t(100));
    expect(activeFromOf(t(10), t(100))).toEqual(t(100));
    expect(activeFromOf(t(150), t(100))).toEqual(t(150));
  });

  it('answers address_pending until approved AND cooled off; the old address stays paid meanwhile', () => {
    const payee = { status: 'active' as const };
    const pending = change({ id: 'pac_2', address: '0x2222222222222222222222222222222222222222' });
    expect(payableAnswer(payee, [pending], t(500))).toEqual({ ok: false, reason: 'address_pending' });
    const approvedEarly = { ...pending, status: 'approved' as const, activeFrom: t(100) };
    expect(payableAnswer(payee, [approvedEarly], t(99))).toEqual({ ok: false, reason: 'address_pending' });
    expect(payableAnswer(payee, [approvedEarly], t(100))).toEqual({ ok: true, address: pending.address });

    const old = change({ id: 'pac_1', status: 'approved', activeFrom: t(0) });
    expect(payableAnswer(payee, [old, pending], t(500))).toEqual({ ok: true, address: old.address });
    expect(payableAnswer(payee, [old, approvedEarly], t(99))).toEqual({ ok: true, address: old.address });
    expect(payableAnswer(payee, [old, approvedEarly], t(100))).toEqual({ ok: true, address: pending.address });
    expect([...addressStates([old, approvedEarly], t(99))]).toEqual([
      ['pac_1', 'active'],
      ['pac_2', 'cooling_off'],
    ]);
    expect([...addressStates([old, approvedEarly], t(100))]).toEqual([
      ['pac_1', 'superseded'],
      ['pac_2', 'active'],
    ]);
  });

  it('a rejected change is never paid; no address, unknown and disabled payees say so', () => {
    const rejected = change({ status: 'rejected' });
    expect(payableAnswer({ status: 'active' }, [rejected], t(500))).toEqual({ ok: false, reason: 'no_address' });
    expect(currentChange([rejected], t(500))).toBeNull();
    expect(payableAnswer({ status: 'active' }, [], t(0))).toEqual({ ok: false, reason: 'no_address' });
    expect(payableAnswer(undefined, [], t(0))).toEqual({ ok: false, reason: 'unknown_payee' });
    const ok = change({ status: 'approved', activeFrom: t(0) });
    expect(payableAnswer({ status: 'disabled' }, [ok], t(5))).toEqual({ ok: false, reason: 'payee_disabled' });
  });
});

describe('who may decide', () => {
  it('the requester’s principal cannot approve, but may withdraw; a decided change takes no more', () => {
    const c = change({});
    expect(decisionRefusal(c, 'prn_alice', 'approve')).toBe('self_approval');
    expect(decisionRefusal(c, 'prn_alice', 'reject')).toBeNull();
    expect(decisionRefusal(c, 'prn_bob', 'approve')).toBeNull();
    expect(decisionRefusal({ ...c, status: 'approved' }, 'prn_bob', 'approve')).toBe('address_change_closed');
    expect(decisionRefusal({ ...c, status: 'rejected' }, 'prn_bob', 'reject')).toBe('address_change_closed');
  });
});

describe('lookalikes', () => {
  const a = '0xAbCd000000000000000000000000000000001234';
  it('same first and last four hex characters, any case, but not the same address', () => {
    expect(looksAlike(a, '0xabcd999999999999999999999999999999991234')).toBe(true);
    expect(looksAlike(a, a.toLowerCase())).toBe(false);
    expect(looksAlike(a, '0xabce999999999999999999999999999999991234')).toBe(false);
    expect(looksAlike(a, '0xabcd999999999999999999999999999999991235')).toBe(false);
    expect(looksAlike(a, '0xabcd')).toBe(false);
  });
  it('flags each lookalike once, a payee’s before a known address', () => {
    const twin = '0xabcd999999999999999999999999999999991234';
    expect(
      lookalikeFlags(a, [
        { address: twin, source: 'known', payeeId: null },
        { address: twin.toUpperCase().replace('0X', '0x'), source: 'payee', payeeId: 'pye_1' },
        { address: '0x9999999999999999999999999999999999999999', source: 'payee', payeeId: 'pye_2' },
      ]),
    ).toEqual([{ kind: 'lookalike', of: twin, source: 'payee', payeeId: 'pye_1' }]);
    expect(flagText({ kind: 'lookalike', of: twin, source: 'known', payeeId: null })).toBe(
      `lookalike of ${twin} (known address)`,
    );
    expect(flagText({ kind: 'contract' })).toBe('contract');
  });
});

describe('CSV import', () => {
  it('parses quoted fields, CRLF and blank lines, with the line each record starts on', () => {
    const r = parseCsv('a,b\r\n"x, ""y""",2\n\n"multi\nline",3\n');
    expect(r).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['x, "y"', '2'] },
        { line: 4, fields: ['multi\nline', '3'] },
      ],
    });
    expect(parseCsv('a\n"open')).toEqual({ ok: false, line: 2 });
    expect(parseCsv('a\nx"y"')).toEqual({ ok: false, line: 2 });
  });

  it('names the header’s problems and lines with the wrong number of fields', () => {
    const bad = parseCsv('name,reference,chainId,asset,colour\n');
    expect(bad.ok && importLines(bad.records).errors.map((e) => `${e.field} ${e.code}`)).toEqual([
      'line 1.colour unknown_column',
      'line 1.address missing_column',
    ]);
    const r = parseCsv('name,reference,chainId,asset,address\nA,a,1,tUSD\nB,b,1,tUSD,0x1,extra\nC,c,1,tUSD,0x2');
    const out = r.ok ? importLines(r.records) : null;
    expect(out?.errors.map((e) => `${e.field} ${e.code}`)).toEqual([
      'line 2 wrong_field_count',
      'line 3 wrong_field_count',
    ]);
    expect(out?.lines).toEqual([
      { line: 4, name: 'C', reference: 'c', chainId: '1', asset: 'tUSD', address: '0x2', confirmContract: false },
    ]);
  });

  it('groups lines by reference; another name or the same chain and asset twice is an error', () => {
    const line = (n: number, reference: string, name: string, asset: string) => ({
      line: n,
      name,
      reference,
      chainId: '1',
      asset,
      address: '0x',
      confirmContract: false,
    });
    const g = groupImport(
      [line(2, 'a', 'A', 'tUSD'), line(3, 'a', 'A', 'WETH'), line(4, 'a', 'Z', 'tusd'), line(5, 'b', 'B', 'tUSD')],
      (l) => `${l.chainId}:${l.asset.toLowerCase()}`,
    );
    expect(g.payees.map((p) => [p.reference, p.lines.map((l) => l.line)])).toEqual([
      ['a', [2, 3, 4]],
      ['b', [5]],
    ]);
    expect(g.errors.map((e) => `${e.field} ${e.code}`)).toEqual([
      'line 4.name name_mismatch',
      'line 4.address duplicate_address',
    ]);
  });
});
