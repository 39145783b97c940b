import { describe, expect, it } from 'vitest';
import { approvalRefusal, keyApprovalReasons, quorumReached } from './access-logic.ts';

describe('access rules', () => {
  it('lets a non-privileged key for one’s own principal through and holds everything else', () => {
    expect(keyApprovalReasons('prn_a', 'prn_a', ['transactions:write', 'policy:write'])).toEqual([]);
    expect(keyApprovalReasons('prn_a', 'prn_a', ['transactions:read', 'review'])).toEqual(['privileged_scope']);
    expect(keyApprovalReasons('prn_a', 'prn_a', ['policy:approve'])).toEqual(['privileged_scope']);
    expect(keyApprovalReasons('prn_a', 'prn_a', ['admin'])).toEqual(['privileged_scope']);
    expect(keyApprovalReasons('prn_a', 'prn_b', ['events:read'])).toEqual(['other_principal']);
    expect(keyApprovalReasons('prn_a', 'prn_b', ['review'])).toEqual(['privileged_scope', 'other_principal']);
  });

  it('never counts the requester or the recipient as an approver', () => {
    const req = { requestedBy: 'prn_a', principalId: 'prn_b' };
    expect(approvalRefusal(req, 'prn_a')).toBe('requester');
    expect(approvalRefusal(req, 'prn_b')).toBe('recipient');
    expect(approvalRefusal(req, 'prn_c')).toBeNull();
    expect(approvalRefusal({ requestedBy: 'prn_a', principalId: 'prn_a' }, 'prn_a')).toBe('requester');
  });

  it('needs at least one approval whatever the configuration says', () => {
    expect(quorumReached(0, 1)).toBe(false);
    expect(quorumReached(1, 1)).toBe(true);
    expect(quorumReached(1, 2)).toBe(false);
    expect(quorumReached(2, 2)).toBe(true);
    expect(quorumReached(0, 0)).toBe(false);
  });
});
