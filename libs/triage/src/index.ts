export {
  FACTS,
  FACT_NAMES,
  factValue,
  factsAvailableIn,
  isFactName,
  type FactName,
  type FactSpec,
  type FactType,
} from './fact-table';
export { NEWS2_BANDS, STAGES, Facts, type Stage, type TriageContext } from './facts';
export { deriveFacts } from './derive';
export {
  TEXT_CONTEXTS,
  TEXT_FIELDS,
  type TextContext,
  type TextCue,
  type TextField,
  type TextFinding,
} from './text/evidence';
export {
  TEXT_FACT_CODES,
  TEXT_SIGNS,
  type Lexicon,
  type LexiconCue,
  type LexiconTerm,
} from './text/lexicon';
export { compileLexicon, readText, type CompiledLexicon } from './text/reader';
export { evidenceFilter, evidenceFor, type EvidenceFilter } from './text/rule-evidence';
export { tokenize } from './text/tokens';
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
export * from './replay';
