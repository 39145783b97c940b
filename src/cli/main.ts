import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { configPath, loadConfig } from '../config/load.ts';
import { openDatabase } from '../db/database.ts';
import type { Kysely } from 'kysely';
import { migrate, type MigrateResult } from '../db/migrate.ts';
import type { DB } from '../db/schema.ts';
import { AuditStore, formatVerifyResult, parseAnchor } from '../audit/store.ts';
import { KeysStore } from '../auth/keys-store.ts';
import { PrincipalsStore } from '../auth/principals-store.ts';
import { SCOPES } from '../auth/scopes.ts';
import { KeelError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import { startKeel, type Role } from '../runtime/keel.ts';
import { runDev } from './dev.ts';

interface ConfigOpts {
  config?: string;
  env?: string;
}

const configOptions = (cmd: Command) =>
  cmd
    .option('-c, --config <file>', 'config file (default: $KEEL_CONFIG or config/<env>.yaml)')
    .option('-e, --env <name>', 'environment (default: $KEEL_ENV or development)');

/** Opens the configured database, applies pending migrations, runs `fn`, always closes. */
async function withDatabase(
  o: ConfigOpts,
  fn: (db: Kysely<DB>, migrated: MigrateResult) => Promise<void>,
): Promise<void> {
  const config = load(o);
  const db = await openDatabase({
    url: config.database.url,
    pglitePath: config.database.pglitePath,
    warn: (m) => console.warn(`warning: ${m}`),
  });
  try {
    await fn(db.db, await migrate(db.db));
  } finally {
    await db.close();
  }
}

const load = (o: ConfigOpts) =>
  loadConfig({ ...(o.config ? { file: o.config } : {}), ...(o.env ? { env: o.env } : {}) });

/** The `version` of Keel's package.json (read once, for `keel --version`). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the `keel` command line. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('keel')
    .description('Keel: self-hosted DeFi rails for fintech products')
    .version(packageVersion(), '-V, --version', 'print the version of Keel')
    .showHelpAfterError();

  configOptions(
    program
      .command('start')
      .description('run Keel from a config file (production shape)')
      .addOption(
        new Option('-r, --role <role>', 'which parts this process runs')
          .choices(['api', 'worker', 'all'])
          .default('all'),
      )
      .option('--no-migrate', 'do not apply pending migrations at start'),
  ).action(async (o: ConfigOpts & { role: Role; migrate: boolean }) => {
    const config = load(o);
    const logger = createLogger(config.log);
    const keel = await startKeel({ config, role: o.role, logger, migrate: o.migrate });
    onShutdown(async () => {
      logger.info('stopping');
      await keel.stop();
    });
  });

  program
    .command('dev')
    .description('run Keel with embedded defaults: two anvil chains with the demo world, PGlite under .keel/')
    .option('--reset', 'delete .keel/ (database and chain state) first')
    .option('-c, --config <file>', 'config file', 'config/development.yaml')
    .action(async (o: { reset?: boolean; config: string }) => {
      await runDev({ reset: Boolean(o.reset), configFile: o.config });
    });

  program
    .command('demo')
    .description(
      'create a little realistic activity on a running `keel dev` stack (payments paid on time and late, transfers, one left for review, a swap, webhook deliveries)',
    )
    .option('--manifest <file>', 'the dev manifest written by keel dev', '.keel/dev.json')
    .action(async (o: { manifest: string }) => {
      const { runDemo } = await import('./demo.ts');
      await runDemo({ manifestPath: o.manifest });
    });

  configOptions(program.command('migrate').description('apply pending database migrations')).action(
    async (o: ConfigOpts) =>
      withDatabase(o, async (_db, r) => {
        console.log(r.applied.length ? `applied: ${r.applied.join(', ')}` : 'database is up to date');
      }),
  );

  // The CLI holds the database: it is the bootstrap path. Principals and keys it creates are
  // active at once, without the approvals the API requires (audited with actor `cli`).
  const principals = program
    .command('principals')
    .description('manage principals (operators and services that own API keys); the bootstrap path');
  const withPrincipals = (o: ConfigOpts, fn: (p: PrincipalsStore, k: KeysStore) => Promise<void>) =>
    withDatabase(o, (db) => fn(new PrincipalsStore(db, load(o).auth.approvalsRequired), new KeysStore(db)));
  configOptions(
    principals
      .command('create')
      .description('create an active principal without approval (bootstrap: the first operators); audited as cli')
      .requiredOption('--name <name>', 'the person or service')
      .addOption(
        new Option('--kind <kind>', 'operator (a person) or service')
          .choices(['operator', 'service'])
          .default('operator'),
      ),
  ).action(async (o: ConfigOpts & { name: string; kind: 'operator' | 'service' }) =>
    withPrincipals(o, async (p) => {
      const created = await p.bootstrap({ name: o.name, kind: o.kind });
      console.log(`created ${created.id} (${created.name}, ${created.kind})`);
      console.log(`give it a key: keel keys create --principal ${created.id} --name "…" --scopes …`);
    }),
  );
  configOptions(principals.command('list').description('list principals')).action(async (o: ConfigOpts) =>
    withPrincipals(o, async (p) => {
      for (const x of await p.list())
        console.log(`${x.id}\t${x.name}\t${x.kind}\t${x.status}\tcreated by ${x.createdBy}`);
    }),
  );

  const keys = program.command('keys').description('manage API keys');
  const withKeys = (o: ConfigOpts, fn: (k: KeysStore) => Promise<void>) =>
    withDatabase(o, (db) => fn(new KeysStore(db)));
  configOptions(
    keys
      .command('create')
      .description(
        'create an active API key without approval (bootstrap path); its token is printed once and never stored',
      )
      .requiredOption('--name <name>', 'who or what uses the key')
      .requiredOption('--scopes <list>', `comma-separated scopes: ${SCOPES.join(', ')}`)
      .option(
        '--principal <id-or-name>',
        'the principal the key belongs to (default: a new principal named after the key)',
      ),
  ).action(async (o: ConfigOpts & { name: string; scopes: string; principal?: string }) =>
    withPrincipals(o, async (p, k) => {
      const principalId = o.principal ? (await p.find(o.principal)).id : undefined;
      const { key, token } = await k.create({
        name: o.name,
        scopes: o.scopes
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        principalId,
      });
      console.log(
        `created ${key.id} (${key.name}) for principal ${key.principal.id} (${key.principal.name}) with scopes ${key.scopes.join(', ')}`,
      );
      console.log(`token (shown once, store it now): ${token}`);
    }),
  );
  configOptions(keys.command('list').description('list API keys (never their secrets)')).action(async (o: ConfigOpts) =>
    withKeys(o, async (k) => {
      for (const key of await k.list()) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : key.status;
        console.log(
          `${key.id}\t${key.name}\t${key.principal.id} (${key.principal.name})\t${state}\t${key.scopes.join(',')}\tlast used ${key.lastUsedAt?.toISOString() ?? 'never'}`,
        );
      }
    }),
  );
  configOptions(
    keys.command('revoke').description('revoke an API key at once').argument('<id>', 'key id (key_…)'),
  ).action(async (id: string, o: ConfigOpts) =>
    withKeys(o, async (k) => {
      const key = await k.revoke(id);
      console.log(`revoked ${key.id} (${key.name})`);
    }),
  );

  const audit = program.command('audit').description('the hash-chained audit log');
  const withAudit = (o: ConfigOpts, fn: (a: AuditStore) => Promise<void>) =>
    withDatabase(o, (db) => fn(new AuditStore(db)));
  configOptions(
    audit
      .command('verify')
      .description('walk the audit hash chain; exit 1 at the first missing, altered or replaced entry')
      .option('--anchor <seq:hash>', 'a head printed by an earlier verify: also detects entries removed from the end'),
  ).action(async (o: ConfigOpts & { anchor?: string }) => {
    const anchor = o.anchor === undefined ? undefined : parseAnchor(o.anchor);
    if (o.anchor !== undefined && !anchor)
      throw new KeelError(
        'invalid_anchor',
        'an anchor is <seq>:<64 hex characters>, as `keel audit verify` prints the head',
      );
    await withAudit(o, async (a) => {
      const r = await a.verify({ anchor });
      console.log(formatVerifyResult(r));
      if (!r.ok) process.exitCode = 1;
    });
  });
  configOptions(
    audit
      .command('list')
      .description('print audit entries, newest first')
      .option('--limit <n>', 'how many', '50')
      .option('--action <action>', 'only this action')
      .option('--actor <actor>', 'only this actor (a key id, cli, system, worker)')
      .option('--subject <id>', 'only entries about this resource'),
  ).action(async (o: ConfigOpts & { limit: string; action?: string; actor?: string; subject?: string }) =>
    withAudit(o, async (a) => {
      const page = await a.list({
        limit: Math.min(500, Math.max(1, Number(o.limit) || 50)),
        action: o.action,
        actor: o.actor,
        subject: o.subject,
      });
      for (const e of page.data)
        console.log(`${e.seq}\t${e.at}\t${e.actor}\t${e.action}\t${e.subject ?? '-'}\t${JSON.stringify(e.details)}`);
    }),
  );

  const config = program.command('config').description('configuration tools');
  config
    .command('check')
    .description('validate a config file and print every problem')
    .option('-e, --env <name>', 'environment whose file to check')
    .option('-c, --config <file>', 'file to check (default: config/<env>.yaml)')
    // The name of earlier releases; every other command says -c/--config.
    .addOption(new Option('-f, --file <file>', 'deprecated: use --config').hideHelp())
    .action((o: { env?: string; config?: string; file?: string }) => {
      const file = o.config ?? o.file;
      const where = configPath({ ...(file ? { file } : {}), ...(o.env ? { env: o.env } : {}) });
      const cfg = loadConfig({ ...(file ? { file } : {}), ...(o.env ? { env: o.env } : {}) });
      console.log(
        `${where.file}: valid (${cfg.env}; chains ${cfg.chains.map((c) => `${c.chainId} ${c.name}`).join(', ')})`,
      );
    });

  program
    .command('contracts')
    .description('Solidity tooling')
    .command('build')
    .description('compile the Solidity sources with solc and refresh the committed artifacts')
    .action(async () => {
      const { buildContracts } = await import('../contracts/compile.ts');
      console.log(`wrote ${await buildContracts()}`);
    });

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof KeelError) {
      console.error(`error (${err.code}): ${err.message}`);
      for (const e of err.errors ?? [])
        if (!err.message.includes(e.message)) console.error(`  - ${e.field}: ${e.message}`);
    } else {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
    process.exitCode = err instanceof KeelError && err.code === 'config_invalid' ? 78 : 1;
  }
}

/** Runs `fn` once on SIGINT/SIGTERM, then exits; a second signal exits at once. */
export function onShutdown(fn: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    fn()
      .catch((err) => console.error(`error while stopping after ${signal}:`, err))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
