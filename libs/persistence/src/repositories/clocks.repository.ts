import type { EntityManager } from 'typeorm';
import { atRiskAt, type Urgency } from '@frontdoor/domain';
import type {
  ClockKind,
  CsdsMeasurementType,
  ResponseClockEntity,
} from '../entities/response-clock.entity';

/** The two alerts a clock raises: at 75% of its target, and when it is due. */
export type ClockLevel = 'at_risk' | 'breached';
export const CLOCK_LEVELS: readonly ClockLevel[] = Object.freeze(['at_risk', 'breached']);

/** A response clock as the repository returns it (the response_clocks row). */
export type ResponseClock = Omit<ResponseClockEntity, 'createdAt'>;

/** pg_try_advisory_xact_lock key of the clock sweeper: two sweeps never overlap. */
export const CLOCK_SWEEP_LOCK = 7_306_245_020;

/** Who raised an alert: its own delayed job, or the sweeper catching a lost one. */
export type AlertSource = 'job' | 'sweeper';

export type AlertOutcome =
  | { outcome: 'alerted'; lateByMs: number }
  /** Not due yet at this level (a job that fired early): try again in `waitMs`. */
  | { outcome: 'early'; waitMs: number }
  /** Nothing to do: no such clock, stopped, already alerted, or an at_risk past due. */
  | { outcome: 'missing' | 'stopped' | 'already' | 'superseded' };

export interface StartClock {
  referralId: string;
  /** The referral's urgency; `immediate` (999/ED now) and null run no clock. */
  urgency: Urgency | null;
  /** Usually the referral's receivedAt (the UCR clock starts at receipt). */
  startedAt: Date;
  /** responseDueAt for the urgency; null runs no clock. */
  dueAt: Date | null;
}

/**
 * The deterministic BullMQ job id of a clock's alert. Keyed by the CLOCK id, not the
 * referral id: a referral can have several clocks in its life (a step-up starts a new one),
 * and a completed job is kept for a week, so a referral-keyed id would silently swallow the
 * next clock's alert. Exactly three ':'-separated parts, as BullMQ requires of custom ids.
 */
export function clockJobId(clockId: string, level: ClockLevel): string {
  return `clock:${clockId}:${level}`;
}

/** The urgencies that run a clock. */
export function isClockKind(urgency: Urgency | null): urgency is ClockKind {
  return urgency !== null && urgency !== 'immediate';
}

/** CSDS waiting time measurement type: 05 = 2-hour UCR, 06 = 2-day; local targets have none. */
export function measurementTypeFor(kind: ClockKind): CsdsMeasurementType | null {
  if (kind === '2_hour') return '05';
  if (kind === '48_hour') return '06';
  return null;
}

const CLOCK_COLUMNS = `id, referral_id, kind, measurement_type, started_at, at_risk_at, due_at,
  stopped_at, met, at_risk_alerted_at, breached_alerted_at`;

interface ClockRow {
  id: string;
  referral_id: string;
  kind: ClockKind;
  measurement_type: CsdsMeasurementType | null;
  started_at: Date;
  at_risk_at: Date;
  due_at: Date;
  stopped_at: Date | null;
  met: boolean | null;
  at_risk_alerted_at: Date | null;
  breached_alerted_at: Date | null;
}

function toClock(row: ClockRow): ResponseClock {
  return {
    id: row.id,
    referralId: row.referral_id,
    kind: row.kind,
    measurementType: row.measurement_type,
    startedAt: row.started_at,
    atRiskAt: row.at_risk_at,
    dueAt: row.due_at,
    stoppedAt: row.stopped_at,
    met: row.met,
    atRiskAlertedAt: row.at_risk_alerted_at,
    breachedAlertedAt: row.breached_alerted_at,
  };
}

/**
 * Response clocks. Every function takes the caller's EntityManager, so a clock starts and
 * stops in the same transaction as the change that causes it, and its jobs go through the
 * outbox (never straight to Redis).
 */
export const clocks = {
  /**
   * Starts a referral's clock and schedules its at_risk and breached alerts (two outbox rows,
   * delayed until due, job ids `clock:<clockId>:<level>`). Returns the referral's clock, or
   * null when the urgency runs none (`immediate`, or no due time).
   * A referral that already has an open clock KEEPS it (re-routed, re-triaged, re-opened),
   * as does one whose clock with the same start was stopped: the same clock is returned and
   * nothing is scheduled again. A new start time after a stop (a step-up) is a new clock.
   */
  async start(db: EntityManager, input: StartClock): Promise<ResponseClock | null> {
    const { referralId, urgency, startedAt, dueAt } = input;
    if (!isClockKind(urgency) || !dueAt) return null;
    const existing = await db.query<ClockRow[]>(
      `SELECT ${CLOCK_COLUMNS} FROM response_clocks
       WHERE referral_id = $1 AND (stopped_at IS NULL OR started_at = $2)
       ORDER BY (stopped_at IS NULL) DESC, started_at DESC
       LIMIT 1`,
      [referralId, startedAt],
    );
    let clock = existing[0] ? toClock(existing[0]) : null;
    if (!clock) {
      const inserted = await db.query<ClockRow[]>(
        `INSERT INTO response_clocks (referral_id, kind, measurement_type, started_at, at_risk_at, due_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (referral_id) WHERE stopped_at IS NULL DO NOTHING
         RETURNING ${CLOCK_COLUMNS}`,
        [
          referralId,
          urgency,
          measurementTypeFor(urgency),
          startedAt,
          atRiskAt({ startedAt, dueAt }),
          dueAt,
        ],
      );
      if (inserted[0]) {
        clock = toClock(inserted[0]);
        await scheduleAlerts(db, [clock]);
      } else {
        // Another transaction opened one first: that one is the referral's clock.
        clock = await clocks.current(db, referralId);
        if (!clock) throw new Error(`response clock of referral ${referralId} vanished`);
      }
    }
    await db.query(
      `UPDATE referrals SET clock_started_at = $2, clock_stopped_at = $3, response_due_at = $4
       WHERE id = $1`,
      [referralId, clock.startedAt, clock.stoppedAt, clock.dueAt],
    );
    return clock;
  },

  /**
   * Stops the referral's open clock at `at` and cancels its alert jobs through the outbox.
   * Stopped by the first face-to-face contact (the default), `met` says whether that was in
   * time; stopped any other way (cancelled, redirected, transferred, superseded by a new
   * target) `met` stays null, so it never counts as a response. Returns the stopped clock, or
   * null when none was open. A stopped clock is never changed again.
   */
  async stop(
    db: EntityManager,
    referralId: string,
    at: Date,
    how: { byContact: boolean } = { byContact: true },
  ): Promise<ResponseClock | null> {
    // TypeORM answers an UPDATE on Postgres with [rows, affected count].
    const [[row]] = await db.query<[ClockRow[], number]>(
      `UPDATE response_clocks
       SET stopped_at = $2, met = CASE WHEN $3 THEN $2 <= due_at END
       WHERE referral_id = $1 AND stopped_at IS NULL
       RETURNING ${CLOCK_COLUMNS}`,
      [referralId, at, how.byContact],
    );
    if (!row) return null;
    const clock = toClock(row);
    await db.query(`UPDATE referrals SET clock_stopped_at = $2 WHERE id = $1`, [referralId, at]);
    await db.query(`INSERT INTO outbox (job_name, payload) VALUES ('clock.cancel', $1)`, [
      { clockId: clock.id },
    ]);
    return clock;
  },

  /**
   * A person changed the urgency (override, step up or down): the open clock, if its target
   * differs, is stopped without counting as met or missed, and a new clock with the new
   * target runs from `startedAt`, with its own alerts. The same target keeps the open clock.
   * `immediate` (999/ED) leaves the referral with no community clock.
   */
  async retarget(db: EntityManager, input: StartClock): Promise<ResponseClock | null> {
    const open = await db.query<ClockRow[]>(
      `SELECT ${CLOCK_COLUMNS} FROM response_clocks WHERE referral_id = $1 AND stopped_at IS NULL`,
      [input.referralId],
    );
    const current = open[0] ? toClock(open[0]) : null;
    if (
      current &&
      current.kind === input.urgency &&
      current.dueAt.getTime() === input.dueAt?.getTime()
    ) {
      return current;
    }
    if (current) await clocks.stop(db, input.referralId, new Date(), { byContact: false });
    if (!isClockKind(input.urgency) || !input.dueAt) {
      await db.query(
        `UPDATE referrals SET clock_started_at = NULL, clock_stopped_at = NULL, response_due_at = NULL
         WHERE id = $1`,
        [input.referralId],
      );
      return null;
    }
    const [row] = await db.query<ClockRow[]>(
      `INSERT INTO response_clocks (referral_id, kind, measurement_type, started_at, at_risk_at, due_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${CLOCK_COLUMNS}`,
      [
        input.referralId,
        input.urgency,
        measurementTypeFor(input.urgency),
        input.startedAt,
        atRiskAt({ startedAt: input.startedAt, dueAt: input.dueAt }),
        input.dueAt,
      ],
    );
    const clock = toClock(row);
    await scheduleAlerts(db, [clock]);
    await db.query(
      `UPDATE referrals SET clock_started_at = $2, clock_stopped_at = NULL, response_due_at = $3
       WHERE id = $1`,
      [input.referralId, clock.startedAt, clock.dueAt],
    );
    return clock;
  },

  /** The referral's open clock, else its most recent one, else null. */
  async current(db: EntityManager, referralId: string): Promise<ResponseClock | null> {
    const [row] = await db.query<ClockRow[]>(
      `SELECT ${CLOCK_COLUMNS} FROM response_clocks WHERE referral_id = $1
       ORDER BY (stopped_at IS NULL) DESC, started_at DESC, created_at DESC
       LIMIT 1`,
      [referralId],
    );
    return row ? toClock(row) : null;
  },

  /** Every clock of a referral, oldest first (the CSDS periods). */
  async history(db: EntityManager, referralId: string): Promise<ResponseClock[]> {
    const rows = await db.query<ClockRow[]>(
      `SELECT ${CLOCK_COLUMNS} FROM response_clocks WHERE referral_id = $1
       ORDER BY started_at, created_at`,
      [referralId],
    );
    return rows.map(toClock);
  },

  /** One clock by id. */
  async byId(db: EntityManager, clockId: string): Promise<ResponseClock | null> {
    const [row] = await db.query<ClockRow[]>(
      `SELECT ${CLOCK_COLUMNS} FROM response_clocks WHERE id = $1`,
      [clockId],
    );
    return row ? toClock(row) : null;
  },

  /**
   * Raises a clock's alert if, re-read under a row lock and by the database's clock, it is
   * still owed: the clock is open, due at that level, and not alerted at that level yet (an
   * at_risk warning is not raised once the clock is already breached). Records the alert on
   * the clock and as a `clock.at_risk` / `clock.breached` referral event. So a late job
   * still alerts, a repeated one never alerts twice, and one after the stop never alerts.
   */
  async alert(
    db: EntityManager,
    clockId: string,
    level: ClockLevel,
    source: AlertSource = 'job',
  ): Promise<AlertOutcome> {
    const [row] = await db.query<(ClockRow & { now: Date })[]>(
      `SELECT ${CLOCK_COLUMNS}, clock_timestamp() AS now FROM response_clocks
       WHERE id = $1 FOR UPDATE`,
      [clockId],
    );
    if (!row) return { outcome: 'missing' };
    if (row.stopped_at) return { outcome: 'stopped' };
    const alertedAt = level === 'at_risk' ? row.at_risk_alerted_at : row.breached_alerted_at;
    if (alertedAt) return { outcome: 'already' };
    const now = row.now.getTime();
    if (level === 'at_risk' && now >= row.due_at.getTime()) return { outcome: 'superseded' };
    const target = (level === 'at_risk' ? row.at_risk_at : row.due_at).getTime();
    if (now < target) return { outcome: 'early', waitMs: target - now };

    const lateByMs = now - target;
    await db.query(
      `UPDATE response_clocks SET ${level === 'at_risk' ? 'at_risk_alerted_at' : 'breached_alerted_at'} = $2
       WHERE id = $1`,
      [clockId, row.now],
    );
    await db.query(
      `INSERT INTO referral_events (referral_id, type, at, actor_id, actor_role, data)
       VALUES ($1, $2, $3, 'clock', 'system', $4)`,
      [
        row.referral_id,
        `clock.${level}`,
        row.now,
        {
          clockId,
          level,
          kind: row.kind,
          measurementType: row.measurement_type,
          dueAt: row.due_at.toISOString(),
          atRiskAt: row.at_risk_at.toISOString(),
          caughtBy: source,
          lateByMs,
        },
      ],
    );
    return { outcome: 'alerted', lateByMs };
  },

  /**
   * Open clocks owing an alert whose time passed more than `graceMs` ago (their job should
   * have fired by then), locked for this transaction; rows another transaction is alerting
   * right now are skipped. Breaches first.
   */
  async overdue(
    db: EntityManager,
    graceMs: number,
    limit: number,
  ): Promise<{ clockId: string; level: ClockLevel }[]> {
    const breached = await db.query<{ id: string }[]>(
      `SELECT id FROM response_clocks
       WHERE stopped_at IS NULL AND breached_alerted_at IS NULL
         AND due_at <= clock_timestamp() - make_interval(secs => $1::double precision / 1000)
       ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [graceMs, limit],
    );
    const atRisk = await db.query<{ id: string }[]>(
      `SELECT id FROM response_clocks
       WHERE stopped_at IS NULL AND at_risk_alerted_at IS NULL
         AND at_risk_at <= clock_timestamp() - make_interval(secs => $1::double precision / 1000)
         AND due_at > clock_timestamp()
       ORDER BY at_risk_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [graceMs, Math.max(0, limit - breached.length)],
    );
    return [
      ...breached.map((row) => ({ clockId: row.id, level: 'breached' as const })),
      ...atRisk.map((row) => ({ clockId: row.id, level: 'at_risk' as const })),
    ];
  },

  /**
   * Starts many clocks in one statement, for benchmarks and load tests: each referral must
   * exist and have no open clock (one that has is skipped). Schedules their alerts exactly
   * as `start` does. Returns the new clock ids.
   */
  async startMany(
    db: EntityManager,
    inputs: { referralId: string; urgency: ClockKind; startedAt: Date; dueAt: Date }[],
  ): Promise<string[]> {
    if (!inputs.length) return [];
    const rows = await db.query<ClockRow[]>(
      `INSERT INTO response_clocks (referral_id, kind, measurement_type, started_at, at_risk_at, due_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[],
                            $5::timestamptz[], $6::timestamptz[])
       ON CONFLICT (referral_id) WHERE stopped_at IS NULL DO NOTHING
       RETURNING ${CLOCK_COLUMNS}`,
      [
        inputs.map((input) => input.referralId),
        inputs.map((input) => input.urgency),
        inputs.map((input) => measurementTypeFor(input.urgency)),
        inputs.map((input) => input.startedAt),
        inputs.map((input) => atRiskAt(input)),
        inputs.map((input) => input.dueAt),
      ],
    );
    const started = rows.map(toClock);
    await db.query(
      `UPDATE referrals r SET clock_started_at = c.started_at, clock_stopped_at = NULL,
         response_due_at = c.due_at
       FROM response_clocks c WHERE c.id = ANY($1::uuid[]) AND r.id = c.referral_id`,
      [started.map((clock) => clock.id)],
    );
    await scheduleAlerts(db, started);
    return started.map((clock) => clock.id);
  },

  /**
   * How late each raised alert of these clocks was (alerted_at - due time, in ms), for the
   * benchmark "pending clocks held while firing each within a second of its due time".
   */
  async alertLateness(
    db: EntityManager,
    clockIds: readonly string[],
  ): Promise<{ clockId: string; level: ClockLevel; lateByMs: number }[]> {
    const rows = await db.query<{ id: string; level: ClockLevel; late_ms: number }[]>(
      `SELECT id, 'at_risk' AS level,
              extract(epoch FROM at_risk_alerted_at - at_risk_at) * 1000 AS late_ms
       FROM response_clocks WHERE id = ANY($1::uuid[]) AND at_risk_alerted_at IS NOT NULL
       UNION ALL
       SELECT id, 'breached', extract(epoch FROM breached_alerted_at - due_at) * 1000
       FROM response_clocks WHERE id = ANY($1::uuid[]) AND breached_alerted_at IS NOT NULL`,
      [clockIds],
    );
    return rows.map((row) => ({
      clockId: row.id,
      level: row.level,
      lateByMs: Number(row.late_ms),
    }));
  },
};

/** Two outbox rows per clock: its at_risk and breached alerts, delayed until each is due. */
async function scheduleAlerts(db: EntityManager, started: ResponseClock[]): Promise<void> {
  if (!started.length) return;
  const jobs = started.flatMap((clock) =>
    CLOCK_LEVELS.map((level) => ({
      payload: { clockId: clock.id, level },
      jobId: clockJobId(clock.id, level),
      runAt: level === 'at_risk' ? clock.atRiskAt : clock.dueAt,
    })),
  );
  await db.query(
    `INSERT INTO outbox (job_name, payload, job_id, run_at)
     SELECT 'clock.alert', payload, job_id, run_at
     FROM unnest($1::jsonb[], $2::text[], $3::timestamptz[]) AS t(payload, job_id, run_at)`,
    [
      jobs.map((job) => JSON.stringify(job.payload)),
      jobs.map((job) => job.jobId),
      jobs.map((job) => job.runAt),
    ],
  );
}
