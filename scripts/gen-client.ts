/**
 * Generates the typed client's generated files (`npm run gen:client`):
 * - `clients/typescript/src/schema.ts`, the API's types, from the OpenAPI document by
 *   openapi-typescript (the dashboard takes its types from there too);
 * - `clients/typescript/src/error-codes.ts`, each error code's HTTP status and retryability,
 *   from the error catalogue (the document carries the codes but not whether each is retryable).
 * The document is the one `/openapi.json` serves, built in-process: an API-only Keel on an
 * in-memory database whose one chain is a closed port, never listening.
 * `test/client-generated.int.test.ts` regenerates both and fails when a committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildConfig } from '../src/config/load.ts';
import { ERROR_CODES } from '../src/lib/error-catalogue.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { startKeel } from '../src/runtime/keel.ts';

export const CLIENT_SCHEMA_PATH = fileURLToPath(new URL('../clients/typescript/src/schema.ts', import.meta.url));
export const CLIENT_ERROR_CODES_PATH = fileURLToPath(
  new URL('../clients/typescript/src/error-codes.ts', import.meta.url),
);

const HEADER = `/**
 * Generated from Keel's OpenAPI document (/openapi.json) by openapi-typescript: do not edit.
 * Regenerate with \`npm run gen:client\`; test/client-generated.int.test.ts fails when this file is stale.
 */

`;

/**
 * The OpenAPI document `/openapi.json` serves. The routes' schemas do not depend on the
 * configuration, so a minimal one does: its chain is a closed port (nothing is reached).
 */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const config = buildConfig({
    env: 'test',
    server: { host: '127.0.0.1', port: 0 },
    log: { level: 'silent' },
    database: { pglitePath: 'memory://' },
    rpc: { timeoutMs: 1_000, maxAttempts: 1 },
    secrets: { encryptionKey: Buffer.alloc(32, 42).toString('base64') },
    chains: { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } },
  });
  const keel = await startKeel({ config, role: 'api', logger: silentLogger(), listen: false });
  try {
    return keel.api!.swagger() as unknown as Record<string, unknown>;
  } finally {
    await keel.stop();
  }
}

/** The text of `clients/typescript/src/schema.ts` for the current routes. */
export async function generateSchema(): Promise<string> {
  const doc = await openApiDocument();
  return HEADER + astToString(await openapiTS(doc as never));
}

/** The text of `clients/typescript/src/error-codes.ts` for the current error catalogue. */
export function generateErrorCodes(): string {
  const lines = Object.entries(ERROR_CODES).map(
    ([code, info]) => `  ${code}: { status: ${info.status}, retryable: ${info.retryable} },`,
  );
  return `/**
 * Generated from Keel's error catalogue (src/lib/error-catalogue.ts, docs/errors.md): do not edit.
 * Each code's HTTP status and whether the same request may succeed later, unchanged (\`retryable\`).
 * Regenerate with \`npm run gen:client\`; test/client-generated.int.test.ts fails when this file is stale.
 */
export const ERROR_CODES = {
${lines.join('\n')}
} as const;

/** Every \`code\` a Keel problem+json answer can carry. */
export type ErrorCode = keyof typeof ERROR_CODES;
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(CLIENT_SCHEMA_PATH, await generateSchema());
  writeFileSync(CLIENT_ERROR_CODES_PATH, generateErrorCodes());
  console.log(`wrote ${CLIENT_SCHEMA_PATH} and ${CLIENT_ERROR_CODES_PATH}`);
}
