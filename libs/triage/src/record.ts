import { responseDueAt, type Pathway, type Urgency } from '@frontdoor/domain';
import type { TriageDecision } from './engine';
import type { TextFinding } from './text/evidence';

export interface TeamSuggestion {
  code: string;
  name: string;
  /** The team's published wait for routine referrals. */
  routineWaitDays: number;
}

/** How long a routine referral waits when no team (and so no published wait) is known. */
export const DEFAULT_ROUTINE_WAIT_DAYS = 28;

/**
 * The triage of a referral as stored and shown (the API contract's `triage` object): the
 * engine's decision with its reasons and rule-set version, the response deadline counted from
 * receipt, and the team suggested in the patient's neighbourhood.
 */
export interface TriageRecord {
  pathway: Pathway;
  urgency: Urgency;
  responseDueAt: string | null;
  redFlags: { code: string; reason: string; severity: number }[];
  flags: string[];
  reasons: {
    ruleId: string;
    text: string;
    source: string;
    /** The words of the referrer's text the rule rests on. */
    evidence?: Pick<TextFinding, 'field' | 'start' | 'end' | 'text' | 'code' | 'context'>[];
  }[];
  /** Every phrase read in the free text, with how it was read (negated ones included). */
  textFindings: TextFinding[];
  ruleSetVersion: string;
  suggestedTeam: { code: string; name: string } | null;
  /** The home team could not take it, so a partner team in the multi-neighbourhood does. */
  mutualAid: { homeTeam: string; reason: string } | null;
  decidedBy: 'engine' | 'clinician';
  decidedAt: string;
  news2: TriageDecision['news2'];
  /** The community pathway behind a redirect or transfer: where a clinician would start. */
  communityPathway: TriageDecision['communityPathway'];
}

export function triageRecord(
  decision: TriageDecision,
  context: {
    receivedAt: Date;
    decidedAt: Date;
    team: TeamSuggestion | null;
    mutualAid?: { homeTeam: string; reason: string } | null;
  },
): TriageRecord {
  const due = responseDueAt(
    decision.urgency,
    context.receivedAt,
    context.team?.routineWaitDays ?? DEFAULT_ROUTINE_WAIT_DAYS,
  );
  return {
    pathway: decision.pathway,
    urgency: decision.urgency,
    responseDueAt: due?.toISOString() ?? null,
    redFlags: decision.redFlags.map(({ code, reason, severity }) => ({ code, reason, severity })),
    flags: context.mutualAid ? [...decision.flags, 'mutual_aid'] : [...decision.flags],
    reasons: decision.reasons.map(({ ruleId, text, source, evidence }) =>
      evidence
        ? {
            ruleId,
            text,
            source,
            evidence: evidence.map(({ field, start, end, text: words, code, context }) => ({
              field,
              start,
              end,
              text: words,
              code,
              context,
            })),
          }
        : { ruleId, text, source },
    ),
    textFindings: [...decision.textFindings],
    ruleSetVersion: decision.ruleSetVersion,
    suggestedTeam: context.team && { code: context.team.code, name: context.team.name },
    mutualAid: context.mutualAid ?? null,
    decidedBy: 'engine',
    decidedAt: context.decidedAt.toISOString(),
    news2: decision.news2,
    communityPathway: decision.communityPathway,
  };
}
