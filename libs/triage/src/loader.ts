import { createHash } from 'node:crypto';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019';
import type { FactName } from './fact-table';
import { STAGES, type Stage } from './facts';
import {
  lineOf,
  parse,
  RuleSetError,
  schemaProblems,
  valueAt,
  type RuleFileText,
  type RuleProblem,
} from './problems';
import {
  MANIFEST_FILE,
  OPERATORS,
  type Condition,
  type Operator,
  type Rule,
  type RuleFileSummary,
  type RuleSet,
} from './rule-set';
import { MANIFEST_SCHEMA, RULE_FILE_SCHEMA } from './schema';
import {
  addLexiconFile,
  lexiconClashes,
  LEXICON_FILE_SCHEMA,
  type Lexicon,
  type RawLexiconFile,
} from './text/lexicon';

export {
  didYouMean,
  formatProblem,
  RuleSetError,
  type RuleFileText,
  type RuleProblem,
} from './problems';

interface Validators {
  manifest: ValidateFunction;
  ruleFile: ValidateFunction;
  lexiconFile: ValidateFunction;
}
let validators: Validators | undefined;

function compiledValidators(): Validators {
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
      lexiconFile: ajv.compile(LEXICON_FILE_SCHEMA),
    };
  }
  return validators;
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
  const {
    manifest: validateManifest,
    ruleFile: validateRuleFile,
    lexiconFile: validateLexiconFile,
  } = compiledValidators();
  const manifest = parse(manifestText, problems);
  if (!manifest) throw new RuleSetError(problems);
  const manifestProblems = schemaProblems(manifest, validateManifest, undefined);
  if (manifestProblems.length > 0) throw new RuleSetError([...problems, ...manifestProblems]);
  const meta = manifest.data as {
    name: string;
    version: string;
    description?: string;
    files: string[];
    lexicon?: string[];
  };
  const lexiconFiles = meta.lexicon ?? [];

  const listed = new Set([...meta.files, ...lexiconFiles]);
  for (const name of byName.keys()) {
    if (name !== MANIFEST_FILE && !listed.has(name)) {
      problems.push({
        file: name,
        message: `not listed in ${MANIFEST_FILE}: add it to files (or remove the file) so no rule is silently ignored`,
      });
    }
  }
  const listedInputs = (key: 'files' | 'lexicon', names: string[]): RuleFileText[] =>
    names.flatMap((name, index) => {
      const input = byName.get(name);
      if (input) return [input];
      problems.push({
        file: MANIFEST_FILE,
        line: lineOf(manifest, [key, index]),
        path: `${key}[${index}]`,
        message: `lists "${name}", which is not in the rule-set folder`,
      });
      return [];
    });
  const inputs = listedInputs('files', meta.files);
  const lexiconInputs = listedInputs('lexicon', lexiconFiles);
  const lexicon = loadLexicon(lexiconInputs, validateLexiconFile, problems);

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

  const hash = contentHash(manifestText, [...inputs, ...lexiconInputs]);
  return {
    name: meta.name,
    ...(meta.description === undefined ? {} : { description: meta.description }),
    semver: meta.version,
    hash,
    version: `${meta.version}+${hash.slice(0, 8)}`,
    files: summaries,
    rules,
    lexicon,
  };
}

/** The lexicon files: each against its schema, then codes and phrases, then clashes. */
function loadLexicon(
  inputs: readonly RuleFileText[],
  validate: ValidateFunction,
  problems: RuleProblem[],
): Lexicon {
  const lexicon: Lexicon = { terms: [], cues: [] };
  for (const input of inputs) {
    const parsed = parse(input, problems);
    if (!parsed) continue;
    const fileProblems = schemaProblems(parsed, validate, undefined);
    if (fileProblems.length > 0) {
      problems.push(...fileProblems);
      continue;
    }
    const found = addLexiconFile(
      lexicon,
      input.file,
      parsed.data as RawLexiconFile,
      (segments) => lineOf(parsed, segments) ?? 1,
    );
    for (const problem of found) {
      problems.push({
        file: input.file,
        line: lineOf(parsed, problem.segments),
        ...(problem.id === undefined ? {} : { ruleId: problem.id }),
        message: problem.message,
      });
    }
  }
  for (const { entry, message } of lexiconClashes(lexicon)) {
    problems.push({ file: entry.file, line: entry.line, ruleId: entry.id, message });
  }
  return lexicon;
}
