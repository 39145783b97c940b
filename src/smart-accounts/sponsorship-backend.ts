import { sendWebhook } from '../webhooks/sender.ts';
import { signedHeaders } from '../webhooks/signing.ts';
import { type BackendVerdict, formatUsd, type SponsorshipRequest } from './sponsorship-logic.ts';

/**
 * The backend hook of a sponsorship policy: a final yes/no from the fintech's own backend,
 * asked only once every rule of the policy passed (docs/sponsorship.md, "Backend hook").
 * The request is a Standard Webhooks-signed POST (the policy's `backendHookSecret`), sent
 * through the webhook sender: the same SSRF guard at connect time (a DNS answer that changed
 * since the URL was checked is judged again), no redirects, and one deadline for everything.
 * The answer is 2xx with `{"sponsor": true}` or `{"sponsor": false, "reason": "…"}`; anything
 * else — a timeout, a refused address, another status, an unreadable body — is `unavailable`,
 * which the policy's `onFailure` turns into a denial (default) or a pass.
 */

export interface BackendCheck {
  url: string;
  secret: string;
  timeoutMs: number;
  allowPrivateNetworks: boolean;
  /** The decision's id: the signed `webhook-id`, so the backend can tell retries apart. */
  decisionId: string;
  payload: Record<string, unknown>;
}

export async function askBackend(c: BackendCheck): Promise<BackendVerdict> {
  const body = JSON.stringify({ id: c.decisionId, type: 'sponsorship.check', data: c.payload });
  const res = await sendWebhook({
    url: c.url,
    headers: signedHeaders([c.secret], c.decisionId, Math.floor(Date.now() / 1000), body),
    body,
    timeoutMs: c.timeoutMs,
    allowPrivateNetworks: c.allowPrivateNetworks,
    bodyLimit: 4_096,
  });
  if (res.statusCode === undefined) return { verdict: 'unavailable', detail: res.errorCode ?? 'no answer' };
  if (res.statusCode < 200 || res.statusCode >= 300)
    return { verdict: 'unavailable', detail: `HTTP ${res.statusCode}` };
  let answer: unknown;
  try {
    answer = JSON.parse(res.responseBody);
  } catch {
    return { verdict: 'unavailable', detail: 'the answer is not JSON' };
  }
  const a = answer as { sponsor?: unknown; reason?: unknown };
  if (a?.sponsor === true) return { verdict: 'allow' };
  if (a?.sponsor === false)
    return typeof a.reason === 'string' ? { verdict: 'deny', reason: a.reason.slice(0, 200) } : { verdict: 'deny' };
  return { verdict: 'unavailable', detail: 'the answer has no boolean "sponsor"' };
}

/** The `data` of a check: the operation as the policy judged it. */
export function hookPayload(policyId: string, version: number, req: SponsorshipRequest, dryRun: boolean) {
  return {
    policyId,
    policyVersion: version,
    dryRun,
    chainId: req.chainId,
    sender: req.sender,
    userId: req.userId,
    clientIp: req.clientIp ?? null,
    deviceId: req.deviceId ?? null,
    calls: req.calls.map((c) => ({ to: c.to, selector: c.selector ?? null })),
    maxCostUsd: formatUsd(req.maxCostUsd),
    maxGas: req.maxGas.toString(),
    isNewAccount: req.isNewAccount,
  };
}
