import { startApi, type RunningApi } from '../support/apps';
import { bearer, coordinator } from '../support/auth';
import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission } from '../support/factories';
import { postJson } from '../support/http';
import { liveClient, type LiveClient } from '../support/live';

/** Two api processes on one Redis: a socket held by either hears what the other caused. */
describe('live events across api processes', () => {
  let context: ApiContext;
  let second: RunningApi;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    context = await startApiContext({ worker: true });
    second = await startApi(context.config);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await second.close();
    await context.close();
  });

  it('delivers a change submitted through api A to a board connected to api B, and to A', async () => {
    for (const api of [second.url, context.api.url]) {
      const client = await liveClient(api, await bearer(context.config, coordinator));
      expect(await client.subscribe('hub')).toEqual({ ok: true, room: 'hub' });
      clients.push(client);
    }
    const { body } = await postJson<{ id: string }>(
      `${context.api.url}/api/v1/referrals`,
      newSubmission(),
    );
    for (const client of clients) {
      const event = await client.next(
        ({ event, payload }) =>
          event === 'referral.changed' && payload.id === body.id && payload.status === 'triaged',
      );
      expect(event.payload).toMatchObject({ room: 'hub', teamCode: 'ucr-medway' });
    }
  });
});
