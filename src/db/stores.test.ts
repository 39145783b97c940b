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
 */

const SRC = join(import.meta.dirname, '..');
const KYSELY_WRITES = new Set(['insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);
const SQL_WRITE = /\b(insert\s+into|update\s+("?[\w.]+"?)\s+set|delete\s+from|merge\s+into|truncate)\b/i;
const ALLOWED = new Set(['db/migrate.ts']);

/** Whether `file` (a path under src/) may write tables: a store by its name, or the migrator. */
function isStoreFile(file: string): boolean {
  return /^(?:[a-z0-9-]+-)?store(?:-[a-z0-9-]+)?\.ts$/.test(basename(file)) || ALLOWED.has(file);
}

const isTestCode = (file: string) => /\.test\.ts$|(^|\/)test-support\.ts$|\.fixture\.ts$/.test(file);

/** The writes in one source text, as `line: what` (empty when it writes nothing). */
function writesIn(text: string, fileName = 'x.ts'): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => found.push(`${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${what}`);
  const templateText = (t: ts.TemplateLiteral) =>
    ts.isNoSubstitutionTemplateLiteral(t) ? t.text : [t.head.text, ...t.templateSpans.map((s) => s.literal.text)].join(' ? ');
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      if (KYSELY_WRITES.has(name)) at(node, name);
      const arg = node.arguments[0];
      if (name === 'raw' && arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) && SQL_WRITE.test(arg.text)) {
        at(node, `raw SQL: ${arg.text.trim().slice(0, 60)}`);
      }
    }
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'sql') {
      const text = templateText(node.template);
      if (SQL_WRITE.test(text)) at(node, `sql\`${text.trim().replace(/\s+/g, ' ').slice(0, 60)}\``);
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

describe('stores own their SQL', () => {
  it('no file under src/ but a store (or the migrator) writes a table', () => {
    const offenders = sourceFiles(SRC)
      .map((path) => relative(SRC, path))
      .filter((file) => !isTestCode(file) && !isStoreFile(file))
      .flatMap((file) => writesIn(readFileSync(join(SRC, file), 'utf8'), file).map((w) => `src/${file}:${w}`));
    expect(offenders, 'move these writes into the module\'s store (store.ts, <what>-store.ts)').toEqual([]);
  });

  it('finds every kind of write, and nothing in comments or strings', () => {
    const planted = [
      "await trx.insertInto('swap_quotes').values(row).execute();",
      "await db\n  .updateTable('swaps')\n  .set({ status })\n  .execute();",
      "await db.deleteFrom('policy_window_usage').where('at', '<', before).execute();",
      "await db.replaceInto('x').values(row).execute();",
      "await db.mergeInto('x').using('y', 'y.id', 'x.id').execute();",
      'await sql`insert into nonces (chain_id) values (${id})`.execute(trx);',
      'await sql<{ n: number }>`\n  update "nonce_accounts" set next = next + 1 where id = ${id}`.execute(trx);',
      'await sql`DELETE FROM jobs WHERE id = ${id}`.execute(trx);',
      "await sql.raw('truncate events').execute(db);",
    ];
    for (const code of planted) expect(writesIn(code), code).toHaveLength(1);
    const harmless = [
      "// Kysely refuses `updateTable('audit_log').set(…)` at compile time.",
      "/** deleteFrom('x') is never called here */ const a = 1;",
      "throw new Error('cannot insert into a closed ledger');",
      "await db.selectFrom('swaps').selectAll().execute();",
      'await sql`select pg_advisory_xact_lock(${key})`.execute(trx);',
      'await sql`select * from t where updated_at > ${since} for update`.execute(trx);',
    ];
    for (const code of harmless) expect(writesIn(code), code).toEqual([]);
  });

  it('names stores by their file name', () => {
    for (const f of ['payments/store.ts', 'chain/watcher-store.ts', 'pipeline/nonces-store.ts', 'pipeline/nonces-store-claims.ts', 'db/migrate.ts']) {
      expect(isStoreFile(f), f).toBe(true);
    }
    for (const f of ['swaps/service.ts', 'pipeline/nonces.ts', 'policy/restore.ts', 'audit/storehouse.ts', 'db/database.ts']) {
      expect(isStoreFile(f), f).toBe(false);
    }
  });
});
