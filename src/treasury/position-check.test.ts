import { describe, expect, it } from 'vitest';
import { positionCheckOf, readingDocument } from './position-check.ts';
import { A, B, healthyVault, opsReserve, u } from './test-support.ts';

const doc = (vaults: unknown[]) => opsReserve({ vaults, buffer: { amount: '0' } });
const vault = (address: string, value: bigint) => healthyVault(address, value);

describe('positionCheckOf', () => {
  it('lists the cap a lowered allocation breaks and the withdrawal of the excess', () => {
    const proposed = doc([{ address: A, targetBps: 0, maxAllocation: { amount: '100' } }]);
    const check = positionCheckOf(proposed, { idle: u(1000), vaults: [vault(A, u(400))], movedLast24h: 0n }, 6, '42');
    expect(check.blockNumber).toBe('42');
    expect(check.outOfBounds).toEqual([`${A}: ${u(400)} above its cap of ${u(100)}`]);
    expect(check.plan.movements).toEqual([
      { kind: 'withdrawal', vault: A, amount: { amount: '300', baseUnits: u(300).toString() }, reason: 'over_cap' },
    ]);
  });
  it('a change the position already fits puts nothing out of bounds', () => {
    const proposed = doc([{ address: A, targetBps: 0, maxAllocation: { amount: '1000' } }]);
    const check = positionCheckOf(proposed, { idle: u(10), vaults: [vault(A, u(400))], movedLast24h: 0n }, 6, '1');
    expect(check.outOfBounds).toEqual([]);
    expect(check.plan.movements).toEqual([]);
  });
});

describe('readingDocument', () => {
  it('reads the vaults a change drops, so their holdings are seen (and planned out)', () => {
    const active = doc([
      { address: A, targetBps: 1000, maxAllocation: { bps: 5000 } },
      { address: B, targetBps: 1000, maxAllocation: { bps: 5000 } },
    ]);
    const proposed = doc([
      { address: A.toUpperCase().replace('0X', '0x'), targetBps: 2000, maxAllocation: { bps: 5000 } },
    ]);
    const read = readingDocument(proposed, active);
    expect(read.vaults.map((v) => v.address.toLowerCase())).toEqual([A, B]);
    expect(read.vaults[0]!.targetBps).toBe(2000);
    const check = positionCheckOf(
      proposed,
      { idle: u(10), vaults: [vault(A, 0n), vault(B, u(5))], movedLast24h: 0n },
      6,
      '7',
    );
    expect(check.plan.movements).toContainEqual(
      expect.objectContaining({ kind: 'withdrawal', vault: B, reason: 'not_in_mandate' }),
    );
  });
});
