import type { ReferralSubmission } from '@frontdoor/domain';
import { createTriageEngine, ENGINE_REASONS, type TriageEngine } from './engine';
import { deriveFacts } from './derive';

const NOW = new Date('2026-06-01T10:00:00Z');
const IN_AREA = { now: NOW, inArea: true };

const MANIFEST = `name: engine-spec
version: 2.1.0
files: [red-flags.yaml, eligibility.yaml, pathways.yaml, urgency.yaml, flags.yaml, routing.yaml]
`;

/** A small rule set exercising every stage; `overrides` replaces whole files. */
function engine(overrides: Record<string, string> = {}): TriageEngine {
  const files: Record<string, string> = {
    'ruleset.yaml': MANIFEST,
    'red-flags.yaml': `stage: red_flags
rules:
  - id: rf-fracture
    title: Suspected fracture
    when: { fact: redFlagFindings, includes: suspected_fracture }
    then: { redFlag: suspected_fracture, severity: 3, respectApplies: true }
    source: 'UCR falls definition [S3]'
  - id: rf-news2
    title: NEWS2 of 7 or more
    when: { fact: news2Used, gte: 7 }
    then: { redFlag: news2_high, severity: 4, respectApplies: true }
    source: 'RCP NEWS2 2017 [S18]'
  - id: rf-safeguarding
    title: Immediate safeguarding risk
    when: { fact: redFlagFindings, includes: safeguarding_immediate_risk }
    then: { redFlag: safeguarding_immediate_risk, severity: 4, respectApplies: false }
    source: 'Local conservative choice: fixture'
`,
    'eligibility.yaml': `stage: eligibility
rules:
  - id: el-child
    title: Under 18, children's nursing
    priority: 10
    when: { fact: age, lt: 18 }
    then: { pathway: cyp_community_nursing }
    source: 'Adults 18+ [S4]'
  - id: el-ltc-flag
    title: Eligibility rule that only flags
    when: { fact: needs, includes: long_term_condition_review }
    then: { flags: [reasonable_adjustments] }
    source: 'Local conservative choice: fixture'
`,
    'pathways.yaml': `stage: pathway
rules:
  - id: pw-planned-falls
    title: Falls prevention
    priority: 10
    when: { fact: needs, includes: falls_prevention }
    then: { pathway: falls }
    source: 'Falls [KM-NH 6.5]'
  - id: pw-fall
    title: A fall
    priority: 50
    when: { fact: needs, includes: fall }
    then: { pathway: ucr }
    source: 'UCR need 1 [S1]'
  - id: pw-fall-second
    title: A fall, second rule at the same priority
    priority: 50
    when: { fact: needs, includesAny: [fall, reduced_function] }
    then: { pathway: frailty }
    source: 'Local conservative choice: fixture'
  - id: pw-fallback
    title: Anything else
    when: always
    then: { pathway: community_nursing, flags: [clinician_confirm] }
    source: 'Local conservative choice: fixture'
`,
    'urgency.yaml': `stage: urgency
rules:
  - id: ur-routine
    title: Routine
    when: always
    then: { urgency: routine }
    source: 'Local conservative choice: fixture'
  - id: ur-same-day-soft-signs
    title: Soft signs, same day
    when: { fact: softSigns, includesAny: [not_usual_self] }
    then: { urgency: same_day }
    source: 'RESTORE2 [S20]'
  - id: ur-ucr
    title: UCR, 2 hours
    when: { fact: pathway, eq: ucr }
    then: { urgency: 2_hour }
    source: 'UCR [S1]'
`,
    'flags.yaml': `stage: flags
rules:
  - id: fl-conflict
    title: NEWS2 conflict
    when: { fact: news2Conflict, eq: true }
    then: { flags: [data_conflict] }
    source: 'RCP NEWS2 [S18]'
`,
    'routing.yaml': `stage: routing
rules:
  - id: ro-out
    title: Out of area
    when: { fact: inArea, eq: false }
    then: { pathway: transfer_out, flags: [out_of_area] }
    source: 'No wrong referral [S7]'
  - id: ro-residence
    title: Visiting services by residence
    when: { fact: pathway, in: [ucr, falls] }
    then: { routeBy: residence }
    source: 'UCR at home [S1]'
  - id: ro-practice
    title: Others by practice
    when: always
    then: { routeBy: registered_practice }
    source: 'Neighbourhoods [KM-NH 3]'
`,
    ...overrides,
  };
  return createTriageEngine(Object.entries(files).map(([file, text]) => ({ file, text })));
}

function referral(
  clinical: Partial<ReferralSubmission['clinical']> = {},
  patch: Partial<ReferralSubmission['patient']> = {},
): ReferralSubmission {
  return {
    referrer: { type: 'gp' },
    patient: { nhsNumber: '9990000018', dateOfBirth: '1940-01-01', ...patch },
    clinical: { summary: 'test', presentingNeeds: ['other'], ...clinical },
    consent: 'patient_consented',
  };
}

const ids = (decision: { reasons: readonly { ruleId: string }[] }): string[] =>
  decision.reasons.map((reason) => reason.ruleId);

const HIGH_NEWS2 = {
  respiratoryRate: 22,
  spo2: 93,
  spo2Scale: 1 as const,
  onOxygen: false,
  systolicBp: 105,
  pulse: 115,
  consciousness: 'A' as const,
  temperature: 37,
};

describe('the triage engine', () => {
  const triage = engine();

  it('stamps every decision with the semantic version and content hash', () => {
    const decision = triage.evaluate(referral(), IN_AREA);
    expect(decision.ruleSetVersion).toMatch(/^2\.1\.0\+[0-9a-f]{8}$/);
    expect(decision.ruleSetVersion).toBe(triage.version);
  });

  it('collects every red flag, most severe first, and sends the referral to 999/ED now', () => {
    const decision = triage.evaluate(
      referral({ observations: HIGH_NEWS2, redFlagFindings: ['suspected_fracture'] }),
      IN_AREA,
    );
    expect(decision.redFlags.map((flag) => flag.code)).toEqual([
      'news2_high',
      'suspected_fracture',
    ]);
    expect(decision.redFlags[0]).toMatchObject({
      reason: 'NEWS2 of 7 or more',
      ruleId: 'rf-news2',
    });
    expect(decision).toMatchObject({ pathway: 'redirect_999', urgency: 'immediate' });
    expect(ids(decision)).toContain(ENGINE_REASONS.redFlagsFirst.ruleId);
  });

  it('lets no later stage lower a red flag: the fallback and a routine urgency still give 999 now', () => {
    const decision = triage.evaluate(referral({ observations: HIGH_NEWS2 }), IN_AREA);
    expect(ids(decision)).toEqual(
      expect.arrayContaining(['rf-news2', 'pw-fallback', 'ur-routine']),
    );
    expect(decision).toMatchObject({ pathway: 'redirect_999', urgency: 'immediate' });
    expect(decision.communityPathway).toBe('community_nursing');
    expect(decision.routeBy).toBeNull();
  });

  it('keeps red flags when out of area: 999 is not a local service', () => {
    const decision = triage.evaluate(referral({ observations: HIGH_NEWS2 }), {
      now: NOW,
      inArea: false,
    });
    expect(decision.pathway).toBe('redirect_999');
    expect(decision.flags).toContain('out_of_area');
  });

  describe('a ReSPECT plan that says not for hospital transfer', () => {
    const notForTransfer = {
      present: true,
      cpr: 'do_not_attempt' as const,
      carePriority: 'comfort' as const,
      hospitalTransfer: 'not_for_transfer' as const,
    };

    it('turns the 999 route into a 2-hour community response a clinician confirms, red flags still listed', () => {
      const decision = triage.evaluate(
        referral({ observations: HIGH_NEWS2, presentingNeeds: ['fall'], respect: notForTransfer }),
        IN_AREA,
      );
      expect(decision.redFlags.map((flag) => flag.code)).toEqual(['news2_high']);
      expect(decision).toMatchObject({ pathway: 'ucr', urgency: '2_hour' });
      expect(decision.flags).toEqual(
        expect.arrayContaining(['respect_in_place', 'clinician_confirm']),
      );
      expect(ids(decision)).toContain(ENGINE_REASONS.respectNotForTransfer.ruleId);
    });

    it('raises a routine community urgency to 2 hours', () => {
      const decision = triage.evaluate(
        referral({ observations: HIGH_NEWS2, respect: notForTransfer }),
        IN_AREA,
      );
      expect(ids(decision)).toContain('ur-routine');
      expect(decision.urgency).toBe('2_hour');
      expect(decision.pathway).toBe('community_nursing');
    });

    it('does not cover a red flag marked respectApplies: false, which keeps 999 and asks a clinician', () => {
      const decision = triage.evaluate(
        referral({
          observations: HIGH_NEWS2,
          redFlagFindings: ['safeguarding_immediate_risk'],
          respect: notForTransfer,
        }),
        IN_AREA,
      );
      expect(decision).toMatchObject({ pathway: 'redirect_999', urgency: 'immediate' });
      expect(decision.flags).toEqual(
        expect.arrayContaining(['respect_in_place', 'clinician_confirm']),
      );
      expect(ids(decision)).toContain(ENGINE_REASONS.respectDoesNotCover.ruleId);
    });

    it('is ignored when the plan is marked not present', () => {
      const decision = triage.evaluate(
        referral({ observations: HIGH_NEWS2, respect: { ...notForTransfer, present: false } }),
        IN_AREA,
      );
      expect(decision.pathway).toBe('redirect_999');
    });
  });

  it('lets eligibility choose the pathway before any pathway rule, and adds every eligible flag', () => {
    const decision = triage.evaluate(
      referral(
        { presentingNeeds: ['fall', 'long_term_condition_review'] },
        { dateOfBirth: '2015-05-05' },
      ),
      IN_AREA,
    );
    expect(decision.pathway).toBe('cyp_community_nursing');
    expect(decision.flags).toContain('reasonable_adjustments');
    expect(ids(decision)).not.toContain('pw-fall');
  });

  it('chooses the first pathway rule by priority, then file order', () => {
    const decision = triage.evaluate(
      referral({ presentingNeeds: ['falls_prevention', 'fall'] }),
      IN_AREA,
    );
    expect(decision.pathway).toBe('ucr');
    expect(ids(decision).filter((id) => id.startsWith('pw-'))).toEqual(['pw-fall']);
  });

  it('takes the most urgent matching urgency, whatever the file order', () => {
    const decision = triage.evaluate(
      referral({ presentingNeeds: ['fall'], softSigns: ['not_usual_self'] }),
      IN_AREA,
    );
    expect(decision.urgency).toBe('2_hour');
    expect(ids(decision).filter((id) => id.startsWith('ur-'))).toEqual(['ur-ucr']);
  });

  it('uses the fallback pathway and urgency when nothing else matches', () => {
    const decision = triage.evaluate(referral(), IN_AREA);
    expect(decision).toMatchObject({ pathway: 'community_nursing', urgency: 'routine' });
    expect(decision.flags).toEqual(['clinician_confirm']);
  });

  it('transfers an out-of-area referral with the urgency of its need and keeps the community pathway', () => {
    const decision = triage.evaluate(referral({ presentingNeeds: ['fall'] }), {
      now: NOW,
      inArea: false,
    });
    expect(decision).toMatchObject({
      pathway: 'transfer_out',
      urgency: '2_hour',
      communityPathway: 'ucr',
      routeBy: null,
    });
    expect(decision.flags).toContain('out_of_area');
  });

  it('treats an unknown area as in area', () => {
    const decision = triage.evaluate(referral({ presentingNeeds: ['fall'] }), {
      now: NOW,
      inArea: undefined,
    });
    expect(decision.pathway).toBe('ucr');
    expect(decision.flags).not.toContain('out_of_area');
  });

  it('gives the first route hint and lists only rules that changed something', () => {
    const decision = triage.evaluate(referral({ presentingNeeds: ['fall'] }), IN_AREA);
    expect(decision.routeBy).toBe('residence');
    expect(ids(decision)).toContain('ro-residence');
    expect(ids(decision)).not.toContain('ro-practice');
  });

  it('never ignores a red-flag finding that no rule recognises', () => {
    const decision = triage.evaluate(referral({ redFlagFindings: ['fast_positive'] }), IN_AREA);
    expect(decision.redFlags).toEqual([]);
    expect(decision.flags).toContain('clinician_confirm');
    expect(ids(decision)).toContain(ENGINE_REASONS.unrecognisedFinding.ruleId);
    const unknownCode = triage.evaluate(
      referral({ redFlagFindings: ['not_a_code' as never] }),
      IN_AREA,
    );
    expect(unknownCode.flags).toContain('clinician_confirm');
  });

  it('reports NEWS2 computed, stated and used, and the higher one drives the rules', () => {
    const decision = triage.evaluate(
      referral({ observations: { ...HIGH_NEWS2, pulse: 80, respiratoryRate: 18 }, news2Stated: 8 }),
      IN_AREA,
    );
    expect(decision.news2).toEqual({ computed: 3, stated: 8, used: 8, complete: true });
    expect(decision.flags).toContain('data_conflict');
    expect(decision.redFlags.map((flag) => flag.code)).toEqual(['news2_high']);
  });

  it('flags a NEWS2 disagreement itself when no rule does', () => {
    const triage = engine({
      'flags.yaml':
        "stage: flags\nrules:\n  - id: fl-none\n    title: Never\n    when: { fact: respect.present, eq: true }\n    then: { flags: [respect_in_place] }\n    source: 'ReSPECT [S22]'\n",
    });
    const decision = triage.evaluate(
      referral({ observations: HIGH_NEWS2, news2Stated: 1 }),
      IN_AREA,
    );
    expect(decision.flags).toContain('data_conflict');
    expect(ids(decision)).toContain(ENGINE_REASONS.news2Conflict.ruleId);
    const withRule = engine().evaluate(
      referral({ observations: HIGH_NEWS2, news2Stated: 1 }),
      IN_AREA,
    );
    expect(ids(withRule)).toContain('fl-conflict');
    expect(ids(withRule)).not.toContain(ENGINE_REASONS.news2Conflict.ruleId);
  });

  it('is pure: same input, same decision, and the input is not touched', () => {
    const input = referral({ observations: HIGH_NEWS2, presentingNeeds: ['fall'] });
    const frozen = JSON.parse(JSON.stringify(input)) as ReferralSubmission;
    const first = triage.evaluate(deepFreeze(input), IN_AREA);
    const second = triage.evaluate(input, IN_AREA);
    expect(second).toEqual(first);
    expect(input).toEqual(frozen);
  });

  it('evaluates facts derived once (evaluateFacts) to the same decision', () => {
    const input = referral({ presentingNeeds: ['fall'] });
    expect(triage.evaluateFacts(deriveFacts(input, IN_AREA))).toEqual(
      triage.evaluate(input, IN_AREA),
    );
  });
});

describe('the rule language', () => {
  /** An engine whose only pathway rule is `when`; returns whether it matched. */
  function matches(
    when: string,
    clinical: Partial<ReferralSubmission['clinical']>,
    patient = {},
  ): boolean {
    const triage = engine({
      'pathways.yaml': `stage: pathway
rules:
  - id: pw-test
    title: The condition under test
    priority: 1
    when: ${when}
    then: { pathway: heart_failure }
    source: 'Local conservative choice: test'
  - id: pw-fallback
    title: Anything else
    when: always
    then: { pathway: community_nursing }
    source: 'Local conservative choice: test'
`,
    });
    return (
      triage.evaluate(referral(clinical, patient), IN_AREA).communityPathway === 'heart_failure'
    );
  }
  const obs = (observations: object) => ({ observations });

  it.each([
    ['{ fact: observations.pulse, eq: 80 }', obs({ pulse: 80 }), true],
    ['{ fact: observations.pulse, eq: 80 }', obs({}), false],
    ['{ fact: observations.pulse, ne: 80 }', obs({ pulse: 81 }), true],
    ['{ fact: observations.pulse, ne: 80 }', obs({}), false],
    ['{ fact: observations.pulse, lt: 80 }', obs({ pulse: 79 }), true],
    ['{ fact: observations.pulse, lte: 80 }', obs({ pulse: 80 }), true],
    ['{ fact: observations.pulse, gt: 80 }', obs({ pulse: 80 }), false],
    ['{ fact: observations.pulse, gte: 80 }', obs({ pulse: 80 }), true],
    ['{ fact: observations.pulse, gte: 60, lt: 90 }', obs({ pulse: 90 }), false],
    ['{ fact: observations.pulse, in: [70, 80] }', obs({ pulse: 80 }), true],
    ['{ fact: observations.pulse, in: [70, 80] }', obs({}), false],
    ['{ fact: observations.pulse, known: true }', obs({ pulse: 80 }), true],
    ['{ fact: observations.pulse, known: false }', obs({}), true],
    ['{ not: { fact: observations.pulse, gte: 100 } }', obs({}), true],
    ['{ fact: observations.onOxygen, eq: false }', obs({ onOxygen: false }), true],
    ['{ fact: observations.onOxygen, eq: false }', obs({}), false],
    ['{ fact: observations.onOxygen, ne: true }', obs({ onOxygen: false }), true],
    ['{ fact: observations.onOxygen, ne: true }', obs({}), false],
    ['{ fact: observations.onOxygen, known: false }', obs({}), true],
    ['{ fact: observations.consciousness, eq: C }', obs({ consciousness: 'C' }), true],
    ['{ fact: observations.consciousness, ne: A }', obs({}), false],
    ['{ fact: observations.consciousness, in: [V, P, U] }', obs({ consciousness: 'P' }), true],
    ['{ fact: needs, includes: fall }', { presentingNeeds: ['fall', 'other'] }, true],
    [
      '{ fact: needs, includesAny: [fall, carer_breakdown] }',
      { presentingNeeds: ['carer_breakdown'] },
      true,
    ],
    ['{ fact: needs, includesAll: [fall, carer_breakdown] }', { presentingNeeds: ['fall'] }, false],
    [
      '{ fact: needs, includesAll: [fall, carer_breakdown] }',
      { presentingNeeds: ['carer_breakdown', 'fall'] },
      true,
    ],
    ['{ fact: softSigns, includes: unsteady }', {}, false],
    [
      '{ all: [{ fact: needs, includes: other }, { fact: cfs, gte: 5 }] }',
      { clinicalFrailtyScale: 5 },
      true,
    ],
    [
      '{ any: [{ fact: needs, includes: fall }, { fact: cfs, gte: 5 }] }',
      { clinicalFrailtyScale: 4 },
      false,
    ],
    [
      '{ any: [{ fact: needs, includes: fall }, { fact: cfs, gte: 5 }, { fact: frail, eq: true }, { fact: age, lt: 5 }] }',
      { clinicalFrailtyScale: 6 },
      true,
    ],
    [
      '{ fact: respect.hospitalTransfer, eq: not_for_transfer }',
      { respect: { present: true, hospitalTransfer: 'not_for_transfer' } },
      true,
    ],
  ] as const)('%s on %j is %s', (when, clinical, expected) => {
    expect(matches(when, clinical as Partial<ReferralSubmission['clinical']>)).toBe(expected);
  });

  it('counts age on the evaluation date, and treats a missing date of birth as unknown', () => {
    expect(matches('{ fact: age, eq: 86 }', {}, { dateOfBirth: '1940-06-01' })).toBe(true);
    expect(matches('{ fact: age, eq: 86 }', {}, { dateOfBirth: '1940-06-02' })).toBe(false);
    expect(matches('{ fact: age, known: false }', {}, { dateOfBirth: undefined })).toBe(true);
    expect(matches('{ fact: age, known: false }', {}, { dateOfBirth: '2030-01-01' })).toBe(true);
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value) as unknown[]) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
