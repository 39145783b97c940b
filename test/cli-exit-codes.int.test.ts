import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.ts';
import { freePort } from './helpers/devchain.ts';
import { runKeel } from './helpers/keel-process.ts';

// The exit codes of src/cli/exit-codes.ts as a script sees them, from real `keel` processes.
describe('keel exit codes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-exit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const keel = (...args: string[]) => runKeel(args, { cwd: dir, env: { LOG_LEVEL: 'silent' } });
  const validConfig = (extra: string[] = []) => {
    const file = join(dir, `keel-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(
      file,
      [
        'env: test',
        'log: { level: silent }',
        `secrets: { encryptionKey: ${Buffer.alloc(32, 7).toString('base64')} }`,
        'chains: { "31337": { name: Nowhere, rpcUrls: ["http://127.0.0.1:9"] } }',
        ...extra,
      ].join('\n'),
    );
    return file;
  };

  it('help and version exit 0', async () => {
    const help = await keel('--help');
    expect(help.code, help.proc.tail()).toBe(EXIT.ok);
    expect(help.out).toMatch(/Usage: keel/);
    const version = await keel('--version');
    expect(version.code, version.proc.tail()).toBe(EXIT.ok);
    expect(version.out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('usage errors exit 2: unknown command, unknown option, bad choice, missing argument, bad anchor', async () => {
    for (const args of [
      ['frobnicate'],
      ['start', '--no-such-option'],
      ['start', '--role', 'janitor'],
      ['keys', 'revoke'],
      ['audit', 'verify', '--anchor', 'not-an-anchor', '--config', validConfig()],
    ]) {
      const r = await keel(...args);
      expect(r.code, `keel ${args.join(' ')}${r.proc.tail()}`).toBe(EXIT.usage);
      expect(r.out).not.toMatch(/\n\s+at /); // a message, not a stack trace
    }
  });

  it('an invalid config exits 78 naming the field', async () => {
    const r = await keel('migrate', '--config', validConfig(['server: { port: 70000 }']));
    expect(r.code, r.proc.tail()).toBe(EXIT.config);
    expect(r.out).toMatch(/server\.port/);
  });

  it('an unreachable database exits 4 without the password', async () => {
    const port = await freePort(); // nothing listens there
    const file = validConfig([`database: { url: "postgres://keel:hunter2@127.0.0.1:${port}/keel" }`]);
    const r = await keel('migrate', '--config', file);
    expect(r.code, r.proc.tail()).toBe(EXIT.database);
    expect(r.out).toMatch(/database_unavailable/);
    expect(r.out).not.toContain('hunter2');
  });
});
