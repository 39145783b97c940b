import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_ERROR_CODES_PATH,
  CLIENT_SCHEMA_PATH,
  generateErrorCodes,
  generateSchema,
} from '../scripts/gen-client.ts';

// On failure: `npm run gen:client` and commit the files under clients/typescript/src.
describe('the typed client’s generated files', () => {
  it('schema.ts is what the current OpenAPI document generates', async () => {
    const committed = readFileSync(CLIENT_SCHEMA_PATH, 'utf8');
    expect(committed === (await generateSchema()), 'schema.ts is stale: run `npm run gen:client`').toBe(true);
  });

  it('error-codes.ts is what the current error catalogue generates', () => {
    const committed = readFileSync(CLIENT_ERROR_CODES_PATH, 'utf8');
    expect(committed === generateErrorCodes(), 'error-codes.ts is stale: run `npm run gen:client`').toBe(true);
  });
});
