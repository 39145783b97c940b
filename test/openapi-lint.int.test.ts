import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../scripts/gen-client.ts';
import { SCOPES } from '../src/auth/scopes.ts';
import { EVENT_TYPE_NAMES } from '../src/events/catalogue.ts';
import { ERROR_CODE_NAMES } from '../src/lib/error-catalogue.ts';

/**
 * The OpenAPI document `/openapi.json` serves, linted by Redocly CLI with every recommended rule
 * as an error (redocly.yaml), plus what the linter does not know Keel promises (docs/api.md).
 */

type Json = Record<string, any>;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function operations(doc: Json): Array<{ method: string; path: string; op: Json }> {
  return Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] as Json })),
  );
}

const resolve = (doc: Json, node: Json): Json =>
  node.$ref ? resolve(doc, doc.components.schemas[node.$ref.replace('#/components/schemas/', '')]) : node;

describe('the OpenAPI document', () => {
  let doc: Json;
  beforeAll(async () => {
    doc = await openApiDocument();
  }, 120_000);

  it('passes Redocly lint with no problem', async () => {
    const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js');
    const dir = mkdtempSync(join(tmpdir(), 'keel-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const run = await promisify(execFile)(
        process.execPath,
        [cli, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json', '--max-problems', '10000'],
        {
          cwd: dir,
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
          maxBuffer: 64 * 1024 * 1024,
        },
      ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
      const report = JSON.parse(run.stdout) as {
        totals: { errors: number; warnings: number };
        problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }>;
      };
      const listed = report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
      expect(listed).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('names every operation with a unique verb-noun operationId', () => {
    const ids = operations(doc).map(({ op }) => op.operationId as string);
    expect(ids.length).toBeGreaterThan(50);
    for (const id of ids) expect(id).toMatch(/^[a-z]+[A-Z][A-Za-z]*$/);
    expect(new Set(ids).size).toBe(ids.length);
    const byRoute = Object.fromEntries(
      operations(doc).map(({ method, path, op }) => [`${method} ${path}`, op.operationId]),
    );
    // Ids are part of the contract (generated clients name methods after them).
    expect(byRoute).toMatchObject({
      'post /v1/payment-intents': 'createPaymentIntent',
      'get /v1/payment-intents/{id}': 'getPaymentIntent',
      'get /v1/transactions': 'listTransactions',
      'post /v1/transactions/{id}/cancel': 'cancelTransaction',
      'post /v1/swaps/quotes': 'createSwapQuote',
      'get /v1/events': 'listEvents',
      'delete /v1/webhook-endpoints/{id}': 'deleteWebhookEndpoint',
    });
  });

  it('types every error answer as application/problem+json with the Problem schema', () => {
    const problem = doc.components.schemas.Problem;
    expect(problem.properties.code.enum).toEqual(ERROR_CODE_NAMES);
    for (const { method, path, op } of operations(doc)) {
      const errors = Object.entries(op.responses as Json).filter(([status]) => Number(status) >= 400);
      expect(errors.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const [status, response] of errors) {
        expect(response.content, `${method} ${path} ${status}`).toEqual({
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        });
      }
    }
  });

  it('declares the scope of every keyed operation and Idempotency-Key on every keyed POST', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const { method, path, op } of operations(doc)) {
      const where = `${method} ${path}`;
      expect(Array.isArray(op.security), where).toBe(true);
      expect(op['x-keel-scopes'], where).toBeDefined();
      for (const scope of op['x-keel-scopes']) expect(SCOPES, where).toContain(scope);
      if (op.security.length === 0) continue; // public
      expect(op.security, where).toEqual([{ bearerAuth: op['x-keel-scopes'] }]);
      expect(op.responses['401'], where).toBeDefined();
      if (method === 'post') {
        expect(op.parameters, where).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
      }
    }
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header' });
    expect(doc.paths['/v1/payment-intents'].post['x-keel-scopes']).toEqual(['payments:write']);
  });

  it('names the main resources as components and has servers', () => {
    for (const name of [
      'TransactionResource',
      'TransactionList',
      'PaymentIntent',
      'PaymentIntentList',
      'Swap',
      'SwapList',
      'Quote',
      'WebhookEndpoint',
      'WebhookDeliveryList',
      'Event',
      'EventList',
      'AuditLogEntryList',
      'ApiKeyList',
      'PrincipalList',
      'WebhookEndpointList',
      'PolicyVersionList',
      'BreakerList',
      'Problem',
    ]) {
      expect(doc.components.schemas[name], name).toBeDefined();
    }
    expect(doc.paths['/v1/transactions/{id}'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/TransactionResource',
    });
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('describes every event type as a webhook with its resource', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...EVENT_TYPE_NAMES].sort());
    const body = doc.webhooks['payment_intent.succeeded'].post.requestBody.content['application/json'].schema;
    expect(body.allOf[0]).toEqual({ $ref: '#/components/schemas/Event' });
    expect(body.allOf[1].properties.type.const).toBe('payment_intent.succeeded');
    expect(body.allOf[1].properties.data.properties.object).toEqual({ $ref: '#/components/schemas/PaymentIntent' });
  });

  it('pages every cursor list with limit + startingAfter answering hasMore; old names are deprecated', () => {
    const paged = operations(doc).filter(({ op }) =>
      (op.parameters ?? []).some((p: Json) => p.name === 'startingAfter'),
    );
    expect(paged.map(({ path }) => path)).toEqual(
      expect.arrayContaining([
        '/v1/events',
        '/v1/audit-log',
        '/v1/transactions',
        '/v1/swaps',
        '/v1/payment-intents',
        '/v1/webhook-endpoints/{id}/deliveries',
        '/v1/reviews',
        '/v1/access-requests',
        '/v1/api-keys',
        '/v1/principals',
        '/v1/webhook-endpoints',
        '/v1/policy/versions',
        '/v1/policy/proposals',
        '/v1/breakers',
      ]),
    );
    for (const { path, op } of paged) {
      const names = op.parameters.map((p: Json) => p.name);
      expect(names, path).toContain('limit');
      const page = resolve(doc, op.responses['200'].content['application/json'].schema);
      expect(page.properties.hasMore, path).toEqual({ type: 'boolean' });
      // No list speaks only the old dialect.
      for (const p of op.parameters as Json[]) if (p.name === 'after') expect(p.deprecated, path).toBe(true);
      if (page.properties.nextCursor) expect(page.properties.nextCursor.deprecated, path).toBe(true);
    }
    const txParams = doc.paths['/v1/transactions'].get.parameters as Json[];
    expect(txParams.find((p) => p.name === 'userId')?.deprecated).toBeUndefined();
    expect(txParams.find((p) => p.name === 'user')?.deprecated).toBe(true);
  });
});
