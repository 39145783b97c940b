import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { buildConfig } from '../config/load.ts';
import { openDatabase } from '../db/database.ts';
import { DENY_ALL_POLICY, policyDocumentSchema } from './document.ts';
import { activePolicy, configuredPolicy, ensureInitialPolicy, PolicyCache, policyWarnings } from './loader.ts';

const TUSD = '0x97a7E38964F1caa587a5383EfCF7c4b0085D1750';
const base = (policy?: unknown) =>
  buildConfig({
    secrets: { encryptionKey: Buffer.alloc(32, 1).toString('base64') },
    chains: {
      '31337': {
        name: 'A',
        rpcUrls: ['http://127.0.0.1:8545'],
        assets: [{ symbol: 'tUSD', address: TUSD, decimals: 6 }],
      },
    },
    ...(policy ? { policy } : {}),
  });
const doc = {
  rules: [
    { id: 'chains', kind: 'chain', effect: 'allow', chainIds: [31337] },
    { id: 'assets', kind: 'asset', effect: 'allow', chainIds: [31337], assets: ['tUSD'] },
  ],
};

describe('configuredPolicy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-policy-'));
  afterAll(() => rmSync(dir, { recursive: true }));

  it('defaults to deny-all when configuration names no policy', () => {
    expect(configuredPolicy(base())).toEqual(DENY_ALL_POLICY);
  });

  it('reads an inline document or a YAML file', () => {
    expect(configuredPolicy(base({ document: doc })).rules.map((r) => r.id)).toEqual(['chains', 'assets']);
    writeFileSync(
      join(dir, 'policy.yaml'),
      'rules:\n  - { id: chains, kind: chain, effect: allow, chainIds: [31337] }\n',
    );
    expect(configuredPolicy(base({ file: 'policy.yaml' }), dir).rules).toHaveLength(1);
  });

  it('fails fast with every offending field', () => {
    const bad = {
      rules: [
        { id: 'x', kind: 'amount', effect: 'allow', limit: { usd: '1.123456789' } },
        { id: 'x', kind: 'chain', effect: 'allow', chainIds: [] },
      ],
    };
    let err: unknown;
    try {
      configuredPolicy(base({ document: bad }));
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'config_invalid' });
    const fields = (err as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'policy.document.rules.0.effect',
        'policy.document.rules.0.limit.usd',
        'policy.document.rules.1.chainIds',
      ]),
    );
    expect(() => configuredPolicy(base({ file: 'missing.yaml' }), dir)).toThrow(/cannot read the policy file/);
    expect(() => base({ document: doc, file: 'p.yaml' })).toThrow(/policy.document or policy.file/);
  });

  it('warns about chains and asset symbols configuration does not know', () => {
    const d = policyDocumentSchema.parse({
      rules: [
        ...doc.rules,
        { id: 'typo', kind: 'asset', effect: 'allow', chainIds: [31337, 5], assets: ['tUDS', 'native'] },
      ],
    });
    expect(policyWarnings(d, base().chains)).toEqual([
      'rule typo: chain 5 is not configured',
      'rule typo: asset tUDS is not configured on chain 31337, 5',
    ]);
  });
});

describe('policy versions in the database', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await testDatabase();
  });
  afterAll(async () => {
    await d.close();
  });

  it('refuses to evaluate before a policy exists', async () => {
    await expect(activePolicy(d.db, new PolicyCache())).rejects.toMatchObject({ code: 'policy_not_initialised' });
  });

  it('inserts the configured document as version 1 once, then reports drift instead of overwriting', async () => {
    const first = configuredPolicy(base({ document: doc }));
    expect(await ensureInitialPolicy(d.db, first)).toEqual({ created: true, activeVersion: 1, configDiffers: false });
    expect(await ensureInitialPolicy(d.db, first)).toEqual({ created: false, activeVersion: 1, configDiffers: false });
    expect(await ensureInitialPolicy(d.db, DENY_ALL_POLICY)).toEqual({
      created: false,
      activeVersion: 1,
      configDiffers: true,
    });
    const rows = await d.db.selectFrom('policy_versions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      version: 1,
      status: 'active',
      source: 'config',
      document: { version: 1, rules: first.rules },
    });
  });

  it('serves the active version compiled, cached by version, and sees a newly activated version at once', async () => {
    const cache = new PolicyCache();
    const p1 = await activePolicy(d.db, cache);
    expect(p1.version).toBe(1);
    expect(p1.rules.map((r) => r.id)).toEqual(['chains', 'assets']);
    expect(await activePolicy(d.db, cache)).toBe(p1);
    // what the proposals module will do on approval (by hand here)
    await d.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('policy_versions')
        .set({ status: 'superseded', superseded_at: new Date() })
        .where('version', '=', 1)
        .execute();
      await trx
        .insertInto('policy_versions')
        .values({
          id: 'polv_2',
          version: 2,
          document: JSON.stringify({ ...DENY_ALL_POLICY, version: 2 }),
          document_sha256: 'h2',
          status: 'active',
          source: 'proposal',
          created_by: 'key_x',
          note: null,
          activated_at: new Date(),
          superseded_at: null,
        })
        .execute();
    });
    const p2 = await activePolicy(d.db, cache);
    expect(p2).toMatchObject({ version: 2, rules: [] });
    expect(cache.size).toBe(2);
    await expect(
      d.db
        .insertInto('policy_versions')
        .values({
          id: 'polv_3',
          version: 3,
          document: '{}',
          document_sha256: 'h3',
          status: 'active',
          source: 'proposal',
          created_by: null,
          note: null,
          activated_at: null,
          superseded_at: null,
        })
        .execute(),
    ).rejects.toThrow(/duplicate key|unique/);
  });

  it.runIf(process.env.DATABASE_URL)('several processes booting at once insert version 1 exactly once', async () => {
    const fresh = await testDatabase();
    const pools = await Promise.all([1, 2, 3].map(() => openDatabase({ ...fresh.options, poolSize: 2 })));
    const docv = configuredPolicy(base({ document: doc }));
    const results = await Promise.all(pools.map((p) => ensureInitialPolicy(p.db, docv)));
    await Promise.all(pools.map((p) => p.close()));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.every((r) => r.activeVersion === 1)).toBe(true);
    await fresh.close();
  });
});
