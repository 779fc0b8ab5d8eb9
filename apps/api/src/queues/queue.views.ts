import { currentClockState, type ClockState } from '@frontdoor/domain';
import { ageInYears } from '@frontdoor/nhs';
import type { QueueRow } from './queue.sql';

/**
 * One line of a queue board. The patient is initials and age only: never the name, NHS
 * number, date of birth, postcode or address (the full referral is one click away, at
 * GET /api/v1/referrals/:id, where access is audited).
 */
export interface QueueItem {
  id: string;
  reference: string;
  status: string;
  /** For the action the board may take next (optimistic concurrency). */
  version: number;
  pathway: string | null;
  urgency: string | null;
  team: string | null;
  assignee: string | null;
  receivedAt: string;
  responseDueAt: string | null;
  clockState: ClockState | null;
  /** possible_duplicate, identity_unverified, … as on the referral. */
  flags: string[];
  /** Codes of the red flags the engine found (sends to 999/ED); empty when none. */
  redFlags: string[];
  patient: { initials: string | null; age: number | null };
}

function ageOn(dateOfBirth: string | null, now: Date): number | null {
  if (!dateOfBirth) return null;
  try {
    return ageInYears(dateOfBirth, now);
  } catch {
    return null;
  }
}

export function queueItem(row: QueueRow, now: Date): QueueItem {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    version: row.version,
    pathway: row.pathway,
    urgency: row.urgency,
    team: row.team_code,
    assignee: row.assignee,
    receivedAt: row.received_at.toISOString(),
    responseDueAt: row.response_due_at?.toISOString() ?? null,
    clockState: currentClockState(
      {
        startedAt: row.clock_started_at,
        dueAt: row.response_due_at,
        stoppedAt: row.clock_stopped_at,
      },
      now,
    ),
    flags: row.flags,
    redFlags: row.red_flags ?? [],
    patient: { initials: row.initials, age: ageOn(row.date_of_birth, now) },
  };
}
