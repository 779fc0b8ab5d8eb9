import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The hazard log (docs/clinical-safety.md) is tested: every hazard names the tests that prove
 * its controls, and this file fails when a hazard has no proof, names a test file that does
 * not exist, or names a test title that no it(), test() or describe() in that file has (so
 * renaming or deleting a test a hazard relies on fails here until the log is updated). It also
 * fails on repeated or missing hazard ids, missing rows, and a rating that is not the one the
 * risk matrix gives for its likelihood and consequence.
 */

const ROOT = join(__dirname, '..');
const LOG_PATH = 'docs/clinical-safety.md';

const LIKELIHOODS = ['Very high', 'High', 'Medium', 'Low', 'Very low'] as const;
const CONSEQUENCES = ['Minor', 'Significant', 'Considerable', 'Major', 'Catastrophic'] as const;
type Likelihood = (typeof LIKELIHOODS)[number];
type Consequence = (typeof CONSEQUENCES)[number];

/** NHS England UK Core hazard log risk matrix: likelihood × consequence → rating 1–5. */
const MATRIX: Record<Likelihood, readonly number[]> = {
  'Very high': [3, 4, 4, 5, 5],
  High: [2, 3, 3, 4, 5],
  Medium: [2, 2, 3, 3, 4],
  Low: [1, 2, 2, 3, 4],
  'Very low': [1, 1, 2, 2, 3],
};

const ratingOf = (likelihood: Likelihood, consequence: Consequence): number =>
  MATRIX[likelihood][CONSEQUENCES.indexOf(consequence)];

/** The rows every hazard's table must have, in this order. */
const FIELDS = [
  'Hazard',
  'Cause(s)',
  'Effect (clinical impact)',
  'Initial risk',
  'Controls: Design',
  'Controls: Test',
  'Controls: Training',
  'Controls: Business process',
  'Residual risk',
  'Status',
] as const;

const MIN_HAZARDS = 14;

interface Risk {
  likelihood: Likelihood;
  consequence: Consequence;
  rating: number;
}

interface Proof {
  file: string;
  title: string;
  line: number;
}

interface Hazard {
  id: string;
  title: string;
  line: number;
  fields: Map<string, string>;
  initial?: Risk;
  residual?: Risk;
  proofs: Proof[];
}

interface SummaryRow {
  id: string;
  title: string;
  initial: string;
  residual: string;
  status: string;
  line: number;
}

interface HazardLog {
  hazards: Hazard[];
  summary: SummaryRow[];
  /** The risk matrix as the document prints it: likelihood → five ratings. */
  matrix: Map<string, string[]>;
  /** Problems found while reading: malformed headings, rows, risks and proof lines. */
  problems: string[];
}

const HAZARD_HEADING = /^### (HAZ-\d{3}): (\S.*)$/;
const PROOF = /^- Test: `([^`]+)` › "(.*)"$/;
const RISK = new RegExp(`^(${LIKELIHOODS.join('|')}) / (${CONSEQUENCES.join('|')}) / ([1-5])$`);

/** The cells of a Markdown table row, or undefined for a line that is not one. */
function cells(line: string): string[] | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('|') || !trimmed.endsWith('|')) return undefined;
  return trimmed
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

const isSeparator = (row: string[]) => row.every((cell) => /^:?-+:?$/.test(cell));

/** Reads the hazard log's text. Line numbers are 1-based, as an editor shows them. */
function parseHazardLog(text: string, path = LOG_PATH): HazardLog {
  const lines = text.split(/\r?\n/);
  const hazards: Hazard[] = [];
  const summary: SummaryRow[] = [];
  const matrix = new Map<string, string[]>();
  const problems: string[] = [];
  let section = '';
  let hazard: Hazard | undefined;

  lines.forEach((line, index) => {
    const at = `${path}:${index + 1}`;
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) {
      hazard = undefined;
      const match = HAZARD_HEADING.exec(line);
      if (match) {
        hazard = {
          id: match[1],
          title: match[2].trim(),
          line: index + 1,
          fields: new Map(),
          proofs: [],
        };
        hazards.push(hazard);
      } else if (/\bHAZ\b/.test(heading[2])) {
        problems.push(`${at}: a hazard heading must be "### HAZ-nnn: title", not "${line}"`);
      }
      if (heading[1].length <= 2) section = heading[2].trim();
      return;
    }

    if (hazard) {
      if (line.startsWith('- Test:')) {
        const proof = PROOF.exec(line);
        if (proof) hazard.proofs.push({ file: proof[1], title: proof[2], line: index + 1 });
        else problems.push(`${at}: ${hazard.id}: a proof must read - Test: \`file\` › "title"`);
        return;
      }
      const row = cells(line);
      if (!row || isSeparator(row) || row[0] === 'field') return;
      if (row.length !== 2) {
        problems.push(`${at}: ${hazard.id}: a row of the hazard table needs two cells`);
        return;
      }
      const [field, entry] = row;
      if (!(FIELDS as readonly string[]).includes(field)) {
        problems.push(`${at}: ${hazard.id}: unknown row "${field}" (rows: ${FIELDS.join(', ')})`);
      } else if (hazard.fields.has(field)) {
        problems.push(`${at}: ${hazard.id}: row "${field}" appears twice`);
      }
      hazard.fields.set(field, entry);
      if (field === 'Initial risk' || field === 'Residual risk') {
        const risk = RISK.exec(entry);
        if (!risk) {
          problems.push(
            `${at}: ${hazard.id}: ${field} must read "likelihood / consequence / rating" ` +
              `(likelihood: ${LIKELIHOODS.join(', ')}; consequence: ${CONSEQUENCES.join(', ')}), not "${entry}"`,
          );
          return;
        }
        const parsed: Risk = {
          likelihood: risk[1] as Likelihood,
          consequence: risk[2] as Consequence,
          rating: Number(risk[3]),
        };
        if (field === 'Initial risk') hazard.initial = parsed;
        else hazard.residual = parsed;
      }
      return;
    }

    const row = cells(line);
    if (!row || isSeparator(row)) return;
    if (section === 'Summary' && /^HAZ-/.test(row[0])) {
      const [id, title, initial, residual, status] = row;
      summary.push({ id, title, initial, residual, status, line: index + 1 });
    }
    if (section === 'Risk matrix' && (LIKELIHOODS as readonly string[]).includes(row[0])) {
      if (!matrix.has(row[0])) matrix.set(row[0], row.slice(1));
    }
  });

  return { hazards, summary, matrix, problems };
}

/** Everything wrong with the hazards themselves: ids, rows, ratings, the summary. */
function hazardProblems(log: HazardLog, minimum = MIN_HAZARDS, path = LOG_PATH): string[] {
  const problems = [...log.problems];
  const { hazards } = log;
  if (hazards.length < minimum) {
    problems.push(`${path}: ${hazards.length} hazards; the log needs at least ${minimum}`);
  }
  const seen = new Map<string, number>();
  let next = 1;
  for (const hazard of hazards) {
    const at = `${path}:${hazard.line}: ${hazard.id} (${hazard.title})`;
    const first = seen.get(hazard.id);
    if (first !== undefined) {
      problems.push(`${at}: duplicate hazard id, first used on line ${first}`);
    } else {
      seen.set(hazard.id, hazard.line);
      const expected = `HAZ-${String(next).padStart(3, '0')}`;
      if (hazard.id !== expected) {
        problems.push(`${at}: expected ${expected} here (ids run from HAZ-001 without gaps)`);
      }
      next = Number(hazard.id.slice(4)) + 1;
    }
    for (const field of FIELDS) {
      if (!hazard.fields.get(field)) problems.push(`${at}: no "${field}" row`);
    }
    for (const [name, risk] of [
      ['initial', hazard.initial],
      ['residual', hazard.residual],
    ] as const) {
      if (!risk) continue;
      const rating = ratingOf(risk.likelihood, risk.consequence);
      if (risk.rating !== rating) {
        problems.push(
          `${at}: ${name} risk rated ${risk.rating}, but the matrix gives ${rating} for ` +
            `${risk.likelihood} likelihood × ${risk.consequence} consequence`,
        );
      }
    }
    if (hazard.initial && hazard.residual && hazard.residual.rating > hazard.initial.rating) {
      problems.push(
        `${at}: residual risk ${hazard.residual.rating} is above the initial ${hazard.initial.rating}`,
      );
    }
    if (hazard.proofs.length === 0) {
      problems.push(`${at}: names no test that proves its controls (add a "- Test:" line)`);
    }
  }
  return problems;
}

/** Where the summary table disagrees with the hazard sections. */
function summaryProblems(log: HazardLog, path = LOG_PATH): string[] {
  const problems: string[] = [];
  const rows = new Map(log.summary.map((row) => [row.id, row]));
  for (const row of log.summary) {
    if (!log.hazards.some((hazard) => hazard.id === row.id)) {
      problems.push(`${path}:${row.line}: the summary lists ${row.id}, which has no section`);
    }
  }
  for (const hazard of log.hazards) {
    const row = rows.get(hazard.id);
    const at = `${path}:${hazard.line}: ${hazard.id}`;
    if (!row) {
      problems.push(`${at}: not in the summary table`);
      continue;
    }
    const status = /^\w+/.exec(hazard.fields.get('Status') ?? '')?.[0].toLowerCase();
    const expected = {
      title: hazard.title,
      initial: String(hazard.initial?.rating),
      residual: String(hazard.residual?.rating),
      status,
    };
    for (const [key, value] of Object.entries(expected)) {
      const listed = row[key as keyof typeof expected];
      if (listed !== value) {
        problems.push(
          `${path}:${row.line}: ${hazard.id}: the summary says ${key} "${listed}", the section "${value}"`,
        );
      }
    }
  }
  return problems;
}

// ------------------------------------------------------------------------------------------
// Test titles: the first argument of it(), test(), describe() and their .each(…)(…) forms.

const QUOTES = new Set(["'", '"', '`']);
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  0: '\0',
};

/** The string literal starting at `start` (a quote): its value and the index just past it. */
function readString(src: string, start: number): { value: string; end: number } | undefined {
  const quote = src[start];
  let value = '';
  let i = start + 1;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') {
      const next = src[i + 1] ?? '';
      if (next !== '\n') value += ESCAPES[next] ?? next; // a backslash-newline continues the line
      i += 2;
      continue;
    }
    if (ch === quote) return { value, end: i + 1 };
    if (quote === '`' && ch === '$' && src[i + 1] === '{') {
      // A placeholder stays as written: `allows ${MAX} levels` is the title as the source has it.
      const end = skipTo(src, i + 2, '}');
      if (end === undefined) return undefined;
      value += src.slice(i, end);
      i = end;
      continue;
    }
    if (quote !== '`' && ch === '\n') return undefined;
    value += ch;
    i += 1;
  }
  return undefined;
}

/** Whether a `/` at `i` starts a regular expression literal (rather than a division). */
function startsRegex(src: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && /\s/.test(src[j])) j -= 1;
  if (j < 0) return true;
  if ('(,=:[!&|?{};+-*%<>~^'.includes(src[j])) return true;
  const word = /[A-Za-z_$][\w$]*$/.exec(src.slice(Math.max(0, j - 10), j + 1))?.[0];
  return word !== undefined && ['return', 'typeof', 'case', 'in', 'of', 'void'].includes(word);
}

/** The index just past the regular expression literal starting at `start` (a `/`). */
function skipRegex(src: string, start: number): number {
  let inClass = false;
  let i = start + 1;
  while (i < src.length && src[i] !== '\n') {
    const ch = src[i];
    if (ch === '\\') i += 1;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) break;
    i += 1;
  }
  return i + 1;
}

/**
 * The index just past whatever is not code at `i` (a string, template literal, comment or
 * regular expression), or undefined when code starts there.
 */
function skipNonCode(src: string, i: number): number | undefined {
  const ch = src[i];
  if (QUOTES.has(ch)) return readString(src, i)?.end ?? src.length;
  if (ch !== '/') return undefined;
  if (src[i + 1] === '/') {
    const end = src.indexOf('\n', i);
    return end < 0 ? src.length : end + 1;
  }
  if (src[i + 1] === '*') {
    const end = src.indexOf('*/', i + 2);
    return end < 0 ? src.length : end + 2;
  }
  return startsRegex(src, i) ? skipRegex(src, i) : undefined;
}

/**
 * The index just past the `close` that ends the bracketed code starting at `start`, skipping
 * strings, template literals, comments, regular expressions and nested brackets.
 */
function skipTo(src: string, start: number, close: ')' | '}' | ']'): number | undefined {
  const stack: string[] = [close];
  const pairs: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
  let i = start;
  while (i < src.length) {
    const skipped = skipNonCode(src, i);
    if (skipped !== undefined) {
      i = skipped;
      continue;
    }
    const ch = src[i];
    if (pairs[ch]) stack.push(pairs[ch]);
    else if (ch === ')' || ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return undefined;
      if (stack.length === 0) return i + 1;
    }
    i += 1;
  }
  return undefined;
}

/** Skips whitespace and comments from `i`. */
function skipBlank(src: string, i: number): number {
  for (;;) {
    while (i < src.length && /\s/.test(src[i])) i += 1;
    if (src.startsWith('//', i) || src.startsWith('/*', i)) i = skipNonCode(src, i) ?? i + 1;
    else return i;
  }
}

/** Skips a type argument list `<…>` at `i` (`it.each<[string, number]>(…)`). */
function skipTypeArguments(src: string, i: number): number | undefined {
  let depth = 0;
  for (let j = i; j < src.length; j += 1) {
    if (src[j] === '<') depth += 1;
    else if (src[j] === '>' && src[j - 1] !== '=') {
      depth -= 1;
      if (depth === 0) return j + 1;
    } else if (src[j] === ';' && depth === 0) return undefined;
  }
  return undefined;
}

const CALLS = new Set(['it', 'test', 'describe']);
const MODIFIERS = new Set(['only', 'skip', 'concurrent', 'failing', 'todo']);

/**
 * The literal title of the call whose name (it, test, describe) ends at `i`: the first
 * argument of `name(…)`, `name.skip(…)`, `name.each(…)(…)` or `name.each<T>(…)(…)`.
 */
function titleAt(src: string, i: number): string | undefined {
  let each = false;
  for (;;) {
    const member = /^\s*\.\s*([A-Za-z]+)/.exec(src.slice(i, i + 40));
    if (!member) break;
    if (member[1] === 'each') each = true;
    else if (!MODIFIERS.has(member[1])) return undefined;
    i += member[0].length;
  }
  i = skipBlank(src, i);
  if (src[i] === '<') {
    const end = skipTypeArguments(src, i);
    if (end === undefined) return undefined;
    i = skipBlank(src, end);
  }
  if (src[i] !== '(') return undefined;
  if (each) {
    const end = skipTo(src, i + 1, ')');
    if (end === undefined) return undefined;
    i = skipBlank(src, end);
    if (src[i] !== '(') return undefined;
  }
  i = skipBlank(src, i + 1);
  return QUOTES.has(src[i]) ? readString(src, i)?.value : undefined;
}

/**
 * Every literal title given to it(), test() or describe() (and their .each, .only and .skip
 * forms) in a test file's source; names in strings, comments and regular expressions and
 * properties (`x.it(`) are not calls.
 */
function testTitles(src: string): Set<string> {
  const titles = new Set<string>();
  let i = 0;
  let previous = '';
  while (i < src.length) {
    const skipped = skipNonCode(src, i);
    if (skipped !== undefined) {
      i = skipped;
      previous = 'literal';
      continue;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(src.slice(i, i + 80))?.[0];
    if (word) {
      if (CALLS.has(word) && previous !== '.') {
        const title = titleAt(src, i + word.length);
        if (title !== undefined) titles.add(title);
      }
      i += word.length;
      previous = word;
      continue;
    }
    if (!/\s/.test(src[i])) previous = src[i];
    i += 1;
  }
  return titles;
}

/** Every proof that does not hold: a missing file, a title the file does not have. */
function proofProblems(hazards: Hazard[], root = ROOT, path = LOG_PATH): string[] {
  const problems: string[] = [];
  const titles = new Map<string, Set<string> | undefined>();
  for (const hazard of hazards) {
    for (const proof of hazard.proofs) {
      const at = `${path}:${proof.line}: ${hazard.id} (${hazard.title})`;
      if (!/\.(spec|e2e-spec)\.ts$/.test(proof.file)) {
        problems.push(`${at}: ${proof.file} is not a test file (*.spec.ts or *.e2e-spec.ts)`);
        continue;
      }
      if (!titles.has(proof.file)) {
        const file = join(root, proof.file);
        titles.set(
          proof.file,
          existsSync(file) ? testTitles(readFileSync(file, 'utf8')) : undefined,
        );
      }
      const found = titles.get(proof.file);
      if (!found) {
        problems.push(`${at}: names test "${proof.title}" in ${proof.file}, which does not exist`);
      } else if (!found.has(proof.title)) {
        problems.push(
          `${at}: names test "${proof.title}", which no it(), test() or describe() in ${proof.file} has`,
        );
      }
    }
  }
  return problems;
}

// ------------------------------------------------------------------------------------------

describe('the hazard log (docs/clinical-safety.md)', () => {
  const log = parseHazardLog(readFileSync(join(ROOT, LOG_PATH), 'utf8'));

  it('has at least 14 hazards, HAZ-001 on, each with every row, ratings from the matrix and a proof', () => {
    expect(hazardProblems(log)).toEqual([]);
  });

  it('names only tests that exist: every proof is a title in its test file', () => {
    expect(proofProblems(log.hazards)).toEqual([]);
  });

  it('lists every hazard in the summary with its title, ratings and status', () => {
    expect(summaryProblems(log)).toEqual([]);
  });

  it('prints the NHS England UK Core risk matrix that the ratings are checked against', () => {
    expect(Object.fromEntries(log.matrix)).toEqual(
      Object.fromEntries(
        LIKELIHOODS.map((likelihood) => [likelihood, MATRIX[likelihood].map(String)]),
      ),
    );
  });

  it('covers the hazards issue 12 asks for', () => {
    const titles = log.hazards.map((hazard) => hazard.title.toLowerCase()).join('\n');
    for (const topic of [
      'missed red flag',
      'negated',
      'spo2 scale',
      'urgency band',
      'pathway',
      'out of area',
      'rule set',
      'loses red flags',
      'lost referral',
      'duplicate merged wrongly',
      'two episodes',
      'clock not started',
      'breach not warned',
      'override without a reason',
      'wrong patient',
      'respect',
      'identifiers leaked',
      'unauthorised access',
      'discharge summary not delivered',
    ]) {
      expect(titles).toContain(topic);
    }
  });
});

describe('the hazard-log checker', () => {
  const doc = (body: string) => `## Hazards\n\n${body}`;
  const table = (initial: string, residual: string) =>
    [
      '| field | entry |',
      '| --- | --- |',
      ...FIELDS.map((field) =>
        field === 'Initial risk'
          ? `| ${field} | ${initial} |`
          : field === 'Residual risk'
            ? `| ${field} | ${residual} |`
            : `| ${field} | something |`,
      ),
    ].join('\n');

  it('finds titles given to it, test, describe and .each, in any quotes', () => {
    const source = [
      "describe('a suite', () => {",
      '  it("double \\"quoted\\"", () => {});',
      "  it('single \\'quoted\\'', () => {});",
      '  test(`a template ${NAME} title`, () => {});',
      "  it.each([['a', /\\)'/], ['b', (x: number) => x]])('reads %s', () => {});",
      '  it.each<[string, { a?: string }]>([])(',
      "    'typed %s',",
      '    () => {},',
      '  );',
      "  describe.each([['x']])('rule %s', () => { it.skip('skipped', () => {}); });",
      "  // it('in a comment, after it(', () => {});",
      "  const title = 'not a test';",
      "  expect(split('it(')).toBe(1);",
      "  fit('focused', () => {});",
      '});',
    ].join('\n');
    const titles = testTitles(source);
    expect([...titles].sort()).toEqual(
      [
        'a suite',
        'double "quoted"',
        "single 'quoted'",
        'a template ${NAME} title',
        'reads %s',
        'typed %s',
        'rule %s',
        'skipped',
      ].sort(),
    );
    expect(titles.has('in a comment, after it(')).toBe(false);
    expect(titles.has('not a test')).toBe(false);
    expect(titles.has('focused')).toBe(false);
  });

  it('names the hazard and the missing test when a proof no longer exists', () => {
    const log = parseHazardLog(
      doc(
        [
          '### HAZ-001: A hazard whose tests went away',
          '',
          table('Medium / Major / 3', 'Very low / Major / 2'),
          '',
          '- Test: `scripts/hazard-log.spec.ts` › "names the hazard and the missing test when a proof no longer exists"',
          '- Test: `scripts/hazard-log.spec.ts` › "a test that was renamed"',
          '- Test: `test/nowhere/gone.e2e-spec.ts` › "a test in a deleted file"',
          '- Test: `docs/clinical-safety.md` › "Summary"',
        ].join('\n'),
      ),
    );
    expect(log.hazards.map((hazard) => hazard.proofs.length)).toEqual([4]);
    expect(proofProblems(log.hazards)).toEqual([
      expect.stringMatching(
        /HAZ-001 \(A hazard whose tests went away\): names test "a test that was renamed", which no it\(\), test\(\) or describe\(\) in scripts\/hazard-log\.spec\.ts has$/,
      ),
      expect.stringMatching(
        /HAZ-001 .*: names test "a test in a deleted file" in test\/nowhere\/gone\.e2e-spec\.ts, which does not exist$/,
      ),
      expect.stringMatching(/HAZ-001 .*: docs\/clinical-safety\.md is not a test file/),
    ]);
  });

  it('refuses a rating the matrix does not give, a repeated id, a gap, a missing row and a hazard without proof', () => {
    const proof = '- Test: `scripts/hazard-log.spec.ts` › "refuses"';
    const log = parseHazardLog(
      doc(
        [
          '### HAZ-001: Rated wrongly',
          table('Medium / Catastrophic / 3', 'Low / Major / 4'),
          proof,
          '### HAZ-001: Repeated',
          table('High / Minor / 2', 'Very low / Minor / 1'),
          proof,
          '### HAZ-004: After a gap, with no proof',
          table('Very high / Significant / 4', 'Low / Significant / 2'),
          '### HAZ-005: Missing a row, badly rated and badly proved',
          '| Hazard | x |',
          '| Initial risk | Likely / Major / 3 |',
          '- Test: scripts/hazard-log.spec.ts › refuses',
          '### HAZ 6 not a hazard heading',
        ].join('\n'),
      ),
      'log.md',
    );
    const problems = hazardProblems(log, 14, 'log.md');
    const about = (id: string) => problems.filter((problem) => problem.includes(id));
    expect(about('HAZ-001 (Rated wrongly)')).toEqual([
      expect.stringContaining(
        'initial risk rated 3, but the matrix gives 4 for Medium likelihood × Catastrophic consequence',
      ),
      expect.stringContaining(
        'residual risk rated 4, but the matrix gives 3 for Low likelihood × Major consequence',
      ),
      expect.stringContaining('residual risk 4 is above the initial 3'),
    ]);
    expect(about('HAZ-001 (Repeated)')).toEqual([
      expect.stringMatching(/duplicate hazard id, first used on line \d+$/),
    ]);
    expect(about('HAZ-004')).toEqual([
      expect.stringContaining('expected HAZ-002 here'),
      expect.stringContaining('names no test that proves its controls'),
    ]);
    expect(about('HAZ-005')).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Initial risk must read "likelihood / consequence / rating"'),
        expect.stringContaining('a proof must read'),
        expect.stringContaining('no "Cause(s)" row'),
        expect.stringContaining('no "Status" row'),
      ]),
    );
    expect(problems).toContainEqual(
      expect.stringContaining('4 hazards; the log needs at least 14'),
    );
    expect(problems).toContainEqual(
      expect.stringContaining('a hazard heading must be "### HAZ-nnn: title"'),
    );
  });
});
