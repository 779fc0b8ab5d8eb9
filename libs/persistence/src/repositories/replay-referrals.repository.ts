import type { EntityManager } from 'typeorm';
import type { ReferralSubmission } from '@frontdoor/domain';
import type { ReplayItem } from '@frontdoor/triage';
import { geography, type PatientLocation } from './geography.repository';

/** Which stored referrals a triage replay reads: the newest first. */
export interface StoredReferralSelection {
  /** Only referrals received at or after this instant. */
  since?: Date;
  /** At most this many (the newest); all when absent. */
  limit?: number;
  /** Only these referrals (ids that do not exist are skipped). */
  ids?: readonly string[];
  /** Rows read per query; default 1,000. */
  batchSize?: number;
}

interface Row {
  id: string;
  reference: string;
  received_at: Date;
  /** received_at as Postgres prints it: microseconds, which a Date would round away. */
  cursor: string;
  referrer: Record<string, unknown>;
  patient: Record<string, unknown>;
  clinical: Record<string, unknown>;
  consent: string;
}

/**
 * Stored referrals as the triage engine saw them, a batch at a time, each with the context it
 * was decided in: `now` = its receipt time, `inArea` from `geography.locate` (as the triage
 * job does). Newest first, by keyset, so a large table is read in bounded memory.
 */
export async function* storedReferralsForReplay(
  db: EntityManager,
  selection: StoredReferralSelection = {},
): AsyncGenerator<ReplayItem[]> {
  const batchSize = Math.max(1, selection.batchSize ?? 1_000);
  const places = new Map<string, Promise<PatientLocation>>();
  const locate = (patient: { postcode?: string; gpPracticeOdsCode?: string }) => {
    const key = `${patient.postcode ?? ''}\u0000${patient.gpPracticeOdsCode ?? ''}`;
    let place = places.get(key);
    if (!place) {
      place = geography.locate(db, patient);
      places.set(key, place);
    }
    return place;
  };

  let remaining = selection.limit ?? Number.POSITIVE_INFINITY;
  let after: { cursor: string; id: string } | undefined;
  while (remaining > 0) {
    const take = Math.min(batchSize, remaining);
    const rows = await db.query<Row[]>(
      `SELECT id, reference, received_at, received_at::text AS cursor, referrer, patient, clinical, consent
       FROM referrals
       WHERE ($1::timestamptz IS NULL OR received_at >= $1)
         AND ($2::uuid[] IS NULL OR id = ANY($2))
         AND ($3::timestamptz IS NULL OR (received_at, id) < ($3, $4::uuid))
       ORDER BY received_at DESC, id DESC
       LIMIT $5`,
      [
        selection.since ?? null,
        selection.ids ? [...selection.ids] : null,
        after?.cursor ?? null,
        after?.id ?? null,
        take,
      ],
    );
    if (rows.length === 0) return;
    const items: ReplayItem[] = [];
    for (const row of rows) {
      const submission = {
        referrer: row.referrer,
        patient: row.patient,
        clinical: row.clinical,
        consent: row.consent,
      } as unknown as ReferralSubmission;
      const { inArea } = await locate(submission.patient);
      items.push({
        id: row.id,
        reference: row.reference,
        submission,
        context: { now: row.received_at, inArea },
      });
    }
    yield items;
    remaining -= rows.length;
    const last = rows[rows.length - 1];
    after = { cursor: last.cursor, id: last.id };
    if (rows.length < take) return;
  }
}
