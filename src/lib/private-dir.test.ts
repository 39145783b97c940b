import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePrivateDir } from './private-dir.ts';

const root = mkdtempSync(join(tmpdir(), 'keel-private-dir-'));
const modeOf = (p: string) => statSync(p).mode & 0o777;

describe('ensurePrivateDir', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates the directory and its missing parents with mode 0700, without a warning', () => {
    const warnings: string[] = [];
    const dir = join(root, 'a', 'b', 'db');
    ensurePrivateDir(dir, (m) => warnings.push(m));
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(root, 'a'))).toBe(0o700);
    expect(warnings).toEqual([]);
    ensurePrivateDir(dir, (m) => warnings.push(m));
    expect(warnings).toEqual([]);
  });

  it('tightens an existing directory that others could enter, and says so', () => {
    const warnings: string[] = [];
    const dir = join(root, 'wide');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    ensurePrivateDir(dir, (m) => warnings.push(m));
    expect(modeOf(dir)).toBe(0o700);
    expect(warnings).toEqual([
      expect.stringMatching(/wide was accessible to other users \(mode 0755\); tightened to 0700/),
    ]);
  });
});
