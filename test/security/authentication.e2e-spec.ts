import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { signToken } from '../../scripts/token';
import { admin, bearer, coordinator, referrer } from '../support/auth';
import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission } from '../support/factories';
import { getJson, postJson } from '../support/http';

interface ErrorBody {
  statusCode: number;
  message: string;
}

describe('who is calling', () => {
  let context: ApiContext;
  const url = (path: string) => `${context.api.url}${path}`;
  const hub = (headers: Record<string, string>) =>
    getJson<ErrorBody>(url('/api/v1/queues/hub'), headers);

  beforeAll(async () => {
    context = await startApiContext();
  });
  afterAll(async () => {
    await context.close();
  });

  it('answers every route but health with 401 and what to send, when no credential comes', async () => {
    const refused = await hub({ authorization: '' });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Sign in: send Authorization: Bearer <token>, or X-Api-Key for a system',
    });
    expect((await getJson(url('/health/live'), { authorization: '' })).status).toBe(200);
    const fhir = await postJson<{ resourceType: string; issue: { code: string }[] }>(
      url('/fhir/r4/ServiceRequest'),
      {},
      { authorization: '', 'content-type': 'application/fhir+json' },
    );
    expect(fhir.status).toBe(401);
    expect(fhir.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'login' }],
    });
  });

  it.each<[string, { secret?: string; ttl?: string }]>([
    ['signed with another secret', { secret: 'another-secret-of-at-least-thirty-two-chars' }],
    ['expired', { ttl: '-1m' }],
  ])('refuses a token %s', async (_case, change) => {
    const token = await signToken(
      { sub: 'coord-1', roles: ['coordinator'], ...(change.ttl && { ttl: change.ttl }) },
      change.secret ?? context.config.AUTH_JWT_SECRET,
    );
    const refused = await hub({ authorization: `Bearer ${token}` });
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/not valid|expired/);
  });

  it('refuses an unsigned token, one without an expiry and one with no Front Door role', async () => {
    const header = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
    const unsigned = `${header({ alg: 'none' })}.${header({ sub: 'x', roles: ['admin'], exp: 9e9 })}.`;
    const secret = new TextEncoder().encode(context.config.AUTH_JWT_SECRET);
    const noExpiry = await new SignJWT({ roles: ['coordinator'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('coord-1')
      .sign(secret);
    const noRole = await signToken({ sub: 'u', roles: [] }, context.config.AUTH_JWT_SECRET);
    for (const token of [unsigned, noExpiry, noRole, 'garbage']) {
      expect((await hub({ authorization: `Bearer ${token}` })).status).toBe(401);
    }
  });

  it('issues API keys to admins: shown once, stored only as a hash, revocable at once', async () => {
    const asAdmin = await bearer(context.config, admin);
    const issued = await postJson<{ id: string; key: string; prefix: string }>(
      url('/api/v1/admin/api-keys'),
      { name: 'SECAmb CAD', orgCode: 'RYD' },
      asAdmin,
    );
    expect(issued.status).toBe(201);
    expect(issued.body.key).toMatch(/^fdk_/);
    const [stored] = await context.database.dataSource.query<{ hash: string }[]>(
      'SELECT hash FROM api_keys WHERE id = $1',
      [issued.body.id],
    );
    expect(stored.hash).not.toContain(issued.body.key);
    const listed = await getJson(url('/api/v1/admin/api-keys'), asAdmin);
    expect(listed.text).not.toContain(issued.body.key);
    expect(listed.text).toContain(issued.body.prefix);

    const system = { 'x-api-key': issued.body.key };
    const submitted = await postJson<{ id: string }>(
      url('/api/v1/referrals'),
      newSubmission(),
      system,
    );
    expect(submitted.status).toBe(201);
    const [row] = await context.database.dataSource.query<Record<string, string>[]>(
      'SELECT submitted_by, submitter_org_code FROM referrals WHERE id = $1',
      [submitted.body.id],
    );
    expect(row).toEqual({ submitted_by: `api-key:${issued.body.id}`, submitter_org_code: 'RYD' });
    expect((await hub(system)).status).toBe(403);

    const revoked = await postJson(
      url(`/api/v1/admin/api-keys/${issued.body.id}/revoke`),
      {},
      asAdmin,
    );
    expect(revoked.status).toBe(200);
    const after = await postJson<ErrorBody>(url('/api/v1/referrals'), newSubmission(), system);
    expect(after.status).toBe(401);
    expect((await hub({ 'x-api-key': 'fdk_made-up' })).status).toBe(401);
    expect(
      (await hub({ 'x-api-key': issued.body.key, ...(await bearer(context.config, coordinator)) }))
        .status,
    ).toBe(401);
    expect(
      (await postJson(url('/api/v1/admin/api-keys'), { name: 'x', orgCode: 'RYD' })).status,
    ).toBe(403);
  });

  it("keeps one caller's Idempotency-Key apart from another's", async () => {
    const key = { 'idempotency-key': 'retry-7' };
    const first = await postJson<{ id: string }>(url('/api/v1/referrals'), newSubmission(), {
      ...key,
      ...(await bearer(context.config, referrer('VNA12'))),
    });
    const other = await postJson<{ id: string }>(url('/api/v1/referrals'), newSubmission(), {
      ...key,
      ...(await bearer(context.config, referrer('VNA34'))),
    });
    expect([first.status, other.status]).toEqual([201, 201]);
    expect(other.body.id).not.toBe(first.body.id);
  });
});

describe('tokens from an identity provider (JWKS)', () => {
  let context: ApiContext;
  let jwks: Server;
  let sign: (claims: object, options?: { kid?: string }) => Promise<string>;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    context = await startApiContext({
      env: {
        AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        AUTH_JWT_ISSUER: 'https://idp.example.nhs.uk',
        AUTH_JWT_AUDIENCE: 'front-door',
      },
    });
    sign = (claims, options = {}) =>
      new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'idp-1' })
        .setSubject('cis2-555')
        .setIssuer('https://idp.example.nhs.uk')
        .setAudience('front-door')
        .setExpirationTime('5m')
        .sign(privateKey);
  });
  afterAll(async () => {
    await context.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const hub = (token: string) =>
    getJson(`${context.api.url}/api/v1/queues/hub`, { authorization: `Bearer ${token}` });

  it("accepts the provider's RS256 tokens for the right issuer and audience", async () => {
    expect((await hub(await sign({ roles: ['coordinator'] }))).status).toBe(200);
  });

  it('refuses a token signed by a key the provider does not publish', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ roles: ['coordinator'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
      .setSubject('x')
      .setIssuer('https://idp.example.nhs.uk')
      .setAudience('front-door')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await hub(forged)).status).toBe(401);
    expect((await hub(await sign({ roles: ['coordinator'] }, { kid: 'unknown' }))).status).toBe(
      401,
    );
  });

  it('refuses an HS256 token without the configured issuer and audience', async () => {
    const local = await signToken(
      { sub: 'c', roles: ['coordinator'] },
      context.config.AUTH_JWT_SECRET,
    );
    expect((await hub(local)).status).toBe(401);
  });
});
