import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { openDatabase } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import {
  AuditStore,
  GENESIS_HASH,
  appendAudit,
  auditHash,
  canonicalJson,
  formatVerifyResult,
  parseAnchor,
  type AuditEntry,
} from './store.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);

/** Runs `fn` with the append-only trigger off, as someone with owner rights could. */
async function tamper(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx);
    await fn(trx);
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(trx);
  });
}

const rowOf = async (db: Kysely<DB>, seq: number) =>
  db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();

describe('canonical JSON and the entry hash', () => {
  it('sorts keys at every depth, drops undefined members and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null, undefined], c: true }, z: undefined, é: 'ü' })).toBe(
      '{"a":{"c":true,"d":[1,"x",null,null]},"b":1,"é":"ü"}',
    );
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/canonically/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
  });

  it('is sha256 over the documented document, so it can be recomputed without Keel', () => {
    const e = {
      id: 'aud_x',
      seq: 1,
      at: '2025-01-02T03:04:05.678Z',
      actor: 'cli',
      action: 'api_key.created',
      subject: 'key_y',
      details: { scopes: ['admin'], name: 'n' },
      prevHash: GENESIS_HASH,
    };
    const doc = `{"action":"api_key.created","actor":"cli","at":"2025-01-02T03:04:05.678Z","details":{"name":"n","scopes":["admin"]},"id":"aud_x","prev_hash":"${GENESIS_HASH}","seq":1,"subject":"key_y"}`;
    expect(auditHash(e)).toBe(createHash('sha256').update(doc).digest('hex'));
    expect(auditHash({ ...e, details: { name: 'm', scopes: ['admin'] } })).not.toBe(auditHash(e));
  });

  it('parses anchors and formats reports', () => {
    expect(parseAnchor(`12:${'ab'.repeat(32)}`)).toEqual({ seq: 12, hash: 'ab'.repeat(32) });
    expect(parseAnchor('12:xyz')).toBeUndefined();
    expect(formatVerifyResult({ ok: true, entries: 0, head: null })).toBe('audit log OK: 0 entries');
    expect(formatVerifyResult({ ok: false, firstBadSeq: 3, problem: 'missing_entry', detail: 'gone' })).toBe(
      'audit log BROKEN at seq 3: missing_entry gone',
    );
  });
});

describe('audit log store', () => {
  let d: TestDatabase;
  let db: Kysely<DB>;
  let store: AuditStore;
  const append = (i: number, extra: Partial<Parameters<typeof appendAudit>[1]> = {}) =>
    db
      .transaction()
      .execute((trx) =>
        appendAudit(trx, { actor: 'cli', action: 'api_key.created', subject: `key_${i}`, details: { n: i }, ...extra }),
      );

  beforeAll(async () => {
    d = await testDatabase();
    db = d.db;
    store = new AuditStore(db);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('chains entries from 64 zeros, each holding the hash of the one before, and verifies', async () => {
    expect(await store.verify()).toEqual({ ok: true, entries: 0, head: null });
    const a = await append(1, {
      details: {
        amount: 10n ** 30n,
        when: new Date('2025-01-01T00:00:00Z'),
        skip: undefined,
        nested: { z: 1, a: [1, 2] },
      },
    });
    const b = await append(2);
    const c = await append(3, { actor: 'key_01abc', action: 'api_key.revoked', subject: 'key_1' });
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.prevHash).toBe(a.hash);
    expect(c.prevHash).toBe(b.hash);
    expect(a.id).toMatch(/^aud_[0-9a-z]{26}$/);
    expect(a.details).toEqual({
      amount: '1000000000000000000000000000000',
      when: '2025-01-01T00:00:00.000Z',
      nested: { z: 1, a: [1, 2] },
    });
    expect(new Date(b.at).getTime()).toBeGreaterThanOrEqual(new Date(a.at).getTime());
    const listed = await store.list({ limit: 10, order: 'asc' });
    // the list adds, beside each key actor, its principal (none here: the actors are not keys)
    expect(listed.data).toEqual([a, b, c].map((e) => ({ ...e, actorPrincipal: null })));
    expect(await store.verify()).toEqual({ ok: true, entries: 3, head: { seq: 3, hash: c.hash } });
    expect(await store.verify({ pageSize: 2 })).toEqual({ ok: true, entries: 3, head: { seq: 3, hash: c.hash } });
  });

  it('refuses unknown actions and a missing actor before touching the database', async () => {
    await expect(append(0, { action: 'nope.nope' as never })).rejects.toThrow(/unknown audit action/);
    await expect(append(0, { actor: '' })).rejects.toThrow(/actor/);
  });

  it('gives 20 concurrent transactions contiguous seqs and one valid chain', async () => {
    const before = (await store.verify()) as { entries: number };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          if (onPostgres) await sql`select pg_sleep(random() * 0.02)`.execute(trx);
          return appendAudit(trx, { actor: 'system', action: 'breaker.tripped', subject: `brk_${i}` });
        }),
      ),
    );
    const seqs = results.map((r) => r.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => before.entries + 1 + i));
    expect(await store.verify()).toMatchObject({ ok: true, entries: before.entries + 20 });
  });

  it.runIf(onPostgres)('stays contiguous with writers on two separate connection pools (two processes)', async () => {
    const other = await openDatabase({ ...d.options, poolSize: 10 });
    try {
      const before = (await store.verify()) as { entries: number };
      const run = (k: Kysely<DB>, tag: string) =>
        Array.from({ length: 20 }, (_, i) =>
          k.transaction().execute(async (trx) => {
            await sql`select pg_sleep(random() * 0.02)`.execute(trx);
            return appendAudit(trx, { actor: 'worker', action: 'transaction.cancelled', subject: `tx_${tag}${i}` });
          }),
        );
      const all = await Promise.all([...run(db, 'a'), ...run(other.db, 'b')]);
      expect(all.map((e) => e.seq).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 40 }, (_, i) => before.entries + 1 + i),
      );
      expect(await new AuditStore(other.db).verify()).toMatchObject({ ok: true, entries: before.entries + 40 });
    } finally {
      await other.close();
    }
  });

  it('writes nothing for a rolled-back change, and the next entry takes the seq it would have had', async () => {
    const before = (await store.verify()) as { entries: number };
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAudit(trx, { actor: 'cli', action: 'policy.proposed', subject: 'pol_doomed' });
        throw new Error('the change failed after its audit entry');
      }),
    ).rejects.toThrow('the change failed');
    expect((await store.list({ limit: 10, subject: 'pol_doomed' })).data).toEqual([]);
    const next = await append(99);
    expect(next.seq).toBe(before.entries + 1);
    expect((await store.verify()).ok).toBe(true);
  });

  it('refuses a transaction that cannot see the head (REPEATABLE READ)', async () => {
    await expect(
      db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute((trx) => appendAudit(trx, { actor: 'cli', action: 'policy.approved' })),
    ).rejects.toMatchObject({ code: 'audit_isolation' });
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await expect(sql`update audit_log set actor = 'someone else' where seq = 1`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log where seq = 2`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect((await store.verify()).ok).toBe(true);
  });

  it('reports an edited field as hash_mismatch at that entry', async () => {
    const original = await rowOf(db, 2);
    await tamper(db, (trx) =>
      sql`update audit_log set details = ${JSON.stringify({ n: 2000 })}::jsonb where seq = 2`.execute(trx),
    );
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'hash_mismatch' });
    await tamper(db, (trx) => sql`update audit_log set actor = 'key_innocent' where seq = 3`.execute(trx));
    await tamper(db, (trx) =>
      sql`update audit_log set details = ${JSON.stringify(original.details)}::jsonb where seq = 2`.execute(trx),
    );
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'hash_mismatch' });
    await tamper(db, (trx) => sql`update audit_log set actor = 'key_01abc' where seq = 3`.execute(trx));
    expect((await store.verify()).ok).toBe(true);
  });

  it('reports a deleted middle entry as missing_entry at its seq', async () => {
    const removed = await rowOf(db, 4);
    await tamper(db, (trx) => sql`delete from audit_log where seq = 4`.execute(trx));
    const r = await store.verify({ pageSize: 3 });
    expect(r).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'missing_entry' });
    expect(formatVerifyResult(r)).toMatch(/^audit log BROKEN at seq 4: missing_entry entry 4 is missing/);
    await db
      .insertInto('audit_log')
      .values({ ...removed, details: JSON.stringify(removed.details) })
      .execute();
    expect((await store.verify()).ok).toBe(true);
  });

  it('reports a forged entry with a recomputed hash as prev_hash_mismatch at the next entry', async () => {
    const original = await rowOf(db, 5);
    const entry = (await store.list({ limit: 500, order: 'asc' })).data.find((e) => e.seq === 5)!;
    const forged: AuditEntry = { ...entry, actor: 'key_scapegoat', details: { n: -1 } };
    const hash = auditHash(forged);
    await tamper(db, (trx) =>
      sql`update audit_log set actor = ${forged.actor}, details = ${JSON.stringify(forged.details)}::jsonb, hash = ${hash} where seq = 5`.execute(
        trx,
      ),
    );
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 6, problem: 'prev_hash_mismatch' });
    await tamper(db, (trx) =>
      sql`update audit_log set actor = ${original.actor}, details = ${JSON.stringify(original.details)}::jsonb, hash = ${original.hash} where seq = 5`.execute(
        trx,
      ),
    );
    expect((await store.verify()).ok).toBe(true);
  });

  it('detects entries removed from the end only against an anchor recorded earlier', async () => {
    const ok = await store.verify();
    if (!ok.ok || !ok.head) throw new Error('expected a valid chain');
    const last = await rowOf(db, ok.head.seq);
    await tamper(db, (trx) => sql`delete from audit_log where seq = ${ok.head!.seq}`.execute(trx));
    expect((await store.verify()).ok).toBe(true); // a shorter chain is still a chain
    expect(await store.verify({ anchor: ok.head })).toMatchObject({
      ok: false,
      firstBadSeq: ok.head.seq,
      problem: 'missing_entry',
    });
    await db
      .insertInto('audit_log')
      .values({ ...last, details: JSON.stringify(last.details) })
      .execute();
    expect(await store.verify({ anchor: ok.head })).toEqual(ok);
    expect(await store.verify({ anchor: { seq: 2, hash: 'f'.repeat(64) } })).toMatchObject({
      ok: false,
      firstBadSeq: 2,
      problem: 'hash_mismatch',
    });
  });

  it('lists newest first by default, filters, and pages with a cursor without gaps or repeats', async () => {
    const all = (await store.list({ limit: 500 })).data;
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((x, y) => y - x));
    const seen: number[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.list({ limit: 7, after });
      seen.push(...page.data.map((e) => e.seq));
      if (!page.hasMore) break;
      after = page.nextCursor!;
    }
    expect(seen).toEqual(all.map((e) => e.seq));
    const breakers = await store.list({ limit: 500, action: 'breaker.tripped', actor: 'system' });
    expect(breakers.data).toHaveLength(20);
    expect((await store.list({ limit: 500, subject: 'brk_7' })).data.map((e) => e.subject)).toEqual(['brk_7']);
    await expect(store.list({ limit: 5, after: 'aud_01aaaaaaaaaaaaaaaaaaaaaaaa' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('audit log verify at scale', () => {
  const N = Number(process.env.AUDIT_VERIFY_ENTRIES ?? 100_000);
  let d: TestDatabase;
  beforeAll(async () => {
    d = await testDatabase();
  });
  afterAll(async () => {
    await d?.close();
  });

  it(`walks ${N} entries page by page and finds a change near the end`, async () => {
    const t0 = Date.now();
    let prevHash = GENESIS_HASH;
    for (let start = 1; start <= N; start += 2_000) {
      const rows = [];
      for (let seq = start; seq < Math.min(start + 2_000, N + 1); seq++) {
        const e = {
          id: `aud_${String(seq).padStart(26, '0')}`,
          seq,
          at: new Date(1_700_000_000_000 + seq).toISOString(),
          actor: 'system',
          action: 'breaker.reset',
          subject: null,
          details: { seq },
          prevHash,
        };
        prevHash = auditHash(e);
        rows.push({
          seq,
          id: e.id,
          at: new Date(e.at),
          actor: e.actor,
          action: e.action,
          subject: null,
          details: JSON.stringify(e.details),
          prev_hash: e.prevHash,
          hash: prevHash,
        });
      }
      await d.db.insertInto('audit_log').values(rows).execute();
    }
    const store = new AuditStore(d.db);
    const t1 = Date.now();
    expect(await store.verify()).toEqual({ ok: true, entries: N, head: { seq: N, hash: prevHash } });
    const t2 = Date.now();
    await tamper(d.db, (trx) =>
      sql`update audit_log set details = '{"seq": 0}'::jsonb where seq = ${N - 1}`.execute(trx),
    );
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: N - 1, problem: 'hash_mismatch' });
    console.log(`audit verify: ${N} entries inserted in ${t1 - t0} ms, verified in ${t2 - t1} ms (${d.kind})`);
  }, 180_000);
});
