import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { parse as parseYaml } from 'yaml';
import type { ChainConfig, Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { ConfigError, PermanentError, RetryableError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { compilePolicy, type CompiledPolicy } from './compile.ts';
import { DENY_ALL_POLICY, parsePolicyDocument, type PolicyDocument } from './document.ts';
import { dbJson } from '../db/json.ts';
import {
  activeVersionHead,
  anyPolicyVersion,
  insertPolicyVersion,
  lockPolicy,
  policyDocumentOfVersion,
} from './store.ts';

/**
 * Where policies come from: the first version from configuration (inline, a file, or deny-all),
 * every later one from the database. `activePolicy` serves the active version compiled, from an
 * in-process cache keyed by version, after one small query that sees a new version at once.
 */

/** Keys sorted, no whitespace: equal documents hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** sha256 of a document's canonical JSON, `version` excluded (it is assigned by the database). */
export function documentHash(doc: PolicyDocument): string {
  return createHash('sha256')
    .update(canonicalJson({ ...doc, version: 0 }))
    .digest('hex');
}

/**
 * The policy configuration names (`policy.document`, `policy.file`, or nothing: deny-all),
 * validated. Fails fast with one ConfigError listing every offending field.
 */
export function configuredPolicy(cfg: Pick<Config, 'policy'>, cwd: string = process.cwd()): PolicyDocument {
  let raw: unknown;
  let prefix = 'policy.document';
  if (cfg.policy.file) {
    const file = resolve(cwd, cfg.policy.file);
    prefix = `policy.file(${cfg.policy.file})`;
    try {
      raw = parseYaml(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError(`cannot read the policy file ${file}: ${(err as Error).message}`, [
        { field: 'policy.file', code: 'unreadable', message: (err as Error).message },
      ]);
    }
  } else if (cfg.policy.document) {
    raw = cfg.policy.document;
  } else {
    return DENY_ALL_POLICY;
  }
  const parsed = parsePolicyDocument(raw);
  if (parsed.ok) return parsed.document;
  const errors = parsed.errors.map((e) => ({ ...e, field: `${prefix}.${e.field}` }));
  throw new ConfigError(
    `invalid policy document:\n${errors.map((e) => `  - ${e.field}: ${e.message}`).join('\n')}`,
    errors,
  );
}

/**
 * Names in a policy that configuration does not know (a typo there would silently never
 * match): chains not configured, asset symbols not configured on any chain in scope. Returned
 * as warnings for the boot log; deny-by-default keeps such rules harmless but useless.
 */
export function policyWarnings(doc: PolicyDocument, chains: readonly ChainConfig[]): string[] {
  const out: string[] = [];
  const known = new Map(chains.map((c) => [c.chainId, c]));
  for (const r of doc.rules) {
    const ids = r.chainIds ?? [];
    for (const id of ids) if (!known.has(id)) out.push(`rule ${r.id}: chain ${id} is not configured`);
    const inScope = ids.length
      ? ids.map((id) => known.get(id)).filter((c): c is ChainConfig => !!c)
      : [...known.values()];
    for (const a of r.assets ?? []) {
      if (a === 'native' || /^0x[0-9a-fA-F]{40}$/.test(a)) continue;
      if (!inScope.some((c) => c.assets.some((x) => x.symbol === a) || c.nativeSymbol === a))
        out.push(
          `rule ${r.id}: asset ${a} is not configured on ${ids.length ? `chain ${ids.join(', ')}` : 'any chain'}`,
        );
    }
  }
  return out;
}

/** What `ensureInitialPolicy` found or did. */
export interface InitialPolicyResult {
  /** Version 1 was inserted by this call. */
  created: boolean;
  /** The version active now. */
  activeVersion: number;
  /** The configured document differs from the active one (config is ignored once the database holds versions). */
  configDiffers: boolean;
}

/**
 * Makes sure a policy is active: inserts `doc` as version 1 (active) when the table is empty.
 * Safe when several processes boot at once (one inserts, the others see it). Later changes
 * go through proposals, never through configuration.
 */
export async function ensureInitialPolicy(db: Kysely<DB>, doc: PolicyDocument): Promise<InitialPolicyResult> {
  const hash = documentHash(doc);
  return db.transaction().execute(async (trx) => {
    await lockPolicy(trx, 'init');
    const active = await activeVersionHead(trx);
    if (active)
      return { created: false, activeVersion: active.version, configDiffers: active.document_sha256 !== hash };
    if (await anyPolicyVersion(trx))
      throw new PermanentError(
        'policy_none_active',
        'policy versions exist but none is active; activate one explicitly instead of loading configuration',
      );
    const first: PolicyDocument = { ...doc, version: 1 };
    await insertPolicyVersion(trx, {
      id: newId('polv'),
      version: 1,
      document: JSON.stringify(first),
      document_sha256: hash,
      status: 'active',
      source: 'config',
      created_by: null,
      note: 'loaded from configuration',
      activated_at: sql<Date>`now()`,
      superseded_at: null,
    });
    return { created: true, activeVersion: 1, configDiffers: false };
  });
}

/**
 * Compiled policies by version (and hash, so two databases in one process never share an
 * entry). Bounded: policies change rarely, a few entries cover every version in use.
 */
export class PolicyCache {
  private readonly entries = new Map<string, CompiledPolicy>();
  constructor(private readonly maxEntries = 8) {}

  get(version: number, hash: string): CompiledPolicy | undefined {
    return this.entries.get(`${version}:${hash}`);
  }

  set(version: number, hash: string, compiled: CompiledPolicy): void {
    this.entries.set(`${version}:${hash}`, compiled);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

const defaultCache = new PolicyCache();

/**
 * The active policy, compiled. One indexed query per call finds the active version (so a
 * version activated by another process applies at once); the document is read and compiled
 * only when that version is not cached yet.
 */
export async function activePolicy(db: Kysely<DB>, cache: PolicyCache = defaultCache): Promise<CompiledPolicy> {
  const head = await activeVersionHead(db);
  if (!head)
    throw new RetryableError('policy_not_initialised', 'no active policy version: call ensureInitialPolicy at boot');
  const hit = cache.get(head.version, head.document_sha256);
  if (hit) return hit;
  const raw = dbJson<unknown>(await policyDocumentOfVersion(db, head.version));
  const parsed = parsePolicyDocument(raw);
  // Stored documents were validated on the way in; failing here means the row was edited by hand.
  if (!parsed.ok)
    throw new PermanentError(
      'policy_invalid_stored',
      `stored policy version ${head.version} is invalid: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    );
  const compiled = compilePolicy(parsed.document, head.version);
  cache.set(head.version, head.document_sha256, compiled);
  return compiled;
}
