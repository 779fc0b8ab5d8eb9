import type { Lexicon } from './text/lexicon';
import type { ReferralFlag, TeamPathway, Urgency } from '@frontdoor/domain';
import type { FactName, FactType } from './fact-table';
import type { Stage } from './facts';

/** The manifest every rule set has: its name, semantic version and files in load order. */
export const MANIFEST_FILE = 'ruleset.yaml';

export const COMPARISONS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'] as const;
export const OPERATORS = [
  ...COMPARISONS,
  'in',
  'includes',
  'includesAny',
  'includesAll',
  'known',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** Which operators apply to which kind of fact. */
export const OPERATORS_BY_TYPE: Readonly<Record<FactType, readonly Operator[]>> = {
  number: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'known'],
  boolean: ['eq', 'ne', 'known'],
  code: ['eq', 'ne', 'in', 'known'],
  set: ['includes', 'includesAny', 'includesAll'],
};

export type AtomValue = number | boolean | string | readonly (number | string)[];

/**
 * A condition after loading. `path` locates it inside the rule (`when.all[1]`) for messages.
 * A fact node with several operators (`{ fact: age, gte: 18, lt: 65 }`) loads as an `all`.
 */
export type Condition =
  | { kind: 'always'; path: string }
  | { kind: 'all'; items: Condition[]; path: string }
  | { kind: 'any'; items: Condition[]; path: string }
  | { kind: 'not'; item: Condition; path: string }
  | Atom;

export interface Atom {
  kind: 'atom';
  fact: FactName;
  op: Operator;
  value: AtomValue;
  path: string;
}

/** Pathways a community team serves: what eligibility and pathway rules may choose. */
export type { TeamPathway };
/** Urgencies a rule may choose: `immediate` comes only from red flags. */
export type CommunityUrgency = Exclude<Urgency, 'immediate'>;
/** Which geography the app should try first when it picks a team (a routing hint). */
export const ROUTE_BY = ['residence', 'registered_practice'] as const;
export type RouteBy = (typeof ROUTE_BY)[number];

interface RuleBase {
  id: string;
  title: string;
  source: string;
  when: Condition;
  /** The file (as named in the manifest) and 1-based line of the rule. */
  file: string;
  line: number;
  /** Position in load order (manifest file order, then rule order). */
  order: number;
}
export interface RedFlagRule extends RuleBase {
  stage: 'red_flags';
  then: { redFlag: string; severity: number; respectApplies: boolean };
}
export interface EligibilityRule extends RuleBase {
  stage: 'eligibility';
  priority: number;
  then: { pathway?: TeamPathway; flags?: ReferralFlag[] };
}
export interface PathwayRule extends RuleBase {
  stage: 'pathway';
  priority: number;
  then: { pathway: TeamPathway; flags?: ReferralFlag[] };
}
export interface UrgencyRule extends RuleBase {
  stage: 'urgency';
  then: { urgency: CommunityUrgency };
}
export interface FlagsRule extends RuleBase {
  stage: 'flags';
  then: { flags: ReferralFlag[] };
}
export interface RoutingRule extends RuleBase {
  stage: 'routing';
  then: { pathway?: 'transfer_out'; flags?: ReferralFlag[]; routeBy?: RouteBy };
}
export type Rule =
  RedFlagRule | EligibilityRule | PathwayRule | UrgencyRule | FlagsRule | RoutingRule;
export type RuleOfStage<S extends Stage> = Extract<Rule, { stage: S }>;

export interface RuleFileSummary {
  file: string;
  stage: Stage;
  description?: string;
  rules: number;
}

/** A validated rule set: what `loadRuleSet` returns and `compileRuleSet` takes. */
export interface RuleSet {
  name: string;
  description?: string;
  /** The manifest's semantic version, e.g. 1.0.0. */
  semver: string;
  /** sha256 (hex) of the manifest and every file, in manifest order. */
  hash: string;
  /** semver + '+' + the first 8 hex digits of the hash, e.g. 1.0.0+3f9a1c2b. */
  version: string;
  files: RuleFileSummary[];
  /** Every rule in load order. */
  rules: readonly Rule[];
  /** The phrases and cues free text is read with (empty when the manifest lists none). */
  lexicon: Lexicon;
}

/** Rules of one stage in load order. */
export function rulesOf<S extends Stage>(ruleSet: RuleSet, stage: S): RuleOfStage<S>[] {
  return ruleSet.rules.filter((rule): rule is RuleOfStage<S> => rule.stage === stage);
}

/** Most urgent first. */
export const URGENCY_RANK: Readonly<Record<Urgency, number>> = {
  immediate: 0,
  '2_hour': 1,
  same_day: 2,
  '48_hour': 3,
  routine: 4,
};

/**
 * The order in which the engine tries rules of a first-match stage: pathway-choosing rules by
 * priority (higher first), urgency rules most urgent first; ties keep load order.
 */
export function evaluationOrder<R extends Rule>(rules: readonly R[]): R[] {
  const key = (rule: Rule): number => {
    switch (rule.stage) {
      case 'eligibility':
      case 'pathway':
        return -rule.priority;
      case 'urgency':
        return URGENCY_RANK[rule.then.urgency];
      case 'red_flags':
        return -rule.then.severity;
      default:
        return 0;
    }
  };
  return [...rules].sort((a, b) => key(a) - key(b) || a.order - b.order);
}
