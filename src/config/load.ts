import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError, type FieldError } from '../lib/errors.ts';
import { configSchema, type ChainConfig, type Config } from './schema.ts';

export type Env = Record<string, string | undefined>;

export interface LoadOptions {
  /** Explicit file; else `KEEL_CONFIG`, else `config/<env>.yaml`. */
  file?: string;
  /** Environment name; else `KEEL_ENV`, else `development`. */
  env?: string;
  /** Process environment used for overrides and `${VAR}` interpolation. */
  vars?: Env;
  /** Deep-merged over the file before env overrides (used by `keel dev` and tests). */
  overrides?: Record<string, unknown>;
  cwd?: string;
}

/** Resolves which file a load would read, without reading it. */
export function configPath(opts: LoadOptions = {}): { file: string; env: string } {
  const vars = opts.vars ?? process.env;
  const env = opts.env ?? vars.KEEL_ENV ?? 'development';
  const file = opts.file ?? vars.KEEL_CONFIG ?? `config/${env}.yaml`;
  return { file: resolve(opts.cwd ?? process.cwd(), file), env };
}

/**
 * Reads, interpolates, overrides and validates the configuration. Fails fast with one
 * message per offending field, so an operator fixes every problem in one pass.
 */
export function loadConfig(opts: LoadOptions = {}): Config {
  const vars = opts.vars ?? process.env;
  const { file, env } = configPath(opts);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`, [
      { field: '(file)', code: 'unreadable', message: (err as Error).message },
    ]);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text) ?? {};
  } catch (err) {
    throw new ConfigError(`config file ${file} is not valid YAML: ${(err as Error).message}`, [
      { field: '(file)', code: 'yaml', message: (err as Error).message },
    ]);
  }
  const raw = interpolate(doc, vars, file);
  const merged = deepMerge(raw as Record<string, unknown>, opts.overrides ?? {});
  applyEnvOverrides(merged, vars);
  if (merged.env === undefined) merged.env = env;
  return buildConfig(merged, file);
}

/** Validates an in-memory document (tests, `keel dev`) exactly as a file would be. */
export function buildConfig(doc: unknown, source?: string): Config {
  const result = configSchema.safeParse(doc);
  if (!result.success) throw configErrorFrom(result.error, source);
  const parsed = result.data;
  const chains: ChainConfig[] = Object.entries(parsed.chains)
    .map(([id, c]) => {
      const { rpc, ...rest } = c;
      return { ...rest, chainId: Number(id), rpc: { ...parsed.rpc, ...(rpc ?? {}) } };
    })
    .sort((a, b) => a.chainId - b.chainId);
  const cfg: Config = { ...parsed, chains, ...(source ? { source } : {}) };
  return deepFreeze(cfg);
}

function configErrorFrom(error: z.ZodError, source?: string): ConfigError {
  const errors: FieldError[] = error.issues.map((i) => ({
    field: i.path.map(String).join('.') || '(root)',
    code: i.code,
    message: i.message,
  }));
  const where = source ? ` in ${source}` : '';
  const lines = errors.map((e) => `  - ${e.field}: ${e.message}`).join('\n');
  return new ConfigError(`invalid configuration${where}:\n${lines}`, errors);
}

/** Replaces `${NAME}` in string values; a missing variable is a config error, never ''. */
function interpolate(value: unknown, vars: Env, file: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
      const v = vars[name];
      if (v === undefined) {
        throw new ConfigError(`config file ${file} references \${${name}} but it is not set`, [
          { field: name, code: 'missing_env', message: `environment variable ${name} is not set` },
        ]);
      }
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, vars, file));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars, file)]));
  }
  return value;
}

/**
 * Conventional variables (`PORT`, `HOST`, `DATABASE_URL`, `LOG_LEVEL`) plus a generic form:
 * `KEEL__SERVER__PORT=9000`, `KEEL__CHAINS__1__RPCURLS='["https://…"]'`. Path segments
 * match keys case-insensitively; values are parsed as JSON when they parse, else kept as text.
 */
export function applyEnvOverrides(doc: Record<string, unknown>, vars: Env): void {
  const known = schemaKeys();
  const set = (path: string[], value: unknown) => {
    let node: Record<string, unknown> = doc;
    for (const [i, seg] of path.entries()) {
      const lower = seg.toLowerCase();
      const key = Object.keys(node).find((k) => k.toLowerCase() === lower) ?? known.get(lower) ?? lower;
      if (i === path.length - 1) {
        node[key] = value;
      } else {
        if (!node[key] || typeof node[key] !== 'object') node[key] = {};
        node = node[key] as Record<string, unknown>;
      }
    }
  };
  const conventional: Record<string, string[]> = {
    PORT: ['server', 'port'],
    HOST: ['server', 'host'],
    DATABASE_URL: ['database', 'url'],
    LOG_LEVEL: ['log', 'level'],
  };
  for (const [name, path] of Object.entries(conventional)) {
    const v = vars[name];
    if (v !== undefined && v !== '') set(path, parseScalar(v));
  }
  for (const [name, v] of Object.entries(vars)) {
    if (!name.startsWith('KEEL__') || v === undefined) continue;
    set(name.slice(6).split('__'), parseScalar(v));
  }
}

let keyCache: Map<string, string> | undefined;
/** Every property name the schema knows, by lower case: env var names carry no case. */
function schemaKeys(): Map<string, string> {
  if (keyCache) return keyCache;
  keyCache = new Map();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const props = (node as { properties?: Record<string, unknown> }).properties;
    if (props) for (const k of Object.keys(props)) keyCache!.set(k.toLowerCase(), k);
    for (const v of Object.values(node)) walk(v);
  };
  walk(z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }));
  return keyCache;
}

function parseScalar(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Finds a configured chain or returns undefined. */
export function chainById(cfg: Config, chainId: number): ChainConfig | undefined {
  return cfg.chains.find((c) => c.chainId === chainId);
}
