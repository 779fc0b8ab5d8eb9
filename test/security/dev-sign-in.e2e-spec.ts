import { startApiContext, type ApiContext } from '../support/context';
import { getJson, postJson } from '../support/http';
import { createApi } from '../../apps/api/src/bootstrap';

interface SignedIn {
  token: string;
  user: { id: string; roles: string[]; teamIds: string[] };
}

describe('development sign-in', () => {
  let context: ApiContext;
  beforeAll(async () => {
    context = await startApiContext();
  });
  afterAll(async () => {
    await context.close();
  });
  const nobody = { authorization: '' };

  it('lists the seeded people and signs one in without a credential', async () => {
    const list = await getJson<{ users: { id: string }[] }>(
      `${context.api.url}/api/v1/dev/users`,
      nobody,
    );
    expect(list.status).toBe(200);
    expect(list.body.users.map((user) => user.id)).toContain('lead-ucr-medway');

    const signIn = await postJson<SignedIn>(
      `${context.api.url}/api/v1/dev/sign-in`,
      { userId: 'lead-ucr-medway' },
      nobody,
    );
    expect(signIn.status).toBe(200);
    expect(signIn.body.user).toMatchObject({ roles: ['team_lead'], teamIds: ['ucr-medway'] });
    // The token works like any other: the lead may read their own team's queue, not the hub's.
    const auth = { authorization: `Bearer ${signIn.body.token}` };
    expect((await getJson(`${context.api.url}/api/v1/queues/teams/ucr-medway`, auth)).status).toBe(
      200,
    );
    expect((await getJson(`${context.api.url}/api/v1/queues/hub`, auth)).status).toBe(403);
  });

  it('refuses an unknown person and unknown fields', async () => {
    const url = `${context.api.url}/api/v1/dev/sign-in`;
    expect((await postJson(url, { userId: 'nobody-here' }, nobody)).status).toBe(404);
    expect((await postJson(url, { userId: 'coord-amara', roles: ['admin'] }, nobody)).status).toBe(
      400,
    );
  });

  it('does not exist when NODE_ENV is production', async () => {
    const config = {
      ...context.config,
      NODE_ENV: 'production' as const,
      DB_MIGRATE_ON_START: false,
    };
    const app = await createApi(config);
    await app.init();
    try {
      const answer = await app.inject({
        method: 'POST',
        url: '/api/v1/dev/sign-in',
        payload: { userId: 'coord-amara' },
      });
      expect(answer.statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
