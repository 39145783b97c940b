import { isPrivileged } from './scopes.ts';

/**
 * The rules of access changes, as plain functions (no I/O): which key requests wait for
 * approval, who may decide on a request, and when a request has its quorum.
 */

/** Why a key request needs approval by other principals (empty: it takes effect at once). */
export type ApprovalReason = 'privileged_scope' | 'other_principal';

/**
 * A key for one's own principal holding no privileged scope takes effect at once. A key with
 * `review`, `policy:approve` or `admin` waits for approval (it widens who may approve), and so
 * does any key for another principal: whoever holds its token acts as that principal, so
 * minting it alone would let one person be two.
 */
export function keyApprovalReasons(
  requesterPrincipal: string,
  targetPrincipal: string,
  scopes: readonly string[],
): ApprovalReason[] {
  const reasons: ApprovalReason[] = [];
  if (scopes.some(isPrivileged)) reasons.push('privileged_scope');
  if (requesterPrincipal !== targetPrincipal) reasons.push('other_principal');
  return reasons;
}

/**
 * Why `approver` may not approve a request, or null when it may: neither the principal that
 * asked nor the principal that would gain the access may count towards the quorum.
 */
export function approvalRefusal(
  request: { requestedBy: string; principalId: string },
  approver: string,
): 'requester' | 'recipient' | null {
  if (approver === request.requestedBy) return 'requester';
  if (approver === request.principalId) return 'recipient';
  return null;
}

/** Whether `approvals` distinct principals meet the configured quorum. */
export function quorumReached(approvals: number, required: number): boolean {
  return approvals >= Math.max(1, required);
}
