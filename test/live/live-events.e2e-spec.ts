import { startApiContext, type ApiContext } from '../support/context';
import { bearer, coordinator, teamLead } from '../support/auth';
import { newSubmission } from '../support/factories';
import { postJson } from '../support/http';
import { connect, liveClient, liveSocket, type LiveClient, type Received } from '../support/live';

/**
 * The live feed over real sockets: who may connect, and a new referral's steps reaching the
 * hub and its team as thin events, each with its room and the previous seq sent there.
 */
describe('the live feed', () => {
  let context: ApiContext;
  const clients: LiveClient[] = [];
  const client = async (auth: Parameters<typeof liveClient>[1]) => {
    const opened = await liveClient(context.api.url, auth);
    clients.push(opened);
    return opened;
  };

  beforeAll(async () => {
    context = await startApiContext({ worker: true });
  });
  afterAll(async () => {
    for (const opened of clients) opened.close();
    await context.close();
  });

  it.each([
    ['no credential', {}, /Sign in/],
    ['a forged token', { token: 'eyJhbGciOiJIUzI1NiJ9.e30.bm9wZQ' }, /not valid/],
    ['an unknown API key', { apiKey: `fdk_${'x'.repeat(43)}` }, /not valid or has been revoked/],
  ])(
    'refuses a connection with %s, saying what to send and nothing more',
    async (_, auth, says) => {
      const socket = liveSocket(context.api.url, auth);
      try {
        const refusal = await connect(socket).then(
          () => new Error('connected'),
          (error: Error) => error,
        );
        expect(refusal.message).toMatch(says);
        expect(refusal.message).not.toMatch(/ at |\.ts:|Error:/);
        expect(socket.connected).toBe(false);
      } finally {
        socket.disconnect();
      }
    },
  );

  it('answers a subscribe that names no room with what to send', async () => {
    const coordinatorClient = await client(await bearer(context.config, coordinator));
    expect(await coordinatorClient.subscribe('everything')).toEqual({
      ok: false,
      error: expect.stringMatching(/Name a room/),
    });
    expect(await coordinatorClient.subscribe('team:no-such-team')).toEqual({
      ok: false,
      error: 'No team with this code',
    });
  });

  it("sends a referral's triage to the hub and its team within seconds, without patient details", async () => {
    const hub = await client(await bearer(context.config, coordinator));
    const team = await client(await bearer(context.config, teamLead('ucr-medway')));
    expect(await hub.subscribe('hub')).toEqual({ ok: true, room: 'hub' });
    expect(await team.subscribe('team:ucr-medway')).toEqual({ ok: true, room: 'team:ucr-medway' });

    const sent = Date.now();
    const { body } = await postJson<{ id: string }>(
      `${context.api.url}/api/v1/referrals`,
      newSubmission(),
    );
    const triaged = (event: Received) =>
      event.event === 'referral.changed' &&
      event.payload.id === body.id &&
      event.payload.status === 'triaged';
    const atHub = await hub.next(triaged);
    expect(Date.now() - sent).toBeLessThan(3_000);
    expect(atHub.payload).toEqual({
      room: 'hub',
      previousSeq: expect.any(Number),
      seq: expect.any(Number),
      id: body.id,
      status: 'triaged',
      version: 2,
      teamCode: 'ucr-medway',
      urgency: '2_hour',
      responseDueAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      clockState: 'on_time',
      pathway: 'ucr',
      assignee: null,
      flags: ['reasonable_adjustments'],
      redFlags: [],
      inQueue: true,
    });

    // The hub saw the referral arrive, then triaged: one chain, in order.
    const received = await hub.next(
      (event) => event.payload.id === body.id && event.payload.seq < atHub.payload.seq,
    );
    expect(received.payload).toMatchObject({ status: 'received', inQueue: true });
    expect(atHub.payload.previousSeq).toBe(received.payload.seq);

    // The team hears of it too, but it waits for the hub's confirmation before it is theirs.
    const atTeam = await team.next(triaged);
    expect(atTeam.payload).toMatchObject({
      room: 'team:ucr-medway',
      seq: atHub.payload.seq,
      inQueue: false,
    });
    expect(team.received.some((event) => event.payload.room !== 'team:ucr-medway')).toBe(false);

    const text = JSON.stringify([...hub.received, ...team.received]);
    for (const identifier of ['9990000018', 'Lovelace', 'Ada', '1938-04-02', 'ME7 1AA']) {
      expect(text).not.toContain(identifier);
    }
  });

  it('stops sending a room after unsubscribe', async () => {
    const hub = await client(await bearer(context.config, coordinator));
    const witness = await client(await bearer(context.config, coordinator));
    await hub.subscribe('hub');
    await witness.subscribe('hub');
    expect(await hub.unsubscribe('hub')).toEqual({ ok: true, room: 'hub' });
    const { body } = await postJson<{ id: string }>(
      `${context.api.url}/api/v1/referrals`,
      newSubmission({ patient: { nhsNumber: '9990000026' } }),
    );
    await witness.next((event) => event.payload.id === body.id);
    expect(hub.received.filter((event) => event.payload.id === body.id)).toEqual([]);
  });
});
