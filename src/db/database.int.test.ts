import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';

const root = mkdtempSync(join(tmpdir(), 'keel-db-mode-'));
const modeOf = (p: string) => statSync(p).mode & 0o777;

describe('openDatabase (PGlite directory permissions)', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates the PGlite directory (and a missing .keel/) with mode 0700', { timeout: 60_000 }, async () => {
    const path = join(root, 'fresh', '.keel', 'db');
    const warnings: string[] = [];
    const db = await openDatabase({ pglitePath: path, warn: (m) => warnings.push(m) });
    try {
      expect(modeOf(path)).toBe(0o700);
      expect(modeOf(join(root, 'fresh', '.keel'))).toBe(0o700);
      expect(warnings).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('tightens an existing PGlite directory with a wider mode at start, with a warning', {
    timeout: 60_000,
  }, async () => {
    const path = join(root, 'old-db');
    mkdirSync(path);
    chmodSync(path, 0o775);
    const warnings: string[] = [];
    const db = await openDatabase({ pglitePath: path, warn: (m) => warnings.push(m) });
    try {
      expect(modeOf(path)).toBe(0o700);
      expect(warnings).toEqual([expect.stringContaining('tightened to 0700')]);
    } finally {
      await db.close();
    }
  });
});
