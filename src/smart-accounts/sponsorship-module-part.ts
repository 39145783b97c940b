import type { Kysely } from 'kysely';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import type { Registry } from '../lib/metrics.ts';
import { createSponsorshipMetrics } from './sponsorship-metrics.ts';
import { Sponsorship } from './sponsorship-service.ts';

/**
 * Sponsored gas's parts of the smart-accounts module (module.ts folds them in): the service
 * (its `decide`, `settleSponsorship` and `releaseSponsorship` are the internal API of the
 * user-operation path) and its metrics. Its routes are `sponsorshipRoutes({ sponsorship })`,
 * built in module.ts (which must import every routes file itself: src/runtime/module.test.ts).
 */
export function sponsorshipModulePart(ctx: { db: Kysely<DB>; box: SecretBox; config: Config }): {
  sponsorship: Sponsorship;
  metrics: (registry: Registry) => void;
} {
  const sponsorship = new Sponsorship({ db: ctx.db, box: ctx.box, config: ctx.config });
  return {
    sponsorship,
    metrics: (registry) => {
      sponsorship.metrics = createSponsorshipMetrics(registry);
    },
  };
}
