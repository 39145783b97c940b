/**
 * Sponsored gas: the pure decision of whether Keel's verifying paymaster signs for one user
 * operation (docs/sponsorship.md). No I/O: the store reads the usage counters `usageKeys` names
 * (under a lock), this module decides, and the store charges what the decision says.
 *
 * USD amounts are bigint in units of 10^-8 USD (Keel's USD precision, `usdAmountSchema`), gas in
 * gas units. Budgets are checked against the operation's maximum cost (`maxCostUsd`), reserved
 * at decision time and adjusted when the real cost is known, so a budget is never overshot.
 */

export type Period = 'day' | 'week' | 'month';

/** Fixed period of the abuse counters: one UTC hour. */
export const ABUSE_WINDOW = 'hour' as const;

export const REASON_CODES = [
  'policy_disabled',
  'cap_per_operation',
  'gas_per_operation',
  'budget_user',
  'budget_global',
  'ops_per_user',
  'window',
  'sender_blocked',
  'sender_not_allowed',
  'chain_not_allowed',
  'target_not_allowed',
  'selector_not_allowed',
  'first_n_exhausted',
  'abuse_ops_per_user',
  'abuse_ops_per_key',
  'abuse_ip',
  'abuse_device',
  'abuse_new_accounts',
  'backend_denied',
  'backend_unavailable',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** Abuse denials are reported apart from organic ones (budget spent by real use). */
export type DenialClass = 'organic' | 'abuse';

export function reasonClass(code: ReasonCode): DenialClass {
  return code.startsWith('abuse_') ? 'abuse' : 'organic';
}

export interface Reason {
  code: ReasonCode;
  detail: string;
}

/** A policy version as the decision reads it (amounts parsed; addresses and selectors lower-case). */
export interface SponsorshipRules {
  enabled: boolean;
  maxCostUsdPerOperation?: bigint;
  maxGasPerOperation?: bigint;
  globalBudget?: { amountUsd: bigint; period: Period };
  userBudget?: { amountUsd: bigint; period: Period };
  userOperations?: { max: number; period: Period };
  window?: { startsAt?: Date; endsAt?: Date };
  senderAllowList?: readonly string[];
  senderBlockList?: readonly string[];
  chains?: readonly number[];
  targets?: readonly string[];
  selectors?: readonly string[];
  /** Only a user's first N sponsored operations (ever, under this policy) are sponsored. */
  firstOperationsPerUser?: number;
  /** Thresholds per UTC hour; an operation that would exceed one is an abuse denial. */
  abuse?: {
    opsPerUser?: number;
    opsPerApiKey?: number;
    opsPerIp?: number;
    opsPerDevice?: number;
    newAccountsPerHour?: number;
  };
  hasBackendHook: boolean;
  backendFailureMode: 'deny' | 'allow';
}

/** One user operation asking for sponsorship. */
export interface SponsorshipRequest {
  chainId: number;
  sender: string;
  userId: string;
  apiKeyId?: string | undefined;
  clientIp?: string | undefined;
  deviceId?: string | undefined;
  calls: ReadonlyArray<{ to: string; selector?: string | undefined }>;
  maxCostUsd: bigint;
  maxGas: bigint;
  isNewAccount: boolean;
}

/** The counter dimensions; each is keyed by subject and period start. */
export type Dimension =
  | 'global_usd'
  | 'user_usd'
  | 'user_ops'
  | 'user_lifetime'
  | 'abuse_user'
  | 'abuse_key'
  | 'abuse_ip'
  | 'abuse_device'
  | 'abuse_new_accounts';

export interface UsageKey {
  dimension: Dimension;
  subject: string;
  periodStart: Date;
}

/** Current values of the counters `usageKeys` names (absent: zero). */
export interface Usage {
  /** USD spent or reserved in the key's period. */
  usd(dimension: Dimension): bigint;
  /** Operations sponsored in the key's period. */
  ops(dimension: Dimension): number;
}

/** What the policy's backend hook said, once the local rules passed. */
export type BackendVerdict =
  | { verdict: 'allow' }
  | { verdict: 'deny'; reason?: string }
  | { verdict: 'unavailable'; detail: string };

/** A charge to one counter when an operation is sponsored. */
export interface Charge extends UsageKey {
  usd: bigint;
  ops: number;
}

export type Decision =
  | { sponsored: true; reserveUsd: bigint; charges: Charge[] }
  | { sponsored: false; reasons: Reason[]; class: DenialClass };

const EPOCH = new Date(0);

/** Start (UTC) of the period holding `at`: midnight, Monday midnight (ISO week) or the 1st. */
export function periodStart(period: Period | typeof ABUSE_WINDOW, at: Date): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  const d = at.getUTCDate();
  switch (period) {
    case 'hour':
      return new Date(Date.UTC(y, m, d, at.getUTCHours()));
    case 'day':
      return new Date(Date.UTC(y, m, d));
    case 'week': {
      const back = (at.getUTCDay() + 6) % 7; // days since Monday
      return new Date(Date.UTC(y, m, d - back));
    }
    case 'month':
      return new Date(Date.UTC(y, m, 1));
  }
}

/** The counters a decision on `req` reads and, when sponsored, charges (only those the policy uses). */
export function usageKeys(p: SponsorshipRules, req: SponsorshipRequest, now: Date): UsageKey[] {
  const keys: UsageKey[] = [];
  const hour = periodStart(ABUSE_WINDOW, now);
  if (p.globalBudget)
    keys.push({ dimension: 'global_usd', subject: '', periodStart: periodStart(p.globalBudget.period, now) });
  if (p.userBudget)
    keys.push({ dimension: 'user_usd', subject: req.userId, periodStart: periodStart(p.userBudget.period, now) });
  if (p.userOperations)
    keys.push({ dimension: 'user_ops', subject: req.userId, periodStart: periodStart(p.userOperations.period, now) });
  if (p.firstOperationsPerUser !== undefined)
    keys.push({ dimension: 'user_lifetime', subject: req.userId, periodStart: EPOCH });
  const a = p.abuse ?? {};
  if (a.opsPerUser !== undefined) keys.push({ dimension: 'abuse_user', subject: req.userId, periodStart: hour });
  if (a.opsPerApiKey !== undefined && req.apiKeyId)
    keys.push({ dimension: 'abuse_key', subject: req.apiKeyId, periodStart: hour });
  if (a.opsPerIp !== undefined && req.clientIp)
    keys.push({ dimension: 'abuse_ip', subject: req.clientIp, periodStart: hour });
  if (a.opsPerDevice !== undefined && req.deviceId)
    keys.push({ dimension: 'abuse_device', subject: req.deviceId, periodStart: hour });
  if (a.newAccountsPerHour !== undefined && req.isNewAccount)
    keys.push({ dimension: 'abuse_new_accounts', subject: '', periodStart: hour });
  return keys;
}

/** `n` base units (10^-8 USD) as a decimal string: 150000000n → "1.5". */
export function formatUsd(n: bigint): string {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const whole = abs / 100_000_000n;
  const frac = (abs % 100_000_000n).toString().padStart(8, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** A USD decimal string (at most 8 decimals, already validated) in base units of 10^-8 USD. */
export function parseUsd(s: string): bigint {
  const [whole, frac = ''] = s.split('.');
  return BigInt(whole!) * 100_000_000n + BigInt(frac.padEnd(8, '0').slice(0, 8) || '0');
}

/**
 * Whether the policy sponsors `req` given the usage counters: every rule is checked and every
 * failing one reported (stable codes, `REASON_CODES`). A budget admits an operation whose
 * maximum cost brings it exactly to the budget; one base unit more is refused. `backend` is the
 * backend hook's answer, asked only once every local rule passed (undefined: not asked, or the
 * policy has none). A denial is `abuse` when any of its reasons is an abuse signal.
 */
export function decideSponsorship(
  p: SponsorshipRules,
  req: SponsorshipRequest,
  usage: Usage,
  ctx: { now: Date; backend?: BackendVerdict | undefined },
): Decision {
  const reasons: Reason[] = [];
  const deny = (code: ReasonCode, detail: string) => reasons.push({ code, detail });
  const now = ctx.now;
  const sender = req.sender.toLowerCase();

  if (!p.enabled) deny('policy_disabled', 'the policy is disabled');
  if (p.window?.startsAt && now < p.window.startsAt)
    deny('window', `sponsorship starts at ${p.window.startsAt.toISOString()}`);
  if (p.window?.endsAt && now >= p.window.endsAt)
    deny('window', `sponsorship ended at ${p.window.endsAt.toISOString()}`);
  if (p.chains && !p.chains.includes(req.chainId)) deny('chain_not_allowed', `chain ${req.chainId} is not sponsored`);
  if (p.senderBlockList?.includes(sender)) deny('sender_blocked', `sender ${req.sender} is blocked`);
  if (p.senderAllowList && !p.senderAllowList.includes(sender))
    deny('sender_not_allowed', `sender ${req.sender} is not on the allow-list`);
  if (p.targets) {
    const bad = req.calls.filter((c) => !p.targets!.includes(c.to.toLowerCase())).map((c) => c.to);
    if (bad.length) deny('target_not_allowed', `target(s) not allowed: ${[...new Set(bad)].join(', ')}`);
  }
  if (p.selectors) {
    const bad = req.calls.filter((c) => !c.selector || !p.selectors!.includes(c.selector.toLowerCase()));
    if (bad.length)
      deny(
        'selector_not_allowed',
        `selector(s) not allowed: ${[...new Set(bad.map((c) => c.selector ?? '(none)'))].join(', ')}`,
      );
  }
  if (p.maxCostUsdPerOperation !== undefined && req.maxCostUsd > p.maxCostUsdPerOperation)
    deny(
      'cap_per_operation',
      `maximum cost ${formatUsd(req.maxCostUsd)} USD exceeds the cap of ${formatUsd(p.maxCostUsdPerOperation)} USD`,
    );
  if (p.maxGasPerOperation !== undefined && req.maxGas > p.maxGasPerOperation)
    deny('gas_per_operation', `maximum gas ${req.maxGas} exceeds the cap of ${p.maxGasPerOperation}`);
  if (p.globalBudget) {
    const spent = usage.usd('global_usd');
    if (spent + req.maxCostUsd > p.globalBudget.amountUsd)
      deny(
        'budget_global',
        `the ${p.globalBudget.period} budget of ${formatUsd(p.globalBudget.amountUsd)} USD has ${formatUsd(p.globalBudget.amountUsd - spent)} USD left`,
      );
  }
  if (p.userBudget) {
    const spent = usage.usd('user_usd');
    if (spent + req.maxCostUsd > p.userBudget.amountUsd)
      deny(
        'budget_user',
        `the user's ${p.userBudget.period} budget of ${formatUsd(p.userBudget.amountUsd)} USD has ${formatUsd(p.userBudget.amountUsd - spent)} USD left`,
      );
  }
  if (p.userOperations && usage.ops('user_ops') + 1 > p.userOperations.max)
    deny('ops_per_user', `the user had ${p.userOperations.max} sponsored operations this ${p.userOperations.period}`);
  if (p.firstOperationsPerUser !== undefined && usage.ops('user_lifetime') + 1 > p.firstOperationsPerUser)
    deny('first_n_exhausted', `only a user's first ${p.firstOperationsPerUser} operations are sponsored`);

  const a = p.abuse ?? {};
  const over = (limit: number | undefined, dim: Dimension, applies: boolean) =>
    limit !== undefined && applies && usage.ops(dim) + 1 > limit;
  if (over(a.opsPerUser, 'abuse_user', true))
    deny('abuse_ops_per_user', `more than ${a.opsPerUser} operations of this user in one hour`);
  if (over(a.opsPerApiKey, 'abuse_key', Boolean(req.apiKeyId)))
    deny('abuse_ops_per_key', `more than ${a.opsPerApiKey} operations of this API key in one hour`);
  if (over(a.opsPerIp, 'abuse_ip', Boolean(req.clientIp)))
    deny('abuse_ip', `more than ${a.opsPerIp} operations from this client IP in one hour`);
  if (over(a.opsPerDevice, 'abuse_device', Boolean(req.deviceId)))
    deny('abuse_device', `more than ${a.opsPerDevice} operations from this device in one hour`);
  if (over(a.newAccountsPerHour, 'abuse_new_accounts', req.isNewAccount))
    deny('abuse_new_accounts', `more than ${a.newAccountsPerHour} new accounts sponsored in one hour`);

  if (reasons.length === 0 && p.hasBackendHook && ctx.backend) {
    const b = ctx.backend;
    if (b.verdict === 'deny')
      deny('backend_denied', b.reason ? `the backend refused: ${b.reason}` : 'the backend refused');
    else if (b.verdict === 'unavailable' && p.backendFailureMode === 'deny')
      deny('backend_unavailable', `the backend hook gave no answer (${b.detail}); failure mode deny`);
  }

  if (reasons.length)
    return {
      sponsored: false,
      reasons,
      class: reasons.some((r) => reasonClass(r.code) === 'abuse') ? 'abuse' : 'organic',
    };
  const charges = usageKeys(p, req, now).map((k) => ({
    ...k,
    usd: k.dimension === 'global_usd' || k.dimension === 'user_usd' ? req.maxCostUsd : 0n,
    ops: 1,
  }));
  return { sponsored: true, reserveUsd: req.maxCostUsd, charges };
}

/** Whether every local rule passes (the backend hook is asked only then). */
export function needsBackend(p: SponsorshipRules, d: Decision): boolean {
  return d.sponsored && p.hasBackendHook;
}
