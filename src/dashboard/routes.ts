import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { KeelError } from '../lib/errors.ts';
import { idPattern } from '../lib/ids.ts';

/** A payment intent id, the only key to its checkout page (as the checkout's API read checks it). */
const CHECKOUT_ID_RE = idPattern('pi');

/** Where `npm run build:web` writes the dashboard (git-ignored). */
export const DASHBOARD_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

/**
 * Only this origin's own scripts, styles, images and API: no CDN, no inline script, no
 * framing. React and uPlot set styles through the CSSOM, which `style-src 'self'` allows.
 */
export const DASHBOARD_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The public /proof page reads a proof from a URL the user opens (`?proof=<url>`) and the
 * attestation registry from the chain's public RPC named in the attestation: any connect source.
 */
export const PROOF_PAGE_CSP = { ...DASHBOARD_CSP, connectSrc: ["'self'", 'https:', 'http:'], formAction: ["'none'"] };

const ASSET_RE = /^assets\/[A-Za-z0-9._-]+$/;
/** The public proof page's build (`web/proof.html`, base `/proof/`). */
const PROOF_DIR = 'proof';
/** The hosted checkout's own build (`web/checkout.html`, base `/pay/`), beside the dashboard's. */
const CHECKOUT_DIR = 'checkout';

/**
 * Serves the operator dashboard (the static build of `web/`) under `/dashboard`, and the
 * hosted checkout page under `/pay/:paymentIntentId` (its own entry of the same build): hashed
 * assets with long-lived caching, and `index.html` for every other path below it so the
 * browser's own routing works on reload (SPA fallback). Security headers (CSP allowing
 * only self, no framing, no referrer, nosniff) apply to these routes only. The pages are
 * public; everything the dashboard shows comes from the API with the operator's key, and
 * everything the checkout shows from the public `GET /v1/checkout/:id`.
 */
export function dashboardRoutes(opts: { dist?: string } = {}) {
  const dist = opts.dist ?? DASHBOARD_DIST;
  return async (root: FastifyInstance) => {
    await root.register(async (app) => {
      await app.register(helmet, {
        contentSecurityPolicy: { useDefaults: false, directives: DASHBOARD_CSP },
        // TLS is the deployment's business (a proxy in front); HSTS on plain http is ignored anyway.
        strictTransportSecurity: false,
        referrerPolicy: { policy: 'no-referrer' },
        frameguard: { action: 'deny' },
      });
      await app.register(fastifyStatic, { root: dist, serve: false });

      const notBuilt = () =>
        new KeelError('dashboard_not_built', `the dashboard build is missing at ${dist}: run \`npm run build:web\``);
      const sendIndex = (reply: FastifyReply) => {
        if (!existsSync(join(dist, 'index.html'))) throw notBuilt();
        // `send` would set its own Cache-Control: the page must always be revalidated.
        return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
      };
      const routeOpts = { config: { public: true }, schema: { hide: true } } as const;

      app.get('/dashboard', routeOpts, async (_req, reply) => sendIndex(reply));
      app.get<{ Params: { '*': string } }>('/dashboard/*', routeOpts, async (req, reply) => {
        const path = req.params['*'];
        if (path.startsWith('assets/')) {
          if (!ASSET_RE.test(path) || !existsSync(join(dist, path))) {
            throw new KeelError('not_found', `no dashboard asset ${path}`);
          }
          return reply.sendFile(path, { maxAge: 31_536_000_000, immutable: true });
        }
        if (path === 'favicon.svg' && existsSync(join(dist, path))) return reply.sendFile(path);
        return sendIndex(reply);
      });

      // The hosted checkout (docs/checkout.md): a page per payment intent, for its payer. Its
      // assets live under /pay/assets so a proxy can expose /pay/* and /v1/checkout/* to the
      // internet and keep the dashboard and the rest of the API inside.
      const checkoutPage = (reply: FastifyReply, status: number) => {
        if (!existsSync(join(dist, CHECKOUT_DIR, 'checkout.html'))) {
          throw new KeelError(
            'checkout_not_built',
            `the checkout build is missing at ${join(dist, CHECKOUT_DIR)}: run \`npm run build:web\``,
          );
        }
        return reply
          .code(status)
          .header('cache-control', 'no-cache')
          .header('x-robots-tag', 'noindex')
          .sendFile(join(CHECKOUT_DIR, 'checkout.html'), { cacheControl: false });
      };
      app.get<{ Params: { '*': string } }>('/pay/assets/*', routeOpts, async (req, reply) => {
        const path = `assets/${req.params['*']}`;
        if (!ASSET_RE.test(path) || !existsSync(join(dist, CHECKOUT_DIR, path))) {
          throw new KeelError('not_found', `no checkout asset ${path}`);
        }
        return reply.sendFile(join(CHECKOUT_DIR, path), { maxAge: 31_536_000_000, immutable: true });
      });
      app.get<{ Params: { id: string } }>('/pay/:id', routeOpts, async (req, reply) => {
        if (req.params.id === 'favicon.svg' && existsSync(join(dist, CHECKOUT_DIR, 'favicon.svg')))
          return reply.sendFile(join(CHECKOUT_DIR, 'favicon.svg'));
        // A malformed id: the page itself says "not found" in plain words, with a 404 status.
        return checkoutPage(reply, CHECKOUT_ID_RE.test(req.params.id) ? 200 : 404);
      });
    });

    // The public proof page (docs/proof-of-reserves-construction.md): an end user verifies their
    // proof of liabilities in the browser. No key; its own CSP (see PROOF_PAGE_CSP).
    await root.register(async (app) => {
      await app.register(helmet, {
        contentSecurityPolicy: { useDefaults: false, directives: PROOF_PAGE_CSP },
        strictTransportSecurity: false,
        referrerPolicy: { policy: 'no-referrer' },
        frameguard: { action: 'deny' },
      });
      await app.register(fastifyStatic, { root: dist, serve: false });
      const routeOpts = { config: { public: true }, schema: { hide: true } } as const;
      const proofPage = (reply: FastifyReply) => {
        if (!existsSync(join(dist, PROOF_DIR, 'proof.html'))) {
          throw new KeelError(
            'dashboard_not_built',
            `the proof page build is missing at ${join(dist, PROOF_DIR)}: run \`npm run build:web\``,
          );
        }
        return reply
          .header('cache-control', 'no-cache')
          .sendFile(join(PROOF_DIR, 'proof.html'), dist, { cacheControl: false });
      };
      app.get('/proof', routeOpts, async (_req, reply) => proofPage(reply));
      app.get<{ Params: { '*': string } }>('/proof/*', routeOpts, async (req, reply) => {
        const path = req.params['*'];
        if (path === '') return proofPage(reply);
        if (path === 'favicon.svg' && existsSync(join(dist, PROOF_DIR, path)))
          return reply.sendFile(join(PROOF_DIR, path), dist);
        if (!ASSET_RE.test(path) || !existsSync(join(dist, PROOF_DIR, path))) {
          throw new KeelError('not_found', `no proof page asset ${path}`);
        }
        return reply.sendFile(join(PROOF_DIR, path), dist, { maxAge: 31_536_000_000, immutable: true });
      });
    });
  };
}
