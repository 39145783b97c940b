import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_PATH, generateApiTypes } from '../scripts/gen-api-types.ts';

describe('dashboard API types', () => {
  it('web/src/api-types.ts is what the current OpenAPI document generates', async () => {
    const committed = readFileSync(API_TYPES_PATH, 'utf8');
    const fresh = await generateApiTypes();
    // On failure: `npm run gen:api-types` and commit web/src/api-types.ts.
    expect(committed === fresh, 'web/src/api-types.ts is stale: run `npm run gen:api-types`').toBe(true);
  });
});
