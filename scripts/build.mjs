#!/usr/bin/env node
// Builds what the packed production install runs (`npm run build`; `npm pack` runs it as prepack):
//   dist/      src/ compiled by tsc (tsconfig.build.json), plus the files src/ reads at run time
//              beside its modules: migrations (SQL), the contract artifacts and their Solidity
//              sources (loadArtifacts checks the artifacts against them)
//   web/dist/  the dashboard and the checkout page (web/build.mjs)
// A source checkout needs none of it: bin/keel.js runs src/ through tsx.
//   node scripts/build.mjs           both
//   node scripts/build.mjs --no-web        dist/ only
//   node scripts/build.mjs --web-if-stale  web/dist only when a dashboard source changed (prepack)
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const started = Date.now();

rmSync(dist, { recursive: true, force: true });
const out = join(root, '.build');
rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
// tsc compiles from the repository root (src/ imports the proof spec from clients/verify/src):
// src/ becomes dist/ and the verifier's modules dist/clients-verify/, and the imports that
// reach into clients/verify/src are pointed there, so dist/ keeps src/'s layout (paths such as
// ../../web/dist resolve as in a checkout).
renameSync(join(out, 'src'), dist);
renameSync(join(out, 'clients', 'verify', 'src'), join(dist, 'clients-verify'));
rmSync(out, { recursive: true, force: true });
for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.js')) continue;
  const path = join(dist, file);
  const code = readFileSync(path, 'utf8');
  const to = relative(dirname(path), join(dist, 'clients-verify')).split(sep).join('/');
  const fixed = code.replace(
    /(['"])(?:\.\.\/)+clients\/verify\/src\//g,
    (_m, q) => `${q}${to.startsWith('.') ? to : `./${to}`}/`,
  );
  if (fixed !== code) writeFileSync(path, fixed);
}

/** Non-TypeScript files src/ reads relative to its modules (import.meta.url). */
const assets = [
  ['db/migrations', (f) => f.endsWith('.sql')],
  ['contracts/build', (f) => f.endsWith('.json')],
  ['contracts/sources', (f) => f.endsWith('.sol')],
];
for (const [dir, keep] of assets) {
  cpSync(join(root, 'src', dir), join(dist, dir), {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() || keep(src),
  });
}
console.log(`dist: compiled src/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);

if (!process.argv.includes('--no-web')) {
  const { buildDashboard, isStale } = await import('../web/build.mjs');
  if (process.argv.includes('--web-if-stale') && !isStale()) {
    console.log('dashboard: build is up to date (web/dist)');
  } else {
    const ms = await buildDashboard();
    console.log(`dashboard: built web/dist in ${(ms / 1000).toFixed(1)} s`);
  }
}
