import { LiveBoard } from './live-board';
import type { LiveEvents } from './live-events';
import { queueRoomOf, type QueueItem } from './queue-item';

const item = (id: string, overrides: Partial<QueueItem> = {}): QueueItem => ({
  id,
  reference: `FD-${id}`,
  status: 'accepted',
  version: 3,
  pathway: 'ucr',
  urgency: '2_hour',
  team: 'ucr-medway',
  assignee: null,
  receivedAt: '2026-11-26T09:00:00.000Z',
  responseDueAt: `2026-11-26T1${id}:00:00.000Z`,
  clockState: 'on_time',
  flags: [],
  redFlags: [],
  patient: { initials: 'AL', age: 87 },
  ...overrides,
});

type Changed = LiveEvents['referral.changed'];

/** An event for team:ucr-medway about item `id`, as the worker sends it. */
const changed = (
  seq: number,
  previousSeq: number | null,
  id: string,
  overrides: Partial<Changed> = {},
): Changed => ({
  room: 'team:ucr-medway',
  previousSeq,
  seq,
  id,
  status: 'accepted',
  version: 4,
  teamCode: 'ucr-medway',
  urgency: '2_hour',
  responseDueAt: `2026-11-26T1${id}:00:00.000Z`,
  clockState: 'on_time',
  pathway: 'ucr',
  assignee: null,
  flags: [],
  redFlags: [],
  inQueue: true,
  ...overrides,
});

function loaded(items: QueueItem[] = [item('1'), item('2'), item('3')], seq = 100) {
  const board = new LiveBoard('team:ucr-medway');
  expect(board.load({ seq, items })).toBeNull();
  return board;
}

const ids = (board: LiveBoard) => board.items.map((one) => one.id);

describe('a live board', () => {
  it('asks for a snapshot before anything else, and keeps early events for it', () => {
    const board = new LiveBoard('team:ucr-medway');
    expect(board.reloadNeeded).toBe('initial');
    expect(board.apply('referral.changed', changed(101, 90, '2', { assignee: 'c-1' }))).toBe(
      'reload',
    );
    expect(board.load({ seq: 100, items: [item('1'), item('2')] })).toBeNull();
    expect(board.items[1].assignee).toBe('c-1');
    expect(board.seq).toBe(101);
  });

  it('applies changes in order, moving an item to where the queue order puts it', () => {
    const board = loaded();
    expect(
      board.apply(
        'referral.changed',
        changed(101, 99, '1', { responseDueAt: '2026-11-26T18:00:00.000Z' }),
      ),
    ).toBe('applied');
    expect(ids(board)).toEqual(['2', '3', '1']);
    expect(board.apply('referral.changed', changed(102, 101, '3', { status: 'assigned' }))).toBe(
      'applied',
    );
    expect(board.items[1]).toMatchObject({ id: '3', status: 'assigned', version: 4 });
    expect(board.seq).toBe(102);
    expect(board.reloadNeeded).toBeNull();
  });

  it('removes an item that left the queue, and a late event cannot bring it back', () => {
    const board = loaded();
    expect(
      board.apply(
        'referral.changed',
        changed(101, 99, '2', { status: 'discharged', version: 5, inQueue: false }),
      ),
    ).toBe('applied');
    expect(ids(board)).toEqual(['1', '3']);
    expect(board.apply('referral.changed', changed(100, 101, '2', { version: 4 }))).toBe('ignored');
    expect(ids(board)).toEqual(['1', '3']);
  });

  it('ignores duplicates and versions older than the one it shows', () => {
    const board = loaded();
    const event = changed(101, 99, '1', { assignee: 'c-1' });
    expect(board.apply('referral.changed', event)).toBe('applied');
    expect(board.apply('referral.changed', event)).toBe('ignored');
    expect(board.apply('referral.changed', changed(95, 101, '1', { version: 2 }))).toBe('ignored');
    expect(board.items[0]).toMatchObject({ assignee: 'c-1', version: 4 });
  });

  it('applies a late event by version even when its seq is below the snapshot', () => {
    // Seq 98 committed after the snapshot (seq 100) was read: its news is not in it.
    const board = loaded();
    expect(board.apply('referral.changed', changed(98, 100, '2', { assignee: 'c-2' }))).toBe(
      'applied',
    );
    expect(board.items[1].assignee).toBe('c-2');
    expect(board.seq).toBe(100);
  });

  it('ignores events of other rooms, and seqs that jumped over other rooms', () => {
    const board = loaded();
    expect(board.apply('referral.changed', { ...changed(101, 99, '1'), room: 'hub' })).toBe(
      'ignored',
    );
    expect(board.apply('referral.changed', changed(250, 100, '1', { assignee: 'c-1' }))).toBe(
      'applied',
    );
    expect(board.reloadNeeded).toBeNull();
  });

  it('asks for a reload on a gap, and replays what came meanwhile onto the new snapshot', () => {
    const board = loaded();
    expect(board.apply('referral.changed', changed(105, 103, '1', { assignee: 'c-1' }))).toBe(
      'reload',
    );
    expect(board.reloadNeeded).toBe('gap');
    expect(board.apply('referral.changed', changed(106, 105, '3', { assignee: 'c-3' }))).toBe(
      'reload',
    );
    // Nothing changes until the snapshot comes.
    expect(board.items.every((one) => one.assignee === null)).toBe(true);

    const fresh = [item('1', { version: 4, assignee: 'c-1' }), item('2'), item('3')];
    expect(board.load({ seq: 105, items: fresh })).toBeNull();
    expect(board.items.map((one) => one.assignee)).toEqual(['c-1', null, 'c-3']);
    expect(board.seq).toBe(106);
  });

  it('asks for a reload after a reconnect, whatever came before', () => {
    const board = loaded();
    board.reconnected();
    expect(board.reloadNeeded).toBe('reconnect');
    expect(board.apply('referral.changed', changed(101, 100, '1'))).toBe('reload');
    expect(board.load({ seq: 120, items: [item('1', { version: 9 })] })).toBeNull();
    expect(board.items).toEqual([item('1', { version: 9 })]);
  });

  it('asks for a reload when a referral enters the queue: events carry no initials or age', () => {
    const board = loaded();
    expect(board.apply('referral.changed', changed(101, 100, '4', { version: 1 }))).toBe('reload');
    expect(board.reloadNeeded).toBe('entered');
    expect(board.load({ seq: 101, items: [...board.items, item('4')] })).toBeNull();
    expect(ids(board)).toEqual(['1', '2', '3', '4']);
  });

  it('ignores a referral that is not in its queue and never was', () => {
    const board = loaded();
    expect(board.apply('referral.changed', changed(101, 100, '9', { inQueue: false }))).toBe(
      'ignored',
    );
    expect(board.reloadNeeded).toBeNull();
  });

  it('asks for a reload when a truncated snapshot loses an item or one moves past its end', () => {
    const moved = new LiveBoard('team:ucr-medway');
    moved.load({ seq: 100, items: [item('1'), item('2')], total: 5 });
    expect(
      moved.apply(
        'referral.changed',
        changed(101, 100, '1', { responseDueAt: '2026-11-27T10:00:00.000Z' }),
      ),
    ).toBe('reload');
    expect(moved.reloadNeeded).toBe('window');

    const shrunk = new LiveBoard('team:ucr-medway');
    shrunk.load({ seq: 100, items: [item('1'), item('2')], total: 5 });
    expect(shrunk.apply('referral.changed', changed(101, 100, '2', { inQueue: false }))).toBe(
      'reload',
    );
    expect(shrunk.reloadNeeded).toBe('window');
  });

  it('raises a clock alert on its item, never lowering or restarting a clock', () => {
    const board = loaded([item('1'), item('2', { clockState: 'stopped' })]);
    const alert = (seq: number, id: string, level: 'at_risk' | 'breached') => ({
      room: 'team:ucr-medway' as const,
      previousSeq: seq - 1,
      seq,
      id,
      teamCode: 'ucr-medway',
      level,
      responseDueAt: null,
    });
    expect(board.apply('clock.alert', alert(101, '1', 'breached'))).toBe('applied');
    expect(board.apply('clock.alert', alert(102, '1', 'at_risk'))).toBe('ignored');
    expect(board.apply('clock.alert', alert(103, '2', 'breached'))).toBe('ignored');
    expect(board.items.map((one) => one.clockState)).toEqual(['breached', 'stopped']);
  });

  it('orders the hub with immediate referrals first, then by due time', () => {
    const hub = new LiveBoard('hub');
    const first = item('1', { status: 'triaged', urgency: 'same_day' });
    const second = item('2', { status: 'triaged', responseDueAt: null, urgency: null });
    hub.load({ seq: 10, items: [first, second] });
    const immediate = changed(11, 10, '2', {
      room: 'hub',
      status: 'triaged',
      urgency: 'immediate',
      responseDueAt: null,
    });
    expect(hub.apply('referral.changed', immediate)).toBe('applied');
    expect(ids(hub)).toEqual(['2', '1']);
  });
});

describe('which queue holds a referral', () => {
  it.each([
    [{ status: 'received', teamCode: null, hubConfirmed: false }, 'hub'],
    [{ status: 'triaged', teamCode: 'ucr-medway', hubConfirmed: false }, 'hub'],
    [{ status: 'triaged', teamCode: 'ucr-medway', hubConfirmed: true }, 'team:ucr-medway'],
    [{ status: 'awaiting_information', teamCode: 't', hubConfirmed: true }, 'team:t'],
    [{ status: 'in_care', teamCode: 'ucr-medway', hubConfirmed: false }, 'team:ucr-medway'],
    [{ status: 'triaged', teamCode: null, hubConfirmed: true }, null],
    [{ status: 'discharged', teamCode: 'ucr-medway', hubConfirmed: true }, null],
  ] as const)('%j is in %s', (referral, room) => {
    expect(queueRoomOf(referral)).toBe(room);
  });
});
