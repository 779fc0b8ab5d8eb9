import { createHash, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { startApiContext, type ApiContext } from '../support/context';

const ORIGIN = 'https://frontdoor.kentandmedway.nhs.uk';
const TEAM = '/api/v1/teams/ucr-dartford-gravesham-swanley';
const LIMIT = 5;
const SYSTEM_LIMIT = 12;
const BODY_LIMIT = 4096;

/** A credential no other test uses, so each test has an allowance of its own. */
const bearer = () => ({ authorization: `Bearer ${randomUUID()}` });

describe('HTTP hardening', () => {
  let context: ApiContext;

  beforeAll(async () => {
    context = await startApiContext({
      env: {
        CORS_ORIGINS: `${ORIGIN},http://localhost:5173`,
        RATE_LIMIT_PER_MINUTE: String(LIMIT),
        RATE_LIMIT_SYSTEM_PER_MINUTE: String(SYSTEM_LIMIT),
        BODY_LIMIT_BYTES: String(BODY_LIMIT),
      },
    });
  });
  afterAll(async () => {
    await context?.close();
  });

  const send = (path: string, init: RequestInit = {}) => fetch(`${context.api.url}${path}`, init);

  /** Sends `count` requests one after another; returns their statuses. */
  const statuses = async (count: number, path: string, init: RequestInit = {}) => {
    const seen: number[] = [];
    for (let i = 0; i < count; i += 1) seen.push((await send(path, init)).status);
    return seen;
  };

  describe('security headers', () => {
    it('are on every answer, errors included', async () => {
      for (const response of [
        await send('/health/live'),
        await send('/no/such/route', { headers: bearer() }),
      ]) {
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
        expect(response.headers.get('x-frame-options')).toBe('DENY');
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toMatch(/script-src 'self'(;|$)/);
        expect(csp).toContain("frame-ancestors 'none'");
      }
    });

    it('let the Swagger UI load: its scripts are files from our own origin, no inline script', async () => {
      const page = await send('/api/docs', { headers: bearer() });
      expect(page.status).toBe(200);
      const html = await page.text();
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      const assets = scripts.map(([, attributes, body]) => {
        expect(body.trim()).toBe('');
        return /src="([^"]+)"/.exec(attributes)?.[1];
      });
      assets.push(...[...html.matchAll(/<link[^>]*href="([^"]+)"/g)].map(([, href]) => href));
      expect(assets).toContain('./docs/swagger-ui-init.js');
      for (const asset of assets) {
        const url = new URL(asset ?? '', `${context.api.url}/api/docs`);
        expect(url.origin).toBe(context.api.url);
        expect((await fetch(url, { headers: bearer() })).status).toBe(200);
      }
    });
  });

  describe('CORS', () => {
    it('answers a listed origin, exposing the request id and Location', async () => {
      const response = await send(TEAM, { headers: { ...bearer(), origin: ORIGIN } });
      expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(response.headers.get('vary')).toMatch(/origin/i);
      const exposed = response.headers.get('access-control-expose-headers')?.toLowerCase();
      expect(exposed).toContain('x-request-id');
      expect(exposed).toContain('location');
    });

    it('answers a preflight from a listed origin with the headers clients send', async () => {
      const response = await send('/api/v1/referrals', {
        method: 'OPTIONS',
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, idempotency-key',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      const allowed = response.headers.get('access-control-allow-headers')?.toLowerCase();
      for (const header of [
        'authorization',
        'x-api-key',
        'idempotency-key',
        'content-type',
        'x-request-id',
        'x-break-glass-reason',
      ]) {
        expect(allowed).toContain(header);
      }
    });

    it('gives an origin not on the list no allow header, preflight or not', async () => {
      const other = 'https://elsewhere.example.org';
      const simple = await send(TEAM, { headers: { ...bearer(), origin: other } });
      const preflight = await send('/api/v1/referrals', {
        method: 'OPTIONS',
        headers: { origin: other, 'access-control-request-method': 'POST' },
      });
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('answers a body over BODY_LIMIT_BYTES with 413 in the contract error shape', async () => {
    const response = await send('/api/v1/referrals', {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'x'.repeat(BODY_LIMIT) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: expect.stringMatching(/too large/i),
    });
  });

  describe('rate limits', () => {
    it('refuses a credential past its allowance with 429, Retry-After and rate-limit headers', async () => {
      const credential = bearer();
      const allowed = await send(TEAM, { headers: credential });
      expect(allowed.headers.get('ratelimit-limit')).toBe(String(LIMIT));
      expect(allowed.headers.get('ratelimit-remaining')).toBe(String(LIMIT - 1));
      expect(await statuses(LIMIT - 1, TEAM, { headers: credential })).not.toContain(429);

      const refused = await send(TEAM, { headers: credential });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      expect(refused.headers.get('x-request-id')).toBeTruthy();
      expect(await refused.json()).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: expect.stringMatching(/try again/),
      });
      // Checked before routing's answer and before any authentication: unknown routes too.
      expect((await send('/no/such/route', { headers: credential })).status).toBe(429);

      // Another credential from the same address has its own allowance.
      expect((await send(TEAM, { headers: bearer() })).status).not.toBe(429);
    });

    it('gives a system API key the higher allowance', async () => {
      const system = { 'x-api-key': `system-${randomUUID()}` };
      const seen = await statuses(SYSTEM_LIMIT + 1, TEAM, { headers: system });
      expect(seen.slice(0, SYSTEM_LIMIT)).not.toContain(429);
      expect(seen[SYSTEM_LIMIT]).toBe(429);
    });

    it('counts requests without a credential by client address', async () => {
      const seen = await statuses(LIMIT + 1, TEAM);
      expect(seen.slice(0, LIMIT)).not.toContain(429);
      expect(seen[LIMIT]).toBe(429);
    });

    it('answers FHIR clients past their allowance with a throttled OperationOutcome', async () => {
      const init = {
        method: 'POST',
        headers: { ...bearer(), 'content-type': 'application/fhir+json' },
        body: '{}',
      };
      await statuses(LIMIT, '/fhir/r4/ServiceRequest', init);
      const refused = await send('/fhir/r4/ServiceRequest', init);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'throttled' }],
      });
    });

    it('never limits /health/*', async () => {
      const credential = bearer();
      await statuses(LIMIT + 1, TEAM, { headers: credential });
      expect(await statuses(LIMIT * 2, '/health/live', { headers: credential })).toEqual(
        Array(LIMIT * 2).fill(200),
      );
      const live = await send('/health/live', { headers: credential });
      expect(live.headers.get('ratelimit-limit')).toBeNull();
    });

    it('keeps its counts under the Redis prefix, keyed by a hash of the credential', async () => {
      const token = `Bearer secret-${randomUUID()}`;
      await send(TEAM, { headers: { authorization: token } });
      const hash = createHash('sha256').update(token).digest('hex');
      const redis = new Redis(context.config.REDIS_URL, { maxRetriesPerRequest: 1 });
      try {
        expect(await redis.keys(`*${hash}*`)).toEqual([
          `${context.redis.prefix}:ratelimit:auth:${hash}`,
        ]);
        expect(await redis.keys(`*${token.slice('Bearer '.length)}*`)).toEqual([]);
      } finally {
        redis.disconnect();
      }
    });
  });
});
