import { Kysely, PostgresDialect } from 'kysely';
import { expect, it } from 'vitest';
import type { DB } from '../db/schema.ts';
import { KeelError } from '../lib/errors.ts';
import { exitCodeFor, EXIT } from './exit-codes.ts';
import { migrateChecked, startupError } from './commands.ts';

// A database whose every connection is ended by the server, as pg_terminate_backend or a failover does.
const lostConnection = (error: Error) =>
  new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: {
        connect: async () => {
          throw error;
        },
        end: async () => {},
      } as never,
    }),
  });

it('a connection lost while migrating is database_unavailable (retryable), not migration_failed', async () => {
  const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
  await expect(migrateChecked(lostConnection(terminated))).rejects.toMatchObject({
    code: 'database_unavailable',
    retryable: true,
  });
  await expect(migrateChecked(lostConnection(new Error('Connection terminated unexpectedly')))).rejects.toMatchObject({
    code: 'database_unavailable',
  });
  // Any other failure stays a migration failure.
  await expect(migrateChecked(lostConnection(new Error('syntax error at or near "tabel"')))).rejects.toMatchObject({
    code: 'migration_failed',
  });
});

it('a connection lost during the rest of start-up exits 4 (database), anything else is left as it is', () => {
  const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
  const lost = startupError(terminated);
  expect(lost).toMatchObject({ code: 'database_unavailable', retryable: true, cause: terminated });
  expect(exitCodeFor(lost)).toBe(EXIT.database);
  const bug = new TypeError('cannot read properties of undefined');
  expect(startupError(bug)).toBe(bug);
  expect(exitCodeFor(startupError(bug))).toBe(EXIT.failure);
  const keel = new KeelError('config_invalid', 'bad');
  expect(startupError(keel)).toBe(keel);
});
