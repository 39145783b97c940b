#!/usr/bin/env node
// Entry point of the `keel` command. In a source checkout (src/ present, tsx installed) it runs
// the TypeScript directly through tsx, so `npm start`, tests and development need no build. The
// packed package ships no src/: it runs the compiled dist/ (`npm run build`, run by `npm pack`).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const source = new URL('../src/cli/main.ts', import.meta.url);
const compiled = new URL('../dist/cli/main.js', import.meta.url);

function hasTsx() {
  try {
    createRequire(import.meta.url).resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

let entry;
if (existsSync(source) && hasTsx()) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = source;
} else if (existsSync(compiled)) {
  // Also a source checkout installed with --omit=dev (no tsx) after `npm run build`.
  entry = compiled;
} else {
  console.error(
    'keel: cannot start: dist/ is not built and tsx (a devDependency) is not installed; ' +
      'run `npm install` (development) or `npm install && npm run build` (compiled)',
  );
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv);
