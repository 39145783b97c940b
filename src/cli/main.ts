import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { SCOPES } from '../auth/scopes.ts';
import { KeelError } from '../lib/errors.ts';
import type { Role } from '../runtime/keel.ts';
import type { ConfigOpts } from './commands.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';

// Only commander and tiny modules are imported up front: each action imports what it runs
// (`./commands.ts` for the production commands, `./dev.ts` for the dev stack), so `keel --help`
// and `keel --version` answer at once and production commands never load dev-only modules.
export { onShutdown } from './shutdown.ts';

const configOptions = (cmd: Command) =>
  cmd
    .option('-c, --config <file>', 'config file (default: $KEEL_CONFIG or config/<env>.yaml)')
    .option('-e, --env <name>', 'environment (default: $KEEL_ENV or development)');

/** The `version` of Keel's package.json (read once, for `keel --version`). */
function packageVersion(): string {
  // Two levels up from src/cli/ and from dist/cli/ alike.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const commands = () => import('./commands.ts');

/** Builds the `keel` command tree (definitions only; actions import their modules lazily). */
function buildProgram(): Command {
  const program = new Command('keel')
    .description('Keel: self-hosted DeFi rails for fintech products')
    .version(packageVersion(), '-V, --version', 'print the version of Keel')
    // Throw instead of exiting, so usage errors get their own exit code (see exit-codes.ts).
    .exitOverride()
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
  ).action(async (o: ConfigOpts & { role: Role; migrate: boolean }) => (await commands()).start(o));

  program
    .command('dev')
    .description('run Keel with embedded defaults: two anvil chains with the demo world, PGlite under .keel/')
    .option('--reset', 'delete .keel/ (database and chain state) first')
    .option('-c, --config <file>', 'config file', 'config/development.yaml')
    .action(async (o: { reset?: boolean; config: string }) => {
      (await import('./dev-tooling.ts')).requireDevTooling('dev');
      const { runDev } = await import('./dev.ts');
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
    async (o: ConfigOpts) => (await commands()).migrateCommand(o),
  );

  const principals = program
    .command('principals')
    .description('manage principals (operators and services that own API keys); the bootstrap path');
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
    (await commands()).principalsCreate(o),
  );
  configOptions(principals.command('list').description('list principals')).action(async (o: ConfigOpts) =>
    (await commands()).principalsList(o),
  );

  const keys = program.command('keys').description('manage API keys');
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
    (await commands()).keysCreate(o),
  );
  configOptions(keys.command('list').description('list API keys (never their secrets)')).action(async (o: ConfigOpts) =>
    (await commands()).keysList(o),
  );
  configOptions(
    keys.command('revoke').description('revoke an API key at once').argument('<id>', 'key id (key_…)'),
  ).action(async (id: string, o: ConfigOpts) => (await commands()).keysRevoke(id, o));

  const audit = program.command('audit').description('the hash-chained audit log');
  configOptions(
    audit
      .command('verify')
      .description(
        `walk the audit hash chain; exit ${EXIT.checkFailed} at the first missing, altered or replaced entry`,
      )
      .option('--anchor <seq:hash>', 'a head printed by an earlier verify: also detects entries removed from the end'),
  ).action(async (o: ConfigOpts & { anchor?: string }) => (await commands()).auditVerify(o));
  configOptions(
    audit
      .command('list')
      .description('print audit entries, newest first')
      .option('--limit <n>', 'how many', '50')
      .option('--action <action>', 'only this action')
      .option('--actor <actor>', 'only this actor (a key id, cli, system, worker)')
      .option('--subject <id>', 'only entries about this resource'),
  ).action(async (o: ConfigOpts & { limit: string; action?: string; actor?: string; subject?: string }) =>
    (await commands()).auditList(o),
  );

  const config = program.command('config').description('configuration tools');
  config
    .command('check')
    .description(`validate a config file and print every problem (exit ${EXIT.config} when invalid)`)
    .option('-e, --env <name>', 'environment whose file to check')
    .option('-c, --config <file>', 'file to check (default: config/<env>.yaml)')
    // The name of earlier releases; every other command says -c/--config.
    .addOption(new Option('-f, --file <file>', 'deprecated: use --config').hideHelp())
    .action(async (o: { env?: string; config?: string; file?: string }) => (await commands()).configCheck(o));

  program
    .command('contracts')
    .description('Solidity tooling')
    .command('build')
    .description('compile the Solidity sources with solc and refresh the committed artifacts')
    .action(async () => {
      (await import('./dev-tooling.ts')).requireDevTooling('contracts build');
      const { buildContracts } = await import('../contracts/compile.ts');
      console.log(`wrote ${await buildContracts()}`);
    });

  return program;
}

/**
 * Runs the `keel` command line and sets the process exit code (see exit-codes.ts): Keel errors
 * print one line (and their per-field problems), anything unexpected its stack trace.
 */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    const code = exitCodeFor(err);
    // commander has printed its own message (and the help) already.
    if (err instanceof KeelError) {
      console.error(`error (${err.code}): ${err.message}`);
      for (const e of err.errors ?? [])
        if (!err.message.includes(e.message)) console.error(`  - ${e.field}: ${e.message}`);
    } else if (code === EXIT.failure) {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
    process.exitCode = code;
  }
}
