import { createRequire } from 'node:module';
import { PermanentError } from '../lib/errors.ts';

const require = createRequire(import.meta.url);

/** The packages each development command loads, all devDependencies of Keel. */
export const DEV_TOOLING = {
  dev: ['@foundry-rs/anvil', '@uniswap/v2-core', '@uniswap/v2-periphery'],
  'contracts build': ['solc', '@openzeppelin/contracts'],
} as const;

/** Which of `packages` cannot be resolved from Keel's install. */
export function missingPackages(packages: readonly string[]): string[] {
  return packages.filter((p) => {
    try {
      require.resolve(`${p}/package.json`);
      return false;
    } catch {
      return true;
    }
  });
}

/**
 * Fails a development command up front, naming the missing packages, when Keel was installed
 * without its devDependencies (`npm install --omit=dev`, the packed production install), so
 * the operator reads one line instead of a module-resolution stack trace halfway through.
 */
export function requireDevTooling(command: keyof typeof DEV_TOOLING): void {
  const wanted = DEV_TOOLING[command].filter((p) => !(p === '@foundry-rs/anvil' && process.env.KEEL_ANVIL_BIN));
  const missing = missingPackages(wanted);
  if (missing.length === 0) return;
  throw new PermanentError(
    'dev_tooling_missing',
    `\`keel ${command}\` is a development command: it needs ${missing.join(', ')}, which this install leaves out ` +
      '(a production install omits devDependencies). Run it from a source checkout after `npm install`.',
  );
}
