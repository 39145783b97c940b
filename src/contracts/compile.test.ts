import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ARTIFACT_PATH,
  buildContracts,
  KEEL_CONTRACT_NAMES,
  loadArtifacts,
  sourcesHash,
  type KeelArtifacts,
} from './compile.ts';

const tmp = mkdtempSync(join(tmpdir(), 'keel-contracts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('contract artifacts', () => {
  it('the committed artifact matches the sources in the tree', () => {
    const a = loadArtifacts();
    expect(a.sourcesHash).toBe(sourcesHash());
    expect(a.solcVersion).toMatch(/^0\.8\./);
    expect(Object.keys(a.contracts).sort()).toEqual([...KEEL_CONTRACT_NAMES].sort());
    for (const name of KEEL_CONTRACT_NAMES) {
      expect(a.contracts[name].bytecode).toMatch(/^0x[0-9a-f]{200,}$/);
      expect(a.contracts[name].abi.length).toBeGreaterThan(0);
    }
  });

  it('refuses an artifact built from other sources and says how to rebuild', () => {
    const stale = JSON.parse(readFileSync(ARTIFACT_PATH, 'utf8')) as KeelArtifacts;
    stale.sourcesHash = '0'.repeat(64);
    const file = join(tmp, 'stale.json');
    writeFileSync(file, JSON.stringify(stale));
    expect(() => loadArtifacts(file)).toThrow(/npm run contracts:build/);
  });

  it('says how to build when the artifact is missing', () => {
    expect(() => loadArtifacts(join(tmp, 'nope.json'))).toThrow(/missing: run `npm run contracts:build`/);
  });

  it('rebuilding reproduces the committed bytecode exactly (the demo addresses depend on it)', async () => {
    const out = await buildContracts({ outPath: join(tmp, 'rebuilt.json') });
    const rebuilt = JSON.parse(readFileSync(out, 'utf8')) as KeelArtifacts;
    const committed = loadArtifacts();
    expect(rebuilt.sourcesHash).toBe(committed.sourcesHash);
    for (const name of Object.keys(committed.contracts) as Array<keyof KeelArtifacts['contracts']>) {
      expect(rebuilt.contracts[name].bytecode).toBe(committed.contracts[name].bytecode);
    }
  });
});
