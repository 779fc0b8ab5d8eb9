import { createHash } from 'node:crypto';
import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { FACTS, STAGES, isFactName, type FactName, type Stage } from './facts';
import {
  MANIFEST_FILE,
  OPERATORS,
  OPERATORS_BY_TYPE,
  type Condition,
  type Operator,
  type Rule,
  type RuleFileSummary,
  type RuleSet,
} from './rule-set';
import { MANIFEST_SCHEMA, RULE_FILE_SCHEMA } from './schema';

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

let validators: { manifest: ValidateFunction; ruleFile: ValidateFunction } | undefined;

function compiledValidators(): { manifest: ValidateFunction; ruleFile: ValidateFunction } {
  if (!validators) {
    const ajv = new Ajv2019({
      allErrors: true,
      verbose: true,
      strict: true,
      strictTypes: true,
      allowUnionTypes: true,
      strictNumbers: true,
      logger: false,
    });
    validators = {
      manifest: ajv.compile(MANIFEST_SCHEMA),
      ruleFile: ajv.compile(RULE_FILE_SCHEMA),
    };
  }
  return validators;
}

interface ParsedFile {
  file: string;
  text: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
}

type Segment = string | number;

function parse(input: RuleFileText, problems: RuleProblem[]): ParsedFile | undefined {
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

function lineOf(parsed: ParsedFile, segments: readonly Segment[]): number | undefined {
  for (let length = segments.length; length >= 0; length -= 1) {
    const node: unknown = parsed.doc.getIn(segments.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return parsed.lines.linePos(range[0]).line;
  }
  return undefined;
}

function valueAt(data: unknown, segments: readonly Segment[]): unknown {
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

function schemaProblems(
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
function locate(parsed: ParsedFile, segments: readonly Segment[], message: string): RuleProblem {
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

function toCondition(node: unknown, path: string): Condition {
  if (node === 'always') return { kind: 'always', path };
  const object = node as Record<string, unknown>;
  if (Array.isArray(object.all)) {
    return {
      kind: 'all',
      items: object.all.map((item, index) => toCondition(item, `${path}.all[${index}]`)),
      path,
    };
  }
  if (Array.isArray(object.any)) {
    return {
      kind: 'any',
      items: object.any.map((item, index) => toCondition(item, `${path}.any[${index}]`)),
      path,
    };
  }
  if (object.not !== undefined) {
    return { kind: 'not', item: toCondition(object.not, `${path}.not`), path };
  }
  const fact = object.fact as FactName;
  // In the order written, so messages read like the file.
  const ops = Object.keys(object).filter((key): key is Operator =>
    (OPERATORS as readonly string[]).includes(key),
  );
  const atoms: Condition[] = ops.map((op) => ({
    kind: 'atom',
    fact,
    op,
    value: object[op] as never,
    path: ops.length > 1 ? `${path}.${op}` : path,
  }));
  return atoms.length === 1 ? atoms[0] : { kind: 'all', items: atoms, path };
}

interface RawRule {
  id: string;
  title: string;
  source: string;
  when: unknown;
  then: Record<string, unknown>;
  priority?: number;
}

function contentHash(manifest: RuleFileText, files: readonly RuleFileText[]): string {
  const hash = createHash('sha256');
  // Line endings are normalised so that a Windows checkout has the same version.
  for (const { file, text } of [manifest, ...files]) {
    hash.update(`${file}\n`);
    hash.update(text.replace(/\r\n/g, '\n'));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Stages a rule set cannot do without, and those that need a catch-all (`when: always`). */
const REQUIRED_STAGES: readonly Stage[] = ['red_flags', 'pathway', 'urgency'];
const FALLBACK_STAGES: readonly Stage[] = ['pathway', 'urgency'];

/**
 * Parses and validates a rule set: the manifest `ruleset.yaml` and every file it lists, each
 * against the JSON Schema, then across files (unique rule ids, the stages every set needs, a
 * fallback pathway and urgency). Throws a `RuleSetError` listing every problem found, each
 * naming the file, line and rule; returns the rules ready for `compileRuleSet`.
 *
 * Pure: the caller reads the folder and passes each file's name and text.
 */
export function loadRuleSet(files: readonly RuleFileText[]): RuleSet {
  const problems: RuleProblem[] = [];
  const byName = new Map<string, RuleFileText>();
  for (const input of files) {
    if (byName.has(input.file)) {
      problems.push({ file: input.file, message: 'given twice' });
    }
    byName.set(input.file, input);
  }
  const manifestText = byName.get(MANIFEST_FILE);
  if (!manifestText) {
    throw new RuleSetError([
      {
        file: MANIFEST_FILE,
        message: 'missing: a rule set needs a manifest with its name, version and files',
      },
    ]);
  }
  const { manifest: validateManifest, ruleFile: validateRuleFile } = compiledValidators();
  const manifest = parse(manifestText, problems);
  if (!manifest) throw new RuleSetError(problems);
  const manifestProblems = schemaProblems(manifest, validateManifest, undefined);
  if (manifestProblems.length > 0) throw new RuleSetError([...problems, ...manifestProblems]);
  const meta = manifest.data as {
    name: string;
    version: string;
    description?: string;
    files: string[];
  };

  const listed = new Set(meta.files);
  for (const name of byName.keys()) {
    if (name !== MANIFEST_FILE && !listed.has(name)) {
      problems.push({
        file: name,
        message: `not listed in ${MANIFEST_FILE}: add it to files (or remove the file) so no rule is silently ignored`,
      });
    }
  }
  const inputs: RuleFileText[] = [];
  meta.files.forEach((name, index) => {
    const input = byName.get(name);
    if (input) inputs.push(input);
    else {
      problems.push({
        file: MANIFEST_FILE,
        line: lineOf(manifest, ['files', index]),
        path: `files[${index}]`,
        message: `lists "${name}", which is not in the rule-set folder`,
      });
    }
  });

  const rules: Rule[] = [];
  const summaries: RuleFileSummary[] = [];
  /** Stages with a file that did not load: their cross-file checks would mislead. */
  const incomplete = new Set<unknown>();
  const firstSeen = new Map<string, { file: string; line?: number }>();
  for (const input of inputs) {
    const parsed = parse(input, problems);
    if (!parsed) {
      incomplete.add(undefined);
      continue;
    }
    const rawStage = valueAt(parsed.data, ['stage']);
    const stage = (STAGES as readonly unknown[]).includes(rawStage)
      ? (rawStage as Stage)
      : undefined;
    const fileProblems = schemaProblems(parsed, validateRuleFile, stage);
    if (fileProblems.length > 0 || !stage) {
      problems.push(...fileProblems);
      incomplete.add(stage);
      continue;
    }
    const body = parsed.data as { description?: string; rules: RawRule[] };
    summaries.push({
      file: input.file,
      stage,
      ...(body.description === undefined ? {} : { description: body.description }),
      rules: body.rules.length,
    });
    body.rules.forEach((raw, index) => {
      const line = lineOf(parsed, ['rules', index]) ?? 1;
      const earlier = firstSeen.get(raw.id);
      if (earlier) {
        problems.push({
          file: input.file,
          line,
          ruleId: raw.id,
          path: 'id',
          message: `duplicate rule id: also used at ${earlier.file}:${earlier.line ?? '?'}`,
        });
      } else firstSeen.set(raw.id, { file: input.file, line });
      if (stage === 'red_flags' && raw.when === 'always') {
        problems.push({
          file: input.file,
          line,
          ruleId: raw.id,
          path: 'when',
          message: 'a red flag cannot be "always": it would send every referral to 999/ED',
        });
      }
      rules.push({
        id: raw.id,
        title: raw.title,
        source: raw.source,
        when: toCondition(raw.when, 'when'),
        file: input.file,
        line,
        order: rules.length,
        stage,
        ...(stage === 'eligibility' || stage === 'pathway' ? { priority: raw.priority ?? 0 } : {}),
        then: raw.then,
      } as Rule);
    });
  }

  if (!incomplete.has(undefined)) {
    for (const stage of REQUIRED_STAGES) {
      if (!incomplete.has(stage) && !summaries.some((summary) => summary.stage === stage)) {
        problems.push({
          file: MANIFEST_FILE,
          line: lineOf(manifest, ['files']),
          path: 'files',
          message: `no file of stage ${stage}: every rule set needs ${REQUIRED_STAGES.join(', ')}`,
        });
      }
    }
    for (const stage of FALLBACK_STAGES) {
      if (incomplete.has(stage)) continue;
      const stageRules = rules.filter((rule) => rule.stage === stage);
      if (stageRules.length > 0 && !stageRules.some((rule) => rule.when.kind === 'always')) {
        const lastFile = stageRules[stageRules.length - 1].file;
        problems.push({
          file: lastFile,
          message: `stage ${stage} has no fallback: add a rule with "when: always" (lowest ${
            stage === 'pathway' ? 'priority' : 'urgency'
          }) so every referral gets a${stage === 'urgency' ? 'n' : ''} ${stage}`,
        });
      }
    }
  }
  if (problems.length > 0) throw new RuleSetError(problems);

  const hash = contentHash(manifestText, inputs);
  return {
    name: meta.name,
    ...(meta.description === undefined ? {} : { description: meta.description }),
    semver: meta.version,
    hash,
    version: `${meta.version}+${hash.slice(0, 8)}`,
    files: summaries,
    rules,
  };
}
