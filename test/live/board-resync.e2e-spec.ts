import { LiveBoard, type ApplyOutcome, type LiveRoom, type QueueItem } from '@frontdoor/realtime';
import { bearer, coordinator, teamLead, type Person } from '../support/auth';
import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission, TEST_NHS } from '../support/factories';
import { getJson } from '../support/http';
import { act, submitTriaged } from '../support/journey';
import { connect, liveSocket, type LiveSocket } from '../support/live';

const TEAM = 'ucr-medway';

interface Snapshot {
  seq: number;
  total: number;
  items: QueueItem[];
}

/**
 * A board as the browser keeps one: subscribe, load the snapshot, apply events, reload when
 * LiveBoard asks; after a reconnect, subscribe again and reload.
 */
class FollowedBoard {
  readonly board: LiveBoard;
  readonly socket: LiveSocket;
  /** Events applied in place, without a reload. */
  applied = 0;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly context: ApiContext,
    readonly room: LiveRoom,
    private readonly headers: Record<string, string>,
  ) {
    this.board = new LiveBoard(room);
    this.socket = liveSocket(context.api.url, {
      token: headers.authorization.replace(/^Bearer /, ''),
    });
    this.socket.on('referral.changed', (payload) =>
      this.outcome(this.board.apply('referral.changed', payload)),
    );
    this.socket.on('clock.alert', (payload) =>
      this.outcome(this.board.apply('clock.alert', payload)),
    );
  }

  async start(): Promise<void> {
    await connect(this.socket);
    await this.subscribeAndLoad();
  }

  drop(): void {
    this.socket.disconnect();
  }

  async reconnect(): Promise<void> {
    await connect(this.socket);
    this.board.reconnected();
    await this.subscribeAndLoad();
  }

  /** Resolves once no reload is pending or running. */
  async settled(): Promise<void> {
    while (this.loading) await this.loading;
  }

  private async subscribeAndLoad(): Promise<void> {
    const answer = await this.socket.emitWithAck('subscribe', { room: this.room });
    expect(answer).toEqual({ ok: true, room: this.room });
    this.reload();
    await this.settled();
  }

  private outcome(outcome: ApplyOutcome): void {
    if (outcome === 'applied') this.applied += 1;
    if (outcome === 'reload') this.reload();
  }

  private reload(): void {
    this.loading ??= (async () => {
      while (this.board.reloadNeeded)
        this.board.load(await snapshot(this.context, this.room, this.headers));
    })().finally(() => {
      this.loading = null;
    });
  }
}

async function snapshot(
  context: ApiContext,
  room: LiveRoom,
  headers: Record<string, string>,
): Promise<Snapshot> {
  const path = room === 'hub' ? 'hub' : `teams/${room.slice('team:'.length)}`;
  const { status, body } = await getJson<Snapshot>(
    `${context.api.url}/api/v1/queues/${path}`,
    headers,
  );
  expect(status).toBe(200);
  return body;
}

/**
 * A board that drops its connection while referrals change, reconnects and reloads, then
 * follows more changes live, ends with exactly the queue the database holds.
 */
describe('a live board after a dropped connection', () => {
  let context: ApiContext;
  const boards: FollowedBoard[] = [];

  beforeAll(async () => {
    context = await startApiContext({ worker: true });
  });
  afterAll(async () => {
    for (const followed of boards) followed.drop();
    await context.close();
  });

  const as = (person: Person) => bearer(context.config, person);
  const triaged = (nhsNumber: string) =>
    submitTriaged(context, newSubmission({ patient: { nhsNumber } }));

  it('ends with the same hub and team queues as a fresh snapshot', async () => {
    const first = await triaged(TEST_NHS[0]);
    const second = await triaged(TEST_NHS[1]);
    await act(context, second.id, 'confirm_triage', { version: second.version }, coordinator);

    const hub = new FollowedBoard(context, 'hub', await as(coordinator));
    const team = new FollowedBoard(context, `team:${TEAM}`, await as(teamLead(TEAM)));
    boards.push(hub, team);
    await Promise.all([hub.start(), team.start()]);
    expect(hub.board.items.map((item) => item.id)).toEqual([first.id]);
    expect(team.board.items.map((item) => item.id)).toEqual([second.id]);

    // Offline: the hub hands one over, the team accepts and assigns, new referrals arrive.
    hub.drop();
    team.drop();
    await act(context, first.id, 'confirm_triage', { version: first.version }, coordinator);
    await act(context, second.id, 'accept', { version: second.version + 1 }, teamLead(TEAM));
    await act(
      context,
      second.id,
      'assign',
      { version: second.version + 2, clinicianId: 'nurse-7' },
      teamLead(TEAM),
    );
    const third = await triaged(TEST_NHS[2]);
    expect(hub.board.items.map((item) => item.id)).toEqual([first.id]);
    expect(team.board.items[0]).toMatchObject({ id: second.id, status: 'triaged' });
    await Promise.all([hub.reconnect(), team.reconnect()]);
    expect(hub.board.items.map((item) => item.id)).toEqual([third.id]);

    // Online again: changes arrive as events.
    await act(context, first.id, 'accept', { version: first.version + 2 }, teamLead(TEAM));
    await act(
      context,
      second.id,
      'hand_back',
      { version: second.version + 3, reason: 'Needs a dementia crisis response' },
      teamLead(TEAM),
    );
    await act(
      context,
      third.id,
      'cancel',
      { version: third.version, reason: 'withdrawn' },
      coordinator,
    );
    const fourth = await triaged(TEST_NHS[3]);
    await act(context, fourth.id, 'confirm_triage', { version: fourth.version }, coordinator);

    for (const followed of [hub, team]) {
      const fresh = await converged(followed);
      expect(followed.board.items).toEqual(fresh.items);
      expect(followed.board.reloadNeeded).toBeNull();
    }
    expect(hub.board.items.map((item) => item.id)).toEqual([second.id]);
    // The team's accept came after its reload, and was applied in place.
    expect(team.applied).toBeGreaterThanOrEqual(1);
    expect(team.board.items.map((item) => item.id).sort()).toEqual([first.id, fourth.id].sort());
  });

  /** Waits (10 s at most) for the board to match a fresh snapshot; returns the last one read. */
  async function converged(followed: FollowedBoard): Promise<Snapshot> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      await followed.settled();
      const fresh = await snapshot(context, followed.room, await as(coordinator));
      const same = JSON.stringify(followed.board.items) === JSON.stringify(fresh.items);
      if (same || Date.now() > deadline) return fresh;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});
