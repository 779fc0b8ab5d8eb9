import type { Pathway, ReferralStatus, Urgency } from '@frontdoor/domain';

/**
 * The SQL of the two queues, in one place: the service runs it, and the benchmark
 * (bench/queue-figures.ts) runs exactly the same text. The WHERE clauses are written exactly
 * as the partial indexes of migration 1764720000000-queues define them (the planner uses a
 * partial index only when the query's WHERE implies its predicate, and a status list passed
 * as a parameter would not), and each ORDER BY is its index's key, so a read walks the first
 * `limit` entries of its own queue and stops. See docs/queues.md for the plans.
 */

/**
 * The hub queue: not yet triaged, triaged but not confirmed by a coordinator (including a
 * team's hand-back, which clears hub_confirmed_at), or waiting for information the hub asked.
 */
export const HUB_QUEUE_WHERE = `status IN ('received', 'triaged', 'awaiting_information')
    AND hub_confirmed_at IS NULL`;

/**
 * A team's queue (with team_code = $1): handed over by the hub (triaged, or waiting for
 * information, after confirmation), or accepted and worked by the team until it closes.
 */
export const TEAM_QUEUE_WHERE = `((status IN ('triaged', 'awaiting_information') AND hub_confirmed_at IS NOT NULL)
      OR status IN ('accepted', 'assigned', 'first_contact', 'in_care'))`;

/** Immediate (red flag) first, then the earliest due (none due last), then the oldest. */
export const HUB_QUEUE_ORDER = `(urgency IS DISTINCT FROM 'immediate'), response_due_at, received_at, id`;
/** The earliest due first (none due last), then the oldest. */
export const TEAM_QUEUE_ORDER = `response_due_at, received_at, id`;

/**
 * What a queue row carries out of the database: no name, NHS number, postcode or address.
 * The date of birth leaves only to be turned into an age by the service.
 */
const ITEM_COLUMNS = `id, reference, status, version, pathway, urgency, team_code, assignee, flags,
       received_at, response_due_at, clock_started_at, clock_stopped_at,
       jsonb_path_query_array(triage, '$.redFlags[*].code') AS red_flags,
       nullif(upper(concat(left(btrim(patient->>'givenName'), 1),
                           left(btrim(patient->>'familyName'), 1))), '') AS initials,
       coalesce(to_char(date_of_birth, 'YYYY-MM-DD'), patient->>'dateOfBirth') AS date_of_birth`;

export const QUEUE_SQL = {
  hub: {
    /** $1 = limit. */
    items: `SELECT ${ITEM_COLUMNS}
  FROM referrals
  WHERE ${HUB_QUEUE_WHERE}
  ORDER BY ${HUB_QUEUE_ORDER}
  LIMIT $1`,
    /** The snapshot's last event and the queue's length, in one round trip. */
    header: `SELECT (SELECT coalesce(max(seq), 0) FROM referral_events) AS seq,
       (SELECT count(*) FROM referrals WHERE ${HUB_QUEUE_WHERE}) AS total`,
  },
  team: {
    /** $1 = team code, $2 = limit. */
    items: `SELECT ${ITEM_COLUMNS}
  FROM referrals
  WHERE team_code = $1 AND ${TEAM_QUEUE_WHERE}
  ORDER BY ${TEAM_QUEUE_ORDER}
  LIMIT $2`,
    /** $1 = team code; team_name is null when there is no such team. */
    header: `SELECT (SELECT coalesce(max(seq), 0) FROM referral_events) AS seq,
       (SELECT count(*) FROM referrals WHERE team_code = $1 AND ${TEAM_QUEUE_WHERE}) AS total,
       (SELECT name FROM teams WHERE code = $1) AS team_name`,
  },
} as const;

/** One row of QUEUE_SQL.*.items, as node-postgres returns it. */
export interface QueueRow {
  id: string;
  reference: string;
  status: ReferralStatus;
  version: number;
  pathway: Pathway | null;
  urgency: Urgency | null;
  team_code: string | null;
  assignee: string | null;
  flags: string[];
  received_at: Date;
  response_due_at: Date | null;
  clock_started_at: Date | null;
  clock_stopped_at: Date | null;
  red_flags: string[] | null;
  initials: string | null;
  date_of_birth: string | null;
}

interface HeaderRow {
  seq: string | number;
  total: string | number;
  team_name?: string | null;
}

/** Runs one statement with parameters; TypeORM's `manager.query` and pg's client both fit. */
export type RunQuery = (sql: string, parameters: unknown[]) => Promise<unknown[]>;

export type QueueName = { kind: 'hub' } | { kind: 'team'; teamCode: string };

export interface QueueSnapshotRows {
  /** Highest referral_events.seq in the snapshot. */
  seq: number;
  /** Everything in the queue, not only the rows returned. */
  total: number;
  /** The team's name for a team queue; null for an unknown team (nothing else is read). */
  teamName: string | null;
  rows: QueueRow[];
}

/**
 * The two statements of a queue read. Run them inside one REPEATABLE READ transaction so the
 * seq, the count and the rows come from the same snapshot.
 */
export async function readQueueRows(
  run: RunQuery,
  queue: QueueName,
  limit: number,
): Promise<QueueSnapshotRows> {
  const [header] = (
    queue.kind === 'hub'
      ? await run(QUEUE_SQL.hub.header, [])
      : await run(QUEUE_SQL.team.header, [queue.teamCode])
  ) as HeaderRow[];
  const teamName = queue.kind === 'team' ? (header.team_name ?? null) : null;
  if (queue.kind === 'team' && teamName === null) {
    return { seq: Number(header.seq), total: 0, teamName, rows: [] };
  }
  const rows = (
    queue.kind === 'hub'
      ? await run(QUEUE_SQL.hub.items, [limit])
      : await run(QUEUE_SQL.team.items, [queue.teamCode, limit])
  ) as QueueRow[];
  return { seq: Number(header.seq), total: Number(header.total), teamName, rows };
}
