import 'reflect-metadata';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  defaultTriageRulesDir,
  readTriageRuleFiles,
  storedReferralsForReplay,
} from '@frontdoor/persistence';
import {
  createTriageEngine,
  formatProblem,
  formatReplayReport,
  ReplayEvaluationError,
  ReplayRun,
  RuleSetError,
  type ReplayItem,
  type ReplayReport,
  type TriageEngine,
} from '@frontdoor/triage';
import { validateSubmission } from '../apps/api/src/referrals/validate-submission';
import { withDataSource } from './database';

/**
 * `npm run triage:replay -- --rules <dir> [--current <dir>] [--referrals <file>] [--since <iso>]
 * [--limit <n>] [--json]`: re-evaluates referrals with a candidate rule set and the current one
 * and reports what would change (see docs/triage.md, "Replay before any rule change").
 *
 * Exit codes: 0 no red flag would be lost; 1 a red flag would be lost; 2 usage, input or
 * rule-set errors (nothing was compared).
 */

export const USAGE = `usage: npm run triage:replay -- --rules <dir> [--current <dir>] [--referrals <file>]
                                [--since <iso date>] [--limit <n>] [--json]
  --rules <dir>       the candidate rule set (a folder with ruleset.yaml), required
  --current <dir>     the rule set to compare with (default: TRIAGE_RULES_DIR or seeds/triage)
  --referrals <file>  a JSON array or NDJSON file of submissions, or of
                      { id?, reference?, receivedAt?, inArea?, submission } objects;
                      without it, the referrals stored in the database at DATABASE_URL
  --since <iso date>  stored referrals received at or after this instant only
  --limit <n>         at most n stored referrals (the newest)
  --json              print the report as JSON instead of text
exit code: 0 no red flag lost, 1 a red flag would be lost, 2 usage, input or rule-set error`;

/** A mistake in the command line or the input: exit code 2, with a message that says which. */
export class ReplayUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayUsageError';
  }
}

interface Options {
  rules: string;
  current: string;
  referrals?: string;
  since?: Date;
  limit?: number;
  json: boolean;
}

const VALUE_OPTIONS = ['--rules', '--current', '--referrals', '--since', '--limit'] as const;

export function parseReplayArgs(args: readonly string[]): Options {
  const values = new Map<string, string>();
  let json = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--json') {
      json = true;
      continue;
    }
    const [name, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (!(VALUE_OPTIONS as readonly string[]).includes(name)) {
      throw new ReplayUsageError(`unknown argument ${JSON.stringify(arg.slice(0, 40))}`);
    }
    const value = inline ?? args[++index];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      throw new ReplayUsageError(`${name} needs a value`);
    }
    if (values.has(name)) throw new ReplayUsageError(`${name} given twice`);
    values.set(name, value);
  }
  const rules = values.get('--rules');
  if (!rules) throw new ReplayUsageError('--rules <dir> (the candidate rule set) is required');
  const since = values.get('--since');
  const limit = values.get('--limit');
  const referrals = values.get('--referrals');
  if (referrals !== undefined && (since !== undefined || limit !== undefined)) {
    throw new ReplayUsageError('--since and --limit select stored referrals; not with --referrals');
  }
  if (since !== undefined && !isIsoInstant(since)) {
    throw new ReplayUsageError('--since must be an ISO 8601 date or date-time, e.g. 2026-01-01');
  }
  if (limit !== undefined && !/^[1-9][0-9]{0,8}$/.test(limit)) {
    throw new ReplayUsageError('--limit must be a whole number of 1 or more');
  }
  return {
    rules: resolve(rules),
    current: resolve(
      values.get('--current') ?? process.env.TRIAGE_RULES_DIR ?? defaultTriageRulesDir(),
    ),
    referrals: referrals === undefined ? undefined : resolve(referrals),
    since: since === undefined ? undefined : new Date(since),
    limit: limit === undefined ? undefined : Number(limit),
    json,
  };
}

const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
function isIsoInstant(value: string): boolean {
  return ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/** A path as the user would type it: relative below the working folder, else absolute. */
function shown(path: string): string {
  const below = relative(process.cwd(), path);
  return below === '' ? '.' : below.startsWith('..') ? path : below;
}

/** Loads a rule-set folder, or throws a RuleSetError naming every problem. */
function loadEngine(dir: string, which: string): TriageEngine {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ReplayUsageError(`${which} rule set ${shown(dir)}: no such folder`);
  }
  return createTriageEngine(readTriageRuleFiles(dir));
}

const WRAPPER_KEYS = new Set(['id', 'reference', 'receivedAt', 'inArea', 'submission']);

/**
 * One entry of a referrals file: a submission, or `{ id?, reference?, receivedAt?, inArea?,
 * submission }`. Problems name the entry (`where`), never its content.
 */
function toItem(entry: unknown, where: string, defaultId: string, now: Date): ReplayItem {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new ReplayUsageError(`${where}: must be a JSON object (a submission or a wrapper)`);
  }
  const object = entry as Record<string, unknown>;
  const wrapped = 'submission' in object;
  if (wrapped) {
    const unknown = Object.keys(object).filter((key) => !WRAPPER_KEYS.has(key));
    if (unknown.length > 0) {
      throw new ReplayUsageError(
        `${where}: unknown field${unknown.length === 1 ? '' : 's'} ${unknown
          .map((key) => JSON.stringify(key.slice(0, 40)))
          .join(', ')}; allowed: id, reference, receivedAt, inArea, submission`,
      );
    }
    if (
      object.id !== undefined &&
      (typeof object.id !== 'string' || !/^\S{1,100}$/.test(object.id))
    ) {
      throw new ReplayUsageError(`${where}: id must be text of 1 to 100 characters, no spaces`);
    }
    if (
      object.reference !== undefined &&
      (typeof object.reference !== 'string' || !/^\S{1,40}$/.test(object.reference))
    ) {
      throw new ReplayUsageError(`${where}: reference must be text of 1 to 40 characters`);
    }
    if (
      object.receivedAt !== undefined &&
      (typeof object.receivedAt !== 'string' || !isIsoInstant(object.receivedAt))
    ) {
      throw new ReplayUsageError(`${where}: receivedAt must be an ISO 8601 date-time`);
    }
    if (object.inArea !== undefined && typeof object.inArea !== 'boolean') {
      throw new ReplayUsageError(`${where}: inArea must be true or false`);
    }
  }
  const check = validateSubmission(wrapped ? object.submission : object);
  if (!check.ok) {
    const fields = check.errors.map((error) => `${error.field}: ${error.message}`);
    const more = fields.length > 5 ? `; and ${fields.length - 5} more` : '';
    throw new ReplayUsageError(
      `${where}: not a valid referral submission (${fields.slice(0, 5).join('; ')}${more})`,
    );
  }
  return {
    id: wrapped && typeof object.id === 'string' ? object.id : defaultId,
    reference: wrapped && typeof object.reference === 'string' ? object.reference : null,
    submission: check.submission,
    context: {
      now: wrapped && typeof object.receivedAt === 'string' ? new Date(object.receivedAt) : now,
      inArea: wrapped ? (object.inArea as boolean | undefined) : undefined,
    },
  };
}

const lineAt = (text: string, position: number): number =>
  text.slice(0, position).split('\n').length;

/**
 * A referrals file: a JSON array, or NDJSON (one JSON value a line; blank lines skipped).
 * A line that is not JSON is named by its number; its content is never repeated.
 */
export function readReferralsFile(path: string, now: Date): ReplayItem[] {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new ReplayUsageError(`--referrals ${shown(path)}: no such file`);
  }
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const name = shown(path);
  if (text.trimStart().startsWith('[')) {
    let entries: unknown;
    try {
      entries = JSON.parse(text);
    } catch (error) {
      // The parser's message quotes the text: only its position is used.
      const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
      const where = position ? ` at line ${lineAt(text, Number(position[1]))}` : '';
      throw new ReplayUsageError(`${name}: not valid JSON${where}`);
    }
    if (!Array.isArray(entries)) throw new ReplayUsageError(`${name}: not a JSON array`);
    return entries.map((entry, index) =>
      toItem(entry, `${name}: entry ${index + 1}`, `entry-${index + 1}`, now),
    );
  }
  const items: ReplayItem[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      throw new ReplayUsageError(`${name}: line ${index + 1} is not valid JSON`);
    }
    items.push(toItem(entry, `${name}: line ${index + 1}`, `line-${index + 1}`, now));
  });
  return items;
}

async function replayStored(
  run: ReplayRun,
  options: Options,
  err: (line: string) => void,
): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new ReplayUsageError(
      'DATABASE_URL is not set: give --referrals <file>, or the database to read referrals from',
    );
  }
  await withDataSource(url, async (dataSource) => {
    let read = 0;
    for await (const batch of storedReferralsForReplay(dataSource.manager, {
      since: options.since,
      limit: options.limit,
      batchSize: 1_000,
    })) {
      run.add(batch);
      read += batch.length;
      if (read % 10_000 < batch.length) err(`triage:replay: ${read} referrals replayed…`);
    }
  });
}

/** Runs the replay; returns the exit code. The report goes to `out`, problems to `err`. */
export async function runTriageReplay(
  args: readonly string[],
  out: (text: string) => void = (text) => console.log(text),
  err: (text: string) => void = (text) => console.error(text),
): Promise<number> {
  let options: Options;
  try {
    options = parseReplayArgs(args);
  } catch (error) {
    if (!(error instanceof ReplayUsageError)) throw error;
    err(`triage:replay: ${error.message}`);
    err(USAGE);
    return 2;
  }
  let report: ReplayReport;
  try {
    const engines: TriageEngine[] = [];
    for (const [which, dir] of [
      ['current', options.current],
      ['candidate', options.rules],
    ] as const) {
      try {
        engines.push(loadEngine(dir, which));
      } catch (error) {
        if (!(error instanceof RuleSetError)) throw error;
        err(`triage:replay: ${which} rule set ${shown(dir)} is invalid:`);
        for (const problem of error.problems) err(`  error: ${formatProblem(problem)}`);
        err(`${error.problems.length} error${error.problems.length === 1 ? '' : 's'}`);
        return 2;
      }
    }
    const run = new ReplayRun(engines[0], engines[1]);
    if (options.referrals) {
      run.add(readReferralsFile(options.referrals, new Date()));
    } else {
      await replayStored(run, options, err);
    }
    report = run.report();
  } catch (error) {
    if (error instanceof ReplayUsageError || error instanceof ReplayEvaluationError) {
      err(`triage:replay: ${error.message}`);
      return 2;
    }
    throw error;
  }
  out(options.json ? JSON.stringify(report, null, 2) : formatReplayReport(report));
  return report.safe ? 0 : 1;
}

if (require.main === module) {
  runTriageReplay(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(
        `triage:replay: failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exitCode = 2;
    },
  );
}
