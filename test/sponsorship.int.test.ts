import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';
import { createMetricsRegistry } from '../src/lib/metrics.ts';
import { SecretBox } from '../src/lib/secret-box.ts';
import { createSponsorshipMetrics } from '../src/smart-accounts/sponsorship-metrics.ts';
import { type DecideInput, Sponsorship } from '../src/smart-accounts/sponsorship-service.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestKeel, testConfig, type TestKeel } from './helpers/keel.ts';
import { type Receiver, type Reply, startReceiver } from './helpers/webhook-receiver.ts';

// The backend hook's receiver listens on loopback over http: allowed here as in development.
const config = testConfig({
  webhooks: { allowHttp: true, allowPrivateNetworks: true },
  sponsorship: { backendTimeoutMs: 5_000 },
  chains: { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } },
});
const SENDER = '0x1111111111111111111111111111111111111111';
const TARGET = '0x2222222222222222222222222222222222222222';

describe('sponsorship policies', () => {
  let db: TestDatabase;
  let keel: TestKeel;
  let second: Database | undefined;
  let receiver: Receiver;
  const hookSecrets: string[] = [];
  let hookReply: (r: unknown) => Reply = () => ({ status: 200, body: '{"sponsor":true}' });
  const box = new SecretBox(config.secrets.encryptionKey);

  beforeAll(async () => {
    db = await testDatabase();
    keel = await startTestKeel(config, db);
    receiver = await startReceiver((r) => hookReply(r), { secrets: hookSecrets });
  });
  afterAll(async () => {
    await receiver?.close();
    await second?.close();
    await keel?.stop();
    await db?.close();
  });

  async function call(method: string, path: string, body?: unknown, token = keel.adminToken) {
    const r = await fetch(`${keel.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined, text };
  }
  const op = (over: Record<string, unknown> = {}) => ({
    chainId: 31337,
    sender: SENDER,
    userId: 'user-1',
    calls: [{ to: TARGET, selector: '0xa9059cbb' }],
    maxCostUsd: '0.5',
    maxGas: '300000',
    ...over,
  });
  const service = (database = db.db) => new Sponsorship({ db: database, box, config });

  it('creates, reads, lists, versions and disables a policy; every change is validated and audited', async () => {
    const created = await call('POST', '/v1/sponsorship-policies', {
      name: 'onboarding',
      maxCostUsdPerOperation: '1',
      chains: [31337],
      globalBudget: { amountUsd: '100', period: 'day' },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ object: 'sponsorship_policy', version: 1, status: 'enabled' });
    expect(created.body.ownerPrincipal).toBe(keel.adminPrincipal);
    expect(created.body.backendHookSecret).toBeUndefined();
    const id = created.body.id as string;
    expect((await call('GET', `/v1/sponsorship-policies/${id}`)).body.document.name).toBe('onboarding');

    const v2 = await call('PUT', `/v1/sponsorship-policies/${id}`, { name: 'onboarding v2', chains: [1] });
    expect(v2.status, v2.text).toBe(200);
    expect(v2.body.version).toBe(2);
    const ev = await call('POST', `/v1/sponsorship-policies/${id}/evaluate`, op());
    expect(ev.status, ev.text).toBe(200);
    expect(ev.body).toMatchObject({
      sponsored: false,
      dryRun: true,
      status: 'dry_run',
      class: 'organic',
      policyVersion: 2,
    });
    expect(ev.body.reasons.map((r: { code: string }) => r.code)).toEqual(['chain_not_allowed']);

    const bad = await call('POST', '/v1/sponsorship-policies', {
      name: 'bad',
      maxCostUsdPerOperation: '1.123456789',
      window: { startsAt: '2027-01-02T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' },
    });
    expect(bad.status).toBe(422);
    const metadata = await call('POST', '/v1/sponsorship-policies', {
      name: 'ssrf',
      window: { startsAt: '2027-01-02T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' },
      backendHook: { url: 'http://169.254.169.254/latest/meta-data' },
    });
    expect(metadata.status).toBe(422);
    expect(metadata.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['body.window.endsAt', 'window_empty'],
      ['body.backendHook.url', 'url_forbidden_address'],
    ]);

    const disabled = await call('POST', `/v1/sponsorship-policies/${id}/disable`, {});
    expect(disabled.body.status).toBe('disabled');
    expect((await call('POST', `/v1/sponsorship-policies/${id}/disable`, {})).body.code).toBe(
      'sponsorship_policy_disabled',
    );
    expect((await call('PUT', `/v1/sponsorship-policies/${id}`, { name: 'x' })).status).toBe(409);
    const afterDisable = await call('POST', `/v1/sponsorship-policies/${id}/evaluate`, op({ chainId: 1 }));
    expect(afterDisable.body.reasons.map((r: { code: string }) => r.code)).toEqual(['policy_disabled']);

    const audit = await db.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject', '=', id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'sponsorship_policy.created',
      'sponsorship_policy.updated',
      'sponsorship_policy.disabled',
    ]);
  });

  it('keeps a policy to its principal: another principal gets 404 everywhere; scopes are enforced', async () => {
    const alice = await keel.principal('alice-sponsor');
    const aliceKey = await keel.tokenWith(['sponsorship:write', 'sponsorship:read'], { principal: alice });
    const aliceReader = await keel.tokenWith(['sponsorship:read'], { principal: alice });
    const bobKey = await keel.tokenWith(['sponsorship:write', 'sponsorship:read']);
    const created = await call('POST', '/v1/sponsorship-policies', { name: 'alice' }, aliceKey);
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;

    for (const [method, path, body] of [
      ['GET', `/v1/sponsorship-policies/${id}`, undefined],
      ['PUT', `/v1/sponsorship-policies/${id}`, { name: 'taken' }],
      ['POST', `/v1/sponsorship-policies/${id}/disable`, {}],
      ['POST', `/v1/sponsorship-policies/${id}/evaluate`, op()],
      ['GET', `/v1/sponsorship-policies/${id}/decisions`, undefined],
      ['GET', `/v1/sponsorship-policies/${id}/usage`, undefined],
    ] as const) {
      const r = await call(method, path, body, bobKey);
      expect(r.status, `${method} ${path}: ${r.text}`).toBe(404);
    }
    expect((await call('GET', '/v1/sponsorship-policies', undefined, bobKey)).body.data).toEqual([]);
    expect(
      (await call('GET', '/v1/sponsorship-policies', undefined, aliceReader)).body.data.map(
        (p: { id: string }) => p.id,
      ),
    ).toEqual([id]);
    // read scope reads, does not write
    expect((await call('GET', `/v1/sponsorship-policies/${id}`, undefined, aliceReader)).status).toBe(200);
    expect((await call('PUT', `/v1/sponsorship-policies/${id}`, { name: 'x' }, aliceReader)).status).toBe(403);
    // an admin sees it (and its change is audited with the owner)
    expect((await call('GET', `/v1/sponsorship-policies/${id}`)).status).toBe(200);
    const ev = await call('POST', `/v1/sponsorship-policies/${id}/evaluate`, op(), aliceKey);
    expect(ev.body).toMatchObject({ sponsored: true, status: 'dry_run', reservedUsd: '0' });
    const decisions = await call('GET', `/v1/sponsorship-policies/${id}/decisions`, undefined, aliceKey);
    expect(decisions.body.data.map((d: { id: string }) => d.id)).toEqual([ev.body.id]);
    // The internal path, given the calling principal, refuses to spend another principal's policy.
    const bob = { keyId: 'key_bob', principalId: 'prn_bob', scopes: ['sponsorship:write'] };
    await expect(service().decide({ ...op(), policyId: id } as DecideInput, { actor: bob })).rejects.toMatchObject({
      code: 'not_found',
    });
    const aliceActor = { keyId: 'key_alice', principalId: alice, scopes: ['sponsorship:write'] };
    expect((await service().decide({ ...op(), policyId: id } as DecideInput, { actor: aliceActor })).sponsored).toBe(
      true,
    );
  });

  it('never overshoots the global budget under concurrent decisions from two connection pools', async () => {
    const created = await call('POST', '/v1/sponsorship-policies', {
      name: 'tight',
      globalBudget: { amountUsd: '10', period: 'day' },
    });
    const policyId = created.body.id as string;
    // A second, independent pool to the same database: a stand-in for a second API process.
    second = db.options.url
      ? await openDatabase({ url: db.options.url, schema: db.options.schema!, poolSize: 5 })
      : undefined;
    const services = [service(), service(second?.db ?? db.db)];
    const input = (i: number): DecideInput =>
      ({ ...op({ userId: `u${i}` }), policyId, maxCostUsd: '1' }) as DecideInput;
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => services[i % 2]!.decide(input(i))));
    const sponsored = results.filter((r) => r.sponsored);
    expect(sponsored).toHaveLength(10);
    expect(results.filter((r) => !r.sponsored).every((r) => r.reasons[0]!.code === 'budget_global')).toBe(true);
    const counter = async () =>
      (
        await db.db
          .selectFrom('sponsorship_usage')
          .select('usd')
          .where('policy_id', '=', policyId)
          .where('dimension', '=', 'global_usd')
          .executeTakeFirstOrThrow()
      ).usd;
    expect(await counter()).toBe('1000000000');

    // Settling below the reservation frees budget; releasing gives it all back.
    const s = services[0]!;
    expect((await s.settleSponsorship(sponsored[0]!.id, '0.4')).status).toBe('settled');
    expect(await counter()).toBe('940000000');
    await expect(s.settleSponsorship(sponsored[0]!.id, '0.4')).rejects.toMatchObject({
      code: 'sponsorship_decision_final',
    });
    expect((await s.releaseSponsorship(sponsored[1]!.id)).status).toBe('released');
    expect(await counter()).toBe('840000000');
    const denied = results.find((r) => !r.sponsored)!;
    await expect(s.releaseSponsorship(denied.id)).rejects.toMatchObject({ code: 'sponsorship_decision_final' });
    // 1.6 USD free now: one more 1 USD operation fits, a second does not.
    expect((await s.decide(input(100))).sponsored).toBe(true);
    expect((await s.decide(input(101))).sponsored).toBe(false);

    const usage = await call('GET', `/v1/sponsorship-policies/${policyId}/usage`);
    expect(usage.body).toMatchObject({
      period: 'day',
      spentUsd: '9.4',
      budgetUsd: '10',
      sponsored: 10,
      denied: { organic: 21, abuse: 0 },
      deniedByReason: { budget_global: 21 },
    });
  });

  it('reports abuse denials apart from organic ones, in the usage summary and the metrics', async () => {
    const created = await call('POST', '/v1/sponsorship-policies', {
      name: 'abuse',
      firstOperationsPerUser: 1,
      abuse: { opsPerDevice: 2 },
    });
    const policyId = created.body.id as string;
    const registry = createMetricsRegistry();
    const s = service();
    s.metrics = createSponsorshipMetrics(registry);
    const d = (user: string) => s.decide({ ...op({ userId: user, deviceId: 'phone-1' }), policyId } as DecideInput);
    expect((await d('a')).sponsored).toBe(true);
    expect((await d('a')).reasons.map((r) => r.code)).toEqual(['first_n_exhausted']);
    expect((await d('b')).sponsored).toBe(true);
    const third = await d('c'); // a third user on the same device within the hour
    expect(third).toMatchObject({ sponsored: false, class: 'abuse' });
    expect(third.reasons.map((r) => r.code)).toEqual(['abuse_device']);
    const usage = await call('GET', `/v1/sponsorship-policies/${policyId}/usage`);
    expect(usage.body.denied).toEqual({ organic: 1, abuse: 1 });
    // The module registers the same series on the process's registry.
    expect(await keel.metrics.metrics()).toContain(
      'keel_sponsorship_denials_total{reason="abuse_device",class="abuse"} 0',
    );
    const text = await registry.metrics();
    expect(text).toContain('keel_sponsorship_denials_total{reason="abuse_device",class="abuse"} 1');
    expect(text).toContain('keel_sponsorship_denials_total{reason="first_n_exhausted",class="organic"} 1');
    expect(text).toContain('keel_sponsorship_decisions_total{outcome="sponsored",class="none"} 2');
  });

  it('asks the backend hook with a signed request: allow, deny, and a timeout per failure mode', async () => {
    const created = await call('POST', '/v1/sponsorship-policies', {
      name: 'hooked',
      backendHook: { url: `${receiver.url}/sponsor`, timeoutMs: 300 },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    const secret = created.body.backendHookSecret as string;
    expect(secret).toMatch(/^whsec_/);
    expect((await call('GET', `/v1/sponsorship-policies/${id}`)).body.backendHookSecret).toBeUndefined();
    hookSecrets.push(secret);

    hookReply = () => ({ status: 200, body: '{"sponsor":true}' });
    const allowed = await call('POST', `/v1/sponsorship-policies/${id}/evaluate`, op({ deviceId: 'd1' }));
    expect(allowed.body.sponsored).toBe(true);
    const req = receiver.received.at(-1)!;
    expect(req.verifiedWith).toEqual([hookSecrets.indexOf(secret)]);
    expect(req.headers['webhook-id']).toBe(allowed.body.id);
    expect(JSON.parse(req.body)).toMatchObject({
      type: 'sponsorship.check',
      data: { policyId: id, dryRun: true, sender: SENDER, userId: 'user-1', deviceId: 'd1', maxCostUsd: '0.5' },
    });

    hookReply = () => ({ status: 200, body: '{"sponsor":false,"reason":"kyc pending"}' });
    const denied = await call('POST', `/v1/sponsorship-policies/${id}/evaluate`, op());
    expect(denied.body.reasons).toEqual([{ code: 'backend_denied', detail: 'the backend refused: kyc pending' }]);

    hookReply = () => 'hang';
    const started = Date.now();
    const timedOut = await call('POST', `/v1/sponsorship-policies/${id}/evaluate`, op());
    expect(timedOut.body.reasons.map((r: { code: string }) => r.code)).toEqual(['backend_unavailable']);
    expect(timedOut.body.reasons[0].detail).toContain('KEEL_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(4_000);

    hookReply = () => ({ status: 500 });
    const allowOnFailure = await call('PUT', `/v1/sponsorship-policies/${id}`, {
      name: 'hooked',
      backendHook: { url: `${receiver.url}/sponsor`, timeoutMs: 300, onFailure: 'allow' },
    });
    expect(allowOnFailure.body.backendHookSecret).toBeUndefined(); // the secret stays
    expect((await call('POST', `/v1/sponsorship-policies/${id}/evaluate`, op())).body.sponsored).toBe(true);

    // A real decision through the hook reserves; the local rules are checked first (no request for a denied one).
    const s = service();
    const before = receiver.received.length;
    const real = await s.decide({ ...op(), policyId: id } as DecideInput);
    expect(real).toMatchObject({ sponsored: true, status: 'reserved', reservedUsd: '0.5' });
    expect(receiver.received.length).toBe(before + 1);
    expect(JSON.parse(receiver.received.at(-1)!.body).data.dryRun).toBe(false);
  });
});
