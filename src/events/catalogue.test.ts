import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPE_NAMES } from './catalogue.ts';

describe('event catalogue', () => {
  it('is documented in docs/events.md, type by type', () => {
    const doc = readFileSync('docs/events.md', 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual([...EVENT_TYPE_NAMES].sort());
  });
});
