import Redis from 'ioredis';
import { liveChannel, type LiveMessage } from '@frontdoor/realtime';
import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission } from '../support/factories';
import { postJson } from '../support/http';

/** Every committed referral event reaches the live channel, thin and without patient details. */
describe('live updates', () => {
  let context: ApiContext;
  let subscriber: Redis;
  const messages: LiveMessage[] = [];

  beforeAll(async () => {
    context = await startApiContext({ worker: true });
    subscriber = new Redis(context.redis.url);
    await subscriber.subscribe(liveChannel(context.config.REDIS_PREFIX));
    subscriber.on('message', (_channel, text: string) =>
      messages.push(JSON.parse(text) as LiveMessage),
    );
  });
  afterAll(async () => {
    subscriber.disconnect();
    await context.close();
  });

  it('publishes the received and triaged steps of a new referral to the hub and its team, with increasing seq', async () => {
    const { body } = await postJson<{ id: string }>(
      `${context.api.url}/api/v1/referrals`,
      newSubmission(),
    );
    const deadline = Date.now() + 10_000;
    const mine = () => messages.filter((message) => message.payload.id === body.id);
    while (mine().length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));

    const [received, triaged] = mine();
    expect(received).toMatchObject({
      event: 'referral.changed',
      rooms: expect.arrayContaining(['hub']),
      payload: { status: expect.any(String) },
    });
    expect(triaged).toMatchObject({
      event: 'referral.changed',
      rooms: ['hub', 'team:ucr-medway'],
      payload: {
        status: 'triaged',
        teamCode: 'ucr-medway',
        urgency: '2_hour',
        clockState: 'on_time',
      },
    });
    expect(triaged.payload.seq).toBeGreaterThan(received.payload.seq);
    const text = JSON.stringify(mine());
    for (const identifier of ['9990000018', 'Lovelace', 'Ada', '1938-04-02', 'ME7 1AA']) {
      expect(text).not.toContain(identifier);
    }
  });
});
