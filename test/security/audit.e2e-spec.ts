import { admin, bearer, referrer } from '../support/auth';
import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission, TEST_NHS } from '../support/factories';
import { getJson, postJson } from '../support/http';

interface AuditItem {
  actor: { id: string; role: string; credential: string };
  permission: string;
  route: string;
  requestId: string;
  ip: string;
}

describe('the audit trail', () => {
  let context: ApiContext;
  const url = (path: string) => `${context.api.url}${path}`;
  const auditOf = async (referralId: string) =>
    getJson<{ items: AuditItem[] }>(
      url(`/api/v1/audit?referralId=${referralId}`),
      await bearer(context.config, admin),
    );

  beforeAll(async () => {
    context = await startApiContext();
  });
  afterAll(async () => {
    await context.close();
  });

  it('records who submitted and who read a referral, with role, route, request and address', async () => {
    const submitted = await postJson<{ id: string; links: { self: string; status: string } }>(
      url('/api/v1/referrals'),
      newSubmission(),
      await bearer(context.config, referrer('VNA12')),
    );
    const read = await getJson(url(submitted.body.links.self));
    const timeline = await getJson(url(`${submitted.body.links.self}/events`));
    expect([submitted.status, read.status, timeline.status]).toEqual([201, 200, 200]);

    const audit = await auditOf(submitted.body.id);
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        actor: { id: 'referrer-VNA12', role: 'referrer', credential: 'jwt' },
        permission: 'referral.submit',
        route: 'POST /api/v1/referrals',
        requestId: submitted.headers.get('x-request-id'),
        ip: '127.0.0.1',
      }),
      expect.objectContaining({
        actor: { id: 'coord-1', role: 'coordinator', credential: 'jwt' },
        permission: 'referral.read',
        route: 'GET /api/v1/referrals/:id',
        requestId: read.headers.get('x-request-id'),
      }),
      expect.objectContaining({
        permission: 'referral.read',
        route: 'GET /api/v1/referrals/:id/events',
      }),
      expect.objectContaining({
        actor: { id: 'admin-1', role: 'admin', credential: 'jwt' },
        permission: 'audit.read',
      }),
    ]);
    expect((await getJson(url(`/api/v1/audit?referralId=${submitted.body.id}`))).status).toBe(403);
    expect((await auditOf('not-a-uuid')).status).toBe(400);
  });

  it('fails the request rather than let an unrecorded read or write through', async () => {
    const submitted = await postJson<{ id: string; links: { self: string } }>(
      url('/api/v1/referrals'),
      newSubmission({ patient: { nhsNumber: TEST_NHS[3] } }),
    );
    const db = context.database.dataSource;
    await db.query(`
      CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$;
      CREATE TRIGGER audit_down BEFORE INSERT ON audit_events
        FOR EACH ROW EXECUTE FUNCTION refuse_audit();
    `);
    try {
      const read = await getJson<Record<string, unknown>>(url(submitted.body.links.self));
      expect(read.status).toBe(503);
      expect(read.text).not.toContain('Lovelace');
      const [{ count: before }] = await db.query<{ count: string }[]>(
        'SELECT count(*) FROM referrals',
      );
      const write = await postJson(
        url('/api/v1/referrals'),
        newSubmission({ patient: { nhsNumber: TEST_NHS[4] } }),
      );
      expect(write.status).toBe(503);
      const [{ count: after }] = await db.query<{ count: string }[]>(
        'SELECT count(*) FROM referrals',
      );
      expect(after).toBe(before);
    } finally {
      await db.query('DROP TRIGGER audit_down ON audit_events; DROP FUNCTION refuse_audit();');
    }
  });
});
