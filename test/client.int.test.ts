import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createKeelClient, type KeelClient, KeelApiError, listAll, paginate, unwrap } from '@keel/client';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { REPO } from './helpers/keel-process.ts';

/**
 * The typed client (@keel/client, clients/typescript) against a real Keel with an anvil chain:
 * typed calls, problem answers as KeelApiError, idempotent POSTs, pagination — and the package as
 * a consumer outside the repository gets it (built with tsc, imported by plain Node).
 */

const run = promisify(execFile);

describe('@keel/client in this repository', () => {
  it('resolves to the TypeScript sources (the keel-source condition), not a build', async () => {
    const fromPackage = await import('@keel/client');
    const fromSource = await import('../clients/typescript/src/index.ts');
    // One module instance: vitest resolved the package to src/index.ts.
    expect(fromPackage.createKeelClient).toBe(fromSource.createKeelClient);
    expect(fromPackage.KeelApiError).toBe(fromSource.KeelApiError);
  });
});

describe('@keel/client against a real Keel', () => {
  let chain: TestChain;
  let db: TestDatabase;
  let keel: TestKeel;
  let client: KeelClient;

  beforeAll(async () => {
    chain = await startTestChain();
    db = await testDatabase();
    const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      payments: { depositFactory: chain.world.contracts.depositFactory },
    });
    keel = await startTestKeel(config, db);
    client = createKeelClient({ baseUrl: keel.url!, apiKey: keel.adminToken });
  });
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
    await chain?.stop();
  });

  const intentBody = (n: number) => ({
    amount: `${n}.00`,
    asset: 'tUSD',
    chains: [31337],
    customerReference: `cust_${n}`,
  });

  it('makes typed GET and POST calls', async () => {
    const me = await unwrap(client.GET('/v1/me'));
    expect(me.principal.id).toBe(keel.adminPrincipal);

    const intent = await unwrap(client.POST('/v1/payment-intents', { body: intentBody(12) }));
    expectTypeOf(intent.status).toEqualTypeOf<
      'requires_payment' | 'processing' | 'succeeded' | 'underpaid' | 'expired' | 'cancelled'
    >();
    expect(intent).toMatchObject({ object: 'payment_intent', status: 'requires_payment' });
    expect(intent.amount.baseUnits).toBe('12000000');
    expect(intent.id).toMatch(/^pi_/);

    const again = await unwrap(client.GET('/v1/payment-intents/{id}', { params: { path: { id: intent.id } } }));
    expect(again.id).toBe(intent.id);
  });

  it('turns a 422 into KeelApiError validation_failed with field errors', async () => {
    const err = await unwrap(
      client.POST('/v1/payment-intents', { body: { ...intentBody(1), amount: 'ten dollars' } }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeelApiError);
    const e = err as KeelApiError;
    expect(e).toMatchObject({ status: 422, code: 'validation_failed', retryable: false });
    expect(e.userMessage).toEqual(expect.any(String));
    expect(e.requestId).toEqual(expect.any(String));
    expect(e.fieldErrors.map((f) => f.field)).toContain('body.amount');
  });

  it('turns a wrong key into unauthenticated, and a missing resource into not_found', async () => {
    const stranger = createKeelClient({
      baseUrl: keel.url!,
      apiKey: 'keel_sk_01aaaaaaaaaaaaaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    await expect(unwrap(stranger.GET('/v1/me'))).rejects.toMatchObject({
      name: 'KeelApiError',
      status: 401,
      code: 'unauthenticated',
      retryable: false,
    });
    await expect(
      unwrap(client.GET('/v1/payment-intents/{id}', { params: { path: { id: 'pi_01jzzzzzzzzzzzzzzzzzzzzzzz' } } })),
    ).rejects.toMatchObject({ code: expect.stringMatching(/not_found|validation_failed/) });
  });

  it('replays a POST sent twice with the same Idempotency-Key: one resource', async () => {
    const request = {
      body: intentBody(33),
      params: { header: { 'Idempotency-Key': `order-33-${Date.now()}` } },
    };
    const first = await unwrap(client.POST('/v1/payment-intents', request));
    const second = await unwrap(client.POST('/v1/payment-intents', request));
    expect(second.id).toBe(first.id);
    // Without an explicit key each call is its own operation (the client makes a fresh key).
    const third = await unwrap(client.POST('/v1/payment-intents', { body: intentBody(33) }));
    expect(third.id).not.toBe(first.id);
    // The same key with another body is refused.
    await expect(
      unwrap(client.POST('/v1/payment-intents', { ...request, body: intentBody(34) })),
    ).rejects.toMatchObject({ code: 'idempotency_key_reused', status: 422 });
  });

  it('paginates a list across several pages', async () => {
    const created = new Set<string>();
    for (let i = 0; i < 7; i++) {
      created.add((await unwrap(client.POST('/v1/payment-intents', { body: intentBody(100 + i) }))).id);
    }
    const cursors: Array<string | undefined> = [];
    const all = await listAll((startingAfter) => {
      cursors.push(startingAfter);
      return client.GET('/v1/payment-intents', { params: { query: { limit: 3, startingAfter } } });
    });
    const ids = all.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of created) expect(ids).toContain(id);
    expect(cursors.length).toBeGreaterThanOrEqual(4);
    expect(cursors[0]).toBeUndefined();

    let n = 0;
    for await (const intent of paginate((startingAfter) =>
      client.GET('/v1/payment-intents', { params: { query: { limit: 2, startingAfter } } }),
    )) {
      expectTypeOf(intent.id).toBeString();
      n++;
    }
    expect(n).toBe(ids.length);
  });

  it('builds with tsc into a package that plain Node imports without the keel-source condition', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-client-pkg-'));
    try {
      // A consumer project: node_modules/@keel/client holds what `npm pack` ships (package.json,
      // dist), and the client's dependencies are linked from the repository's node_modules.
      const pkg = join(dir, 'node_modules', '@keel', 'client');
      mkdirSync(pkg, { recursive: true });
      cpSync(join(REPO, 'clients/typescript/package.json'), join(pkg, 'package.json'));
      const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
      await run(process.execPath, [
        tsc,
        '-p',
        join(REPO, 'clients/typescript/tsconfig.build.json'),
        '--outDir',
        join(pkg, 'dist'),
      ]);
      for (const dep of ['openapi-fetch', 'standardwebhooks', '@stablelib', 'fast-sha256']) {
        try {
          symlinkSync(join(REPO, 'node_modules', dep), join(dir, 'node_modules', dep));
        } catch {
          // not every version of standardwebhooks has these dependencies
        }
      }
      writeFileSync(
        join(dir, 'consumer.mjs'),
        `import { createKeelClient, unwrap, KeelApiError, verifyWebhook, ERROR_CODES } from '@keel/client';
const keel = createKeelClient({ baseUrl: process.argv[2], apiKey: process.argv[3] });
const me = await unwrap(keel.GET('/v1/me'));
let code = '';
try { verifyWebhook('whsec_' + btoa('x'.repeat(32)), '{}', {}); } catch (e) { code = e.name; }
console.log(JSON.stringify({ principal: me.principal.id, code, isClass: typeof KeelApiError, n: Object.keys(ERROR_CODES).length }));
`,
      );
      // Asynchronously: the Keel it calls runs in this process.
      const { stdout: out } = await run(process.execPath, [join(dir, 'consumer.mjs'), keel.url!, keel.adminToken], {
        cwd: dir,
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      const result = JSON.parse(out.trim());
      expect(result).toMatchObject({ principal: keel.adminPrincipal, code: 'KeelWebhookError', isClass: 'function' });
      expect(result.n).toBeGreaterThan(10);

      // The declarations type-check a consumer's TypeScript (NodeNext, no custom condition).
      writeFileSync(
        join(dir, 'consumer.ts'),
        `import { createKeelClient, unwrap, type Schema } from '@keel/client';
const keel = createKeelClient({ baseUrl: 'http://127.0.0.1:8080', apiKey: 'k' });
export async function f(): Promise<Schema<'PaymentIntent'>> {
  return unwrap(keel.POST('/v1/payment-intents', { body: { amount: '1.00', asset: 'tUSD' } }));
}
`,
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noEmit: true,
            lib: ['ES2023', 'DOM'],
            types: [],
          },
          files: ['consumer.ts'],
        }),
      );
      await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      throw new Error(`${String(e)}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
