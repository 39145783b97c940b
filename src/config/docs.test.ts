import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configPaths } from './paths.ts';

describe('docs/configuration.md', () => {
  it('documents every setting of the schema', () => {
    const doc = readFileSync('docs/configuration.md', 'utf8');
    const missing = configPaths().filter((p) => !doc.includes(`\`${p}\``));
    expect(missing).toEqual([]);
  });
});
