import { performance } from 'node:perf_hooks';
import {
  Engine,
  type NestedCondition,
  type RuleProperties,
  type TopLevelCondition,
} from 'json-rules-engine';
import { REFERRAL_FLAGS, type Pathway, type ReferralFlag, type Urgency } from '@frontdoor/domain';
import {
  compileRuleSet,
  deriveFacts,
  ENGINE_REASONS,
  evaluationOrder,
  FACT_NAMES,
  factValue,
  loadRuleSet,
  rulesOf,
  STAGES,
  syntheticReferrals,
  type Condition,
  type Facts,
  type RedFlag,
  type Rule,
  type RuleSet,
  type Stage,
  type SyntheticReferral,
  type TriageDecision,
  type TriageReason,
} from '@frontdoor/triage';
import { defaultTriageRulesDir, readTriageRuleFiles } from '@frontdoor/persistence';
import { baselineOf } from './baselines';
import { figure, log as benchLog, round, type BaselineRef } from './report';
import type { FigureSource } from './run';

/**
 * Triage throughput: the compiled engine against json-rules-engine evaluating the same default
 * rules on the same synthetic referrals in the same process, one core each, explanations
 * included. Both start from the same derived facts (NEWS2 recomputed, age, sets): the
 * comparison is the rule evaluation and the decision, not fact derivation. Before timing,
 * every referral's decision from json-rules-engine is checked to be identical to the compiled
 * engine's, so the two really evaluate the same rules.
 *
 * Run alone (no database needed): `node dist/bench/triage-figures.js` or
 * `npx ts-node --transpile-only -r tsconfig-paths/register bench/triage-figures.ts`.
 */

/** Our condition language as json-rules-engine conditions over precomputed facts. */
export function toJsonRulesCondition(condition: Condition): NestedCondition {
  switch (condition.kind) {
    case 'always':
      return { all: [] };
    case 'all':
      return { all: condition.items.map(toJsonRulesCondition) };
    case 'any':
      return { any: condition.items.map(toJsonRulesCondition) };
    case 'not':
      return { not: toJsonRulesCondition(condition.item) };
    case 'atom': {
      const { fact, op, value } = condition;
      switch (op) {
        case 'eq':
          return { fact, operator: 'equal', value };
        // Our `ne` is false for an unknown value; json-rules-engine's notEqual is true for it.
        case 'ne':
          return {
            all: [
              { fact, operator: 'known', value: true },
              { fact, operator: 'notEqual', value },
            ],
          };
        case 'lt':
          return { fact, operator: 'lessThan', value };
        case 'lte':
          return { fact, operator: 'lessThanInclusive', value };
        case 'gt':
          return { fact, operator: 'greaterThan', value };
        case 'gte':
          return { fact, operator: 'greaterThanInclusive', value };
        case 'in':
          return { fact, operator: 'in', value };
        case 'known':
          return { fact, operator: 'known', value };
        case 'includes':
          return { fact, operator: 'contains', value };
        case 'includesAny':
          return {
            any: (value as string[]).map((v) => ({ fact, operator: 'contains', value: v })),
          };
        case 'includesAll':
          return {
            all: (value as string[]).map((v) => ({ fact, operator: 'contains', value: v })),
          };
      }
    }
  }
}

function topLevel(condition: Condition): TopLevelCondition {
  const translated = toJsonRulesCondition(condition);
  return 'fact' in translated ? { all: [translated] } : translated;
}

type FactRecord = Record<string, unknown>;

/** The same rules, one json-rules-engine Engine per stage, and the engine's decision logic. */
export class JsonRulesTriage {
  private readonly engines: Record<Stage, Engine>;
  private readonly rules = new Map<string, Rule>();
  private readonly ordered: Record<Stage, Rule[]>;

  constructor(private readonly ruleSet: RuleSet) {
    this.engines = {} as Record<Stage, Engine>;
    this.ordered = {} as Record<Stage, Rule[]>;
    for (const stage of STAGES) {
      const engine = new Engine([], { allowUndefinedFacts: true });
      engine.addOperator('known', (factValue: unknown, expected: unknown) => {
        const known = factValue !== undefined;
        return expected === true ? known : !known;
      });
      const stageRules = rulesOf(ruleSet, stage);
      for (const rule of stageRules) {
        this.rules.set(rule.id, rule);
        const properties: RuleProperties = {
          name: rule.id,
          conditions: topLevel(rule.when),
          event: { type: rule.id },
        };
        engine.addRule(properties);
      }
      this.engines[stage] = engine;
      this.ordered[stage] =
        stage === 'flags' || stage === 'routing' ? stageRules : evaluationOrder(stageRules);
    }
  }

  private async fired(stage: Stage, facts: FactRecord): Promise<Rule[]> {
    const { events } = await this.engines[stage].run(facts);
    const ids = new Set(events.map((event) => event.type));
    return this.ordered[stage].filter((rule) => ids.has(rule.id));
  }

  async evaluateFacts(f: Facts): Promise<TriageDecision> {
    const record: FactRecord = {};
    for (const name of FACT_NAMES) record[name] = factValue(f, name);
    const reasons: TriageReason[] = [];
    const flags = new Set<ReferralFlag>();
    const reason = (rule: Rule): TriageReason => ({
      ruleId: rule.id,
      text: rule.title,
      source: rule.source,
      stage: rule.stage,
    });

    const redFlagRules = await this.fired('red_flags', record);
    const redFlags: RedFlag[] = [];
    for (const rule of redFlagRules) {
      if (rule.stage !== 'red_flags') continue;
      redFlags.push({
        code: rule.then.redFlag,
        reason: rule.title,
        ruleId: rule.id,
        severity: rule.then.severity,
      });
      reasons.push(reason(rule));
    }

    let pathway: Pathway | undefined;
    for (const rule of await this.fired('eligibility', record)) {
      if (rule.stage !== 'eligibility') continue;
      if (!rule.then.flags && pathway !== undefined) continue;
      reasons.push(reason(rule));
      rule.then.flags?.forEach((flag) => flags.add(flag));
      pathway ??= rule.then.pathway;
    }
    if (pathway === undefined) {
      const [first] = await this.fired('pathway', record);
      if (first?.stage === 'pathway') {
        reasons.push(reason(first));
        first.then.flags?.forEach((flag) => flags.add(flag));
        pathway = first.then.pathway;
      }
    }
    if (pathway === undefined) throw new Error('no pathway: the rule set has a fallback');
    record.pathway = pathway;

    const [urgencyRule] = await this.fired('urgency', record);
    if (urgencyRule?.stage !== 'urgency')
      throw new Error('no urgency: the rule set has a fallback');
    reasons.push(reason(urgencyRule));
    const urgency: Urgency = urgencyRule.then.urgency;
    record.urgency = urgency;

    for (const rule of await this.fired('flags', record)) {
      if (rule.stage !== 'flags') continue;
      reasons.push(reason(rule));
      rule.then.flags.forEach((flag) => flags.add(flag));
    }
    let transferOut = false;
    let routeBy: 'residence' | 'registered_practice' | undefined;
    for (const rule of await this.fired('routing', record)) {
      if (rule.stage !== 'routing') continue;
      if (!rule.then.flags && !rule.then.pathway && routeBy !== undefined) continue;
      reasons.push(reason(rule));
      rule.then.flags?.forEach((flag) => flags.add(flag));
      if (rule.then.pathway === 'transfer_out') transferOut = true;
      routeBy ??= rule.then.routeBy;
    }

    if (f.news2Conflict && !flags.has('data_conflict')) {
      flags.add('data_conflict');
      reasons.push(ENGINE_REASONS.news2Conflict);
    }
    let finalPathway: Pathway = transferOut ? 'transfer_out' : pathway;
    let finalUrgency: Urgency = urgency;
    if (redFlags.length > 0) {
      const notForTransfer = f.respectPresent && f.respectHospitalTransfer === 'not_for_transfer';
      const covered = redFlagRules.every(
        (rule) => rule.stage === 'red_flags' && rule.then.respectApplies,
      );
      if (notForTransfer && covered) {
        finalUrgency = '2_hour';
        flags.add('respect_in_place').add('clinician_confirm');
        reasons.push(ENGINE_REASONS.respectNotForTransfer);
      } else {
        finalPathway = 'redirect_999';
        finalUrgency = 'immediate';
        reasons.push(ENGINE_REASONS.redFlagsFirst);
        if (notForTransfer) {
          flags.add('respect_in_place').add('clinician_confirm');
          reasons.push(ENGINE_REASONS.respectDoesNotCover);
        }
      }
    } else if (f.redFlagFindings !== 0 || f.unrecognisedRedFlagFinding) {
      flags.add('clinician_confirm');
      reasons.push(ENGINE_REASONS.unrecognisedFinding);
    }
    const known = (value: number): number | null => (value === value ? value : null);
    return {
      pathway: finalPathway,
      urgency: finalUrgency,
      redFlags,
      flags: REFERRAL_FLAGS.filter((flag) => flags.has(flag)),
      reasons,
      textFindings: f.textFindings,
      ruleSetVersion: this.ruleSet.version,
      news2: {
        computed: known(f.news2Total),
        stated: known(f.news2Stated),
        used: known(f.news2Used),
        complete: f.news2Complete,
      },
      communityPathway: pathway as TriageDecision['communityPathway'],
      routeBy:
        finalPathway === 'redirect_999' || finalPathway === 'transfer_out'
          ? null
          : (routeBy ?? null),
    };
  }
}

export interface TriageMeasurement {
  rules: number;
  ruleSetVersion: string;
  referrals: number;
  /** Referrals/s of the compiled engine, facts derived and explanations built, one core. */
  engineReferralsPerSecond: number;
  /** The same on facts already derived: the rules, decision and explanations alone. */
  engineRulesOnlyReferralsPerSecond: number;
  /** Referrals/s of json-rules-engine on the same rules and facts, one core. */
  jsonRulesEngineReferralsPerSecond: number;
  /** Share of the referrals with a red flag: the mix is varied, not all easy cases. */
  redFlagShare: number;
}

/** Runs `step` over the referrals round-robin for `seconds` after a warm-up; returns per second. */
function rateOf(seconds: number, step: (index: number) => void): number {
  const warmUntil = performance.now() + Math.min(1000, seconds * 200);
  let index = 0;
  while (performance.now() < warmUntil) for (let i = 0; i < 500; i += 1) step(index++);
  const started = performance.now();
  const until = started + seconds * 1000;
  let done = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 1000; i += 1) step(index++);
    done += 1000;
  }
  return done / ((performance.now() - started) / 1000);
}

async function asyncRateOf(
  seconds: number,
  step: (index: number) => Promise<void>,
): Promise<number> {
  const warmUntil = performance.now() + Math.min(1000, seconds * 200);
  let index = 0;
  while (performance.now() < warmUntil) await step(index++);
  const started = performance.now();
  const until = started + seconds * 1000;
  let done = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 20; i += 1) await step(index++);
    done += 20;
  }
  return done / ((performance.now() - started) / 1000);
}

export async function measureTriage(
  seconds: number,
  log: (message: string) => void = benchLog,
): Promise<TriageMeasurement> {
  const ruleSet = loadRuleSet(readTriageRuleFiles(defaultTriageRulesDir()));
  const engine = compileRuleSet(ruleSet);
  const jsonRules = new JsonRulesTriage(ruleSet);
  // As the worker gets them: parsed from JSON (the referral's jsonb columns).
  const referrals: SyntheticReferral[] = syntheticReferrals(2000, 20_260_601).map((referral) => ({
    submission: JSON.parse(JSON.stringify(referral.submission)) as SyntheticReferral['submission'],
    context: referral.context,
  }));

  log(`triage: checking json-rules-engine agrees with the engine on ${referrals.length} referrals`);
  let redFlagged = 0;
  for (const [index, { submission, context }] of referrals.entries()) {
    const ours = engine.evaluate(submission, context);
    const theirs = await jsonRules.evaluateFacts(deriveFacts(submission, context));
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
      throw new Error(
        `triage bench: json-rules-engine disagrees on referral ${index}:\n${JSON.stringify({ ours, theirs })}`,
      );
    }
    if (ours.redFlags.length > 0) redFlagged += 1;
  }

  const count = referrals.length;
  let sink = 0;
  log(`triage: compiled engine, ${ruleSet.rules.length} rules, ${seconds} s`);
  const engineRate = rateOf(seconds, (index) => {
    const { submission, context } = referrals[index % count];
    sink += engine.evaluate(submission, context).reasons.length;
  });
  const derived = referrals.map(({ submission, context }) => deriveFacts(submission, context));
  log(`triage: compiled engine on facts already derived, ${seconds} s`);
  const rulesOnlyRate = rateOf(seconds, (index) => {
    // Safe to re-evaluate: the engine only sets pathway and urgency, before any rule reads them.
    sink += engine.evaluateFacts(derived[index % count]).reasons.length;
  });
  log(`triage: json-rules-engine, same rules, ${seconds} s`);
  const jsonRulesRate = await asyncRateOf(seconds, async (index) => {
    const { submission, context } = referrals[index % count];
    sink += (await jsonRules.evaluateFacts(deriveFacts(submission, context))).reasons.length;
  });
  if (sink === 0) throw new Error('triage bench: no reasons produced');
  return {
    rules: ruleSet.rules.length,
    ruleSetVersion: ruleSet.version,
    referrals: count,
    engineReferralsPerSecond: round(engineRate, 0),
    engineRulesOnlyReferralsPerSecond: round(rulesOnlyRate, 0),
    jsonRulesEngineReferralsPerSecond: round(jsonRulesRate, 1),
    redFlagShare: round(redFlagged / count, 3),
  };
}

/** The triage figures for `npm run bench` (add to FIGURES in bench/figures.ts). */
export const triageFigures: FigureSource = async ({ baselines, settings, log }) => {
  const measured = await measureTriage(settings.seconds, log);
  const jsonRulesEngine: BaselineRef = {
    name: `json-rules-engine.referralsPerSecond (same ${measured.rules} rules, same run)`,
    value: measured.jsonRulesEngineReferralsPerSecond,
  };
  const pg = baselineOf(baselines, 'pgTransaction', 'transactionsPerSecond');
  return [
    figure(
      `triage engine vs json-rules-engine (${measured.rules} rules, explanations, one core)`,
      measured.engineReferralsPerSecond,
      'referrals/s',
      jsonRulesEngine,
    ),
    figure(
      'triage engine vs json-rules-engine, rules only (facts already derived)',
      measured.engineRulesOnlyReferralsPerSecond,
      'referrals/s',
      jsonRulesEngine,
    ),
    figure(
      'triage engine referrals/s (compiled)',
      measured.engineReferralsPerSecond,
      'referrals/s',
      pg,
    ),
    figure(
      'json-rules-engine referrals/s (same rules and facts)',
      measured.jsonRulesEngineReferralsPerSecond,
      'referrals/s',
      pg,
    ),
  ];
};

if (require.main === module) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  measureTriage(seconds).then(
    (measured) => {
      process.stdout.write(
        `${JSON.stringify(
          {
            ...measured,
            ratio: round(
              measured.engineReferralsPerSecond / measured.jsonRulesEngineReferralsPerSecond,
              1,
            ),
          },
          null,
          2,
        )}\n`,
      );
    },
    (error: unknown) => {
      benchLog(
        `failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exitCode = 1;
    },
  );
}
