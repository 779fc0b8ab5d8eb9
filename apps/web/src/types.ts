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

export interface TriageView {
  pathway: Pathway;
  urgency: Urgency;
  responseDueAt: string | null;
  redFlags: { code: string; reason: string; source?: string }[];
  flags: string[];
  reasons: { ruleId: string; text: string; source?: string }[];
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
