import { encodeAbiParameters, encodeEventTopics, erc4626Abi, getAddress, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { movedByReceipt, movementCalls, planStatusOf } from './movement-logic.ts';

const ACCOUNT = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
const ASSET = getAddress('0x00000000000000000000000000000000000000a5');
const V1 = '0x00000000000000000000000000000000000000b1';
const V2 = '0x00000000000000000000000000000000000000b2';

describe('movementCalls', () => {
  it('withdraws first, then approves each vault exactly before depositing into it', () => {
    const calls = movementCalls(
      [
        { kind: 'deposit', vault: V1, amount: 500n },
        { kind: 'withdrawal', vault: V2, amount: 200n },
      ],
      ACCOUNT,
      ASSET,
    );
    expect(calls.map((c) => [c.role, c.movement, c.to, c.function, c.args])).toEqual([
      ['withdrawal', 1, getAddress(V2), 'withdraw(uint256,address,address)', ['200', ACCOUNT, ACCOUNT]],
      ['approval', 0, ASSET, 'approve(address,uint256)', [getAddress(V1), '500']],
      ['deposit', 0, getAddress(V1), 'deposit(uint256,address)', ['500', ACCOUNT]],
    ]);
  });
});

describe('movedByReceipt', () => {
  const log = (
    address: string,
    eventName: 'Deposit' | 'Withdraw',
    args: Record<string, unknown>,
    data: [bigint, bigint],
  ) => ({
    address,
    topics: encodeEventTopics({ abi: erc4626Abi, eventName, args } as never) as string[],
    data: encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], data),
    logIndex: 0,
  });
  it("reads the vault's own Deposit or Withdraw event for the account, ignoring other contracts", () => {
    const dep = log(V1, 'Deposit', { sender: ACCOUNT, receiver: ACCOUNT }, [500n, 480n]);
    const fake = log(V2, 'Deposit', { sender: ACCOUNT, receiver: ACCOUNT }, [1n, 1n]);
    expect(movedByReceipt('deposit', V1, ACCOUNT, [fake, dep])).toEqual({ assets: 500n, shares: 480n });
    expect(movedByReceipt('deposit', V2, ACCOUNT, [dep])).toBeNull();
    const wd = log(V1, 'Withdraw', { sender: ACCOUNT, receiver: ACCOUNT, owner: ACCOUNT }, [200n, 190n]);
    expect(movedByReceipt('withdrawal', V1, ACCOUNT, [wd])).toEqual({ assets: 200n, shares: 190n });
    const other = log(V1, 'Withdraw', { sender: ACCOUNT, receiver: ACCOUNT, owner: ASSET as Address }, [200n, 190n]);
    expect(movedByReceipt('withdrawal', V1, ACCOUNT, [other])).toBeNull();
  });
});

describe('planStatusOf', () => {
  it('is executing while a movement is pending, else executed, failed or partially executed', () => {
    expect(planStatusOf(['confirmed', 'pending'])).toBe('executing');
    expect(planStatusOf(['confirmed', 'confirmed'])).toBe('executed');
    expect(planStatusOf(['failed', 'failed'])).toBe('failed');
    expect(planStatusOf(['confirmed', 'failed'])).toBe('partially_executed');
  });
});
