#!/usr/bin/env node
// Builds the operator dashboard (web/) into web/dist, which Keel serves under /dashboard, and the
// hosted checkout page (web/checkout.html) into web/dist/checkout, served under /pay.
//   node web/build.mjs              build now
//   node web/build.mjs --if-stale   build only when web/dist is missing or older than a source
//   node web/build.mjs --optional   skip quietly without vite (npm ci --omit=dev) or sources (packed install)
// Run by `npm install`/`npm ci` (prepare), before `npm start` (prestart) and by the browser tests.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('.', import.meta.url));
const dist = join(web, 'dist');
const stamp = join(dist, '.build-stamp');

/** Newest modification time of the dashboard's sources (and the lock file: library upgrades). */
function newestSource() {
  let newest = 0;
  const walk = (p) => {
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else if (!p.endsWith('.test.ts')) newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of [
    'src',
    'public',
    'index.html',
    'checkout.html',
    'vite.config.mjs',
    'vite.checkout.config.mjs',
    'proof.html',
    'vite.proof.config.mjs',
    'build.mjs',
  ])
    walk(join(web, p));
  walk(join(web, '..', 'package-lock.json'));
  walk(join(web, '..', 'clients', 'typescript', 'src'));
  walk(join(web, '..', 'clients', 'verify', 'src'));
  return newest;
}

export function isStale() {
  return !existsSync(stamp) || !existsSync(join(dist, 'index.html')) || statSync(stamp).mtimeMs < newestSource();
}

export async function buildDashboard() {
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.mjs') });
  // Second: the dashboard's build empties web/dist first.
  await build({ configFile: join(web, 'vite.checkout.config.mjs') });
  // Third: the public /proof page (clients/verify in the browser).
  await build({ configFile: join(web, 'vite.proof.config.mjs') });
  writeFileSync(stamp, new Date().toISOString() + '\n');
  return Date.now() - started;
}

/** Whether vite can be loaded: a production install (`npm ci --omit=dev`) has no build tooling. */
function hasVite() {
  try {
    createRequire(import.meta.url).resolve('vite');
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--optional') && !existsSync(join(web, 'src'))) {
    console.log('dashboard: no sources here (a packed install ships web/dist built): nothing to build');
  } else if (process.argv.includes('--optional') && !hasVite()) {
    console.log('dashboard: vite is not installed (an install without devDependencies): not building web/dist');
  } else if (process.argv.includes('--if-stale') && !isStale()) {
    console.log('dashboard: build is up to date (web/dist)');
  } else {
    const ms = await buildDashboard();
    console.log(`dashboard: built web/dist in ${(ms / 1000).toFixed(1)} s`);
  }
}
