import { describe, expect, it } from 'vitest';
import { budgetShare, reasonText, ruleLines } from './sponsorship-text.ts';

describe('sponsorship text', () => {
  it('says each rule in a sentence', () => {
    const lines = ruleLines({
      name: 'onboarding',
      chains: [31337],
      maxCostUsdPerOperation: '0.5',
      globalBudget: { amountUsd: '100', period: 'month' },
      userOperations: { max: 3, period: 'day' },
      abuse: { opsPerIp: 20 },
    });
    expect(lines).toEqual([
      'Sponsors only on chain 31337.',
      'At most $0.5 of gas for one operation.',
      'A budget of $100 per UTC calendar month for everyone.',
      'At most 3 sponsored operations per UTC day for each user.',
      'Abuse limits each hour: 20 per IP address; more is denied as abuse.',
    ]);
    expect(ruleLines({ name: 'all' })).toEqual(['Sponsors on every chain.']);
  });
  it('explains reasons and the budget share', () => {
    expect(reasonText('chain_not_allowed')).toBe('The policy does not sponsor this chain.');
    expect(reasonText('something_new')).toBe('something_new');
    expect(budgetShare('25', '100')).toBe(0.25);
    expect(budgetShare('250', '100')).toBe(1);
    expect(budgetShare('1', null)).toBeNull();
  });
});
