import { type ErrorObject, type ValidateFunction } from 'ajv/dist/2019';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { FACTS, isFactName } from './fact-table';
import { STAGES, type Stage } from './facts';
import { OPERATORS, OPERATORS_BY_TYPE } from './rule-set';

/** Reading a rule-set YAML file and turning schema errors into problems a rule author can act on. */

/** One file of a rule set, as the caller read it: name relative to the rule-set folder. */
export interface RuleFileText {
  file: string;
  text: string;
}

/** One thing wrong with a rule set, located as precisely as the problem allows. */
export interface RuleProblem {
  file: string;
  /** 1-based line in the file. */
  line?: number;
  /** The rule's id, or `#n` (its position) when it has none. */
  ruleId?: string;
  /** Where inside the rule (or file), e.g. `when.all[1].fact`. */
  path?: string;
  message: string;
}

export function formatProblem(problem: RuleProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const rule = problem.ruleId === undefined ? '' : ` rule ${problem.ruleId}:`;
  const path = problem.path ? ` ${problem.path}:` : '';
  return `${where}:${rule}${path} ${problem.message}`;
}

/** Thrown by `loadRuleSet`: the app must not start with a rule set that has problems. */
export class RuleSetError extends Error {
  constructor(readonly problems: readonly RuleProblem[]) {
    super(
      `triage rule set has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((problem) => `  - ${formatProblem(problem)}`).join('\n'),
    );
    this.name = 'RuleSetError';
  }
}

export interface ParsedFile {
  file: string;
  text: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
}

export type Segment = string | number;

export function parse(input: RuleFileText, problems: RuleProblem[]): ParsedFile | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(input.text, {
    lineCounter: lines,
    prettyErrors: true,
    uniqueKeys: true,
  });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push({
        file: input.file,
        line: error.linePos?.[0].line,
        message: `YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      });
    }
    return undefined;
  }
  return { file: input.file, text: input.text, doc, lines, data: doc.toJS() as unknown };
}

export function lineOf(parsed: ParsedFile, segments: readonly Segment[]): number | undefined {
  for (let length = segments.length; length >= 0; length -= 1) {
    const node: unknown = parsed.doc.getIn(segments.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return parsed.lines.linePos(range[0]).line;
  }
  return undefined;
}

export function valueAt(data: unknown, segments: readonly Segment[]): unknown {
  let value = data;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function pointerSegments(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function formatPath(segments: readonly Segment[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j];
      previous[j] = Math.min(
        previous[j] + 1,
        previous[j - 1] + 1,
        diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** ` (did you mean "x"?)` when one candidate is close to `value`. */
export function didYouMean(value: unknown, candidates: readonly unknown[]): string {
  if (typeof value !== 'string') return '';
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const distance = editDistance(value, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(value.length / 3))
    ? ` (did you mean "${best}"?)`
    : '';
}

function listOf(values: readonly unknown[], limit = 12): string {
  const shown = values.slice(0, limit).map(String).join(', ');
  return values.length > limit ? `${shown}, … (${values.length} in all)` : shown;
}

const show = (value: unknown): string =>
  typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));

const COMBINATORS = ['all', 'any', 'not'];

/**
 * Turns one ajv error into a message a rule author can act on, or undefined for errors that
 * only summarise another one (a failed `if`/`then`, `propertyNames`).
 */
function describe(
  error: ErrorObject,
  data: unknown,
  stage: Stage | undefined,
): { segments: Segment[]; message: string } | undefined {
  const segments = pointerSegments(error.instancePath);
  const value = valueAt(data, segments);
  const last = segments[segments.length - 1];
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
    case 'propertyNames':
    case 'anyOf':
    case 'oneOf':
      return undefined;
    case 'enum': {
      if (typeof error.propertyName === 'string') {
        // A key of a fact node that is not one of the fact's operators.
        const key = error.propertyName;
        const node = value as Record<string, unknown>;
        const fact = node?.fact;
        if (COMBINATORS.includes(key)) {
          return {
            segments: [...segments, key],
            message: `"${key}" cannot sit beside "fact" in one condition: put the fact condition inside the ${key}`,
          };
        }
        if (typeof fact === 'string' && isFactName(fact)) {
          const type = FACTS[fact].type;
          const ops = OPERATORS_BY_TYPE[type];
          const known = (OPERATORS as readonly string[]).includes(key);
          return {
            segments: [...segments, key],
            message: known
              ? `operator "${key}" does not apply to ${type} fact "${fact}" (use ${ops.join(', ')})`
              : `unknown operator "${key}"${didYouMean(key, ops)}; ${type} fact "${fact}" takes ${ops.join(', ')}`,
          };
        }
        return undefined;
      }
      const allowed = (params.allowedValues as unknown[]) ?? [];
      if (last === 'fact') {
        if (typeof value === 'string' && isFactName(value) && stage) {
          const from = (FACTS[value] as { from?: Stage }).from;
          return {
            segments,
            message: `fact "${value}" is decided later in the evaluation: ${stage} rules cannot use it (it is available from the ${from ?? '?'} stage on)`,
          };
        }
        return {
          segments,
          message: `unknown fact ${show(value)}${didYouMean(value, allowed)}; facts are listed in docs/triage.md`,
        };
      }
      if (last === 'stage') {
        return {
          segments,
          message: `unknown stage ${show(value)}${didYouMean(value, allowed)}; stages: ${STAGES.join(', ')}`,
        };
      }
      const hint =
        value === 'immediate' || value === 'redirect_999'
          ? '; only red flags send a referral to 999/ED'
          : value === 'transfer_out'
            ? '; transfer_out is a routing outcome'
            : '';
      return {
        segments,
        message: `${show(value)} is not allowed here${didYouMean(value, allowed)}${hint}; allowed: ${listOf(allowed)}`,
      };
    }
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = Object.keys(
        ((error.parentSchema as Record<string, unknown>)?.properties as object) ?? {},
      );
      return {
        segments: [...segments, field],
        message: `unexpected field "${field}"${didYouMean(field, known)}; allowed fields: ${known.join(', ')}`,
      };
    }
    case 'required':
      return { segments, message: `missing required field "${String(params.missingProperty)}"` };
    case 'dependentRequired':
      return {
        segments,
        message: `operator "${String(params.property)}" needs a "fact" beside it`,
      };
    case 'minProperties': {
      const node = value as Record<string, unknown>;
      if (node && typeof node === 'object' && 'fact' in node) {
        const fact = node.fact;
        const ops =
          typeof fact === 'string' && isFactName(fact)
            ? OPERATORS_BY_TYPE[FACTS[fact].type].join(', ')
            : OPERATORS.join(', ');
        return { segments, message: `fact ${show(fact)} has no operator (use ${ops})` };
      }
      if (last === 'then') return { segments, message: 'no outcome given' };
      return { segments, message: 'empty condition: use all, any, not or fact' };
    }
    case 'maxProperties':
      return {
        segments,
        message: `a condition is one of all, any, not or a fact: found ${Object.keys(
          value as object,
        ).join(' and ')}; nest them instead`,
      };
    case 'const':
      if (last === 'when') {
        return { segments, message: `must be "always" or a condition, got ${show(value)}` };
      }
      return {
        segments,
        message: `must be ${show(params.allowedValue)}, got ${show(value)}`,
      };
    case 'pattern': {
      const what: Record<string, string> = {
        id: 'rule ids are kebab-case, e.g. rf-news2-high',
        name: 'names are kebab-case, e.g. front-door-default',
        version: 'must be a semantic version such as 1.2.0',
        redFlag: 'red flag codes are snake_case, e.g. news2_high',
      };
      const message =
        typeof last === 'string' && what[last]
          ? what[last]
          : segments[0] === 'files'
            ? 'must be a .yaml file name in the rule-set folder'
            : (error.message ?? 'does not match the expected pattern');
      return { segments, message: `${show(value)}: ${message}` };
    }
    case 'minLength':
      return {
        segments,
        message:
          last === 'source'
            ? 'too short: cite the guidance the rule rests on, or write "Local conservative choice: …"'
            : last === 'title'
              ? 'too short: a plain-English title of at least 5 characters'
              : (error.message ?? 'too short'),
      };
    case 'type':
      return {
        segments,
        message: `must be ${String(params.type)}, got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : `${typeof value} ${show(value)}`}`,
      };
    default:
      return { segments, message: error.message ?? error.keyword };
  }
}

export function schemaProblems(
  parsed: ParsedFile,
  validate: ValidateFunction,
  stage: Stage | undefined,
): RuleProblem[] {
  if (validate(parsed.data)) return [];
  const problems: RuleProblem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const described = describe(error, parsed.data, stage);
    if (!described) continue;
    problems.push(locate(parsed, described.segments, described.message));
  }
  if (problems.length === 0 && validate.errors?.length) {
    // Only summary errors: report the first as it is rather than nothing.
    const [first] = validate.errors;
    problems.push(
      locate(parsed, pointerSegments(first.instancePath), first.message ?? first.keyword),
    );
  }
  return problems.filter((problem) => {
    const key = formatProblem(problem);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function ruleLabel(data: unknown, index: number): string {
  const id = valueAt(data, ['rules', index, 'id']);
  return typeof id === 'string' && id !== '' ? id : `#${index + 1}`;
}

/** A problem at `segments` of a parsed file, with its line and (inside a rule) the rule id. */
export function locate(
  parsed: ParsedFile,
  segments: readonly Segment[],
  message: string,
): RuleProblem {
  const problem: RuleProblem = { file: parsed.file, line: lineOf(parsed, segments), message };
  if (segments[0] === 'rules' && typeof segments[1] === 'number') {
    problem.ruleId = ruleLabel(parsed.data, segments[1]);
    const inner = formatPath(segments.slice(2));
    if (inner) problem.path = inner;
  } else if (segments.length > 0) {
    problem.path = formatPath(segments);
  }
  return problem;
}
