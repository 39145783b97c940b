import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * "Stores own their SQL" (docs/architecture.md): nothing but a module's store writes its tables.
 * A store is a file named `store.ts`, `<what>-store.ts` or `<what>-store-<part>.ts` (a store split
 * in parts); `src/db/migrate.ts` (the migrator) is the one other writer. Tests and their helpers
 * (`*.test.ts`, `test-support.ts`, `*.fixture.ts`) are not checked. The check reads the sources as
 * text (TypeScript's parser, so comments and strings do not count): a Kysely write call
 * (`insertInto`, `updateTable`, `deleteFrom`, `replaceInto`, `mergeInto`) or raw SQL that
 * writes (`sql\`insert into …\``, `sql.raw('delete from …')`) outside a store fails it.
 *
 * A store writes only its own module's tables: those of `src/<module>/tables.ts` (its `…Tables`
 * interface), or those `db/schema.ts` declares in `DB` itself, owned as `SCHEMA_OWNERS` says.
 */

const SRC = join(import.meta.dirname, '..');
const KYSELY_WRITES = new Set(['insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);
const SQL_WRITE = /\b(insert\s+into|update\s+("?[\w.]+"?)\s+set|delete\s+from|merge\s+into|truncate)\b/i;
const RAW_TABLE = /\b(?:insert\s+into|update|delete\s+from|merge\s+into|truncate)\s+"?(\w+)"?/gi;
const ALLOWED = new Set(['db/migrate.ts']);

/** Owners of the tables `db/schema.ts` declares in `DB` itself (not through a module's tables.ts). */
const SCHEMA_OWNERS: Record<string, string> = {
  api_keys: 'auth',
  rate_limit_counters: 'auth',
  keel_migrations: 'db',
  events: 'events',
  webhook_endpoints: 'webhooks',
  webhook_deliveries: 'webhooks',
  webhook_attempts: 'webhooks',
  idempotency_keys: 'api',
};

/**
 * Writes of another module's table that stay, on purpose: the outbox creates an event's
 * deliveries in the statement that records it, so none can be missed (events/store.ts).
 */
const CROSS_WRITES = new Set(['events/store.ts webhook_deliveries']);

interface Write {
  line: number;
  what: string;
  /** The tables written, when the code names them literally. */
  tables: string[];
}

/** Whether `file` (a path under src/) may write tables: a store by its name, or the migrator. */
function isStoreFile(file: string): boolean {
  return /^(?:[a-z0-9-]+-)?store(?:-[a-z0-9-]+)?\.ts$/.test(basename(file)) || ALLOWED.has(file);
}

const isTestCode = (file: string) => /\.test\.ts$|(^|\/)test-support\.ts$|\.fixture\.ts$/.test(file);

/** The writes in one source text (empty when it writes nothing). */
function writesIn(text: string, fileName = 'x.ts'): Write[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: Write[] = [];
  const at = (node: ts.Node, what: string, tables: string[]) =>
    found.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, what, tables });
  const rawTables = (sqlText: string) => [...sqlText.matchAll(RAW_TABLE)].map((m) => m[1]!.toLowerCase());
  const templateText = (t: ts.TemplateLiteral) =>
    ts.isNoSubstitutionTemplateLiteral(t)
      ? t.text
      : [t.head.text, ...t.templateSpans.map((s) => s.literal.text)].join(' ? ');
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      const arg = node.arguments[0];
      const literal =
        arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) ? arg.text : undefined;
      // `insertInto('t')`, `updateTable('t as x')`: the table is the first word.
      if (KYSELY_WRITES.has(name)) at(node, name, literal ? [literal.split(/\s+/)[0]!] : []);
      if (name === 'raw' && literal !== undefined && SQL_WRITE.test(literal)) {
        at(node, `raw SQL: ${literal.trim().slice(0, 60)}`, rawTables(literal));
      }
    }
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'sql') {
      const text = templateText(node.template);
      if (SQL_WRITE.test(text)) at(node, `sql\`${text.trim().replace(/\s+/g, ' ').slice(0, 60)}\``, rawTables(text));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every table of `DB` with the module that owns it. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const dir of readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    // `tables.ts`, or `<what>-tables.ts` when a module keeps several (treasury/prices-tables.ts).
    const files = sourceFiles(join(SRC, dir.name)).filter((f) => /(^|[\\/])(?:[a-z0-9-]+-)?tables\.ts$/.test(f));
    for (const file of files)
      for (const body of readFileSync(file, 'utf8').matchAll(/export interface \w+Tables \{([^}]*)\}/g)) {
        for (const t of body[1]!.matchAll(/^\s*(\w+):/gm)) owners.set(t[1]!, dir.name);
      }
  }
  const db =
    /export interface DB extends [^{]*\{([^}]*)\}/.exec(readFileSync(join(SRC, 'db/schema.ts'), 'utf8'))?.[1] ?? '';
  for (const t of db.matchAll(/^\s*(\w+):/gm))
    owners.set(t[1]!, SCHEMA_OWNERS[t[1]!] ?? '(none: add it to SCHEMA_OWNERS)');
  return owners;
}

const code = (file: string) => readFileSync(join(SRC, file), 'utf8');
const checkedFiles = () =>
  sourceFiles(SRC)
    .map((path) => relative(SRC, path))
    .filter((file) => !isTestCode(file));

describe('stores own their SQL', () => {
  it('no file under src/ but a store (or the migrator) writes a table', () => {
    const offenders = checkedFiles()
      .filter((file) => !isStoreFile(file))
      .flatMap((file) => writesIn(code(file), file).map((w) => `src/${file}:${w.line}: ${w.what}`));
    expect(offenders, "move these writes into the module's store (store.ts, <what>-store.ts)").toEqual([]);
  });

  it("a store writes only its own module's tables", () => {
    const owners = tableOwners();
    expect(owners.size).toBeGreaterThan(20);
    expect(
      [...owners].filter(([, m]) => m.startsWith('(')).map(([t]) => t),
      'tables without an owner',
    ).toEqual([]);
    const foreign = checkedFiles()
      .filter((file) => isStoreFile(file) && !ALLOWED.has(file))
      .flatMap((file) => {
        const module = file.split('/')[0]!;
        return writesIn(code(file), file).flatMap((w) =>
          w.tables
            .filter((t) => owners.has(t) && owners.get(t) !== module && !CROSS_WRITES.has(`${file} ${t}`))
            .map((t) => `src/${file}:${w.line}: writes ${t} (owned by ${owners.get(t)})`),
        );
      });
    expect(foreign, "write through the owning module's store").toEqual([]);
  });

  it('finds every kind of write, and nothing in comments or strings', () => {
    const planted = [
      "await trx.insertInto('swap_quotes').values(row).execute();",
      "await db\n  .updateTable('swaps as s')\n  .set({ status })\n  .execute();",
      "await db.deleteFrom('policy_window_usage').where('at', '<', before).execute();",
      "await db.replaceInto('x').values(row).execute();",
      "await db.mergeInto('x').using('y', 'y.id', 'x.id').execute();",
      'await sql`insert into nonces (chain_id) values (${id})`.execute(trx);',
      'await sql<{ n: number }>`\n  update "nonce_accounts" set next = next + 1 where id = ${id}`.execute(trx);',
      'await sql`DELETE FROM jobs WHERE id = ${id}`.execute(trx);',
      "await sql.raw('truncate events').execute(db);",
    ];
    for (const text of planted) expect(writesIn(text), text).toHaveLength(1);
    expect(planted.map((text) => writesIn(text)[0]!.tables[0])).toEqual([
      'swap_quotes',
      'swaps',
      'policy_window_usage',
      'x',
      'x',
      'nonces',
      'nonce_accounts',
      'jobs',
      'events',
    ]);
    const harmless = [
      "// Kysely refuses `updateTable('audit_log').set(…)` at compile time.",
      "/** deleteFrom('x') is never called here */ const a = 1;",
      "throw new Error('cannot insert into a closed ledger');",
      "await db.selectFrom('swaps').selectAll().execute();",
      'await sql`select pg_advisory_xact_lock(${key})`.execute(trx);',
      'await sql`select * from t where updated_at > ${since} for update`.execute(trx);',
    ];
    for (const text of harmless) expect(writesIn(text), text).toEqual([]);
  });

  it('names stores by their file name', () => {
    const stores = [
      'payments/store.ts',
      'chain/watcher-store.ts',
      'pipeline/nonces-store.ts',
      'pipeline/nonces-store-claims.ts',
      'db/migrate.ts',
    ];
    for (const f of stores) expect(isStoreFile(f), f).toBe(true);
    for (const f of [
      'swaps/service.ts',
      'pipeline/nonces.ts',
      'policy/restore.ts',
      'audit/storehouse.ts',
      'db/database.ts',
    ]) {
      expect(isStoreFile(f), f).toBe(false);
    }
  });
});
