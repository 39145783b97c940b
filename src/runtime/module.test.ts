import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConfig } from '../config/load.ts';
import { silentLogger } from '../lib/logger.ts';
import { KEEL_MODULES } from './keel.ts';
import { checkModules, type KeelModule, type ModuleContext } from './module.ts';

const SRC = join(import.meta.dirname, '..');

/**
 * The modules as `startKeel` builds them. A factory only wires objects together (no I/O happens
 * before the runtime applies a module), so a context whose I/O parts are empty stand-ins is enough.
 */
function buildModules(): KeelModule[] {
  const config = buildConfig({
    env: 'test',
    secrets: { encryptionKey: Buffer.alloc(32, 1).toString('base64') },
    chains: { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } },
  });
  const pipeline = { facts: { addSource: () => {} }, store: {}, gatherFacts: async () => ({}) };
  const ctx = {
    config,
    logger: silentLogger(),
    database: {},
    db: {},
    chains: {},
    signers: {},
    pipeline,
    metrics: {},
    box: {},
    keys: {},
    principals: {},
    policyCache: {},
  };
  return KEEL_MODULES.map((make) => make(ctx as unknown as ModuleContext));
}

const m = (name: string, parts: Partial<KeelModule> = {}): KeelModule => ({ name, ...parts });
const sink = {
  watched: async () => new Set<string>(),
  apply: async () => {},
  rewind: async () => {},
  onHead: async () => {},
};

describe('module list', () => {
  const modules = buildModules();

  it('names every module once, and every module contributes something', () => {
    const names = modules.map((x) => x.name);
    expect(new Set(names).size).toBe(names.length);
    expect(() => checkModules(modules)).not.toThrow();
    for (const x of modules) {
      const parts = [
        x.routes,
        x.tasks,
        x.workers,
        x.transferSink,
        x.outcomes,
        x.addressSources,
        x.metrics,
        x.readiness,
      ];
      expect(
        parts.some((p) => p !== undefined && (!Array.isArray(p) || p.length > 0)),
        x.name,
      ).toBe(true);
    }
  });

  it('registers each route plugin once, and one module feeds the transfer watchers (payments)', () => {
    const routes = modules.flatMap((x) => x.routes ?? []);
    expect(new Set(routes).size).toBe(routes.length);
    expect(modules.filter((x) => x.transferSink).map((x) => x.name)).toEqual(['payments']);
  });

  it('lists every capability that has routes: its module.ts imports each routes file and KEEL_MODULES holds it', () => {
    const missing: string[] = [];
    for (const dir of readdirSync(SRC, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'api')) {
      const routeFiles = readdirSync(join(SRC, dir.name)).filter((f) => /^(.+-)?routes\.ts$/.test(f));
      if (routeFiles.length === 0) continue;
      const modulePath = join(SRC, dir.name, 'module.ts');
      if (!existsSync(modulePath)) {
        missing.push(`${dir.name}/module.ts does not exist`);
        continue;
      }
      const source = readFileSync(modulePath, 'utf8');
      for (const f of routeFiles)
        if (!source.includes(`from './${f}'`)) missing.push(`${dir.name}/module.ts does not import ${f}`);
      const factories = [...source.matchAll(/export function (\w+Module)\(/g)].map((x) => x[1]!);
      // A factory's function name is how the list names it.
      if (!factories.some((f) => KEEL_MODULES.some((k) => k.name === f))) {
        missing.push(`keel.ts does not list ${dir.name}'s module (${factories.join(', ') || 'no factory exported'})`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('checkModules', () => {
  it('refuses a name listed twice', () => {
    expect(() => checkModules([m('a'), m('b'), m('a')])).toThrow(/module a is listed twice/);
  });

  it('refuses two transfer sinks: the watchers feed one', () => {
    expect(() => checkModules([m('a', { transferSink: sink }), m('b', { transferSink: sink })])).toThrow(
      /both declare a transfer sink/,
    );
  });

  it('refuses two handlers of one outcome origin', () => {
    const h = async () => {};
    expect(() => checkModules([m('a', { outcomes: { 'x.y': h } }), m('b', { outcomes: { 'x.y': h } })])).toThrow(
      /both handle the outcomes of x\.y/,
    );
  });

  it('refuses two modules declaring one intake guard name', () => {
    const g = { name: 'x.guard', judge: async () => [] };
    expect(() => checkModules([m('a', { intakeGuards: [g] }), m('b', { intakeGuards: [g] })])).toThrow(
      /both declare intake guard x\.guard/,
    );
    expect(() => checkModules([m('a', { intakeGuards: [g] }), m('b')])).not.toThrow();
  });

  it('refuses one module naming two worker pieces alike', () => {
    const run = async () => {};
    const tasks = [
      { name: 't', everyMs: 1, run },
      { name: 't', everyMs: 2, run },
    ];
    expect(() => checkModules([m('a', { tasks })])).toThrow(/declares worker piece t twice/);
  });
});
