import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PROJECT_ROOT } from '@frontdoor/persistence';

/** Where `npm run build` puts the web app (scripts/build-web.ts). */
export const DEFAULT_WEB_ROOT = join(PROJECT_ROOT, 'dist', 'web');

/**
 * The web app's pages: each answers index.html and the app draws the page (history-API
 * routing). Listed one by one, so nothing under /api, /fhir, /health or /socket.io is ever
 * answered with the app: an unknown API route stays a 404 in the contract's shape.
 */
export const WEB_PAGES = [
  '/',
  '/sign-in',
  '/refer',
  '/status/:reference',
  '/hub',
  '/hub/:id',
  '/team',
  '/team/:code',
  '/referrals/:id',
] as const;

/** Built files: hashed names, so they may be cached for good. */
export const WEB_ASSETS_PREFIX = '/assets/';

/** A route of the web app's (pages and files), which no rate limit counts. */
export function isWebAppRoute(routeUrl: string | undefined): boolean {
  return (
    !!routeUrl &&
    (routeUrl.startsWith(WEB_ASSETS_PREFIX) || (WEB_PAGES as readonly string[]).includes(routeUrl))
  );
}

/**
 * Serves the built web app (`npm run build` → dist/web) at `/`: its pages and its assets.
 * Returns false, and serves nothing, when there is no build in `root` (e.g. api tests that do
 * not need it). Static files need no credential; everything they show comes from the api,
 * which does.
 */
export async function registerWebApp(fastify: FastifyInstance, root: string): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false;
  await fastify.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: WEB_ASSETS_PREFIX,
    index: false,
    // @fastify/static 10 hands over the Fastify reply (typed as the raw response).
    setHeaders: (reply: unknown, path: string) => {
      const hashed = /-[A-Z0-9]{8}\.(js|css)(\.map)?$/.test(path);
      void (reply as FastifyReply).header(
        'cache-control',
        hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
      );
    },
  });
  for (const page of WEB_PAGES) {
    fastify.get(page, (_request, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html', root),
    );
  }
  return true;
}
