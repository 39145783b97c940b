import { describe, expect, it } from 'vitest';
import { nameLookup, withName } from './address-names.ts';
import { ruleSummary } from './policy-diff.ts';

const ROUTER = '0x3e4E30988B20605e384Bc4A52cb0195d594897c7';
const book = nameLookup([
  { address: ROUTER, name: 'Uniswap V2 Router (demo)', kind: 'spender', chainId: 31337, detail: 'dex_router' },
  { address: ROUTER, name: 'Router on B', kind: 'spender', chainId: 31338, detail: 'dex_router' },
  {
    address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    name: 'treasury',
    kind: 'account',
    chainId: null,
    detail: null,
  },
]);

describe('address names', () => {
  it('finds a name by address in any case, per chain when given, accounts on every chain', () => {
    expect(book(ROUTER.toLowerCase())).toBe('Uniswap V2 Router (demo)');
    expect(book(ROUTER, 31338)).toBe('Router on B');
    expect(book('0x70997970c51812dc3a010c7d01b50e0d17dc79c8', 31338)).toBe('treasury');
    expect(book('0x000000000000000000000000000000000000dEaD')).toBeUndefined();
  });

  it('shows the name with the short address, and unknown addresses unchanged', () => {
    expect(withName(ROUTER, book)).toBe('Uniswap V2 Router (demo) (0x3e4E…97c7)');
    expect(withName('0x000000000000000000000000000000000000dEaD', book)).toBe(
      '0x000000000000000000000000000000000000dEaD',
    );
    expect(withName('not an address', book)).toBe('not an address');
  });

  it('names the addresses of a policy rule', () => {
    const rule = { id: 'r', kind: 'allowance', effect: 'allow', spenders: [ROUTER], limit: { usd: '50000' } };
    expect(ruleSummary(rule as never, book)).toBe(
      'spenders: [Uniswap V2 Router (demo) (0x3e4E…97c7)] · limit: { usd: 50000 }',
    );
  });
});
