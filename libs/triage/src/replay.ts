import {
  PATHWAYS,
  URGENCIES,
  type Pathway,
  type ReferralFlag,
  type ReferralSubmission,
  type Urgency,
} from '@frontdoor/domain';
import type { TriageDecision, TriageEngine } from './engine';
import type { TriageContext } from './facts';

/**
 * Replay: the decisions a candidate rule set would make for referrals already seen, against
 * those of the current one, before the candidate replaces it. Pure: no I/O; the caller reads
 * the referrals (a file, the database) and the rule sets.
 *
 * The report names referrals by id and reference only: never a patient identifier, never free
 * text. Decisions are codes (pathway, urgency, red-flag codes, flags) and rule ids.
 */

/** One referral to replay: how it was received and the context it was decided in. */
export interface ReplayItem {
  id: string;
  reference?: string | null;
  submission: ReferralSubmission;
  /** `now` = the referral's receipt time, so ages are counted as they were. */
  context: TriageContext;
}

/** A decision as the report shows it: codes only. */
export interface ReplayDecision {
  pathway: Pathway;
  urgency: Urgency;
  /** Red-flag codes, most severe first. */
  redFlags: string[];
  flags: ReferralFlag[];
}

export interface ReplayChange {
  id: string;
  reference: string | null;
  before: ReplayDecision;
  after: ReplayDecision;
  /** Rules (and engine steps) that shaped the current decision but not the candidate's. */
  rulesOnlyBefore: string[];
  /** Rules (and engine steps) that shaped the candidate's decision but not the current one. */
  rulesOnlyAfter: string[];
}

/** A referral the candidate would treat less safely: the reason the replay fails. */
export interface LostRedFlag {
  id: string;
  reference: string | null;
  /** Red-flag codes of the current decision that the candidate's does not have. */
  lostCodes: string[];
  /**
   * The current decision sends it to 999/ED now (redirect_999, immediate); the candidate's
   * does not, and asks no clinician to confirm.
   */
  lostRedirect: boolean;
  before: { pathway: Pathway; urgency: Urgency };
  after: { pathway: Pathway; urgency: Urgency; clinicianConfirm: boolean };
}

/** One row of a before → after table. */
export interface ReplayCount<Code extends string> {
  code: Code;
  before: number;
  after: number;
  /** after - before */
  delta: number;
}

export interface RuleSetIdentity {
  name: string;
  version: string;
}

export interface ReplayReport {
  current: RuleSetIdentity;
  candidate: RuleSetIdentity;
  /** Referrals replayed. */
  total: number;
  /** Referrals whose pathway, urgency, red flags or flags differ. */
  changed: number;
  /** Referrals with the same outcome reached by other rules (listed nowhere else). */
  sameOutcomeOtherRules: number;
  /** Every pathway either rule set chose, in the contract's order. */
  byPathway: ReplayCount<Pathway>[];
  /** Every urgency either rule set chose, most urgent first. */
  byUrgency: ReplayCount<Urgency>[];
  /** Every changed referral, in the order replayed. */
  changes: ReplayChange[];
  /** Any entry makes the candidate unsafe to deploy as it stands. */
  lostRedFlags: LostRedFlag[];
  /** True when no red flag would be lost. */
  safe: boolean;
}

function shown(decision: TriageDecision): ReplayDecision {
  return {
    pathway: decision.pathway,
    urgency: decision.urgency,
    redFlags: decision.redFlags.map((flag) => flag.code),
    flags: [...decision.flags],
  };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((value, index) => value === b[index]);

const sameOutcome = (a: ReplayDecision, b: ReplayDecision): boolean =>
  a.pathway === b.pathway &&
  a.urgency === b.urgency &&
  sameList(a.redFlags, b.redFlags) &&
  sameList(a.flags, b.flags);

const ruleIds = (decision: TriageDecision): string[] => [
  ...new Set(decision.reasons.map((reason) => reason.ruleId)),
];

const isRedirect = (decision: ReplayDecision): boolean =>
  decision.pathway === 'redirect_999' && decision.urgency === 'immediate';

/**
 * Red flags lost between two decisions: a code the current decision has and the candidate's
 * does not, or a 999/ED route turned into anything else without a clinician confirming.
 */
export function lostRedFlag(
  item: { id: string; reference?: string | null },
  before: ReplayDecision,
  after: ReplayDecision,
): LostRedFlag | undefined {
  const lostCodes = before.redFlags.filter((code) => !after.redFlags.includes(code));
  const clinicianConfirm = after.flags.includes('clinician_confirm');
  const lostRedirect = isRedirect(before) && !isRedirect(after) && !clinicianConfirm;
  if (lostCodes.length === 0 && !lostRedirect) return undefined;
  return {
    id: item.id,
    reference: item.reference ?? null,
    lostCodes,
    lostRedirect,
    before: { pathway: before.pathway, urgency: before.urgency },
    after: { pathway: after.pathway, urgency: after.urgency, clinicianConfirm },
  };
}

/** Thrown when a referral cannot be evaluated; names the referral, never its content. */
export class ReplayEvaluationError extends Error {
  constructor(
    readonly referralId: string,
    readonly which: 'current' | 'candidate',
    cause: unknown,
  ) {
    super(
      `referral ${referralId} could not be evaluated with the ${which} rule set: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
      { cause },
    );
    this.name = 'ReplayEvaluationError';
  }
}

function evaluate(
  engine: TriageEngine,
  which: 'current' | 'candidate',
  item: ReplayItem,
): TriageDecision {
  try {
    return engine.evaluate(item.submission, item.context);
  } catch (error) {
    throw new ReplayEvaluationError(item.id, which, error);
  }
}

/**
 * Replays referrals a batch at a time (`add`), so that a caller reading a whole database
 * holds one batch in memory, not every referral; `report()` gives the report so far.
 */
export class ReplayRun {
  private total = 0;
  private sameOutcomeOtherRules = 0;
  private readonly pathways = new Map<Pathway, { before: number; after: number }>();
  private readonly urgencies = new Map<Urgency, { before: number; after: number }>();
  private readonly changes: ReplayChange[] = [];
  private readonly lost: LostRedFlag[] = [];

  constructor(
    private readonly current: TriageEngine,
    private readonly candidate: TriageEngine,
  ) {}

  add(items: Iterable<ReplayItem>): this {
    for (const item of items) this.addOne(item);
    return this;
  }

  private addOne(item: ReplayItem): void {
    const beforeDecision = evaluate(this.current, 'current', item);
    const afterDecision = evaluate(this.candidate, 'candidate', item);
    const before = shown(beforeDecision);
    const after = shown(afterDecision);
    this.total += 1;
    count(this.pathways, before.pathway, 'before');
    count(this.pathways, after.pathway, 'after');
    count(this.urgencies, before.urgency, 'before');
    count(this.urgencies, after.urgency, 'after');

    const rulesBefore = ruleIds(beforeDecision);
    const rulesAfter = ruleIds(afterDecision);
    const rulesOnlyBefore = rulesBefore.filter((id) => !rulesAfter.includes(id));
    const rulesOnlyAfter = rulesAfter.filter((id) => !rulesBefore.includes(id));
    if (sameOutcome(before, after)) {
      if (rulesOnlyBefore.length > 0 || rulesOnlyAfter.length > 0) {
        this.sameOutcomeOtherRules += 1;
      }
      return;
    }
    const reference = item.reference ?? null;
    this.changes.push({ id: item.id, reference, before, after, rulesOnlyBefore, rulesOnlyAfter });
    const lost = lostRedFlag(item, before, after);
    if (lost) this.lost.push(lost);
  }

  report(): ReplayReport {
    return {
      current: identity(this.current),
      candidate: identity(this.candidate),
      total: this.total,
      changed: this.changes.length,
      sameOutcomeOtherRules: this.sameOutcomeOtherRules,
      byPathway: table(PATHWAYS, this.pathways),
      byUrgency: table(URGENCIES, this.urgencies),
      changes: [...this.changes],
      lostRedFlags: [...this.lost],
      safe: this.lost.length === 0,
    };
  }
}

function count<Code>(
  counts: Map<Code, { before: number; after: number }>,
  code: Code,
  side: 'before' | 'after',
): void {
  const row = counts.get(code) ?? { before: 0, after: 0 };
  row[side] += 1;
  counts.set(code, row);
}

function table<Code extends string>(
  order: readonly Code[],
  counts: Map<Code, { before: number; after: number }>,
): ReplayCount<Code>[] {
  return order.flatMap((code) => {
    const row = counts.get(code);
    return row
      ? [{ code, before: row.before, after: row.after, delta: row.after - row.before }]
      : [];
  });
}

const identity = (engine: TriageEngine): RuleSetIdentity => ({
  name: engine.ruleSet.name,
  version: engine.version,
});

/**
 * Evaluates every referral with both engines and compares the decisions: counts by pathway
 * and urgency before → after, each changed referral with both decisions and the rules that
 * differ, and every referral that would lose a red flag (`safe` is false if there is one).
 */
export function replayReferrals(
  current: TriageEngine,
  candidate: TriageEngine,
  items: Iterable<ReplayItem>,
): ReplayReport {
  return new ReplayRun(current, candidate).add(items).report();
}

function decisionText(decision: ReplayDecision): string {
  const redFlags =
    decision.redFlags.length > 0 ? ` red flags [${decision.redFlags.join(', ')}]` : '';
  const flags = decision.flags.length > 0 ? ` flags [${decision.flags.join(', ')}]` : '';
  return `${decision.pathway} ${decision.urgency}${redFlags}${flags}`;
}

const signed = (value: number): string => (value > 0 ? `+${value}` : String(value));
const label = (item: { id: string; reference: string | null }): string =>
  item.reference ? `${item.reference} (${item.id})` : item.id;

function countLines<Code extends string>(heading: string, rows: ReplayCount<Code>[]): string[] {
  const width = Math.max(heading.length, ...rows.map((row) => row.code.length));
  const lines = [
    `  ${heading.padEnd(width)}  ${'before'.padStart(6)}  ${'after'.padStart(6)}  ${'delta'.padStart(6)}`,
  ];
  for (const row of rows) {
    const delta = row.delta === 0 ? '' : signed(row.delta);
    lines.push(
      `  ${row.code.padEnd(width)}  ${String(row.before).padStart(6)}  ${String(row.after).padStart(6)}  ${delta.padStart(6)}`,
    );
  }
  return lines;
}

/** The report as text for a terminal (lines joined with \n, no trailing newline). */
export function formatReplayReport(report: ReplayReport): string {
  const lines = [
    `replay: ${report.current.name} ${report.current.version} → ${report.candidate.name} ${report.candidate.version}`,
    `  ${report.total} referral${report.total === 1 ? '' : 's'} replayed, ${report.changed} changed` +
      (report.sameOutcomeOtherRules > 0
        ? `, ${report.sameOutcomeOtherRules} more with the same outcome by other rules`
        : ''),
    '',
    ...countLines('pathway', report.byPathway),
    '',
    ...countLines('urgency', report.byUrgency),
  ];
  if (report.changes.length > 0) {
    lines.push('', 'changed:');
    for (const change of report.changes) {
      lines.push(`  ${label(change)}`);
      lines.push(`    before: ${decisionText(change.before)}`);
      lines.push(`    after:  ${decisionText(change.after)}`);
      if (change.rulesOnlyBefore.length > 0) {
        lines.push(`    rules only before: ${change.rulesOnlyBefore.join(', ')}`);
      }
      if (change.rulesOnlyAfter.length > 0) {
        lines.push(`    rules only after:  ${change.rulesOnlyAfter.join(', ')}`);
      }
    }
  }
  lines.push('');
  if (report.safe) {
    lines.push('safe: no red flag would be lost');
  } else {
    const n = report.lostRedFlags.length;
    lines.push(`UNSAFE: ${n} referral${n === 1 ? '' : 's'} would lose a red flag:`);
    for (const lost of report.lostRedFlags) {
      const parts: string[] = [];
      if (lost.lostCodes.length > 0) parts.push(`loses ${lost.lostCodes.join(', ')}`);
      if (lost.lostRedirect) parts.push('no longer sent to 999/ED and no clinician confirms');
      lines.push(
        `  ${label(lost)}: ${parts.join('; ')} (was ${lost.before.pathway} ${lost.before.urgency}, now ${lost.after.pathway} ${lost.after.urgency}${lost.after.clinicianConfirm ? ' with clinician_confirm' : ''})`,
      );
    }
  }
  return lines.map((line) => line.trimEnd()).join('\n');
}
