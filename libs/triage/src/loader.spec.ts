import { join } from 'node:path';
import { readTriageRuleFiles } from '@frontdoor/persistence';
import { loadRuleSet, RuleSetError, type RuleFileText, type RuleProblem } from './loader';
import { MANIFEST_SCHEMA, RULE_FILE_SCHEMA } from './schema';

const FIXTURES = join(__dirname, '__fixtures__');
const fixture = (name: string): RuleFileText[] => readTriageRuleFiles(join(FIXTURES, name));

function problemsOf(files: readonly RuleFileText[]): RuleProblem[] {
  try {
    loadRuleSet(files);
  } catch (error) {
    if (error instanceof RuleSetError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the rule set to be refused');
}

/** The minimal fixture with one file replaced (or added, and listed in the manifest). */
function withFile(file: string, text: string): RuleFileText[] {
  const files = fixture('minimal').filter((f) => f.file !== file);
  if (!files.some((f) => f.file === 'ruleset.yaml' && f.text.includes(file))) {
    const manifest = files.find((f) => f.file === 'ruleset.yaml');
    if (manifest) manifest.text = manifest.text.replace('urgency.yaml]', `urgency.yaml, ${file}]`);
  }
  return [...files, { file, text }];
}

const pathwayFile = (when: string, extra = ''): string => `stage: pathway
rules:
  - id: pw-test
    title: The rule under test
    when: ${when}
    then: { pathway: ucr }
    source: 'Local conservative choice: test'${extra}
  - id: pw-fallback
    title: Anything else
    when: always
    then: { pathway: community_nursing }
    source: 'Local conservative choice: test'
`;

describe('loading a rule set', () => {
  it('loads a valid set with its version: the semantic version and the first 8 hex of a sha256', () => {
    const ruleSet = loadRuleSet(fixture('minimal'));
    expect(ruleSet).toMatchObject({ name: 'minimal', semver: '0.1.0' });
    expect(ruleSet.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(ruleSet.version).toBe(`0.1.0+${ruleSet.hash.slice(0, 8)}`);
    expect(ruleSet.files.map((f) => [f.file, f.stage, f.rules])).toEqual([
      ['red-flags.yaml', 'red_flags', 2],
      ['pathways.yaml', 'pathway', 2],
      ['urgency.yaml', 'urgency', 2],
    ]);
    expect(ruleSet.rules[0]).toMatchObject({
      id: 'rf-news2-high',
      file: 'red-flags.yaml',
      line: 3,
    });
  });

  it('changes the hash when any file changes, a comment included, but not with Windows line endings', () => {
    const files = fixture('minimal');
    const base = loadRuleSet(files).hash;
    const edited = files.map((f) =>
      f.file === 'urgency.yaml' ? { ...f, text: `${f.text}# a comment\n` } : f,
    );
    expect(loadRuleSet(edited).hash).not.toBe(base);
    const crlf = files.map((f) => ({ ...f, text: f.text.replace(/\n/g, '\r\n') }));
    expect(loadRuleSet(crlf).hash).toBe(base);
    expect(loadRuleSet([...files].reverse()).hash).toBe(base);
  });

  it('reports every schema problem of the broken-schema fixture with file, line, rule and path', () => {
    expect(problemsOf(fixture('broken-schema'))).toEqual([
      {
        file: 'extra.yaml',
        message: expect.stringContaining('not listed in ruleset.yaml') as string,
      },
      {
        file: 'red-flags.yaml',
        line: 5,
        ruleId: 'rf-news2-high',
        path: 'when.fact',
        message:
          'unknown fact "news2Usd" (did you mean "news2Used"?); facts are listed in docs/triage.md',
      },
      {
        file: 'red-flags.yaml',
        line: 10,
        ruleId: 'rf-community-pathway',
        path: 'when.fact',
        message:
          'fact "pathway" is decided later in the evaluation: red_flags rules cannot use it (it is available from the urgency stage on)',
      },
      {
        file: 'pathways.yaml',
        line: 5,
        ruleId: 'pw-fall',
        path: 'when.includes',
        message: expect.stringMatching(
          /^"fal" is not allowed here \(did you mean "fall"\?\)/,
        ) as string,
      },
      {
        file: 'pathways.yaml',
        line: 10,
        ruleId: 'pw-old',
        path: 'when.includes',
        message:
          'operator "includes" does not apply to number fact "age" (use eq, ne, lt, lte, gt, gte, in, known)',
      },
      {
        file: 'pathways.yaml',
        line: 13,
        ruleId: 'pw-fallback',
        message: 'missing required field "source"',
      },
      {
        file: 'urgency.yaml',
        line: 6,
        ruleId: 'ur-now',
        path: 'then.urgency',
        message:
          '"immediate" is not allowed here; only red flags send a referral to 999/ED; allowed: 2_hour, same_day, 48_hour, routine',
      },
    ]);
  });

  it('names the line of a YAML error', () => {
    expect(problemsOf(fixture('broken-yaml'))).toEqual([
      { file: 'red-flags.yaml', line: 8, message: 'YAML: Map keys must be unique' },
    ]);
    const unclosed = withFile(
      'pathways.yaml',
      'stage: pathway\nrules:\n  - id: pw-x\n    when: { fact: age, gte: 7\n    title: x\n',
    );
    expect(problemsOf(unclosed)).toEqual([
      expect.objectContaining({ file: 'pathways.yaml', line: 5 }),
    ]);
  });

  it('refuses duplicate ids, a missing fallback and a listed file that is not there', () => {
    expect(problemsOf(fixture('broken-set'))).toEqual([
      {
        file: 'ruleset.yaml',
        line: 3,
        path: 'files[3]',
        message: 'lists "flags.yaml", which is not in the rule-set folder',
      },
      {
        file: 'urgency.yaml',
        line: 8,
        ruleId: 'ur-routine',
        path: 'id',
        message: 'duplicate rule id: also used at pathways.yaml:8',
      },
      {
        file: 'pathways.yaml',
        message:
          'stage pathway has no fallback: add a rule with "when: always" (lowest priority) so every referral gets a pathway',
      },
    ]);
  });

  it('needs a manifest, a valid version and the red flag, pathway and urgency stages', () => {
    expect(problemsOf(fixture('minimal').filter((f) => f.file !== 'ruleset.yaml'))).toEqual([
      expect.objectContaining({
        file: 'ruleset.yaml',
        message: expect.stringContaining('missing') as string,
      }),
    ]);
    const badVersion = fixture('minimal').map((f) =>
      f.file === 'ruleset.yaml' ? { ...f, text: f.text.replace('0.1.0', 'v1') } : f,
    );
    expect(problemsOf(badVersion)).toEqual([
      {
        file: 'ruleset.yaml',
        line: 2,
        path: 'version',
        message: '"v1": must be a semantic version such as 1.2.0',
      },
    ]);
    const noRedFlags = fixture('minimal')
      .filter((f) => f.file !== 'red-flags.yaml')
      .map((f) =>
        f.file === 'ruleset.yaml' ? { ...f, text: f.text.replace('red-flags.yaml, ', '') } : f,
      );
    expect(problemsOf(noRedFlags)).toEqual([
      expect.objectContaining({
        message: 'no file of stage red_flags: every rule set needs red_flags, pathway, urgency',
      }),
    ]);
  });

  it('refuses a red flag that is always true', () => {
    const files = withFile(
      'red-flags.yaml',
      `stage: red_flags
rules:
  - id: rf-everyone
    title: Everyone to 999
    when: always
    then: { redFlag: everyone, severity: 1, respectApplies: true }
    source: 'Local conservative choice: test'
`,
    );
    expect(problemsOf(files)).toContainEqual(
      expect.objectContaining({ ruleId: 'rf-everyone', path: 'when' }),
    );
  });

  it.each([
    ['{ fact: age, gte: 18, lt: 65 }', undefined],
    [
      '{ all: [{ fact: age, gte: 18 }], fact: age }',
      '"all" cannot sit beside "fact" in one condition',
    ],
    [
      '{ all: [{ fact: age, gte: 18 }], any: [{ fact: age, lt: 5 }] }',
      'a condition is one of all, any, not or a fact: found all and any',
    ],
    ['{}', 'empty condition'],
    ['{ gte: 18 }', 'operator "gte" needs a "fact" beside it'],
    ['{ fact: age }', 'fact "age" has no operator (use eq, ne, lt, lte, gt, gte, in, known)'],
    ['{ fact: age, gte: "18" }', 'must be number, got string "18"'],
    ['{ fact: age, greaterThan: 18 }', 'unknown operator "greaterThan"'],
    ['{ fact: needs, includesAny: [] }', 'must NOT have fewer than 1 items'],
    ['{ fact: observations.consciousness, eq: X }', '"X" is not allowed here'],
    ['{ fact: frail, eq: yes }', 'must be boolean, got string "yes"'],
    ['alwayz', 'must be "always" or a condition, got "alwayz"'],
  ])('checks the condition %s', (when, expected) => {
    const files = withFile('pathways.yaml', pathwayFile(when));
    if (expected === undefined) {
      const rule = loadRuleSet(files).rules.find((r) => r.id === 'pw-test');
      expect(rule?.when).toMatchObject({ kind: 'all', items: [{ op: 'gte' }, { op: 'lt' }] });
    } else {
      const problems = problemsOf(files);
      expect(problems.map((p) => p.message).join('\n')).toContain(expected);
      expect(problems.every((p) => p.ruleId === 'pw-test' && p.file === 'pathways.yaml')).toBe(
        true,
      );
    }
  });

  it('refuses fields it does not know, suggesting the one meant', () => {
    const problems = problemsOf(
      withFile('pathways.yaml', pathwayFile('{ fact: age, gte: 18 }', '\n    priorty: 3')),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        ruleId: 'pw-test',
        path: 'priorty',
        message: expect.stringContaining(
          'unexpected field "priorty" (did you mean "priority"?)',
        ) as string,
      }),
    ]);
  });

  it('puts the error in RuleSetError.message, one problem a line', () => {
    expect(() => loadRuleSet(fixture('broken-set'))).toThrow(
      /triage rule set has 3 problems:\n {2}- ruleset.yaml:3: files\[3\]: lists "flags.yaml"/,
    );
  });

  it('exports its JSON Schemas', () => {
    expect(JSON.parse(JSON.stringify(RULE_FILE_SCHEMA))).toMatchObject({
      required: ['stage', 'rules'],
    });
    expect(MANIFEST_SCHEMA).toMatchObject({ required: ['name', 'version', 'files'] });
  });
});
