import {
  Engine,
  type NestedCondition,
  type RuleProperties,
  type TopLevelCondition,
} from 'json-rules-engine';
import { REFERRAL_FLAGS, type Pathway, type ReferralFlag, type Urgency } from '@frontdoor/domain';
import {
  ENGINE_REASONS,
  evaluationOrder,
  evidenceFilter,
  evidenceFor,
  FACT_NAMES,
  factValue,
  rulesOf,
  STAGES,
  type Condition,
  type Facts,
  type RedFlag,
  type Rule,
  type RuleSet,
  type Stage,
  type TriageDecision,
  type TriageReason,
} from '@frontdoor/triage';

/**
 * The default rules on json-rules-engine, for the triage benchmark's baseline: one Engine per
 * stage over facts precomputed by the same deriveFacts, and the same decision logic as
 * libs/triage's engine, so the two must agree on every referral before either is timed.
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
    const reason = (rule: Rule): TriageReason => {
      const plain = { ruleId: rule.id, text: rule.title, source: rule.source, stage: rule.stage };
      const filter = evidenceFilter(rule.when);
      const evidence = filter ? evidenceFor(filter, f) : [];
      return evidence.length === 0 ? plain : { ...plain, evidence };
    };

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
        finalPathway = pathway;
        finalUrgency = '2_hour';
        flags.add('respect_in_place').add('clinician_confirm');
        reasons.push(ENGINE_REASONS.respectNotForTransfer);
      } else {
        finalPathway = 'redirect_999';
        finalUrgency = 'immediate';
        reasons.push(ENGINE_REASONS.redFlagsFirst);
        if (f.respectPresent) {
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
