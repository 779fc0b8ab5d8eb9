import { currentClockState } from '@frontdoor/domain';
import { ageInYears } from '@frontdoor/nhs';
import type { QueueItem } from '@frontdoor/realtime';
import type { QueueRow } from './queue.sql';

function ageOn(dateOfBirth: string | null, now: Date): number | null {
  if (!dateOfBirth) return null;
  try {
    return ageInYears(dateOfBirth, now);
  } catch {
    return null;
  }
}

/** One line of a queue board: initials and age, never the name, NHS number or date of birth. */
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
