import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import { appendAudit } from '../audit/store.ts';
import type { Config } from '../config/schema.ts';
import type { DB, WebhookEndpointsTable } from '../db/schema.ts';
import { EVENT_TYPE_NAMES, isEventType } from '../events/catalogue.ts';
import { publishEvent } from '../events/store.ts';
import { NotFoundError, ValidationError, type FieldError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { pageOf } from '../lib/pagination.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import { sealEndpointSecret } from './secrets.ts';
import { generateWebhookSecret } from './signing.ts';
import { checkWebhookUrl, type Resolver } from './url-guard.ts';
import { actsForOther, assertReadable, canManage, receivedTypes, type WebhookActor } from './ownership.ts';

/** A webhook endpoint as the API shows it: never a secret. */
export interface WebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  url: string;
  description: string | null;
  eventTypes: string[];
  status: 'enabled' | 'disabled';
  /** `gone` (answered 410), `failing` (no success for webhooks.disableAfterHours) or `operator`. */
  disabledReason: string | null;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Present while the previous secret still signs deliveries after a rotation. */
  secretRotatedUntil?: string;
  /** The principal that owns it (prn_…); null: created by Keel itself. */
  ownerPrincipal: string | null;
}

export type DisableReason = 'gone' | 'failing' | 'operator';

/** Audit detail of a change by someone other than the owner (an admin): whose endpoint it was. */
function ownerDetail(row: EndpointRow, actor: WebhookActor | null): Record<string, unknown> {
  return actsForOther(row.owner_principal, actor) ? { owner: row.owner_principal, byAdmin: true } : {};
}

export type EndpointRow = Selectable<WebhookEndpointsTable>;
type Executor = Kysely<DB> | Transaction<DB>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public shape of an endpoint row (the sealed secrets stay behind). */
export function toEndpoint(r: EndpointRow, now = new Date()): WebhookEndpoint {
  const e: WebhookEndpoint = {
    id: r.id,
    object: 'webhook_endpoint',
    url: r.url,
    description: r.description,
    eventTypes: r.event_types,
    status: r.status,
    disabledReason: r.disabled_reason,
    disabledAt: iso(r.disabled_at),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    ownerPrincipal: r.owner_principal,
  };
  if (r.previous_secret_enc && r.previous_secret_expires_at && r.previous_secret_expires_at > now)
    e.secretRotatedUntil = r.previous_secret_expires_at.toISOString();
  return e;
}

/**
 * Disables an endpoint in the caller's transaction and publishes `endpoint.disabled` with it,
 * so the state change and its event commit together. Idempotent: an endpoint already
 * disabled (or deleted, or unknown) is left alone and no second event is published; the
 * answer is then undefined. Used by the API (operator) and the delivery worker (gone, failing).
 * `detail` (e.g. "answered 410 Gone") travels in the event as `disabledDetail`.
 */
export async function disableEndpoint(
  trx: Transaction<DB>,
  id: string,
  reason: DisableReason,
  detail?: string,
): Promise<WebhookEndpoint | undefined> {
  const row = await trx
    .updateTable('webhook_endpoints')
    .set({ status: 'disabled', disabled_reason: reason, disabled_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'enabled')
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  const endpoint = toEndpoint(row);
  await publishEvent(
    trx,
    'endpoint.disabled',
    detail === undefined ? endpoint : { ...endpoint, disabledDetail: detail },
  );
  return endpoint;
}

/** Checks an event type list; field paths are those of the API body (`body.eventTypes.2`). */
function eventTypeErrors(types: readonly string[]): FieldError[] {
  if (types.length === 0)
    return [{ field: 'body.eventTypes', code: 'required', message: 'at least one event type (or "*") is required' }];
  return types.flatMap((t, i) =>
    t === '*' || isEventType(t)
      ? []
      : [
          {
            field: `body.eventTypes.${i}`,
            code: 'unknown_event_type',
            message: `unknown event type "${t}" (see the event catalogue in docs/events.md)`,
          },
        ],
  );
}

export interface CreateEndpointInput {
  url: string;
  eventTypes: string[];
  description?: string | null | undefined;
}

/** Fields left undefined stay as they are; `description: null` clears it. */
export type UpdateEndpointInput = { [K in keyof CreateEndpointInput]?: CreateEndpointInput[K] | undefined } & {
  status?: 'enabled' | 'disabled' | undefined;
};

/**
 * The only writer of `webhook_endpoints` (the delivery log, retries, replays and test
 * deliveries are in delivery-log-store.ts). Secrets are sealed with the SecretBox
 * and appear in clear only in the answers of `create` and `rotateSecret`.
 */
export class EndpointsStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly box: SecretBox,
    private readonly config: Pick<Config['webhooks'], 'allowHttp' | 'allowPrivateNetworks' | 'rotationOverlapHours'>,
    /** Name resolution for the URL check (tests inject one). */
    private readonly resolve?: Resolver,
  ) {}

  /** Every field error of an endpoint's URL and event types at once, as one 422. */
  private async validate(url: string | undefined, eventTypes: readonly string[] | undefined): Promise<void> {
    const errors = eventTypes ? eventTypeErrors(eventTypes) : [];
    if (url !== undefined) {
      const opts = {
        allowHttp: this.config.allowHttp,
        allowPrivateNetworks: this.config.allowPrivateNetworks,
        ...(this.resolve ? { resolve: this.resolve } : {}),
      };
      await checkWebhookUrl(url, opts).catch((err: unknown) => {
        if (!(err instanceof ValidationError)) throw err;
        errors.unshift(...(err.errors ?? []));
      });
    }
    if (errors.length) throw new ValidationError('the webhook endpoint is not valid', errors);
  }

  /** The endpoint when `actor` may manage it; another principal's endpoint is 404, as if it did not exist. */
  private async row(ex: Executor, id: string, actor: WebhookActor | null, forUpdate = false): Promise<EndpointRow> {
    let q = ex.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).where('deleted_at', 'is', null);
    if (forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row || !canManage(row.owner_principal, actor)) throw new NotFoundError(`no webhook endpoint ${id}`);
    return row;
  }

  /**
   * Registers an endpoint owned by the actor's principal; the signing secret in the answer is
   * never shown again. Every listed type must be readable by the actor's key (403
   * `event_type_not_readable`); the key's scopes are kept: the endpoint receives only what they read.
   */
  async create(
    input: CreateEndpointInput,
    actor: WebhookActor | null,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    await this.validate(input.url, input.eventTypes);
    if (actor) assertReadable(input.eventTypes, actor.scopes);
    const id = newId('we');
    const secret = generateWebhookSecret();
    const row = await this.db.transaction().execute(async (trx) => {
      const details = {
        url: input.url,
        eventTypes: [...new Set(input.eventTypes)],
        description: input.description ?? null,
        owner: actor?.principalId ?? null,
      };
      await appendAudit(trx, {
        actor: actor?.keyId ?? 'system',
        action: 'webhook_endpoint.created',
        subject: id,
        details,
      });
      const created = await trx
        .insertInto('webhook_endpoints')
        .values({
          id,
          url: input.url,
          description: input.description ?? null,
          event_types: [...new Set(input.eventTypes)],
          secret_enc: sealEndpointSecret(this.box, id, secret),
          created_by: actor?.keyId ?? null,
          owner_principal: actor?.principalId ?? null,
          read_scopes: actor ? [...actor.scopes] : null,
          ...{
            disabled_reason: null,
            disabled_at: null,
            previous_secret_enc: null,
            previous_secret_expires_at: null,
            failing_since: null,
            deleted_at: null,
          },
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      // The secret is shown once: the answer that carries it commits with the endpoint (sealed; src/lib/request-outcome.ts).
      await recordResponse(trx, 'webhook_endpoint.create', { ...toEndpoint(created), secret });
      return created;
    });
    return { endpoint: toEndpoint(row), secret };
  }

  /** 404 `not_found` for unknown and deleted endpoints, and for another principal's (unless admin). */
  async get(id: string, actor: WebhookActor | null = null): Promise<WebhookEndpoint> {
    return toEndpoint(await this.row(this.db, id, actor));
  }

  /** The endpoints `actor` may manage (its principal's; every one for admins), not deleted, oldest first. */
  async list(actor: WebhookActor | null = null): Promise<WebhookEndpoint[]> {
    let q = this.db.selectFrom('webhook_endpoints').selectAll().where('deleted_at', 'is', null).orderBy('id');
    if (actor && !canManage(null, actor)) q = q.where('owner_principal', '=', actor.principalId);
    return (await q.execute()).map((r) => toEndpoint(r));
  }

  /** A page of the endpoints `actor` may manage, newest first, after `startingAfter` (an endpoint id). */
  async page(
    actor: WebhookActor | null,
    limit: number,
    startingAfter?: string,
  ): Promise<{ data: WebhookEndpoint[]; hasMore: boolean }> {
    let q = this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('deleted_at', 'is', null)
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (actor && !canManage(null, actor)) q = q.where('owner_principal', '=', actor.principalId);
    if (startingAfter) q = q.where('id', '<', startingAfter);
    return pageOf(
      (await q.execute()).map((r) => toEndpoint(r)),
      limit,
    );
  }

  /**
   * Changes URL, event types, description and/or status. Re-enabling clears the disabled
   * fields and the failure clock; disabling goes through `disableEndpoint` ('operator'),
   * which publishes `endpoint.disabled`.
   */
  async update(id: string, patch: UpdateEndpointInput, actor: WebhookActor | null = null): Promise<WebhookEndpoint> {
    // Resolving the URL happens before the transaction: no row lock is held across DNS.
    await this.validate(patch.url, patch.eventTypes);
    return this.db.transaction().execute(async (trx) => {
      const current = await this.row(trx, id, actor, true);
      const set: Updateable<WebhookEndpointsTable> = {};
      if (patch.url !== undefined) set.url = patch.url;
      if (patch.eventTypes !== undefined) set.event_types = [...new Set(patch.eventTypes)];
      // Whoever changes where an endpoint delivers or what it receives must be able to read all
      // of it; from then on it receives what that key reads. Deliveries already queued of types
      // it no longer reads are dropped, so re-pointing never carries them to the new URL.
      if (actor && (patch.url !== undefined || patch.eventTypes !== undefined)) {
        assertReadable(patch.eventTypes ?? current.event_types, actor.scopes);
        set.read_scopes = [...actor.scopes];
        const keep = receivedTypes(set.event_types ?? current.event_types, set.read_scopes, EVENT_TYPE_NAMES);
        await sql`update webhook_deliveries d set status = 'failed', last_error = 'no longer readable by the endpoint (its URL or event types changed)', next_attempt_at = now(), updated_at = now()
          from events e
          where e.id = d.event_id and d.endpoint_id = ${id} and d.status = 'pending' and d.kind <> 'test' and not (e.type = any(${keep}::text[]))`.execute(
          trx,
        );
      }
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.status === 'enabled' && current.status === 'disabled') {
        Object.assign(set, {
          status: 'enabled',
          disabled_reason: null,
          disabled_at: null,
          failing_since: null,
        } satisfies Updateable<WebhookEndpointsTable>);
      }
      if (Object.keys(set).length) {
        await trx
          .updateTable('webhook_endpoints')
          .set({ ...set, updated_at: sql<Date>`now()` })
          .where('id', '=', id)
          .execute();
      }
      if (patch.status === 'disabled') await disableEndpoint(trx, id, 'operator');
      await appendAudit(trx, {
        actor: actor?.keyId ?? 'system',
        action: 'webhook_endpoint.updated',
        subject: id,
        details: { patch, previous: toEndpoint(current), ...ownerDetail(current, actor) },
      });
      return toEndpoint(await this.row(trx, id, null));
    });
  }

  /** Soft delete: the endpoint disappears from the API and its pending deliveries are no longer attempted. */
  async delete(id: string, actor: WebhookActor | null = null): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const current = await this.row(trx, id, actor, true);
      const set = { deleted_at: sql<Date>`now()`, updated_at: sql<Date>`now()` };
      await trx.updateTable('webhook_endpoints').set(set).where('id', '=', id).execute();
      const details = ownerDetail(current, actor);
      await appendAudit(trx, {
        actor: actor?.keyId ?? 'system',
        action: 'webhook_endpoint.deleted',
        subject: id,
        ...(Object.keys(details).length ? { details } : {}),
      });
    });
  }

  /**
   * Replaces the signing secret. The old one keeps signing (beside the new one) until
   * `previousSecretExpiresAt`, webhooks.rotationOverlapHours from now. A second rotation
   * within the overlap drops the oldest secret: only one previous secret is kept.
   */
  async rotateSecret(
    id: string,
    actor: WebhookActor | null = null,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string; previousSecretExpiresAt: string }> {
    const secret = generateWebhookSecret();
    const expires = new Date(Date.now() + this.config.rotationOverlapHours * 3_600_000);
    const row = await this.db.transaction().execute(async (trx) => {
      const current = await this.row(trx, id, actor, true);
      await appendAudit(trx, {
        actor: actor?.keyId ?? 'system',
        action: 'webhook_endpoint.secret_rotated',
        subject: id,
        details: { previousSecretExpiresAt: expires.toISOString(), ...ownerDetail(current, actor) },
      });
      const rotated = await trx
        .updateTable('webhook_endpoints')
        .set({
          secret_enc: sealEndpointSecret(this.box, id, secret),
          previous_secret_enc: current.secret_enc,
          previous_secret_expires_at: expires,
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordResponse(trx, 'webhook_endpoint.rotate_secret', {
        ...toEndpoint(rotated),
        secret,
        previousSecretExpiresAt: expires.toISOString(),
      });
      return rotated;
    });
    return { endpoint: toEndpoint(row), secret, previousSecretExpiresAt: expires.toISOString() };
  }
}
