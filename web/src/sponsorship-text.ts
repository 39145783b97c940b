import type { Schema } from '@keel/client';

/** Plain-language words for sponsorship policies (docs/sponsorship.md), kept apart from the pages to be tested. */

export type SponsorshipDocument = Schema<'SponsorshipPolicy'>['document'];

const PER = { day: 'per UTC day', week: 'per ISO week (from Monday, UTC)', month: 'per UTC calendar month' } as const;

/** What each denial reason means, in a sentence. */
export const REASON_TEXT: Record<string, string> = {
  policy_disabled: 'The policy is disabled.',
  cap_per_operation: 'The operation could cost more than the policy allows for one operation.',
  gas_per_operation: 'The operation asks for more gas than the policy allows.',
  budget_user: 'The user’s budget for this period is spent.',
  budget_global: 'The policy’s budget for this period is spent.',
  ops_per_user: 'The user has had as many sponsored operations as allowed this period.',
  window: 'Outside the policy’s time window.',
  sender_blocked: 'The account is on the policy’s block list.',
  sender_not_allowed: 'The account is not on the policy’s allow list.',
  chain_not_allowed: 'The policy does not sponsor this chain.',
  target_not_allowed: 'A call goes to a contract the policy does not sponsor.',
  selector_not_allowed: 'A call uses a function the policy does not sponsor.',
  first_n_exhausted: 'The user has used up their first sponsored operations.',
  abuse_ops_per_user: 'Abuse signal: too many operations from this user this hour.',
  abuse_ops_per_key: 'Abuse signal: too many operations through this API key this hour.',
  abuse_ip: 'Abuse signal: too many operations from this IP address this hour.',
  abuse_device: 'Abuse signal: too many operations from this device this hour.',
  abuse_new_accounts: 'Abuse signal: too many new accounts this hour.',
  backend_denied: 'Your backend hook said no.',
  backend_unavailable: 'Your backend hook did not answer in time (or answered something unreadable).',
};

export function reasonText(code: string): string {
  return REASON_TEXT[code] ?? code;
}

const list = (xs: readonly (string | number)[], max = 5) =>
  xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`;

/** One plain sentence per rule of a policy version, in the order the document lists them. */
export function ruleLines(d: SponsorshipDocument): string[] {
  const out: string[] = [];
  out.push(
    d.chains?.length
      ? `Sponsors only on chain${d.chains.length > 1 ? 's' : ''} ${list(d.chains)}.`
      : 'Sponsors on every chain.',
  );
  if (d.maxCostUsdPerOperation !== undefined)
    out.push(`At most $${d.maxCostUsdPerOperation} of gas for one operation.`);
  if (d.maxGasPerOperation !== undefined) out.push(`At most ${d.maxGasPerOperation} gas for one operation.`);
  if (d.globalBudget) out.push(`A budget of $${d.globalBudget.amountUsd} ${PER[d.globalBudget.period]} for everyone.`);
  if (d.userBudget) out.push(`A budget of $${d.userBudget.amountUsd} ${PER[d.userBudget.period]} for each user.`);
  if (d.userOperations)
    out.push(`At most ${d.userOperations.max} sponsored operations ${PER[d.userOperations.period]} for each user.`);
  if (d.firstOperationsPerUser !== undefined)
    out.push(`Only each user’s first ${d.firstOperationsPerUser} operations are sponsored.`);
  if (d.window?.startsAt || d.window?.endsAt) {
    const from = d.window.startsAt ? `from ${d.window.startsAt}` : '';
    const to = d.window.endsAt ? `until ${d.window.endsAt}` : '';
    out.push(`Sponsors only ${[from, to].filter(Boolean).join(' ')}.`);
  }
  if (d.senderAllowList) out.push(`Only these accounts: ${list(d.senderAllowList, 3)}.`);
  if (d.senderBlockList?.length) out.push(`Never these accounts: ${list(d.senderBlockList, 3)}.`);
  if (d.targets) out.push(`Every call must go to one of: ${list(d.targets, 3)}.`);
  if (d.selectors) out.push(`Every call must use one of the functions ${list(d.selectors)}.`);
  const a = d.abuse;
  if (a) {
    const parts = [
      a.opsPerUser !== undefined && `${a.opsPerUser} per user`,
      a.opsPerApiKey !== undefined && `${a.opsPerApiKey} per API key`,
      a.opsPerIp !== undefined && `${a.opsPerIp} per IP address`,
      a.opsPerDevice !== undefined && `${a.opsPerDevice} per device`,
      a.newAccountsPerHour !== undefined && `${a.newAccountsPerHour} new accounts`,
    ].filter((p): p is string => typeof p === 'string');
    if (parts.length) out.push(`Abuse limits each hour: ${parts.join(', ')}; more is denied as abuse.`);
  }
  if (d.backendHook)
    out.push(
      `Asks your backend (${d.backendHook.url}) before sponsoring; if it fails, ${d.backendHook.onFailure === 'allow' ? 'sponsors anyway' : 'denies'}.`,
    );
  return out;
}

/** Spent against budget as a share (0–1), or null without a budget in this period. */
export function budgetShare(spentUsd: string, budgetUsd: string | null): number | null {
  if (budgetUsd === null) return null;
  const b = Number(budgetUsd);
  if (!(b > 0)) return null;
  return Math.min(1, Number(spentUsd) / b);
}
