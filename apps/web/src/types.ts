import type {
  Action,
  ClockState,
  Pathway,
  ReferralStatus,
  ReferralSubmission,
  Urgency,
} from '@frontdoor/domain';
import type { QueueItem } from '@frontdoor/realtime';

/**
 * The api's answers, as the web app reads them (see the OpenAPI document at /api/docs). A
 * queue line is the one libs/realtime defines for the api and LiveBoard.
 */
export type { QueueItem };

export interface QueueSnapshot {
  seq: number;
  queue: string;
  team?: { code: string; name: string };
  total: number;
  limit: number;
  items: QueueItem[];
}

/** A free-text field the engine reads. Offsets into it are UTF-16 code units. */
export type TextField = 'clinical.summary' | 'patient.communicationNeeds';

/** How the engine read a phrase: only affirmed and possible count as present. */
export type TextContext =
  'affirmed' | 'possible' | 'negated' | 'historical' | 'hypothetical' | 'other_person';

/** The words in a field that made a rule fire: `text` is `field.slice(start, end)`. */
export interface TextEvidence {
  field: TextField;
  start: number;
  end: number;
  text: string;
  code: string;
  context: 'affirmed' | 'possible';
}

/** Every phrase the engine matched, with the cue that changed its reading, if any. */
export interface TextFinding {
  field: TextField;
  start: number;
  end: number;
  text: string;
  termId: string;
  /** The fact it feeds, e.g. text.redFlagFindings. */
  fact: string;
  code: string;
  context: TextContext;
  cue: { text: string; start: number; end: number; cueId: string } | null;
}

export interface TriageReason {
  ruleId: string;
  text: string;
  source?: string;
  /** Absent on records triaged before the engine read free text. */
  evidence?: TextEvidence[];
}

export interface TriageView {
  pathway: Pathway;
  urgency: Urgency;
  responseDueAt: string | null;
  redFlags: { code: string; reason: string; source?: string }[];
  flags: string[];
  reasons: TriageReason[];
  /** Absent on records triaged before the engine read free text. */
  textFindings?: TextFinding[];
  ruleSetVersion: string;
  suggestedTeam: { code: string; name: string } | null;
  decidedBy: 'engine' | 'clinician';
  mutualAid?: { homeTeam: string; reason: string } | null;
  override?: { by: string; at: string; reason: string; previous: unknown };
}

export interface ReferralView {
  id: string;
  reference: string;
  status: ReferralStatus;
  version: number;
  receivedAt: string;
  updatedAt: string;
  flags: string[];
  patient: ReferralSubmission['patient'];
  referrer: ReferralSubmission['referrer'];
  clinical: ReferralSubmission['clinical'];
  consent: string;
  triage: TriageView | null;
  team: { code: string; name: string } | null;
  responseDueAt: string | null;
  clockState: ClockState | null;
  clock: { startedAt: string; dueAt: string | null; stoppedAt: string | null } | null;
  assignee: string | null;
  episode: {
    linkedReferralId: string | null;
    possibleDuplicateOf: {
      id: string;
      reference: string;
      status: string;
      team: { code: string; name: string } | null;
    } | null;
  };
}

export interface TimelineEvent {
  seq: number;
  type: string;
  at: string;
  actor: { id: string | null; role: string | null };
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus | null;
  reason: string | null;
  data: Record<string, unknown>;
}

export interface ActionAnswer {
  id: string;
  status: ReferralStatus;
  version: number;
  allowedActions: Action[];
}

export interface TeamView {
  code: string;
  name: string;
  pathways: Pathway[];
  hours: unknown;
  capacity: {
    caseloadLimit: number;
    openCaseload: number;
    beds: number | null;
    bedsInUse: number | null;
    atCapacity: boolean;
  };
}

export interface StatusView {
  reference: string;
  status: ReferralStatus;
  team: { code: string; name: string } | null;
  updatedAt: string;
  nextStep: string;
  question?: { text: string; askedAt: string };
}
