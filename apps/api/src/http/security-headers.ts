import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Helmet's headers with a strict Content-Security-Policy: scripts only from our own origin and
 * never inline, which suits the Swagger UI at /api/docs (its scripts are files) and a web app
 * served from /. Styles may be inline: Swagger UI's page has inline style blocks and attributes.
 */
export const SECURITY_HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
};
