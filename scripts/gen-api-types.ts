/**
 * Generates `web/src/api-types.ts`, the dashboard's types, from the API's OpenAPI document
 * (`npm run gen:api-types`). The document is the one `/openapi.json` serves, built in-process:
 * an API-only Keel on an in-memory database whose one chain is a closed port, never listening.
 * `test/api-types.test.ts` regenerates it and fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildConfig } from '../src/config/load.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { startKeel } from '../src/runtime/keel.ts';

export const API_TYPES_PATH = fileURLToPath(new URL('../web/src/api-types.ts', import.meta.url));

const HEADER = `/**
 * Generated from Keel's OpenAPI document (/openapi.json) by openapi-typescript: do not edit.
 * Regenerate with \`npm run gen:api-types\`; test/api-types.test.ts fails when this file is stale.
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

/** The text of `web/src/api-types.ts` for the current routes. */
export async function generateApiTypes(): Promise<string> {
  const doc = await openApiDocument();
  return HEADER + astToString(await openapiTS(doc as never));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(API_TYPES_PATH, await generateApiTypes());
  console.log(`wrote ${API_TYPES_PATH}`);
}
