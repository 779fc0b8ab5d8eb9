import { RED_FLAG_FINDINGS, TEAM_PATHWAYS } from '@frontdoor/domain';
import { FACTS, type FactName } from './fact-table';
import {
  evaluationOrder,
  rulesOf,
  type Atom,
  type Condition,
  type Rule,
  type RuleSet,
} from './rule-set';

/**
 * Static checks of a loaded rule set, beyond what the schema can say (`npm run triage:check`):
 *
 * - never fires: a condition no referral can meet. Detected per fact: contradictory literals in
 *   one `all` (`gte: 7` with `lt: 5`, `eq: a` with `eq: b`, `known: false` with a comparison,
 *   `includes: x` with `not: { includes: x }`), values outside a fact's range (`cfs` above 9),
 *   `any` whose every branch never fires, `not` of something always true, and `pathway` or
 *   `urgency` values no earlier rule can produce.
 * - shadowed: a rule of a first-match stage (pathway choice across eligibility and pathway
 *   rules, urgency, routing hints) whose condition implies the condition of a rule tried before
 *   it, so that the earlier rule always wins.
 * - redundant (warning): a flags rule that implies another with the same or more flags.
 * - uncovered: a red-flag finding code no red-flag rule tests (error); a team pathway no rule
 *   chooses (warning).
 * - uncited (warning): a source with no [tag] and no "Local conservative choice".
 *
 * Implication and contradiction are syntactic and sound but incomplete: they reason about
 * literals (a comparison or its `not`) on the same fact inside nested `all`, distribute over
 * `any` (p ⇒ any of q, any of p ⇒ q), and know each fact's range and code list. They do not
 * know relations between facts (news2Used ≥ news2.total, frail ⇔ cfs ≥ 5), so a finding is
 * always real, but some dead rules may go unreported.
 */

export interface CheckFinding {
  severity: 'error' | 'warning';
  kind: 'never_fires' | 'shadowed' | 'redundant' | 'uncovered' | 'uncited';
  file: string;
  line?: number;
  ruleId?: string;
  message: string;
}

export function formatFinding(finding: CheckFinding): string {
  const where = finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`;
  const rule = finding.ruleId === undefined ? '' : ` rule ${finding.ruleId}:`;
  return `${finding.severity}: ${where}:${rule} ${finding.message}`;
}

interface Literal {
  atom: Atom;
  negated: boolean;
}

/** Values a fact can take at a given point of evaluation, where narrower than its code list. */
type Domains = Partial<Record<FactName, readonly (string | number | boolean)[]>>;

/** Facts the engine always sets before the rules that may use them. */
const ALWAYS_SET: ReadonlySet<FactName> = new Set<FactName>(['pathway', 'urgency']);

function alwaysKnown(fact: FactName): boolean {
  const spec = FACTS[fact];
  return (
    spec.type === 'set' || (spec.type === 'boolean' && spec.alwaysKnown) || ALWAYS_SET.has(fact)
  );
}

const SYMBOL: Record<string, string> = {
  eq: '=',
  ne: '≠',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  in: 'in',
  includes: 'includes',
  includesAny: 'includes any of',
  includesAll: 'includes all of',
};

function showValue(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

function showLiteral({ atom, negated }: Literal): string {
  const text =
    atom.op === 'known'
      ? `${atom.fact} is ${atom.value === true ? 'known' : 'unknown'}`
      : `${atom.fact} ${SYMBOL[atom.op]} ${showValue(atom.value)}`;
  return negated ? `not (${text})` : text;
}

/** Literals of a conjunction: atoms and negated atoms at its top, through nested `all`. */
function topLiterals(condition: Condition): { literals: Literal[]; others: Condition[] } {
  const literals: Literal[] = [];
  const others: Condition[] = [];
  const walk = (c: Condition): void => {
    if (c.kind === 'atom') literals.push({ atom: c, negated: false });
    else if (c.kind === 'not' && c.item.kind === 'atom') {
      literals.push({ atom: c.item, negated: true });
    } else if (c.kind === 'all') c.items.forEach(walk);
    else if (c.kind !== 'always') others.push(c);
  };
  walk(condition);
  return { literals, others };
}

const COMPLEMENT: Record<string, string> = {
  eq: 'ne',
  ne: 'eq',
  lt: 'gte',
  gte: 'lt',
  lte: 'gt',
  gt: 'lte',
  in: 'notIn',
};

function numbersSatisfiable(fact: FactName, literals: readonly Literal[]): boolean {
  const spec = FACTS[fact];
  if (spec.type !== 'number') return true;
  let lo = spec.min;
  let loInclusive = true;
  let hi = spec.max;
  let hiInclusive = true;
  let points: number[] | null = null;
  const excluded: number[] = [];
  for (const { atom, negated } of literals) {
    if (atom.op === 'known') continue;
    const op = negated ? COMPLEMENT[atom.op] : atom.op;
    const value = atom.value as number;
    const list = atom.value as readonly number[];
    switch (op) {
      case 'eq':
        points = (points ?? [value]).filter((point) => point === value);
        break;
      case 'ne':
        excluded.push(value);
        break;
      case 'in':
        points = (points ?? [...list]).filter((point) => list.includes(point));
        break;
      case 'notIn':
        excluded.push(...list);
        break;
      case 'lt':
        if (value < hi || (value === hi && hiInclusive)) [hi, hiInclusive] = [value, false];
        break;
      case 'lte':
        if (value < hi) [hi, hiInclusive] = [value, true];
        break;
      case 'gt':
        if (value > lo || (value === lo && loInclusive)) [lo, loInclusive] = [value, false];
        break;
      case 'gte':
        if (value > lo) [lo, loInclusive] = [value, true];
        break;
    }
  }
  const inRange = (v: number): boolean =>
    (v > lo || (v === lo && loInclusive)) &&
    (v < hi || (v === hi && hiInclusive)) &&
    !excluded.includes(v) &&
    (!spec.integer || Number.isInteger(v));
  if (points) return points.some(inRange);
  if (spec.integer) {
    let first = Math.ceil(lo);
    if (first === lo && !loInclusive) first += 1;
    let last = Math.floor(hi);
    if (last === hi && !hiInclusive) last -= 1;
    if (first > last) return false;
    if (last - first > 10_000) return true;
    for (let v = first; v <= last; v += 1) if (!excluded.includes(v)) return true;
    return false;
  }
  if (lo < hi) return true;
  return lo === hi && loInclusive && hiInclusive && !excluded.includes(lo);
}

function codesSatisfiable(fact: FactName, literals: readonly Literal[], domains: Domains): boolean {
  const spec = FACTS[fact];
  const universe: readonly (string | number | boolean)[] =
    domains[fact] ?? (spec.type === 'code' ? spec.codes : [true, false]);
  let allowed = [...universe];
  for (const { atom, negated } of literals) {
    if (atom.op === 'known') continue;
    const op = negated ? COMPLEMENT[atom.op] : atom.op;
    const list = Array.isArray(atom.value) ? (atom.value as readonly unknown[]) : [atom.value];
    if (op === 'eq' || op === 'in') allowed = allowed.filter((v) => list.includes(v));
    else allowed = allowed.filter((v) => !list.includes(v));
  }
  return allowed.length > 0;
}

function setSatisfiable(literals: readonly Literal[]): boolean {
  const required = new Set<string>();
  const forbidden = new Set<string>();
  const someOf: string[][] = [];
  const notAllOf: string[][] = [];
  for (const { atom, negated } of literals) {
    const list = (Array.isArray(atom.value) ? atom.value : [atom.value]) as string[];
    const positive = !negated;
    if (atom.op === 'includes' || atom.op === 'includesAll') {
      if (positive) list.forEach((v) => required.add(v));
      else notAllOf.push(list);
    } else if (atom.op === 'includesAny') {
      if (positive) someOf.push(list);
      else list.forEach((v) => forbidden.add(v));
    }
  }
  // Unit propagation: an "any of" group with one possible member requires it; a "not all of"
  // group with one member not yet required forbids it.
  for (let changed = true; changed;) {
    changed = false;
    for (const group of someOf) {
      const open = group.filter((v) => !forbidden.has(v));
      if (open.length === 1 && !required.has(open[0])) {
        required.add(open[0]);
        changed = true;
      }
    }
    for (const group of notAllOf) {
      const open = group.filter((v) => !required.has(v));
      if (open.length === 1 && !forbidden.has(open[0])) {
        forbidden.add(open[0]);
        changed = true;
      }
    }
  }
  for (const v of required) if (forbidden.has(v)) return false;
  if (someOf.some((group) => group.every((v) => forbidden.has(v)))) return false;
  if (notAllOf.some((group) => group.every((v) => required.has(v)))) return false;
  return true;
}

/** Can some referral meet all these literals on one fact? */
function factSatisfiable(fact: FactName, literals: readonly Literal[], domains: Domains): boolean {
  const spec = FACTS[fact];
  let mustBeKnown = false;
  let mustBeUnknown = false;
  for (const { atom, negated } of literals) {
    if (atom.op === 'known') {
      if ((atom.value === true) !== negated) mustBeKnown = true;
      else mustBeUnknown = true;
    } else if (!negated) mustBeKnown = true;
  }
  if (alwaysKnown(fact)) {
    if (mustBeUnknown) return false;
    mustBeKnown = true;
  }
  if (mustBeKnown && mustBeUnknown) return false;
  // Unknown meets every negated comparison: satisfiable unless the value must be known.
  if (!mustBeKnown) return true;
  switch (spec.type) {
    case 'number':
      return numbersSatisfiable(fact, literals);
    case 'set':
      return setSatisfiable(literals);
    default:
      return codesSatisfiable(fact, literals, domains);
  }
}

function byFact(literals: readonly Literal[]): Map<FactName, Literal[]> {
  const groups = new Map<FactName, Literal[]>();
  for (const literal of literals) {
    const group = groups.get(literal.atom.fact) ?? [];
    group.push(literal);
    groups.set(literal.atom.fact, group);
  }
  return groups;
}

/** The first fact whose literals contradict each other, with those literals. */
function contradiction(
  literals: readonly Literal[],
  domains: Domains,
): { fact: FactName; literals: Literal[] } | undefined {
  for (const [fact, group] of byFact(literals)) {
    if (!factSatisfiable(fact, group, domains)) return { fact, literals: group };
  }
  return undefined;
}

class Analysis {
  constructor(private readonly domains: Domains) {}

  /** Why `condition` can never be true, or undefined when it might be. */
  neverTrue(condition: Condition): string | undefined {
    switch (condition.kind) {
      case 'always':
        return undefined;
      case 'not':
        return this.alwaysTrue(condition.item)
          ? `${condition.path} negates a condition that is always true`
          : undefined;
      case 'any': {
        const reasons = condition.items.map((item) => this.neverTrue(item));
        return reasons.every((reason) => reason !== undefined)
          ? `every branch of ${condition.path} is impossible (${reasons.join('; ')})`
          : undefined;
      }
      case 'all':
        for (const item of condition.items) {
          const reason = this.neverTrue(item);
          if (reason) return reason;
        }
        // The items may each be possible but not together.
        return this.contradictionIn(condition);
      case 'atom':
        return this.contradictionIn(condition);
    }
  }

  private contradictionIn(condition: Condition): string | undefined {
    const found = contradiction(topLiterals(condition).literals, this.domains);
    if (!found) return undefined;
    const where = [...new Set(found.literals.map((l) => l.atom.path))].join(', ');
    const domain = this.domains[found.fact];
    const note = domain
      ? ` (${found.fact} is only ever ${domain.join(', ')} when these rules run)`
      : FACTS[found.fact].type === 'number'
        ? ` (${found.fact} is ${rangeOf(found.fact)})`
        : '';
    return `no value of ${found.fact} satisfies ${found.literals
      .map(showLiteral)
      .join(' and ')}${note} at ${where}`;
  }

  alwaysTrue(condition: Condition): boolean {
    switch (condition.kind) {
      case 'always':
        return true;
      case 'atom':
        return condition.op === 'known' && condition.value === true && alwaysKnown(condition.fact);
      case 'not':
        return this.neverTrue(condition.item) !== undefined;
      case 'all':
        return condition.items.every((item) => this.alwaysTrue(item));
      case 'any':
        return condition.items.some((item) => this.alwaysTrue(item));
    }
  }

  /** p ∧ q is impossible. */
  contradicts(p: Condition, q: Condition): boolean {
    if (p.kind === 'any') return p.items.every((item) => this.contradicts(item, q));
    if (q.kind === 'any') return q.items.every((item) => this.contradicts(p, item));
    const both = [...topLiterals(p).literals, ...topLiterals(q).literals];
    return contradiction(both, this.domains) !== undefined;
  }

  /** Whenever p is true, q is true (sound, not complete). */
  implies(p: Condition, q: Condition): boolean {
    if (this.alwaysTrue(q)) return true;
    if (p.kind === 'always') return false;
    if (p.kind === 'any') return p.items.every((item) => this.implies(item, q));
    switch (q.kind) {
      case 'all':
        return q.items.every((item) => this.implies(p, item));
      case 'any':
        return q.items.some((item) => this.implies(p, item));
      case 'not':
        return this.contradicts(p, q.item);
      case 'atom': {
        const { literals, others } = topLiterals(p);
        const same = literals.filter((literal) => literal.atom.fact === q.fact);
        if (
          same.length > 0 &&
          !factSatisfiable(q.fact, [...same, { atom: q, negated: true }], this.domains)
        ) {
          return true;
        }
        return others.some((other) => this.implies(other, q));
      }
    }
    return false;
  }
}

function rangeOf(fact: FactName): string {
  const spec = FACTS[fact];
  return spec.type === 'number' ? `${spec.min}-${spec.max}` : '';
}

function located(
  rule: Rule,
  severity: CheckFinding['severity'],
  kind: CheckFinding['kind'],
  message: string,
): CheckFinding {
  return { severity, kind, file: rule.file, line: rule.line, ruleId: rule.id, message };
}

function collectAtoms(
  condition: Condition,
  into: { atom: Atom; negated: boolean }[],
  negated = false,
): void {
  switch (condition.kind) {
    case 'atom':
      into.push({ atom: condition, negated });
      break;
    case 'not':
      collectAtoms(condition.item, into, !negated);
      break;
    case 'all':
    case 'any':
      condition.items.forEach((item) => collectAtoms(item, into, negated));
      break;
  }
}

const CITATION = /\[[^\]]+\]|local conservative choice/i;

/** Why `earlier` is tried before `later`. */
function triedFirst(earlier: Rule, later: Rule): string {
  if (earlier.stage === 'eligibility' && later.stage === 'pathway') {
    return 'an eligibility rule, tried before every pathway rule';
  }
  if ('priority' in earlier && 'priority' in later) {
    return earlier.priority === later.priority
      ? `same priority ${earlier.priority}, earlier in load order`
      : `priority ${earlier.priority}, higher than ${later.priority}`;
  }
  if (earlier.stage === 'urgency' && later.stage === 'urgency') {
    return earlier.then.urgency === later.then.urgency
      ? `same urgency ${earlier.then.urgency}, earlier in load order`
      : `more urgent: ${earlier.then.urgency} before ${later.then.urgency}`;
  }
  return 'earlier in load order';
}

function shadowing(
  analysis: Analysis,
  sequence: readonly Rule[],
  dead: ReadonlySet<string>,
  what: (rule: Rule) => string,
): CheckFinding[] {
  const findings: CheckFinding[] = [];
  sequence.forEach((later, index) => {
    if (dead.has(later.id)) return;
    for (const earlier of sequence.slice(0, index)) {
      if (dead.has(earlier.id)) continue;
      if (analysis.implies(later.when, earlier.when)) {
        findings.push(
          located(
            later,
            'error',
            'shadowed',
            `shadowed by ${earlier.id} (${earlier.file}:${earlier.line}): whenever this rule matches, ${earlier.id} matches too and is tried first (${triedFirst(earlier, later)}), so ${what(later)} is never used`,
          ),
        );
        return;
      }
    }
  });
  return findings;
}

/** Runs every check on a loaded rule set; errors first, then warnings, each in rule order. */
export function checkRuleSet(ruleSet: RuleSet): CheckFinding[] {
  const eligibility = rulesOf(ruleSet, 'eligibility');
  const pathwayRules = rulesOf(ruleSet, 'pathway');
  const urgencyRules = rulesOf(ruleSet, 'urgency');
  const producedPathways = [
    ...new Set(
      [
        ...eligibility.map((rule) => rule.then.pathway),
        ...pathwayRules.map((r) => r.then.pathway),
      ].filter((pathway): pathway is NonNullable<typeof pathway> => pathway !== undefined),
    ),
  ];
  const producedUrgencies = [...new Set(urgencyRules.map((rule) => rule.then.urgency))];
  const domains: Domains = { pathway: producedPathways, urgency: producedUrgencies };
  const analysis = new Analysis(domains);
  const findings: CheckFinding[] = [];

  // Never fires.
  const dead = new Set<string>();
  for (const rule of ruleSet.rules) {
    const reason = analysis.neverTrue(rule.when);
    if (reason) {
      dead.add(rule.id);
      findings.push(located(rule, 'error', 'never_fires', `never fires: ${reason}`));
    }
  }

  // Shadowed: first-match choices.
  const pathwayChoice: Rule[] = [
    ...evaluationOrder(eligibility.filter((rule) => rule.then.pathway !== undefined)),
    ...evaluationOrder(pathwayRules),
  ];
  findings.push(
    ...shadowing(analysis, pathwayChoice, dead, (rule) =>
      rule.stage === 'eligibility' ? 'its pathway' : 'this rule',
    ),
  );
  findings.push(...shadowing(analysis, evaluationOrder(urgencyRules), dead, () => 'this rule'));
  const routeHints = rulesOf(ruleSet, 'routing').filter((rule) => rule.then.routeBy !== undefined);
  findings.push(
    ...shadowing(analysis, routeHints, dead, (rule) =>
      rule.stage === 'routing' && (rule.then.flags || rule.then.pathway)
        ? 'its routeBy'
        : 'this rule',
    ),
  );

  // Redundant flags rules.
  const flagRules = rulesOf(ruleSet, 'flags');
  flagRules.forEach((later, index) => {
    if (dead.has(later.id)) return;
    for (const [otherIndex, other] of flagRules.entries()) {
      if (other === later || dead.has(other.id)) continue;
      const covers = later.then.flags.every((flag) => other.then.flags.includes(flag));
      if (!covers || !analysis.implies(later.when, other.when)) continue;
      // Two rules that imply each other: report only the later one.
      if (otherIndex > index && analysis.implies(other.when, later.when)) continue;
      findings.push(
        located(
          later,
          'warning',
          'redundant',
          `redundant: whenever it fires, ${other.id} (${other.file}:${other.line}) fires too and adds ${other.then.flags.join(', ')}`,
        ),
      );
      return;
    }
  });

  // Coverage.
  const redFlagRules = rulesOf(ruleSet, 'red_flags');
  const tested = new Set<string>();
  for (const rule of redFlagRules) {
    const atoms: { atom: Atom; negated: boolean }[] = [];
    collectAtoms(rule.when, atoms);
    for (const { atom, negated } of atoms) {
      if (atom.fact === 'redFlagFindings' && !negated) {
        for (const value of Array.isArray(atom.value) ? atom.value : [atom.value]) {
          tested.add(String(value));
        }
      }
    }
  }
  const redFlagFile = redFlagRules[0]?.file ?? 'ruleset.yaml';
  for (const finding of RED_FLAG_FINDINGS) {
    if (!tested.has(finding)) {
      findings.push({
        severity: 'error',
        kind: 'uncovered',
        file: redFlagFile,
        message: `uncovered: no red-flag rule tests the red-flag finding ${finding} (the engine would only ask a clinician; a rule should send it to 999/ED)`,
      });
    }
  }
  const chosen = new Set<string>(producedPathways);
  const missing = TEAM_PATHWAYS.filter((pathway) => !chosen.has(pathway));
  if (missing.length > 0) {
    findings.push({
      severity: 'warning',
      kind: 'uncovered',
      file: pathwayRules[0]?.file ?? 'ruleset.yaml',
      message: `uncovered: no rule chooses the pathway${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`,
    });
  }

  // Citations.
  for (const rule of ruleSet.rules) {
    if (!CITATION.test(rule.source)) {
      findings.push(
        located(
          rule,
          'warning',
          'uncited',
          'uncited: the source names no [reference] and does not say "Local conservative choice"',
        ),
      );
    }
  }

  const rank = (finding: CheckFinding): number => (finding.severity === 'error' ? 0 : 1);
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => rank(a.finding) - rank(b.finding) || a.index - b.index)
    .map(({ finding }) => finding);
}
