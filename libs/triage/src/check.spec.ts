import { join } from 'node:path';
import { readTriageRuleFiles } from '@frontdoor/persistence';
import { runTriageCheck } from '../../../scripts/triage-check';
import { checkRuleSet, type CheckFinding } from './check';
import { loadRuleSet, type RuleFileText } from './loader';

const FIXTURES = join(__dirname, '__fixtures__');
const fixture = (name: string): RuleFileText[] => readTriageRuleFiles(join(FIXTURES, name));

const summary = (findings: CheckFinding[]) =>
  findings.map((f) => [f.severity, f.kind, f.ruleId ?? f.file]);

/** The minimal fixture with its pathway rules replaced by `rules` (YAML list items). */
function pathwayFindings(rules: string): CheckFinding[] {
  const files = fixture('minimal').map((f) =>
    f.file === 'pathways.yaml'
      ? {
          ...f,
          text: `stage: pathway
rules:
${rules}
  - id: pw-fallback
    title: Anything else
    priority: -100
    when: always
    then: { pathway: community_nursing }
    source: 'Local conservative choice: test'
`,
        }
      : f,
  );
  return checkRuleSet(loadRuleSet(files)).filter((f) => f.kind !== 'uncovered');
}

const rule = (id: string, when: string, priority = 0, pathway = 'ucr'): string => `  - id: ${id}
    title: Rule ${id}
    priority: ${priority}
    when: ${when}
    then: { pathway: ${pathway} }
    source: 'Local conservative choice: test'
`;

describe('triage:check analysis', () => {
  it('finds every planted problem in the broken-logic fixture, errors first', () => {
    expect(summary(checkRuleSet(loadRuleSet(fixture('broken-logic'))))).toEqual([
      ['error', 'never_fires', 'pw-contradiction'],
      ['error', 'never_fires', 'pw-impossible-frailty'],
      ['error', 'never_fires', 'ur-never-999'],
      ['error', 'shadowed', 'pw-fall-at-home'],
      ['error', 'shadowed', 'pw-after-fallback'],
      ['error', 'shadowed', 'ur-ucr-fall'],
      ['error', 'uncovered', 'red-flags.yaml'],
      ['warning', 'redundant', 'fl-respect-not-for-transfer'],
      ['warning', 'uncovered', 'pathways.yaml'],
      ['warning', 'uncited', 'ur-routine'],
    ]);
  });

  it('says precisely why', () => {
    const messages = checkRuleSet(loadRuleSet(fixture('broken-logic'))).map((f) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'never fires: no value of news2Used satisfies news2Used ≥ 7 and news2Used < 5 (news2Used is 0-20) at when.all[0], when.all[2]',
        'never fires: no value of cfs satisfies cfs ≥ 10 (cfs is 1-9) at when',
        'never fires: no value of pathway satisfies pathway = redirect_999 (pathway is only ever ucr, frailty, falls, community_nursing, tissue_viability when these rules run) at when',
        'shadowed by pw-fall (pathways.yaml:19): whenever this rule matches, pw-fall matches too and is tried first (same priority 70, earlier in load order), so this rule is never used',
        'shadowed by ur-ucr (urgency.yaml:3): whenever this rule matches, ur-ucr matches too and is tried first (more urgent: 2_hour before same_day), so this rule is never used',
        'uncovered: no red-flag rule tests the red-flag finding safeguarding_immediate_risk (the engine would only ask a clinician; a rule should send it to 999/ED)',
      ]),
    );
  });

  it('passes the minimal fixture with only the coverage warning', () => {
    expect(summary(checkRuleSet(loadRuleSet(fixture('minimal'))))).toEqual([
      ['warning', 'uncovered', 'pathways.yaml'],
    ]);
  });

  it.each([
    ['{ all: [{ fact: age, gt: 80 }, { fact: age, lte: 80 }] }'],
    ['{ all: [{ fact: age, known: false }, { fact: age, gte: 1 }] }'],
    ['{ all: [{ fact: age, gte: 17.5 }, { fact: age, lt: 18 }] }'],
    ['{ all: [{ fact: age, in: [1, 2] }, { fact: age, eq: 3 }] }'],
    [
      '{ all: [{ fact: observations.consciousness, eq: A }, { fact: observations.consciousness, in: [V, P] }] }',
    ],
    ['{ all: [{ fact: frail, eq: true }, { fact: frail, eq: false }] }'],
    [
      '{ all: [{ fact: needs, includes: fall }, { not: { fact: needs, includesAny: [fall, other] } }] }',
    ],
    [
      '{ all: [{ fact: needs, includesAll: [fall, other] }, { not: { fact: needs, includes: other } }] }',
    ],
    ['{ fact: news2.complete, known: false }'],
    ['{ not: { fact: respect.present, known: true } }'],
    ['{ any: [{ fact: cfs, gt: 9 }, { fact: age, lt: 0 }] }'],
    ['{ fact: observations.spo2, gt: 100 }'],
  ])('reports %s as never firing', (when) => {
    expect(summary(pathwayFindings(rule('pw-test', when)))).toEqual([
      ['error', 'never_fires', 'pw-test'],
    ]);
  });

  it.each([
    ['{ fact: age, gte: 18, lt: 65 }'],
    ['{ all: [{ fact: age, known: false }, { not: { fact: age, gte: 1 } }] }'],
    [
      '{ all: [{ fact: needs, includesAny: [fall, other] }, { not: { fact: needs, includes: fall } }] }',
    ],
    ['{ fact: frail, ne: true }'],
  ])('accepts %s', (when) => {
    expect(pathwayFindings(rule('pw-test', when))).toEqual([]);
  });

  it.each([
    ['{ fact: age, gte: 65 }', '{ fact: age, gte: 80 }'],
    ['{ fact: age, gte: 65 }', '{ fact: age, in: [70, 90] }'],
    ['{ fact: needs, includesAny: [fall, other] }', '{ fact: needs, includes: fall }'],
    ['{ fact: needs, includes: fall }', '{ fact: needs, includesAll: [fall, other] }'],
    [
      '{ any: [{ fact: cfs, gte: 7 }, { fact: age, gte: 90 }] }',
      '{ all: [{ fact: age, gte: 95 }, { fact: cfs, lt: 3 }] }',
    ],
    [
      '{ all: [{ fact: cfs, gte: 5 }, { fact: needs, includes: fall }] }',
      '{ all: [{ fact: needs, includes: fall }, { fact: cfs, eq: 6 }, { fact: age, gte: 65 }] }',
    ],
    [
      '{ not: { fact: observations.consciousness, eq: A } }',
      '{ fact: observations.consciousness, eq: V }',
    ],
    [
      '{ fact: observations.consciousness, ne: A }',
      '{ fact: observations.consciousness, in: [V, P, U] }',
    ],
    ['{ fact: age, known: true }', '{ fact: age, lt: 40 }'],
  ])('reports a rule implying an earlier one (%s, then %s) as shadowed', (first, second) => {
    expect(
      summary(
        pathwayFindings(rule('pw-first', first, 10) + rule('pw-second', second, 10, 'falls')),
      ),
    ).toEqual([['error', 'shadowed', 'pw-second']]);
  });

  it.each([
    ['{ fact: age, gte: 80 }', '{ fact: age, gte: 65 }'],
    ['{ fact: needs, includes: fall }', '{ fact: needs, includesAny: [fall, other] }'],
    [
      '{ fact: observations.consciousness, eq: V }',
      '{ not: { fact: observations.consciousness, eq: A } }',
    ],
    ['{ all: [{ fact: cfs, gte: 5 }, { fact: age, gte: 65 }] }', '{ fact: cfs, gte: 5 }'],
  ])('does not report a more general later rule (%s, then %s)', (first, second) => {
    expect(
      pathwayFindings(rule('pw-first', first, 10) + rule('pw-second', second, 10, 'falls')),
    ).toEqual([]);
  });

  it('reports a rule implied by a higher-priority one, and not one of higher priority', () => {
    expect(
      summary(
        pathwayFindings(
          rule('pw-high', '{ fact: age, gte: 65 }', 50) +
            rule('pw-low', '{ fact: age, gte: 70 }', 10),
        ),
      ),
    ).toEqual([['error', 'shadowed', 'pw-low']]);
    expect(
      pathwayFindings(
        rule('pw-low', '{ fact: age, gte: 65 }', 10) +
          rule('pw-high', '{ fact: age, gte: 70 }', 50),
      ),
    ).toEqual([]);
  });
});

describe('npm run triage:check', () => {
  const run = (...args: string[]) => {
    const lines: string[] = [];
    const code = runTriageCheck(args, (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  };

  it('passes the default rule set', () => {
    const { code, output } = run();
    expect(code).toBe(0);
    expect(output).toMatch(/front-door-default \d+\.\d+\.\d+\+[0-9a-f]{8}, \d+ rules in 6 files/);
    expect(output).toContain('ok: valid, every rule can fire, none is shadowed');
  });

  it('fails an invalid set, listing each problem with file, line and rule', () => {
    const { code, output } = run(join(FIXTURES, 'broken-schema'));
    expect(code).toBe(1);
    expect(output).toContain('invalid, the app would refuse to start:');
    expect(output).toContain(
      '  error: red-flags.yaml:5: rule rf-news2-high: when.fact: unknown fact "news2Usd" (did you mean "news2Used"?)',
    );
    expect(output).toMatch(/7 errors$/);
  });

  it('fails a valid set whose rules never fire or are shadowed', () => {
    const { code, output } = run(join(FIXTURES, 'broken-logic'));
    expect(code).toBe(1);
    expect(output).toContain(
      'error: pathways.yaml:3: rule pw-contradiction: never fires: no value of news2Used satisfies news2Used ≥ 7 and news2Used < 5',
    );
    expect(output).toMatch(/7 errors, 3 warnings$/);
  });

  it('fails on warnings only with --strict', () => {
    expect(run(join(FIXTURES, 'minimal')).code).toBe(0);
    expect(run(join(FIXTURES, 'minimal'), '--strict').code).toBe(1);
  });

  it('says when the folder does not exist, and prints the schema on --schema', () => {
    expect(run(join(FIXTURES, 'nowhere'))).toMatchObject({ code: 1 });
    const schema = run('--schema');
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.output)).toMatchObject({ required: ['stage', 'rules'] });
  });
});
