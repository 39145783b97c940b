import { z } from 'zod';
import { configSchema } from './schema.ts';

/**
 * Every documented setting as a dotted path (`chains.<id>.assets[].decimals`), derived from
 * the schema itself so the configuration reference can be checked against it.
 */
export function configPaths(): string[] {
  const out: string[] = [];
  const walk = (node: Record<string, unknown> | undefined, prefix: string): void => {
    if (!node) return;
    const props = node.properties as Record<string, Record<string, unknown>> | undefined;
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        const p = prefix ? `${prefix}.${k}` : k;
        out.push(p);
        walk(v, p);
      }
    }
    const items = node.items as Record<string, unknown> | undefined;
    if (items) walk(items, `${prefix}[]`);
    const extra = node.additionalProperties as Record<string, unknown> | undefined;
    if (extra && typeof extra === 'object') walk(extra, `${prefix}.<id>`);
    for (const alt of (node.anyOf ?? node.oneOf ?? []) as Record<string, unknown>[]) walk(alt, prefix);
  };
  walk(z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>, '');
  return [...new Set(out)];
}
