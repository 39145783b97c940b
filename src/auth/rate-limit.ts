import type { Config } from '../config/schema.ts';

/**
 * The route-level rate limit of a public route that faces end users (the hosted checkout's
 * read): `auth.rateLimit.publicMax` requests per client IP per window, counted in the same
 * shared store as keyed requests. Without it a public route has no limit at all (the global
 * limit counts keyed requests only). Behind a proxy, `server.trustProxy` makes the IP the
 * client's rather than the proxy's.
 */
export function publicRateLimit(config: Config, group: string) {
  if (config.auth.rateLimit.publicMax === 0) return false as const;
  return {
    max: config.auth.rateLimit.publicMax,
    timeWindow: config.auth.rateLimit.windowSeconds * 1000,
    allowList: () => false,
    keyGenerator: (req: { ip: string }) => `public:${group}:${req.ip}`,
  };
}
