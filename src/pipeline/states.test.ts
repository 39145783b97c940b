import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  canTransition,
  FINAL_STATUSES,
  MINED_FINAL_STATUSES,
  nextStatuses,
  releasesUsage,
  TX_STATUSES,
} from './states.ts';

describe('transaction state machine', () => {
  it('lets the documented happy path through', () => {
    const path = ['pending_policy', 'queued', 'signed', 'submitted', 'confirmed'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('refuses edges that skip a step or leave a terminal state', () => {
    expect(canTransition('pending_policy', 'signed')).toBe(false);
    expect(canTransition('pending_review', 'submitted')).toBe(false);
    expect(canTransition('queued', 'confirmed')).toBe(false);
    for (const s of ['rejected', 'failed', 'expired'] as const) expect(nextStatuses(s)).toEqual([]);
  });

  it('reaches every state from pending_policy', () => {
    const seen = new Set<string>(['pending_policy']);
    const todo = ['pending_policy'] as (typeof TX_STATUSES)[number][];
    while (todo.length) for (const n of nextStatuses(todo.pop()!)) if (!seen.has(n)) seen.add(n), todo.push(n);
    expect([...seen].sort()).toEqual([...TX_STATUSES].sort());
  });

  it('only a reorg leaves a mined result', () => {
    for (const s of FINAL_STATUSES) for (const n of nextStatuses(s)) expect(n).toBe('submitted');
    expect(releasesUsage('confirmed')).toBe(false);
    expect(releasesUsage('cancelled')).toBe(true);
  });

  it('final states are those the machine only leaves by a reorg, mined final ones those a reorg can leave', () => {
    const onlyByReorg = TX_STATUSES.filter((s) => s !== 'submitted' && nextStatuses(s).every((n) => n === 'submitted'));
    expect([...FINAL_STATUSES].sort()).toEqual(onlyByReorg.sort());
    const reorgable = TX_STATUSES.filter((s) => FINAL_STATUSES.has(s) && canTransition(s, 'submitted'));
    expect([...MINED_FINAL_STATUSES].sort()).toEqual(reorgable.sort());
  });

  it('the table accepts exactly the statuses of the machine', () => {
    const sql = readFileSync(new URL('../db/migrations/0007_transactions.sql', import.meta.url), 'utf8');
    const check = /status\s+text not null check \(status in \(([^)]*)\)\)/.exec(sql)![1]!;
    expect(
      check
        .match(/'[a-z_]+'/g)!
        .map((s) => s.slice(1, -1))
        .sort(),
    ).toEqual([...TX_STATUSES].sort());
  });
});
