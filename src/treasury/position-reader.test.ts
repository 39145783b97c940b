import { keccak256, type Address, type Hex, type PublicClient } from 'viem';
import { describe, expect, it } from 'vitest';
import { codeHashesAt, codeHashProgram, planPositionReads, slotAddress } from './position-reader.ts';

const A = '0x1111111111111111111111111111111111111111' as Address;
const B = '0x00000000000000000000000000000000000000Bb' as Address;

describe('position reader planning (pure)', () => {
  it('plans the balance, then five reads per vault', () => {
    const reads = planPositionReads({ account: A, asset: B, vaults: [A, B] });
    expect(reads.map((r) => `${r.tag.field}:${r.tag.vault}`)).toEqual([
      'accountBalance:-1',
      ...[0, 1].flatMap((i) =>
        ['shares', 'maxWithdraw', 'totalAssets', 'totalSupply', 'decimals'].map((f) => `${f}:${i}`),
      ),
    ]);
    expect(reads[0]!.callData).toBe(`0x70a08231${'0'.repeat(24)}${A.slice(2)}`);
  });

  it('generates EXTCODEHASH init code: PUSH20 a, EXTCODEHASH, PUSH2 32·i, MSTORE …, RETURN 32·n bytes', () => {
    expect(codeHashProgram([A, B])).toBe(
      `0x73${A.slice(2)}3f610000527300000000000000000000000000000000000000bb3f61002052` + '6100406000f3',
    );
  });

  it('reads an EIP-1967 slot as an address, or none', () => {
    expect(slotAddress(`0x${'0'.repeat(24)}${A.slice(2)}` as Hex)).toBe(A);
    expect(slotAddress(`0x${'0'.repeat(64)}` as Hex)).toBeNull();
    expect(slotAddress(undefined)).toBeNull();
  });

  it('falls back to eth_getCode per address when the endpoint refuses a call without `to`', async () => {
    const code = '0x6001600055' as Hex;
    const client = {
      request: async () => {
        throw new Error('missing to');
      },
      getCode: async ({ address }: { address: Address }) => (address === A ? code : undefined),
    } as unknown as PublicClient;
    expect(await codeHashesAt(client, [A, B], 5n)).toEqual([
      { ok: true, value: keccak256(code) },
      { ok: true, value: null },
    ]);
  });
});
