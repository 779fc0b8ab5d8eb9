export {
  FACTS,
  FACT_NAMES,
  NEWS2_BANDS,
  STAGES,
  Facts,
  deriveFacts,
  factValue,
  factsAvailableIn,
  isFactName,
  type FactName,
  type FactSpec,
  type FactType,
  type Stage,
  type TriageContext,
} from './facts';
export {
  MANIFEST_FILE,
  OPERATORS,
  OPERATORS_BY_TYPE,
  ROUTE_BY,
  URGENCY_RANK,
  evaluationOrder,
  rulesOf,
  type Atom,
  type AtomValue,
  type CommunityUrgency,
  type Condition,
  type Operator,
  type RouteBy,
  type Rule,
  type RuleFileSummary,
  type RuleOfStage,
  type RuleSet,
  type TeamPathway,
} from './rule-set';
export {
  RuleSetError,
  formatProblem,
  loadRuleSet,
  type RuleFileText,
  type RuleProblem,
} from './loader';
export { MANIFEST_SCHEMA, RULE_FILE_SCHEMA } from './schema';
export { compileCondition, type Predicate } from './compile';
export {
  ENGINE_REASONS,
  compileRuleSet,
  createTriageEngine,
  type RedFlag,
  type TriageDecision,
  type TriageEngine,
  type TriageReason,
} from './engine';
export { checkRuleSet, formatFinding, type CheckFinding } from './check';
export {
  SYNTHETIC_NOW,
  seededRandom,
  syntheticReferral,
  syntheticReferrals,
  type SyntheticReferral,
} from './synthetic';
export {
  DEFAULT_ROUTINE_WAIT_DAYS,
  triageRecord,
  type TeamSuggestion,
  type TriageRecord,
} from './record';
