import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { clockStateOf } from '@frontdoor/domain';
import { clockJobId, clocks, CLOCK_SWEEP_LOCK, type StartClock } from '@frontdoor/persistence';
import { JobQueue, JOBS, QUEUE } from '@frontdoor/queues';
import { ClockAlertHandler } from '../../apps/worker/src/clocks/clock-alert.handler';
import {
  ClockSweepHandler,
  SWEEP_GRACE_MS,
} from '../../apps/worker/src/clocks/clock-sweep.handler';
import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission } from '../support/factories';
import { getJson, postJson } from '../support/http';

interface ClockEvent {
  type: string;
  at: Date;
  actor_id: string;
  actor_role: string;
  data: { clockId: string; level: string; caughtBy: string; lateByMs: number; dueAt: string };
}

/** How late a job may fire and still count as on time (the bench's bar). */
const ON_TIME_MS = 1_000;

// These tests wait for real delayed jobs: longer than Jest's default 5 s.
jest.setTimeout(30_000);

describe('response clocks', () => {
  let context: ApiContext;

  beforeAll(async () => {
    context = await startApiContext({ worker: true });
  });
  afterAll(async () => {
    await context.close();
  });

  const db = () => context.database.dataSource;
  const inTx = <T>(work: (manager: EntityManager) => Promise<T>) => db().transaction(work);
  const clockQueue = () => context.worker!.get(JobQueue).queue(QUEUE.clocks);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const inMs = (ms: number) => new Date(Date.now() + ms);

  async function insertReferral(): Promise<string> {
    const [{ id }] = await db().query<{ id: string }[]>(
      `INSERT INTO referrals (reference, status, referrer_type, referrer, patient, clinical,
         consent, channel, submitted_by)
       VALUES ($1, 'triaged', 'gp', '{}', '{}', '{}', 'patient', 'api', 'test') RETURNING id`,
      [`FD-T${randomBytes(4).toString('hex').toUpperCase()}`],
    );
    return id;
  }

  async function startClock(overrides: Partial<StartClock> & { dueInMs: number }) {
    const referralId = overrides.referralId ?? (await insertReferral());
    const startedAt = overrides.startedAt ?? new Date();
    const clock = await inTx((manager) =>
      clocks.start(manager, {
        referralId,
        urgency: overrides.urgency ?? '2_hour',
        startedAt,
        dueAt: overrides.dueAt ?? new Date(startedAt.getTime() + overrides.dueInMs),
      }),
    );
    return { referralId, clock: clock! };
  }

  async function clockEvents(referralId: string): Promise<ClockEvent[]> {
    return db().query<ClockEvent[]>(
      `SELECT type, at, actor_id, actor_role, data FROM referral_events
       WHERE referral_id = $1 AND type LIKE 'clock.%' ORDER BY seq`,
      [referralId],
    );
  }

  async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await sleep(50);
    }
  }

  async function delayedJobsOf(clockId: string): Promise<string[]> {
    const found: string[] = [];
    for (const level of ['at_risk', 'breached'] as const) {
      const job = await clockQueue().getJob(clockJobId(clockId, level));
      if (job && (await job.isDelayed())) found.push(level);
    }
    return found;
  }

  it('raises the at_risk warning at 75% of a short target and the breach when due, each within a second', async () => {
    const { referralId, clock } = await startClock({ dueInMs: 4_000 });
    expect(clock.atRiskAt.getTime() - clock.startedAt.getTime()).toBe(3_000);
    expect(clockStateOf(clock, new Date())).toBe('on_time');

    const events = await waitFor(async () => {
      const found = await clockEvents(referralId);
      return found.length === 2 ? found : undefined;
    });
    expect(events.map((event) => event.type)).toEqual(['clock.at_risk', 'clock.breached']);
    for (const [event, due] of [
      [events[0], clock.atRiskAt],
      [events[1], clock.dueAt],
    ] as const) {
      const late = event.at.getTime() - due.getTime();
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(ON_TIME_MS);
      expect(event).toMatchObject({
        actor_id: 'clock',
        actor_role: 'system',
        data: { clockId: clock.id, caughtBy: 'job', dueAt: clock.dueAt.toISOString() },
      });
    }
    const now = await clocks.current(db().manager, referralId);
    expect(now).toMatchObject({ stoppedAt: null, met: null });
    expect(clockStateOf(now!, new Date())).toBe('breached');
    const lateness = await clocks.alertLateness(db().manager, [clock.id]);
    expect(lateness).toHaveLength(2);
    expect(Math.max(...lateness.map((row) => row.lateByMs))).toBeLessThan(ON_TIME_MS);
  });

  it('never alerts for a clock stopped before it was due: its jobs are removed, and a forced late job does nothing', async () => {
    const { referralId, clock } = await startClock({ dueInMs: 3_000 });
    await waitFor(async () => ((await delayedJobsOf(clock.id)).length === 2 ? true : undefined));

    const stopped = await inTx((manager) => clocks.stop(manager, referralId, new Date()));
    expect(stopped).toMatchObject({ id: clock.id, met: true });
    expect(clockStateOf(stopped!, new Date())).toBe('stopped');
    await waitFor(async () => ((await delayedJobsOf(clock.id)).length === 0 ? true : undefined));

    await sleep(clock.dueAt.getTime() - Date.now() + 500);
    // A job that outlived the stop (say it was already running when the cancel came).
    await context.worker!.get(ClockAlertHandler).handle({ clockId: clock.id, level: 'breached' });
    await clockQueue().add('clock.alert', { clockId: clock.id, level: 'at_risk' });
    await sleep(500);
    expect(await clockEvents(referralId)).toEqual([]);
    // The sweeper does not see it either.
    await sleep(SWEEP_GRACE_MS);
    await context.worker!.get(ClockSweepHandler).sweep();
    expect(await clockEvents(referralId)).toEqual([]);
  });

  it('alerts once however often the job runs', async () => {
    const { referralId, clock } = await startClock({ dueInMs: 1_000 });
    await waitFor(async () =>
      (await clockEvents(referralId)).some((event) => event.type === 'clock.breached')
        ? true
        : undefined,
    );
    const handler = context.worker!.get(ClockAlertHandler);
    await Promise.all([
      handler.handle({ clockId: clock.id, level: 'breached' }),
      handler.handle({ clockId: clock.id, level: 'breached' }),
      handler.handle({ clockId: clock.id, level: 'at_risk' }),
      clockQueue().add('clock.alert', { clockId: clock.id, level: 'breached' }),
    ]);
    await sleep(500);
    expect((await clockEvents(referralId)).map((event) => event.type)).toEqual([
      'clock.at_risk',
      'clock.breached',
    ]);
  });

  it('a job that fires early waits for its time rather than alerting early', async () => {
    const { referralId, clock } = await startClock({ dueInMs: 1_500 });
    await context.worker!.get(ClockAlertHandler).handle({ clockId: clock.id, level: 'breached' });
    const events = await clockEvents(referralId);
    const breach = events.find((event) => event.type === 'clock.breached')!;
    expect(breach.at.getTime()).toBeGreaterThanOrEqual(clock.dueAt.getTime());
    expect(breach.at.getTime() - clock.dueAt.getTime()).toBeLessThan(ON_TIME_MS);
  });

  it('the sweeper raises the alerts of a clock whose delayed jobs were deleted from Redis', async () => {
    const { referralId, clock } = await startClock({ dueInMs: 60 * 60_000 });
    await waitFor(async () => ((await delayedJobsOf(clock.id)).length === 2 ? true : undefined));
    for (const level of ['at_risk', 'breached'] as const) {
      await clockQueue().remove(clockJobId(clock.id, level));
    }
    const sweeper = context.worker!.get(ClockSweepHandler);

    // Shorten the target in the database: the at-risk time passed a while ago.
    await db().query(
      `UPDATE response_clocks SET started_at = clock_timestamp() - interval '10 seconds',
         at_risk_at = clock_timestamp() - interval '3 seconds'
       WHERE id = $1`,
      [clock.id],
    );
    expect(await sweeper.sweep()).toEqual({ ran: true, alerted: 1 });
    // Now it is past due too.
    await db().query(
      `UPDATE response_clocks SET due_at = clock_timestamp() - interval '3 seconds' WHERE id = $1`,
      [clock.id],
    );
    expect(await sweeper.sweep()).toEqual({ ran: true, alerted: 1 });
    expect(await sweeper.sweep()).toEqual({ ran: true, alerted: 0 });

    const events = await clockEvents(referralId);
    expect(events.map((event) => [event.type, event.data.caughtBy])).toEqual([
      ['clock.at_risk', 'sweeper'],
      ['clock.breached', 'sweeper'],
    ]);
  });

  it('the sweeper leaves an alert whose job is still on time alone, and never runs twice at once', async () => {
    const { referralId } = await startClock({ dueInMs: 60 * 60_000 });
    const sweeper = context.worker!.get(ClockSweepHandler);
    const runner = db().createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('SELECT pg_advisory_xact_lock($1)', [CLOCK_SWEEP_LOCK]);
      expect(await sweeper.sweep()).toEqual({ ran: false, alerted: 0 });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect((await sweeper.sweep()).ran).toBe(true);
    expect(await clockEvents(referralId)).toEqual([]);
  });

  it('is scheduled every 30 seconds, once across replicas', async () => {
    const scheduler = await clockQueue().getJobScheduler('clock.sweep');
    expect(scheduler).toMatchObject({ every: JOBS['clock.sweep'].schedule!.everyMs });
    expect(JOBS['clock.sweep'].schedule!.everyMs).toBe(30_000);
  });

  it('keeps the first clock of a referral that is re-routed or re-opened; a later start after a stop is a new clock', async () => {
    const startedAt = new Date(Date.now() - 60_000);
    const { referralId, clock: first } = await startClock({
      startedAt,
      dueInMs: 2 * 60 * 60_000,
    });
    // Re-triaged to another urgency, or re-routed to another team: the same clock.
    const again = await inTx((manager) =>
      clocks.start(manager, {
        referralId,
        urgency: 'same_day',
        startedAt: new Date(),
        dueAt: inMs(8 * 60 * 60_000),
      }),
    );
    expect(again).toEqual(first);
    const [referral] = await db().query<
      { clock_started_at: Date; clock_stopped_at: Date | null; response_due_at: Date }[]
    >('SELECT clock_started_at, clock_stopped_at, response_due_at FROM referrals WHERE id = $1', [
      referralId,
    ]);
    expect(referral).toEqual({
      clock_started_at: first.startedAt,
      clock_stopped_at: null,
      response_due_at: first.dueAt,
    });
    const [{ count }] = await db().query<{ count: string }[]>(
      `SELECT count(*) FROM outbox WHERE job_name = 'clock.alert' AND payload->>'clockId' = $1`,
      [first.id],
    );
    expect(Number(count)).toBe(2);

    const stopAt = new Date();
    await inTx((manager) => clocks.stop(manager, referralId, stopAt));
    // Stopping again changes nothing: a stopped clock is immutable.
    expect(await inTx((manager) => clocks.stop(manager, referralId, inMs(60_000)))).toBeNull();
    // Re-opened: the same start is the same (stopped) clock.
    const reopened = await inTx((manager) =>
      clocks.start(manager, { referralId, urgency: '2_hour', startedAt, dueAt: first.dueAt }),
    );
    expect(reopened).toMatchObject({ id: first.id, stoppedAt: stopAt, met: true });
    // Stepped up later: a new clock from the step-up.
    const steppedUp = await inTx((manager) =>
      clocks.start(manager, {
        referralId,
        urgency: '2_hour',
        startedAt: new Date(),
        dueAt: inMs(2 * 60 * 60_000),
      }),
    );
    expect(steppedUp!.id).not.toBe(first.id);
    expect((await clocks.history(db().manager, referralId)).map((clock) => clock.id)).toEqual([
      first.id,
      steppedUp!.id,
    ]);
    expect((await clocks.current(db().manager, referralId))!.id).toBe(steppedUp!.id);
  });

  it('records met when stopped by the due time and not met after it; a breached clock stays unmet-pending until stopped', async () => {
    const onTime = await startClock({ dueInMs: 60 * 60_000 });
    const metClock = await inTx((manager) =>
      clocks.stop(manager, onTime.referralId, onTime.clock.dueAt),
    );
    expect(metClock).toMatchObject({ met: true, stoppedAt: onTime.clock.dueAt });

    const late = await startClock({
      startedAt: new Date(Date.now() - 3 * 60 * 60_000),
      dueInMs: 2 * 60 * 60_000,
    });
    await waitFor(async () =>
      (await clockEvents(late.referralId)).some((event) => event.type === 'clock.breached')
        ? true
        : undefined,
    );
    expect(await clocks.current(db().manager, late.referralId)).toMatchObject({ met: null });
    const stopAt = new Date();
    const unmet = await inTx((manager) => clocks.stop(manager, late.referralId, stopAt));
    expect(unmet).toMatchObject({ met: false, stoppedAt: stopAt });
    const [referral] = await db().query<{ clock_stopped_at: Date }[]>(
      'SELECT clock_stopped_at FROM referrals WHERE id = $1',
      [late.referralId],
    );
    expect(referral.clock_stopped_at).toEqual(stopAt);
    // An at_risk warning that never went out before the breach is not raised after it.
    expect((await clockEvents(late.referralId)).map((event) => event.type)).toEqual([
      'clock.breached',
    ]);
  });

  it('records CSDS measurement types: 05 for 2-hour, 06 for 48-hour, none for local targets; no clock for immediate', async () => {
    const kinds = ['2_hour', '48_hour', 'same_day', 'routine'] as const;
    const types = [];
    for (const urgency of kinds) {
      const { clock } = await startClock({ urgency, dueInMs: 24 * 60 * 60_000 });
      types.push([clock.kind, clock.measurementType]);
    }
    expect(types).toEqual([
      ['2_hour', '05'],
      ['48_hour', '06'],
      ['same_day', null],
      ['routine', null],
    ]);
    const referralId = await insertReferral();
    const none = await inTx((manager) =>
      clocks.start(manager, {
        referralId,
        urgency: 'immediate',
        startedAt: new Date(),
        dueAt: null,
      }),
    );
    expect(none).toBeNull();
    expect(await clocks.current(db().manager, referralId)).toBeNull();
  });

  it('triage starts a 2-hour clock (type 05) from receipt', async () => {
    const { body } = await postJson<{ id: string }>(
      `${context.api.url}/api/v1/referrals`,
      newSubmission(),
    );
    const referral = await waitFor(async () => {
      const found = (
        await getJson<{ status: string; receivedAt: string }>(
          `${context.api.url}/api/v1/referrals/${body.id}`,
        )
      ).body;
      return found.status === 'triaged' ? found : undefined;
    }, 20_000);
    const clock = await clocks.current(db().manager, body.id);
    expect(clock).toMatchObject({ kind: '2_hour', measurementType: '05', stoppedAt: null });
    expect(clock!.startedAt.toISOString()).toBe(referral.receivedAt);
    expect(clock!.dueAt.getTime() - clock!.startedAt.getTime()).toBe(120 * 60_000);
    expect(clock!.atRiskAt.getTime() - clock!.startedAt.getTime()).toBe(90 * 60_000);
    const [row] = await db().query<{ clock_started_at: Date; response_due_at: Date }[]>(
      'SELECT clock_started_at, response_due_at FROM referrals WHERE id = $1',
      [body.id],
    );
    expect(row).toEqual({ clock_started_at: clock!.startedAt, response_due_at: clock!.dueAt });
  });
});
