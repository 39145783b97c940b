import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../src/api/input-check.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import {
  deepJson,
  dereference,
  hostileValue,
  HOSTILE_URL_VALUES,
  pick,
  prng,
  replaceAt,
  sample,
  toJson,
  valuePaths,
  type Rand,
} from './helpers/fuzz.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { pipelinePolicy } from './helpers/pipeline.ts';

/**
 * Bad input never gets a 500 (issue 12, part 7). First the inputs the review found (NUL in
 * body strings and query filters, unpaired surrogates, a 100,000-deep policy document sent
 * with an Idempotency-Key), each with its stable 4xx; upper-case addresses; end-user ids
 * normalised. Then a fuzz run over every route of the OpenAPI document the running app
 * serves (so a new route is fuzzed without anyone listing it), seeded and reproducible:
 * `FUZZ_SEED=<n>` replays a run, `FUZZ_PER_ROUTE=<n>` sets its size.
 */

let chain: TestChain;
let db: TestDatabase;
let keel: TestKeel;
const SEED = Number(process.env.FUZZ_SEED ?? 12_345);
const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 16);

beforeAll(async () => {
  [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
  keel = await startTestKeel(
    devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      auth: { rateLimit: { max: 0, publicMax: 0 } },
      policy: { document: pipelinePolicy(chain) },
      payments: { depositFactory: chain.world.contracts.depositFactory },
      webhooks: { allowHttp: true, allowPrivateNetworks: true },
    }),
    db,
  );
}, 90_000);

afterAll(async () => {
  await keel?.stop();
  await Promise.all([chain?.stop(), db?.close()]);
});

interface Sent {
  status: number;
  contentType: string;
  body: any;
}

async function send(
  method: string,
  path: string,
  opts: { body?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Sent> {
  const r = await fetch(`${keel.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${keel.adminToken}`,
      ...(opts.body !== undefined ? { 'content-type': opts.contentType ?? 'application/json' } : {}),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
  const text = await r.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (static files)
  }
  return { status: r.status, contentType: r.headers.get('content-type') ?? '', body };
}

const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  send(method, path, { body: JSON.stringify(body), headers });

describe('bad input from the review: a stable 4xx problem, never a 500', () => {
  const transfer = () => ({
    chainId: chain.chainId,
    signer: 'treasury',
    kind: 'transfer',
    to: '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
    asset: 'tUSD',
    amount: '1.25',
    userId: 'review-user',
  });

  it('NUL in a body string: 422 validation_failed naming the field, on every endpoint that stores text', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/v1/transactions', { ...transfer(), userId: 'a\u0000b' }, 'body.userId'],
      ['/v1/transactions', { ...transfer(), metadata: { ref: 'x\u0000' } }, 'body.metadata.ref'],
      ['/v1/payment-intents', { amount: '10', asset: 'tUSD', description: 'order\u0000' }, 'body.description'],
      [
        '/v1/webhook-endpoints',
        { url: 'http://127.0.0.1:9/h', eventTypes: ['*'], description: '\u0000' },
        'body.description',
      ],
      [
        '/v1/swaps/quotes',
        {
          chainId: chain.chainId,
          account: 'treasury',
          userId: 'u\u0000',
          tokenIn: 'tUSD',
          tokenOut: 'WETH',
          amountIn: '1',
        },
        'body.userId',
      ],
      ['/v1/policy/proposals', { document: { version: 1, rules: [] }, note: 'n\u0000' }, 'body.note'],
      ['/v1/api-keys', { name: 'k\u0000', scopes: ['admin'] }, 'body.name'],
    ];
    for (const [path, body, field] of cases) {
      const r = await json('POST', path, body);
      expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(422);
      expect(r.contentType).toMatch(/application\/problem\+json/);
      expect(r.body.code).toBe('validation_failed');
      expect(r.body.errors, path).toContainEqual({
        field,
        code: 'invalid_character',
        message: expect.stringContaining('NUL'),
      });
    }
  });

  it('NUL in a query filter: 422 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['/v1/transactions?userId=a%00', 'querystring.userId'],
      ['/v1/transactions?user=a%00', 'querystring.user'],
      ['/v1/transactions?signer=%00', 'querystring.signer'],
      ['/v1/transactions?status=queued%00', 'querystring.status'],
      ['/v1/swaps?userId=%00', 'querystring.userId'],
      ['/v1/payment-intents?customerReference=c%00', 'querystring.customerReference'],
      ['/v1/audit-log?actor=%00', 'querystring.actor'],
      ['/v1/audit-log?action=x%00', 'querystring.action'],
      ['/v1/audit-log?subject=%00', 'querystring.subject'],
      ['/v1/events?type=%00', 'querystring.type'],
      ['/v1/events?startingAfter=evt_%00', 'querystring.startingAfter'],
      ['/v1/stats/overview?bucket=%00', 'querystring.bucket'],
    ];
    for (const [path, field] of cases) {
      const r = await send('GET', path);
      expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(422);
      expect(
        r.body.errors.map((e: any) => e.field),
        path,
      ).toContain(field);
    }
  });

  it('an unpaired surrogate in a body (jsonb metadata and text alike): 422 naming the field', async () => {
    // JSON.stringify keeps the lone surrogate as the escape \ud800, as a client would send it.
    const cases: Array<[string, unknown, string]> = [
      ['/v1/transactions', { ...transfer(), metadata: { note: '\ud800' } }, 'body.metadata.note'],
      ['/v1/payment-intents', { amount: '10', asset: 'tUSD', metadata: { k: 'v\udfff' } }, 'body.metadata.k'],
      [
        '/v1/webhook-endpoints',
        { url: 'http://127.0.0.1:9/h', eventTypes: ['*'], description: 'x\ud83d' },
        'body.description',
      ],
    ];
    for (const [path, body, field] of cases) {
      const r = await json('POST', path, body);
      expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(422);
      expect(r.body.errors).toContainEqual({
        field,
        code: 'invalid_character',
        message: expect.stringContaining('surrogate'),
      });
    }
  });

  it('a 100,000-deep policy document with an Idempotency-Key: 400 json_too_deep, and the process keeps serving', async () => {
    const body = `{"document":${deepJson(100_000)},"note":"deep"}`;
    for (const headers of [{ 'idempotency-key': 'deep-doc' }, {}] as Array<Record<string, string>>) {
      const r = await send('POST', '/v1/policy/proposals', { body, headers });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body).toMatchObject({ code: 'json_too_deep', maxDepth: MAX_JSON_DEPTH });
    }
    // Just over the limit is refused; at the limit it reaches the route (which judges the document).
    expect(
      (await send('POST', '/v1/policy/proposals', { body: `{"document":${deepJson(MAX_JSON_DEPTH)}}` })).body.code,
    ).toBe('json_too_deep');
    expect(
      (await send('POST', '/v1/policy/proposals', { body: `{"document":${deepJson(MAX_JSON_DEPTH - 2)}}` })).body.code,
    ).toBe('validation_failed');
    expect((await send('GET', '/v1/me')).status).toBe(200);
  });

  it('unparseable JSON is 400 invalid_json; a NUL in a path id is 404', async () => {
    for (const body of ['{', '', '{"a":1}x', '{"__proto__":{"admin":true}}']) {
      const r = await send('POST', '/v1/transactions', { body });
      expect(r.status, body).toBe(400);
      expect(r.body.code, body).toBe('invalid_json');
    }
    expect((await send('POST', '/v1/api-keys/key_%00/revoke')).body).toMatchObject({ status: 404, code: 'not_found' });
    expect((await send('GET', '/v1/webhook-endpoints/we_%00')).status).toBe(404);
  });

  it('accepts an address in all upper-case hex, as the docs promise, and answers it checksummed', async () => {
    const upper = `0x${'15d34AAf54267DB7D7c367839AAf71A00a2C6A65'.toUpperCase()}`;
    const r = await json('POST', '/v1/transactions', { ...transfer(), to: upper, userId: 'upper-case-user' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.recipient).toBe('0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65');
    const p = await send('GET', `/v1/portfolio?addresses=${upper}`);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    // A mixed-case address with a broken checksum is still refused.
    const bad = await json('POST', '/v1/transactions', {
      ...transfer(),
      to: '0x15D34AAf54267DB7D7c367839AAf71A00a2C6A65',
    });
    expect(bad.body.errors?.[0]?.field).toBe('body.to');
  });

  it('normalises end-user ids to NFC and refuses invisible characters, so look-alike ids cannot split a user’s windows', async () => {
    const composed = 'jos\u00e9-nfc';
    const decomposed = 'jose\u0301-nfc';
    const a = await json('POST', '/v1/transactions', { ...transfer(), userId: decomposed });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.userId).toBe(composed);
    const listed = await send('GET', `/v1/transactions?userId=${encodeURIComponent(decomposed)}`);
    expect(listed.body.data.map((t: any) => t.id)).toEqual([a.body.id]);
    for (const userId of ['jos\u00e9\u200b-nfc', '\u202ejos\u00e9-nfc', 'jos\u00e9-nfc\u2069', ' jos\u00e9-nfc']) {
      for (const [path, body] of [
        ['/v1/transactions', { ...transfer(), userId }],
        [
          '/v1/swaps/quotes',
          { chainId: chain.chainId, account: 'treasury', userId, tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '1' },
        ],
        [
          '/v1/policy/evaluate',
          {
            chainId: chain.chainId,
            kind: 'transfer',
            from: keel.signers.get('treasury')!.address,
            to: transfer().to,
            asset: 'tUSD',
            amount: '1',
            userId,
          },
        ],
        ['/v1/payment-intents', { amount: '10', asset: 'tUSD', customerReference: userId }],
      ] as const) {
        const r = await json('POST', path, body);
        expect(r.status, `${path} ${JSON.stringify(userId)}`).toBe(422);
        expect(
          r.body.errors.map((e: any) => e.code),
          path,
        ).toEqual(expect.arrayContaining([expect.stringMatching(/invisible_character|surrounding_whitespace/)]));
      }
    }
    // A session id counts a window too: the same rule.
    expect((await json('POST', '/v1/transactions', { ...transfer(), sessionId: 's\u200d1' })).status).toBe(422);
  });
});

/**
 * 503 answers that say something is switched off or not there (not a bug): a breaker the fuzz
 * tripped, the dashboard not built in this checkout, a capability this instance has no contracts
 * configured for. Only these may appear; never a 500.
 */
const AVAILABILITY = new Set([
  'swap_unavailable',
  'dashboard_not_built',
  'checkout_not_built',
  'smart_accounts_not_configured',
  'paymaster_not_configured',
]);

describe('fuzz: every route of the OpenAPI document', () => {
  it(`sends hostile input to every route and never gets a 500 (seed ${SEED}, ${PER_ROUTE} requests per route)`, {
    timeout: 240_000,
  }, async () => {
    console.log(`input fuzz: FUZZ_SEED=${SEED} FUZZ_PER_ROUTE=${PER_ROUTE} (set them to replay this run)`);
    const rand = prng(SEED);
    const doc = dereference(
      (await send('GET', '/openapi.json')).body as { paths: Record<string, Record<string, any>> },
    );
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    expect(ops.length, 'the OpenAPI document lists the routes').toBeGreaterThan(40);
    const known: Record<string, unknown> = {
      chainId: chain.chainId,
      chains: [chain.chainId],
      signer: 'treasury',
      account: 'treasury',
      to: '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
      from: keel.signers.get('treasury')!.address,
      asset: 'tUSD',
      tokenIn: 'tUSD',
      tokenOut: 'WETH',
      amount: '1.5',
      amountIn: '1',
      userId: 'fuzz-user',
      url: 'http://127.0.0.1:9/fuzz',
      eventTypes: ['*'],
      document: pipelinePolicy(chain),
      scopes: ['transactions:read'],
      addresses: '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
      since: new Date(Date.now() - 60_000).toISOString(),
    };

    const failures: string[] = [];
    const seen: Record<string, number> = {};
    const requests: Array<() => Promise<void>> = [];
    for (const { path, method, op } of ops) {
      const params = (op.parameters ?? []) as Array<{
        name: string;
        in: 'path' | 'query';
        required?: boolean;
        schema: any;
      }>;
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      for (let n = 0; n < PER_ROUTE; n++) {
        const r: Rand = rand;
        // Path: plausible ids, sometimes a hostile one.
        let url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
          const p = params.find((x) => x.in === 'path' && x.name === name);
          return r() < 0.35
            ? pick(r, HOSTILE_URL_VALUES)
            : encodeURIComponent(String(sample(p?.schema, name, known) ?? 'x'));
        });
        // Query: the required ones plus some, one of them hostile now and then.
        const query: string[] = [];
        for (const p of params.filter((x) => x.in === 'query')) {
          if (!p.required && r() < 0.5) continue;
          const hostile = r() < 0.5;
          query.push(
            `${p.name}=${hostile ? pick(r, HOSTILE_URL_VALUES) : encodeURIComponent(String(sample(p.schema, p.name, known)))}`,
          );
          if (hostile && r() < 0.2) query.push(`${p.name}=${pick(r, HOSTILE_URL_VALUES)}`);
        }
        if (query.length) url += `?${query.join('&')}`;
        // Body: a plausible one with one or two values replaced, or something else entirely.
        let body: string | undefined;
        let contentType: string | undefined;
        if (bodySchema) {
          let value: unknown = sample(bodySchema, '', known);
          const roll = r();
          if (roll < 0.08)
            body = pick(r, [
              '{',
              '',
              '[]',
              'null',
              '"x"',
              '1e400',
              deepJson(100_000),
              '{"__proto__":{"x":1}}',
              '{"constructor":{"prototype":{"x":1}}}',
            ]);
          else if (roll < 0.12) {
            body = `x\u0000${pick(r, ['', '\ud800', '{"a":1}'])}`;
            contentType = 'text/plain';
          } else {
            const mutations = 1 + Math.floor(r() * 2);
            for (let m = 0; m < mutations; m++) {
              const paths = valuePaths(value);
              if (paths.length === 0 || r() < 0.15)
                value = {
                  ...(value as object),
                  [pick(r, ['extra', '\u0000', '__proto__', 'constructor', '\ud800key'])]: hostileValue(r),
                };
              else value = replaceAt(value, pick(r, paths), hostileValue(r));
            }
            body = toJson(value);
          }
        }
        const headers: Record<string, string> =
          method === 'POST' && r() < 0.3 ? { 'idempotency-key': `fuzz-${SEED}-${n}-${Math.floor(r() * 1e9)}` } : {};
        const label = `${method} ${url.slice(0, 200)}${body !== undefined ? ` body ${body.slice(0, 200)}` : ''}`;
        requests.push(async () => {
          // A dropped connection is a failure too, named with the request that caused it.
          const res = await send(method, url, {
            ...(body !== undefined ? { body } : {}),
            ...(contentType ? { contentType } : {}),
            headers,
          }).catch((error: Error & { cause?: { code?: string } }) => {
            failures.push(`no answer (${error.cause?.code ?? error.message}): ${label}`);
            return null;
          });
          if (!res) return;
          seen[`${method} ${path}`] = (seen[`${method} ${path}`] ?? 0) + 1;
          const code = res.body?.code;
          if (res.status >= 500 && !(res.status === 503 && AVAILABILITY.has(code)))
            failures.push(`${res.status} ${code}: ${label}`);
          if (res.status >= 400 && (!/application\/problem\+json/.test(res.contentType) || typeof code !== 'string'))
            failures.push(`${res.status} without problem+json: ${label}`);
        });
      }
    }
    // Raw URLs outside the document (static files, the document itself) get the hostile paths too.
    for (const v of HOSTILE_URL_VALUES) {
      for (const p of [`/dashboard/${v}`, `/pay/${v}`, `/v1/${v}`, `/docs/${v}`]) {
        requests.push(async () => {
          const res = await send('GET', p);
          if (res.status >= 500 && !(res.status === 503 && AVAILABILITY.has(res.body?.code)))
            failures.push(`${res.status} ${res.body?.code}: GET ${p.slice(0, 200)}`);
        });
      }
    }

    const t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < requests.length) await requests[next++]!();
      }),
    );
    console.log(
      `input fuzz: ${requests.length} requests over ${ops.length} operations in ${Date.now() - t0} ms; failures ${failures.length}`,
    );
    expect(failures, `seed ${SEED}`).toEqual([]);
    expect(Object.keys(seen).length, 'every operation was fuzzed').toBe(ops.length);
    expect((await send('GET', '/v1/me')).status, 'the API still serves').toBe(200);
  });
});
