import {
  REFERRAL_FLAGS,
  type Pathway,
  type ReferralFlag,
  type ReferralSubmission,
  type Urgency,
} from '@frontdoor/domain';
import { compileCondition, type Predicate } from './compile';
import { deriveFacts } from './derive';
import type { Facts, Stage, TriageContext } from './facts';
import { loadRuleSet, type RuleFileText } from './loader';
import type { TextFinding } from './text/evidence';
import { compileLexicon, type CompiledLexicon } from './text/reader';
import { evidenceFilter, evidenceFor, type EvidenceFilter } from './text/rule-evidence';
import {
  evaluationOrder,
  rulesOf,
  URGENCY_RANK,
  type CommunityUrgency,
  type Rule,
  type RouteBy,
  type RuleSet,
  type TeamPathway,
} from './rule-set';

/** A red flag as the contract shows it, with the rule that raised it. */
export interface RedFlag {
  readonly code: string;
  /** Plain English: the rule's title. */
  readonly reason: string;
  readonly ruleId: string;
  /** 1-5, 5 the most severe; red flags are listed most severe first. */
  readonly severity: number;
}

/** Why: one rule that fired (or an engine safety step), with the guidance it rests on. */
export interface TriageReason {
  readonly ruleId: string;
  readonly text: string;
  readonly source: string;
  readonly stage: Stage | 'engine';
  /** The words in the referrer's text this rule rests on, when it read any. */
  readonly evidence?: readonly TextFinding[];
}

/** What the engine decides for one referral. The app adds `responseDueAt` and `suggestedTeam`. */
export interface TriageDecision {
  pathway: Pathway;
  urgency: Urgency;
  /** Every red flag that fired, most severe first. Nothing later can remove one. */
  redFlags: readonly RedFlag[];
  flags: ReferralFlag[];
  /** Every rule that fired, in evaluation order, then any engine safety step. */
  reasons: readonly TriageReason[];
  /** Every phrase read in the free text, in every context (negated ones included). */
  textFindings: readonly TextFinding[];
  /** The rule set's semantic version and content hash, e.g. 1.0.0+3f9a1c2b. */
  ruleSetVersion: string;
  news2: {
    /** Computed from the observations; a lower bound when `complete` is false. */
    computed: number | null;
    stated: number | null;
    /** The higher of the two: what the rules used. */
    used: number | null;
    complete: boolean;
  };
  /**
   * The community pathway the eligibility and pathway rules chose, before red flags and
   * routing: what the receiving area should provide after `transfer_out`, and the starting
   * point for a clinician who sets a red flag aside.
   */
  communityPathway: TeamPathway;
  /** Routing hint for the app's team lookup; null for redirect_999 and transfer_out. */
  routeBy: RouteBy | null;
}

export interface TriageEngine {
  readonly ruleSet: RuleSet;
  /** `ruleSet.version`: stored with every decision. */
  readonly version: string;
  /** Synchronous and pure: the same submission and context always give the same decision. */
  evaluate(submission: ReferralSubmission, context: TriageContext): TriageDecision;
  /** The same on facts already derived (tools, benchmarks). */
  evaluateFacts(facts: Facts): TriageDecision;
  /** Derives the facts of a submission with this rule set's lexicon (tools, benchmarks). */
  deriveFacts(submission: ReferralSubmission, context: TriageContext): Facts;
}

const FLAG_BIT = new Map<ReferralFlag, number>(
  REFERRAL_FLAGS.map((flag, index) => [flag, 1 << index]),
);
const bit = (flag: ReferralFlag): number => FLAG_BIT.get(flag) ?? 0;
const CLINICIAN_CONFIRM = bit('clinician_confirm');
const RESPECT_IN_PLACE = bit('respect_in_place');
const DATA_CONFLICT = bit('data_conflict');

function flagMask(flags: readonly ReferralFlag[] | undefined): number {
  let mask = 0;
  for (const flag of flags ?? []) mask |= bit(flag);
  return mask;
}

function flagList(mask: number): ReferralFlag[] {
  const flags: ReferralFlag[] = [];
  for (let index = 0; index < REFERRAL_FLAGS.length; index += 1) {
    if ((mask & (1 << index)) !== 0) flags.push(REFERRAL_FLAGS[index]);
  }
  return flags;
}

/** Safety steps the engine takes itself; they are listed in `reasons` like rules. */
export const ENGINE_REASONS = {
  redFlagsFirst: {
    ruleId: 'engine.red-flags-first',
    text: 'A red flag fired: 999/ED now. Red flags are evaluated first and no later rule can clear one',
    source:
      'Red flags route to 999/ED and are computed first from the raw data; only a named clinician can set one aside [S18, S25, S7]',
    stage: 'engine',
  },
  respectNotForTransfer: {
    ruleId: 'engine.respect-not-for-transfer',
    text: 'Red flags with a ReSPECT plan that says not for hospital transfer: the community pathway at 2-hour urgency is suggested and a clinician confirms; the red flags stay listed',
    source:
      'ReSPECT records recommendations, is not legally binding, and can justify a recorded clinician override of a red flag, never a silent one [S22]',
    stage: 'engine',
  },
  respectDoesNotCover: {
    ruleId: 'engine.respect-does-not-cover',
    text: 'Red flags with a ReSPECT plan in place: 999/ED stands and a clinician confirms; they may redirect to end of life care with a reason',
    source:
      'ReSPECT records recommendations, is not legally binding, and can justify a recorded clinician override of a red flag, never a silent one [S22]; red flags raised by observations, safeguarding or mental-health risk are never cleared by the plan (Local conservative choice)',
    stage: 'engine',
  },
  unrecognisedFinding: {
    ruleId: 'engine.unrecognised-red-flag-finding',
    text: 'The referrer reported a red-flag finding that no red-flag rule recognised: a clinician confirms',
    source:
      "Local conservative choice: a referrer's red-flag finding is never ignored; red flags are excluded from community care [S7]",
    stage: 'engine',
  },
  noPathway: {
    ruleId: 'engine.no-pathway',
    text: 'No pathway rule matched: community nursing, and a clinician confirms',
    source: 'Local conservative choice: the hub owns every referral ("no wrong door") [S7, S35]',
    stage: 'engine',
  },
  noUrgency: {
    ruleId: 'engine.no-urgency',
    text: 'No urgency rule matched: same day, and a clinician confirms',
    source: 'Local conservative choice: when in doubt, sooner',
    stage: 'engine',
  },
  news2Conflict: {
    ruleId: 'engine.news2-conflict',
    text: 'The stated NEWS2 disagrees with the one computed from the observations; the higher is used',
    source:
      'Always recompute NEWS2 from the raw values and keep the stated score apart (brief 1) [S18]',
    stage: 'engine',
  },
} as const satisfies Record<string, TriageReason>;
for (const reason of Object.values(ENGINE_REASONS)) Object.freeze(reason);

interface Compiled<R extends Rule> {
  rule: R;
  test: Predicate;
  reason: TriageReason;
  evidence: EvidenceFilter | null;
  flags: number;
}

/** A fired rule's reason, with the words of the text it rests on when there are any. */
function reasonOf(rule: { reason: TriageReason; evidence: EvidenceFilter | null }, f: Facts) {
  if (rule.evidence === null || f.textFindings.length === 0) return rule.reason;
  const evidence = evidenceFor(rule.evidence, f);
  return evidence.length === 0 ? rule.reason : { ...rule.reason, evidence };
}

function compile<R extends Rule>(rules: readonly R[]): Compiled<R>[] {
  return rules.map((rule) => {
    const then = rule.then as { flags?: ReferralFlag[] };
    return {
      rule,
      test: compileCondition(rule.when),
      evidence: evidenceFilter(rule.when),
      reason: Object.freeze({
        ruleId: rule.id,
        text: rule.title,
        source: rule.source,
        stage: rule.stage,
      }),
      flags: flagMask(then.flags),
    };
  });
}

/** The most urgent urgency a community team can be asked for. */
const MOST_URGENT_COMMUNITY: CommunityUrgency = '2_hour';

class CompiledEngine implements TriageEngine {
  readonly version: string;
  private readonly lexicon: CompiledLexicon;
  private readonly redFlags: {
    test: Predicate;
    reason: TriageReason;
    evidence: EvidenceFilter | null;
    redFlag: RedFlag;
    respectApplies: boolean;
  }[];
  private readonly eligibility: (Compiled<Extract<Rule, { stage: 'eligibility' }>> & {
    pathway: TeamPathway | undefined;
  })[];
  private readonly pathways: (Compiled<Extract<Rule, { stage: 'pathway' }>> & {
    pathway: TeamPathway;
  })[];
  private readonly urgencies: (Compiled<Extract<Rule, { stage: 'urgency' }>> & {
    urgency: CommunityUrgency;
  })[];
  private readonly flagRules: Compiled<Extract<Rule, { stage: 'flags' }>>[];
  private readonly routing: (Compiled<Extract<Rule, { stage: 'routing' }>> & {
    transferOut: boolean;
    routeBy: RouteBy | undefined;
  })[];

  constructor(readonly ruleSet: RuleSet) {
    this.version = ruleSet.version;
    this.lexicon = compileLexicon(ruleSet.lexicon);
    // Red flags most severe first, so the list needs no sorting per referral.
    this.redFlags = compile(evaluationOrder(rulesOf(ruleSet, 'red_flags'))).map((c) => ({
      test: c.test,
      reason: c.reason,
      evidence: c.evidence,
      respectApplies: c.rule.then.respectApplies,
      redFlag: Object.freeze({
        code: c.rule.then.redFlag,
        reason: c.rule.title,
        ruleId: c.rule.id,
        severity: c.rule.then.severity,
      }),
    }));
    this.eligibility = compile(evaluationOrder(rulesOf(ruleSet, 'eligibility'))).map((c) => ({
      ...c,
      pathway: c.rule.then.pathway,
    }));
    this.pathways = compile(evaluationOrder(rulesOf(ruleSet, 'pathway'))).map((c) => ({
      ...c,
      pathway: c.rule.then.pathway,
    }));
    this.urgencies = compile(evaluationOrder(rulesOf(ruleSet, 'urgency'))).map((c) => ({
      ...c,
      urgency: c.rule.then.urgency,
    }));
    this.flagRules = compile(rulesOf(ruleSet, 'flags'));
    this.routing = compile(rulesOf(ruleSet, 'routing')).map((c) => ({
      ...c,
      transferOut: c.rule.then.pathway === 'transfer_out',
      routeBy: c.rule.then.routeBy,
    }));
  }

  evaluate(submission: ReferralSubmission, context: TriageContext): TriageDecision {
    return this.evaluateFacts(deriveFacts(submission, context, this.lexicon));
  }

  deriveFacts(submission: ReferralSubmission, context: TriageContext): Facts {
    return deriveFacts(submission, context, this.lexicon);
  }

  evaluateFacts(f: Facts): TriageDecision {
    const reasons: TriageReason[] = [];
    let flags = 0;

    // 1. Red flags: every one, most severe first.
    const redFlags: RedFlag[] = [];
    let respectCoversAll = true;
    for (const rule of this.redFlags) {
      if (rule.test(f)) {
        redFlags.push(rule.redFlag);
        reasons.push(reasonOf(rule, f));
        if (!rule.respectApplies) respectCoversAll = false;
      }
    }

    // 2. Eligibility: every rule's flags; the first pathway by priority.
    let pathway: TeamPathway | undefined;
    for (const rule of this.eligibility) {
      // A rule that could only choose a pathway already chosen adds nothing: not tried.
      if (rule.flags === 0 && pathway !== undefined) continue;
      if (rule.test(f)) {
        reasons.push(reasonOf(rule, f));
        flags |= rule.flags;
        if (pathway === undefined && rule.pathway !== undefined) pathway = rule.pathway;
      }
    }

    // 3. Pathway: the first match by priority, unless eligibility chose one.
    if (pathway === undefined) {
      for (const rule of this.pathways) {
        if (rule.test(f)) {
          reasons.push(reasonOf(rule, f));
          flags |= rule.flags;
          pathway = rule.pathway;
          break;
        }
      }
    }
    if (pathway === undefined) {
      pathway = 'community_nursing';
      flags |= CLINICIAN_CONFIRM;
      reasons.push(ENGINE_REASONS.noPathway);
    }
    f.pathway = pathway;

    // 4. Urgency: the most urgent match (rules are ordered most urgent first).
    let urgency: CommunityUrgency | undefined;
    for (const rule of this.urgencies) {
      if (rule.test(f)) {
        reasons.push(reasonOf(rule, f));
        urgency = rule.urgency;
        break;
      }
    }
    if (urgency === undefined) {
      urgency = 'same_day';
      flags |= CLINICIAN_CONFIRM;
      reasons.push(ENGINE_REASONS.noUrgency);
    }
    f.urgency = urgency;

    // 5. Flags: every rule.
    for (const rule of this.flagRules) {
      if (rule.test(f)) {
        reasons.push(reasonOf(rule, f));
        flags |= rule.flags;
      }
    }

    // 6. Routing: every rule's flags and transfer; the first route hint.
    let transferOut = false;
    let routeBy: RouteBy | undefined;
    for (const rule of this.routing) {
      // A rule that could only give a route hint already given adds nothing: not tried.
      if (rule.flags === 0 && !rule.transferOut && routeBy !== undefined) continue;
      if (rule.test(f)) {
        reasons.push(reasonOf(rule, f));
        flags |= rule.flags;
        if (rule.transferOut) transferOut = true;
        if (routeBy === undefined && rule.routeBy !== undefined) routeBy = rule.routeBy;
      }
    }

    // A NEWS2 disagreement is always flagged, even by a rule set that forgot to.
    if (f.news2Conflict && (flags & DATA_CONFLICT) === 0) {
      flags |= DATA_CONFLICT;
      reasons.push(ENGINE_REASONS.news2Conflict);
    }

    // The outcome. Red flags win over everything above; a ReSPECT plan can only turn the 999
    // route into a question for a clinician, never into silence.
    let finalPathway: Pathway = transferOut ? 'transfer_out' : pathway;
    let finalUrgency: Urgency = urgency;
    if (redFlags.length > 0) {
      const notForTransfer = f.respectPresent && f.respectHospitalTransfer === 'not_for_transfer';
      if (notForTransfer && respectCoversAll) {
        // At 2 hours it cannot wait for another area either: seen here.
        finalPathway = pathway;
        finalUrgency = MOST_URGENT_COMMUNITY;
        flags |= RESPECT_IN_PLACE | CLINICIAN_CONFIRM;
        reasons.push(ENGINE_REASONS.respectNotForTransfer);
      } else {
        finalPathway = 'redirect_999';
        finalUrgency = 'immediate';
        reasons.push(ENGINE_REASONS.redFlagsFirst);
        if (f.respectPresent) {
          flags |= RESPECT_IN_PLACE | CLINICIAN_CONFIRM;
          reasons.push(ENGINE_REASONS.respectDoesNotCover);
        }
      }
    } else if (f.redFlagFindings !== 0 || f.unrecognisedRedFlagFinding) {
      // A finding the rule set does not turn into a red flag is still never ignored.
      flags |= CLINICIAN_CONFIRM;
      reasons.push(ENGINE_REASONS.unrecognisedFinding);
    }
    assertRedFlagsHold(redFlags.length, finalPathway, finalUrgency, flags);

    const news2Computed = f.news2Total;
    const news2Stated = f.news2Stated;
    const news2Used = f.news2Used;
    return {
      pathway: finalPathway,
      urgency: finalUrgency,
      redFlags,
      flags: flagList(flags),
      reasons,
      textFindings: f.textFindings,
      ruleSetVersion: this.version,
      news2: {
        computed: news2Computed === news2Computed ? news2Computed : null,
        stated: news2Stated === news2Stated ? news2Stated : null,
        used: news2Used === news2Used ? news2Used : null,
        complete: f.news2Complete,
      },
      communityPathway: pathway,
      routeBy:
        finalPathway === 'redirect_999' || finalPathway === 'transfer_out'
          ? null
          : (routeBy ?? null),
    };
  }
}

/**
 * The invariant the whole design rests on, checked on every decision: a red flag either sends
 * the referral to 999/ED now, or a clinician must confirm the community route.
 */
function assertRedFlagsHold(
  redFlagCount: number,
  pathway: Pathway,
  urgency: Urgency,
  flags: number,
): void {
  if (redFlagCount === 0) return;
  const redirected = pathway === 'redirect_999' && urgency === 'immediate';
  const confirmed =
    (flags & CLINICIAN_CONFIRM) !== 0 && URGENCY_RANK[urgency] <= URGENCY_RANK['2_hour'];
  if (!redirected && !confirmed) {
    throw new Error(`triage engine: red flags would be lost (${pathway}, ${urgency})`);
  }
}

/** Compiles a validated rule set once into plain functions. */
export function compileRuleSet(ruleSet: RuleSet): TriageEngine {
  return new CompiledEngine(ruleSet);
}

/** `loadRuleSet` then `compileRuleSet`: what an app calls at start-up (throws RuleSetError). */
export function createTriageEngine(files: readonly RuleFileText[]): TriageEngine {
  return compileRuleSet(loadRuleSet(files));
}
