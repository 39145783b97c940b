import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../audit/store.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { KeelError, NotFoundError, ValidationError, type FieldError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import { actsForOther, canManage, type WebhookActor } from '../webhooks/ownership.ts';
import { generateWebhookSecret } from '../webhooks/signing.ts';
import { checkWebhookUrl, type Resolver } from '../webhooks/url-guard.ts';
import { askBackend, hookPayload } from './sponsorship-backend.ts';
import {
  type BackendVerdict,
  type Decision,
  decideSponsorship,
  formatUsd,
  parseUsd,
  periodStart,
  type Period,
  type SponsorshipRequest,
  usageKeys,
} from './sponsorship-logic.ts';
import { countDecision, type SponsorshipMetrics } from './sponsorship-metrics.ts';
import {
  type DecisionResource,
  type EvaluateBody,
  type PolicyDocument,
  type PolicyResource,
  toDecision,
  toRules,
  type UsageResource,
} from './sponsorship-resource.ts';
import * as store from './sponsorship-store.ts';

/** The caller acting on policies (the webhook endpoints' owner rules apply): null is Keel itself. */
export type SponsorshipActor = WebhookActor;

/** What the user-operation path asks (`Sponsorship.decide`). USD amounts as decimal strings or base units of 10^-8 USD. */
export interface DecideInput {
  policyId: string;
  chainId: number;
  sender: string;
  userId: string;
  apiKeyId?: string | undefined;
  clientIp?: string | undefined;
  deviceId?: string | undefined;
  calls: ReadonlyArray<{ to: string; selector?: string | undefined }>;
  maxCostUsd: bigint | string;
  maxGas: bigint | string;
  isNewAccount?: boolean | undefined;
}

const hookContext = (policyId: string) => `sponsorship_policy_hook:${policyId}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Sponsored gas policies and decisions (docs/sponsorship.md). A policy belongs to the principal
 * of the key that created it: another principal's keys get 404 (admins see every policy, and
 * their changes are audited with the owner). `decide` is the internal API of the user-operation
 * path: it reserves the operation's maximum cost in the policy's counters under the policy's
 * row lock and records the decision; `settleSponsorship` / `releaseSponsorship` adjust that
 * reservation once the operation's real cost is known (or it never ran).
 */
export class Sponsorship {
  metrics: SponsorshipMetrics | undefined;

  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      box: SecretBox;
      config: Pick<Config, 'env' | 'webhooks' | 'sponsorship'>;
      /** Name resolution for the hook URL check (tests inject one). */
      resolve?: Resolver;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private async validate(doc: PolicyDocument): Promise<void> {
    const errors: FieldError[] = [];
    const w = doc.window;
    if (w?.startsAt && w.endsAt && new Date(w.startsAt) >= new Date(w.endsAt))
      errors.push({ field: 'body.window.endsAt', code: 'window_empty', message: 'must be after startsAt' });
    const hook = doc.backendHook;
    if (hook) {
      const max = this.deps.config.sponsorship.backendTimeoutMs;
      if (hook.timeoutMs !== undefined && hook.timeoutMs > max)
        errors.push({
          field: 'body.backendHook.timeoutMs',
          code: 'too_big',
          message: `at most ${max} ms (sponsorship.backendTimeoutMs)`,
        });
      const wh = this.deps.config.webhooks;
      await checkWebhookUrl(hook.url, {
        // A paymaster's yes travels over TLS in production, whatever the webhook settings say.
        allowHttp: this.deps.config.env !== 'production' && wh.allowHttp,
        allowPrivateNetworks: wh.allowPrivateNetworks,
        ...(this.deps.resolve ? { resolve: this.deps.resolve } : {}),
      }).catch((err: unknown) => {
        if (!(err instanceof ValidationError)) throw err;
        for (const e of err.errors ?? []) errors.push({ ...e, field: 'body.backendHook.url' });
      });
    }
    if (errors.length) throw new ValidationError('the sponsorship policy is not valid', errors);
  }

  private resource(p: store.PolicyWithDocument, secret?: string): PolicyResource {
    const r: PolicyResource = {
      id: p.row.id,
      object: 'sponsorship_policy',
      version: p.row.version,
      status: p.row.status,
      ownerPrincipal: p.row.owner_principal,
      document: p.document,
      createdAt: p.row.created_at.toISOString(),
      updatedAt: p.row.updated_at.toISOString(),
      disabledAt: iso(p.row.disabled_at),
    };
    if (secret) r.backendHookSecret = secret;
    return r;
  }

  /** The policy when `actor` may see it; another principal's is 404, as if it did not exist. */
  private async owned(id: string, actor: SponsorshipActor | null): Promise<store.PolicyWithDocument> {
    const p = await store.readPolicy(this.deps.db, id);
    if (!p || !canManage(p.row.owner_principal, actor)) throw new NotFoundError(`no sponsorship policy ${id}`);
    return p;
  }

  async create(doc: PolicyDocument, actor: SponsorshipActor): Promise<PolicyResource> {
    await this.validate(doc);
    const id = newId('spp');
    const secret = doc.backendHook ? generateWebhookSecret() : undefined;
    const created = await this.deps.db.transaction().execute(async (trx) => {
      await appendAudit(trx, {
        actor: actor.keyId,
        action: 'sponsorship_policy.created',
        subject: id,
        details: { owner: actor.principalId, document: doc },
      });
      const p = await store.insertPolicy(trx, {
        id,
        owner: actor.principalId,
        document: doc,
        hookSecretEnc: secret ? this.deps.box.seal(secret, hookContext(id)) : null,
        createdBy: actor.keyId,
      });
      const out = this.resource(p, secret);
      await recordResponse(trx, 'sponsorship_policy.create', out);
      return out;
    });
    return created;
  }

  async get(id: string, actor: SponsorshipActor | null): Promise<PolicyResource> {
    return this.resource(await this.owned(id, actor));
  }

  async list(
    actor: SponsorshipActor,
    q: { limit: number; startingAfter?: string | undefined },
  ): Promise<{ object: 'list'; data: PolicyResource[]; hasMore: boolean }> {
    const owner = actor.scopes.includes('admin') ? null : actor.principalId;
    const rows = await store.listPolicies(this.deps.db, owner, q.limit + 1, q.startingAfter);
    return {
      object: 'list',
      data: rows.slice(0, q.limit).map((r) => this.resource(r)),
      hasMore: rows.length > q.limit,
    };
  }

  /** Replaces the document: a new version. A hook added where there was none gets a secret, shown in this answer. */
  async update(id: string, doc: PolicyDocument, actor: SponsorshipActor): Promise<PolicyResource> {
    await this.owned(id, actor);
    await this.validate(doc);
    let secret: string | undefined;
    const updated = await this.deps.db.transaction().execute(async (trx) => {
      const p = await store.readPolicy(trx, id, true);
      if (!p || !canManage(p.row.owner_principal, actor)) throw new NotFoundError(`no sponsorship policy ${id}`);
      if (p.row.status === 'disabled')
        throw new KeelError('sponsorship_policy_disabled', `sponsorship policy ${id} is disabled`);
      if (doc.backendHook && !p.row.hook_secret_enc) secret = generateWebhookSecret();
      const version = p.row.version + 1;
      await appendAudit(trx, {
        actor: actor.keyId,
        action: 'sponsorship_policy.updated',
        subject: id,
        details: {
          version,
          document: doc,
          ...(actsForOther(p.row.owner_principal, actor) ? { owner: p.row.owner_principal, byAdmin: true } : {}),
        },
      });
      const row = await store.insertVersion(trx, {
        id,
        version,
        document: doc,
        createdBy: actor.keyId,
        ...(secret ? { hookSecretEnc: this.deps.box.seal(secret, hookContext(id)) } : {}),
      });
      return { row, document: doc };
    });
    return this.resource(updated, secret);
  }

  async disable(id: string, actor: SponsorshipActor): Promise<PolicyResource> {
    const updated = await this.deps.db.transaction().execute(async (trx) => {
      const p = await store.readPolicy(trx, id, true);
      if (!p || !canManage(p.row.owner_principal, actor)) throw new NotFoundError(`no sponsorship policy ${id}`);
      if (p.row.status === 'disabled')
        throw new KeelError('sponsorship_policy_disabled', `sponsorship policy ${id} is already disabled`);
      await appendAudit(trx, {
        actor: actor.keyId,
        action: 'sponsorship_policy.disabled',
        subject: id,
        details: {
          version: p.row.version,
          ...(actsForOther(p.row.owner_principal, actor) ? { owner: p.row.owner_principal, byAdmin: true } : {}),
        },
      });
      const out = this.resource({ row: await store.setDisabled(trx, id), document: p.document });
      await recordResponse(trx, 'sponsorship_policy.disable', out);
      return out;
    });
    return updated;
  }

  /** `POST …/evaluate`: the decision the policy would take now, without reserving anything. */
  async evaluate(id: string, body: EvaluateBody, actor: SponsorshipActor): Promise<DecisionResource> {
    await this.owned(id, actor);
    return this.decide(
      { ...body, policyId: id, apiKeyId: actor.keyId },
      { dryRun: true, outcome: 'sponsorship_policy.evaluate', actor },
    );
  }

  /**
   * Decides whether the policy sponsors one user operation, records the decision and (unless
   * `dryRun`) reserves its maximum cost. Local rules are checked first on a plain read; the
   * backend hook (when the policy has one) is asked only when they pass, outside any
   * transaction; then the rules are checked again under the policy's row lock with the counters
   * as they are now, and the charge is written in the same transaction: concurrent decisions in
   * any number of processes never overshoot a budget. Unknown policy: 404. The user-operation
   * path passes the calling key as `actor`: another principal's policy is then 404 too, so
   * nobody spends a budget that is not theirs.
   */
  async decide(
    input: DecideInput,
    opts: { dryRun?: boolean; outcome?: string; actor?: SponsorshipActor | null } = {},
  ): Promise<DecisionResource> {
    const dryRun = opts.dryRun ?? false;
    const req: SponsorshipRequest = {
      chainId: input.chainId,
      sender: input.sender,
      userId: input.userId,
      apiKeyId: input.apiKeyId,
      clientIp: input.clientIp,
      deviceId: input.deviceId,
      calls: input.calls,
      maxCostUsd: typeof input.maxCostUsd === 'bigint' ? input.maxCostUsd : parseUsd(input.maxCostUsd),
      maxGas: BigInt(input.maxGas),
      isNewAccount: input.isNewAccount ?? false,
    };
    const { db } = this.deps;
    const id = newId('spd');
    const first = await store.readPolicy(db, input.policyId);
    // The caller may only spend its own principal's policies (admins any; Keel itself, null, any).
    if (!first || (opts.actor !== undefined && !canManage(first.row.owner_principal, opts.actor)))
      throw new NotFoundError(`no sponsorship policy ${input.policyId}`);
    const now = this.now();
    const rules = toRules(first.document, first.row.status === 'enabled');
    const pre = decideSponsorship(rules, req, await store.readUsage(db, first.row.id, usageKeys(rules, req, now)), {
      now,
    });

    let backend: BackendVerdict | undefined;
    if (pre.sponsored && first.document.backendHook && first.row.hook_secret_enc) {
      const hook = first.document.backendHook;
      backend = await askBackend({
        url: hook.url,
        secret: this.deps.box.open(first.row.hook_secret_enc, hookContext(first.row.id)),
        timeoutMs: hook.timeoutMs ?? this.deps.config.sponsorship.backendTimeoutMs,
        allowPrivateNetworks: this.deps.config.webhooks.allowPrivateNetworks,
        decisionId: id,
        payload: hookPayload(first.row.id, first.row.version, req, dryRun),
      });
    }

    const row = await db.transaction().execute(async (trx) => {
      // Without a reservation no lock is needed: a dry run reads and records only.
      const p = dryRun ? first : await store.readPolicy(trx, input.policyId, true);
      if (!p) throw new NotFoundError(`no sponsorship policy ${input.policyId}`);
      const r = toRules(p.document, p.row.status === 'enabled');
      // A version changed meanwhile (hook added) is judged as its rules say; its hook is asked next time.
      if (r.hasBackendHook && backend === undefined && pre.sponsored)
        backend = { verdict: 'unavailable', detail: 'the policy changed during the decision' };
      const usage = await store.readUsage(trx, p.row.id, usageKeys(r, req, now));
      const d: Decision = decideSponsorship(r, req, usage, { now, backend });
      if (d.sponsored && !dryRun) await store.applyCharges(trx, p.row.id, d.charges, 1n);
      const row = await store.insertDecision(trx, {
        id,
        policyId: p.row.id,
        policyVersion: p.row.version,
        sponsored: d.sponsored,
        dryRun,
        class: d.sponsored ? null : d.class,
        reasons: d.sponsored ? [] : d.reasons,
        status: dryRun ? 'dry_run' : d.sponsored ? 'reserved' : 'denied',
        reservedUsd: d.sponsored && !dryRun ? d.reserveUsd : 0n,
        charges: d.sponsored && !dryRun ? d.charges : [],
        chainId: req.chainId,
        sender: req.sender,
        userId: req.userId,
        request: { ...req, maxCostUsd: formatUsd(req.maxCostUsd), maxGas: req.maxGas.toString() },
      });
      if (opts.outcome) await recordResponse(trx, opts.outcome, toDecision(row));
      return row;
    });
    const out = toDecision(row);
    if (!dryRun)
      countDecision(
        this.metrics,
        out.sponsored ? { sponsored: true } : { sponsored: false, class: out.class!, reasons: out.reasons },
      );
    return out;
  }

  /**
   * The operation's final gas cost is known: the reservation becomes `actualCostUsd` (less
   * frees budget; more is charged as it is — the chain spent it). 409 unless the decision is
   * still `reserved`. `opts.trx`: in the caller's transaction (the user-operation worker settles
   * in the one that writes the operation's final state).
   */
  async settleSponsorship(
    decisionId: string,
    actualCostUsd: bigint | string,
    opts: { trx?: Transaction<DB> } = {},
  ): Promise<DecisionResource> {
    const actual = typeof actualCostUsd === 'bigint' ? actualCostUsd : parseUsd(actualCostUsd);
    if (actual < 0n)
      throw new ValidationError('the actual cost is negative', [
        { field: 'actualCostUsd', code: 'not_positive', message: 'must be zero or more' },
      ]);
    return this.finish(
      decisionId,
      async (trx, d) => {
        await store.adjustUsd(trx, d.policy_id, store.chargesOf(d), actual - BigInt(d.reserved_usd));
        return store.finishDecision(trx, d.id, 'settled', actual);
      },
      opts.trx,
    );
  }

  /**
   * The operation never ran (dropped, rejected by the bundler): its reservation and its operation
   * counts are given back; abuse counters keep it. `opts.trx`: in the caller's transaction.
   */
  async releaseSponsorship(decisionId: string, opts: { trx?: Transaction<DB> } = {}): Promise<DecisionResource> {
    return this.finish(
      decisionId,
      async (trx, d) => {
        const back = store.chargesOf(d).map((c) => ({ ...c, ops: c.dimension.startsWith('abuse_') ? 0 : c.ops }));
        await store.applyCharges(trx, d.policy_id, back, -1n);
        return store.finishDecision(trx, d.id, 'released', null);
      },
      opts.trx,
    );
  }

  private async finish(
    decisionId: string,
    fn: (trx: Transaction<DB>, d: store.DecisionRow) => Promise<store.DecisionRow>,
    outer?: Transaction<DB>,
  ): Promise<DecisionResource> {
    const body = async (trx: Transaction<DB>) => {
      const d0 = await store.readDecision(trx, decisionId);
      if (!d0) throw new NotFoundError(`no sponsorship decision ${decisionId}`);
      // Same lock order as `decide` (policy, then counters): no deadlock between them.
      await store.readPolicy(trx, d0.policy_id, true);
      const d = (await store.readDecision(trx, decisionId, true))!;
      if (d.status !== 'reserved')
        throw new KeelError('sponsorship_decision_final', `sponsorship decision ${decisionId} is ${d.status}`);
      return fn(trx, d);
    };
    const row = outer ? await body(outer) : await this.deps.db.transaction().execute(body);
    return toDecision(row);
  }

  async decisions(
    id: string,
    actor: SponsorshipActor,
    q: { limit: number; startingAfter?: string | undefined },
  ): Promise<{ object: 'list'; data: DecisionResource[]; hasMore: boolean }> {
    await this.owned(id, actor);
    const rows = await store.listDecisions(this.deps.db, id, q.limit + 1, q.startingAfter);
    return { object: 'list', data: rows.slice(0, q.limit).map(toDecision), hasMore: rows.length > q.limit };
  }

  /** Spent and denied in the current period (default: the global budget's, else day). */
  async usage(id: string, actor: SponsorshipActor, period?: Period): Promise<UsageResource> {
    const p = await this.owned(id, actor);
    const per = period ?? p.document.globalBudget?.period ?? 'day';
    const since = periodStart(per, this.now());
    const u = await store.usageSince(this.deps.db, id, since);
    const budget = p.document.globalBudget?.period === per ? p.document.globalBudget.amountUsd : null;
    return {
      object: 'sponsorship_usage',
      policyId: id,
      period: per,
      periodStart: since.toISOString(),
      spentUsd: formatUsd(u.spentUsd),
      budgetUsd: budget === null ? null : formatUsd(parseUsd(budget)),
      sponsored: u.sponsored,
      denied: { organic: u.organic, abuse: u.abuse },
      deniedByReason: u.byReason,
    };
  }
}
