import type {
  EndOfLife,
  FallDetails,
  KnownCondition,
  Observations,
  Onset,
  PresentingNeed,
  RedFlagFinding,
  ReferralSubmission,
  ReferrerType,
  Respect,
  SoftSign,
} from '@frontdoor/domain';
import { defaultTriageRulesDir, readTriageRuleFiles } from '@frontdoor/persistence';
import { checkRuleSet } from './check';
import { compileRuleSet } from './engine';
import type { TriageContext } from './facts';
import { loadRuleSet } from './loader';

/**
 * The default rule set in seeds/triage: every rule fires on a synthetic referral written for
 * it, is explained (its title and source in `reasons`) and has its effect. Adding a rule
 * without a witness here fails the first test.
 */

const ruleSet = loadRuleSet(readTriageRuleFiles(defaultTriageRulesDir()));
const triage = compileRuleSet(ruleSet);
const NOW = new Date('2026-06-01T10:00:00Z');

interface Case {
  age?: number | null;
  nhsNumber?: boolean;
  referrer?: ReferrerType;
  needs?: PresentingNeed[];
  observations?: Observations;
  news2Stated?: number;
  cfs?: number;
  softSigns?: SoftSign[];
  findings?: RedFlagFinding[];
  fall?: FallDetails;
  endOfLife?: EndOfLife;
  respect?: Respect;
  conditions?: KnownCondition[];
  communicationNeeds?: string;
  inArea?: boolean | undefined;
  summary?: string;
  onset?: Onset;
}

/** NEWS2 0: every parameter measured and normal. */
const NORMAL: Observations = {
  respiratoryRate: 16,
  spo2: 97,
  spo2Scale: 1,
  onOxygen: false,
  systolicBp: 130,
  pulse: 80,
  consciousness: 'A',
  temperature: 37,
};
const obs = (changes: Observations): Observations => ({ ...NORMAL, ...changes });
/** NEWS2 7: RR 22 (2), SpO2 93 (2), SBP 105 (1), pulse 115 (2); no single 3. */
const NEWS2_7 = obs({ respiratoryRate: 22, spo2: 93, systolicBp: 105, pulse: 115 });
/** NEWS2 5: RR 22 (2), SpO2 94 (1), SBP 105 (1), pulse 95 (1). */
const NEWS2_5 = obs({ respiratoryRate: 22, spo2: 94, systolicBp: 105, pulse: 95 });
/** NEWS2 3: RR 22 (2), SpO2 95 (1). */
const NEWS2_3 = obs({ respiratoryRate: 22, spo2: 95 });

function dateOfBirth(age: number): string {
  return `${NOW.getUTCFullYear() - age - 1}-12-31`;
}

function build(c: Case): { submission: ReferralSubmission; context: TriageContext } {
  const age = c.age === undefined ? 80 : c.age;
  return {
    submission: {
      referrer: { type: c.referrer ?? 'gp' },
      patient: {
        ...(c.nhsNumber === false ? {} : { nhsNumber: '9990000018' }),
        givenName: 'Test',
        familyName: 'Patient',
        ...(age === null ? {} : { dateOfBirth: dateOfBirth(age) }),
        ...(c.communicationNeeds ? { communicationNeeds: c.communicationNeeds } : {}),
      },
      clinical: {
        summary: c.summary ?? 'Synthetic referral.',
        presentingNeeds: c.needs ?? ['other'],
        ...(c.onset ? { onset: c.onset } : {}),
        ...(c.observations ? { observations: c.observations } : {}),
        ...(c.news2Stated === undefined ? {} : { news2Stated: c.news2Stated }),
        ...(c.cfs === undefined ? {} : { clinicalFrailtyScale: c.cfs }),
        softSigns: c.softSigns ?? [],
        redFlagFindings: c.findings ?? [],
        fall: c.fall ?? null,
        endOfLife: c.endOfLife ?? null,
        respect: c.respect ?? null,
        knownConditions: c.conditions ?? [],
      },
      consent: 'patient_consented',
    },
    context: { now: NOW, inArea: 'inArea' in c ? c.inArea : true },
  };
}

const finding = (code: RedFlagFinding): Case => ({ findings: [code] });
const need = (code: PresentingNeed, extra: Case = {}): Case => ({ needs: [code], ...extra });
const NO_FALL_INJURY: FallDetails = {
  headStrike: false,
  lossOfConsciousness: false,
  suspectedFracture: false,
  unableToGetUp: false,
};

/** One referral per rule that makes it fire (and, for first-match stages, win). */
const WITNESSES: Record<string, Case> = {
  // red flags
  'rf-news2-7-or-more': { observations: NEWS2_7 },
  'rf-respiratory-rate-25-or-more': { observations: obs({ respiratoryRate: 26 }) },
  'rf-respiratory-rate-8-or-less': { observations: obs({ respiratoryRate: 7 }) },
  'rf-pulse-over-130': { observations: obs({ pulse: 135 }) },
  'rf-pulse-40-or-less': { observations: obs({ pulse: 38 }) },
  'rf-systolic-90-or-less': { observations: obs({ systolicBp: 85 }) },
  'rf-reduced-consciousness-observed': { observations: obs({ consciousness: 'V' }) },
  'rf-new-confusion-with-suspected-infection': {
    observations: obs({ consciousness: 'C', temperature: 38.5 }),
  },
  'rf-hypoxia-despite-oxygen': { observations: obs({ onOxygen: true, spo2: 90 }) },
  'rf-spo2-92-or-less-on-air': { observations: obs({ spo2: 92 }) },
  'rf-hypoxia-below-hypercapnic-target': {
    conditions: ['copd'],
    observations: obs({ spo2: 86, spo2Scale: 2, hypercapnicTargetDocumented: true }),
  },
  'rf-fall-head-strike': need('fall', { fall: { ...NO_FALL_INJURY, headStrike: true } }),
  'rf-fall-loss-of-consciousness': need('fall', {
    fall: { ...NO_FALL_INJURY, lossOfConsciousness: true },
  }),
  'rf-fall-suspected-fracture': need('fall', {
    fall: { ...NO_FALL_INJURY, suspectedFracture: true },
  }),
  'rf-fast-positive': finding('fast_positive'),
  'rf-suspected-cardiac-chest-pain': finding('suspected_cardiac_chest_pain'),
  'rf-sepsis-high-risk-sign': finding('sepsis_high_risk_sign'),
  'rf-non-blanching-rash': finding('non_blanching_rash'),
  'rf-head-injury': finding('head_injury'),
  'rf-suspected-fracture': finding('suspected_fracture'),
  'rf-reduced-consciousness-reported': finding('reduced_consciousness'),
  'rf-severe-breathing-difficulty': finding('severe_breathing_difficulty'),
  'rf-severe-bleeding': finding('severe_bleeding'),
  'rf-hypoglycaemia-not-responding': finding('hypoglycaemia_not_responding'),
  'rf-immediate-mental-health-risk': finding('immediate_mental_health_risk'),
  'rf-safeguarding-immediate-risk': finding('safeguarding_immediate_risk'),
  // eligibility
  'el-under-18-childrens-services': { age: 10 },
  'el-mental-health-without-physical-need': { referrer: 'mental_health' },
  // pathways
  'pw-eolc-dying': { endOfLife: { phase: 'dying' } },
  'pw-eolc-unstable': { endOfLife: { phase: 'unstable' } },
  'pw-eolc-syringe-driver': { endOfLife: { phase: 'stable', syringeDriverNeeded: true } },
  'pw-eolc-palliative-crisis': need('palliative_crisis'),
  'pw-child-health-need': need('child_health_need', { age: null }),
  'pw-news2-medium-urgent-response': { observations: NEWS2_5 },
  'pw-vw-frailty-step-up': need('infection_needing_iv_therapy', { cfs: 6, observations: NORMAL }),
  'pw-vw-frailty-step-down': need('infection_needing_iv_therapy', {
    cfs: 6,
    referrer: 'hospital_discharge',
  }),
  'pw-vw-ari-step-up': need('respiratory_exacerbation', { age: 50, observations: NORMAL }),
  'pw-vw-ari-copd': need('respiratory_exacerbation', {
    age: 70,
    conditions: ['copd'],
    observations: obs({ spo2: 89, spo2Scale: 2, hypercapnicTargetDocumented: true }),
  }),
  'pw-vw-ari-step-down': need('respiratory_exacerbation', {
    age: 50,
    referrer: 'hospital_discharge',
    observations: obs({ spo2: 93, respiratoryRate: 21 }),
  }),
  'pw-ucr-fall-on-floor': need('fall', { fall: { ...NO_FALL_INJURY, unableToGetUp: true } }),
  'pw-ucr-fall-with-minor-injury': {
    needs: ['fall', 'wound_or_skin'],
    fall: NO_FALL_INJURY,
  },
  'pw-ucr-fall-frail-or-unwell': need('fall', { cfs: 6, fall: NO_FALL_INJURY }),
  'pw-ucr-frailty-decompensation': need('frailty_decompensation', { age: 50 }),
  'pw-ucr-reduced-function': need('reduced_function'),
  'pw-ucr-urgent-equipment': need('urgent_equipment'),
  'pw-ucr-confusion-delirium': need('confusion_delirium'),
  'pw-ucr-catheter-problem': need('catheter_problem'),
  'pw-ucr-diabetes-support': need('diabetes_support'),
  'pw-ucr-carer-breakdown': need('carer_breakdown'),
  'pw-ucr-respiratory-exacerbation': need('respiratory_exacerbation'),
  'pw-ucr-iv-therapy': need('infection_needing_iv_therapy', { age: 50 }),
  'pw-dementia-crisis': need('dementia_distress'),
  'pw-heart-failure-decompensation': need('heart_failure_decompensation', { age: 50 }),
  'pw-falls-service': need('falls_prevention'),
  'pw-eolc-planning': need('end_of_life_planning'),
  'pw-eolc-deteriorating': { endOfLife: { phase: 'deteriorating' } },
  'pw-parkinsons': need('parkinsons_deterioration'),
  'pw-tissue-viability': need('wound_or_skin'),
  'pw-learning-disability': need('learning_disability_support'),
  'pw-frailty-service': need('long_term_condition_review', { cfs: 6 }),
  'pw-heart-failure-review': need('long_term_condition_review', { conditions: ['heart_failure'] }),
  'pw-respiratory-review': need('long_term_condition_review', { conditions: ['copd'] }),
  'pw-diabetes-review': need('long_term_condition_review', { conditions: ['diabetes_type2'] }),
  'pw-parkinsons-review': need('medication_support', { conditions: ['parkinsons'] }),
  'pw-community-nursing': need('reablement_after_discharge'),
  'pw-community-nursing-simple-wound': need('wound_or_skin', {
    summary: 'Skin tear on her shin needs a dressing change.',
  }),
  'pw-community-nursing-planned-need': need('catheter_problem', { onset: 'planned' }),
  'pw-diabetes-planned': need('diabetes_support', { onset: 'planned' }),
  'pw-fallback-community-nursing': {},
  // urgency
  'ur-ucr-two-hour-needs': need('reduced_function'),
  'ur-news2-medium': { observations: NEWS2_5 },
  'ur-news2-single-parameter-3': { observations: obs({ temperature: 34.9 }) },
  'ur-eolc-urgent': { endOfLife: { phase: 'dying' } },
  'ur-virtual-ward-step-up': need('infection_needing_iv_therapy', {
    cfs: 6,
    observations: NORMAL,
  }),
  'ur-virtual-ward-step-down': need('infection_needing_iv_therapy', {
    cfs: 6,
    referrer: 'hospital_discharge',
  }),
  'ur-ucr-other': need('infection_needing_iv_therapy', { age: 50 }),
  'ur-dementia-crisis': need('dementia_distress'),
  'ur-heart-failure-decompensation': need('heart_failure_decompensation', { age: 50 }),
  'ur-eolc-deteriorating-without-anticipatory-medicines': {
    endOfLife: { phase: 'deteriorating', anticipatoryMedicinesInPlace: false },
  },
  'ur-soft-signs': { softSigns: ['not_usual_self'] },
  'ur-news2-3-or-more': { observations: NEWS2_3 },
  'ur-cyp-acute-need': need('fall', { age: 10 }),
  'ur-hospital-discharge': { referrer: 'hospital_discharge' },
  'ur-reablement': need('reablement_after_discharge'),
  'ur-falls-follow-up': need('fall', { cfs: 2, fall: NO_FALL_INJURY }),
  'ur-specialist-deterioration': need('parkinsons_deterioration'),
  'ur-cyp-default': { age: 10 },
  'ur-eolc-deteriorating': { endOfLife: { phase: 'deteriorating' } },
  'ur-gradual-decline': need('reduced_function', { age: 70, onset: 'gradual' }),
  'ur-routine': need('long_term_condition_review', { conditions: ['copd'] }),
  // flags
  'fl-news2-conflict': { observations: NORMAL, news2Stated: 3 },
  'fl-identity-unverified': { nhsNumber: false },
  'fl-respect-in-place': { respect: { present: true, hospitalTransfer: 'for_transfer' } },
  'fl-reasonable-adjustments': { conditions: ['learning_disability'] },
  'fl-news2-medium-clinician-review': { observations: NEWS2_5 },
  'fl-single-parameter-3-clinician-review': { observations: obs({ temperature: 34.9 }) },
  'fl-under-16-observations': { age: 10, observations: NORMAL },
  'fl-scale-2-without-target': { observations: obs({ spo2Scale: 2 }) },
  'fl-text-red-flag-not-in-fields': { summary: 'She hit her head on the door frame.' },
  'fl-adult-with-child-health-need': need('child_health_need', { age: 40 }),
  'fl-end-of-life-without-anticipatory-medicines': {
    endOfLife: { phase: 'dying', anticipatoryMedicinesInPlace: false },
  },
  'fl-fall-on-anticoagulant': need('fall', { conditions: ['on_anticoagulant'] }),
  'fl-age-unknown-without-nhs-number': { age: null, nhsNumber: false },
  // routing
  'ro-out-of-area-transfer': need('reduced_function', { inArea: false, onset: 'gradual' }),
  'ro-out-of-area-urgent': need('reduced_function', { inArea: false }),
  'ro-visit-where-the-patient-is': need('reduced_function'),
  'ro-registered-practice': need('parkinsons_deterioration'),
};

describe('the default rule set (seeds/triage)', () => {
  it('passes triage:check with no findings', () => {
    expect(checkRuleSet(ruleSet)).toEqual([]);
  });

  it('has a witness referral for every rule, and none for rules that do not exist', () => {
    const ids = ruleSet.rules.map((rule) => rule.id).sort();
    expect(Object.keys(WITNESSES).sort()).toEqual(ids);
  });

  describe.each(ruleSet.rules.map((rule) => [rule.id, rule] as const))('rule %s', (id, rule) => {
    const { submission, context } = build(WITNESSES[id] ?? {});
    const decision = triage.evaluate(submission, context);

    it('fires on its witness and is explained with its title and source', () => {
      expect(decision.reasons).toContainEqual(
        expect.objectContaining({
          ruleId: id,
          text: rule.title,
          source: rule.source,
          stage: rule.stage,
        }),
      );
    });

    it('has its effect on the decision', () => {
      switch (rule.stage) {
        case 'red_flags':
          expect(decision.redFlags).toContainEqual(
            expect.objectContaining({ code: rule.then.redFlag, ruleId: id }),
          );
          expect(decision).toMatchObject({ pathway: 'redirect_999', urgency: 'immediate' });
          break;
        case 'eligibility':
        case 'pathway':
          if (rule.then.pathway) expect(decision.communityPathway).toBe(rule.then.pathway);
          expect(decision.flags).toEqual(expect.arrayContaining(rule.then.flags ?? []));
          expect(decision.redFlags).toEqual([]);
          break;
        case 'urgency':
          expect(decision.urgency).toBe(rule.then.urgency);
          break;
        case 'flags':
          expect(decision.flags).toEqual(expect.arrayContaining(rule.then.flags));
          break;
        case 'routing':
          if (rule.then.pathway) expect(decision.pathway).toBe(rule.then.pathway);
          if (rule.then.routeBy) expect(decision.routeBy).toBe(rule.then.routeBy);
          expect(decision.flags).toEqual(expect.arrayContaining(rule.then.flags ?? []));
          break;
      }
    });
  });

  it('cites guidance or says "Local conservative choice" in every source', () => {
    for (const rule of ruleSet.rules) {
      expect(`${rule.id}: ${rule.source}`).toMatch(
        /\[(S\d+|KM-NH|API)[^\]]*\]|Local conservative choice/,
      );
    }
  });

  it('can choose every pathway in the contract', () => {
    const chosen = new Set<string>();
    for (const witness of Object.values(WITNESSES)) {
      const { submission, context } = build(witness);
      chosen.add(triage.evaluate(submission, context).pathway);
    }
    expect([...chosen].sort()).toEqual(
      [
        'ucr',
        'virtual_ward_frailty',
        'virtual_ward_ari',
        'frailty',
        'eolc',
        'dementia_crisis',
        'falls',
        'heart_failure',
        'respiratory',
        'diabetes',
        'parkinsons',
        'tissue_viability',
        'learning_disability',
        'cyp_community_nursing',
        'community_nursing',
        'redirect_999',
        'transfer_out',
      ].sort(),
    );
  });

  describe('scenarios', () => {
    const decide = (c: Case) => {
      const { submission, context } = build(c);
      return triage.evaluate(submission, context);
    };

    it("routes the contract's example (care home slide, on the floor, no injury) to UCR in 2 hours", () => {
      const decision = decide({
        referrer: 'care_home',
        needs: ['fall'],
        observations: {
          ...NORMAL,
          respiratoryRate: 18,
          spo2: 96,
          systolicBp: 134,
          pulse: 84,
          temperature: 36.8,
        },
        news2Stated: 0,
        cfs: 6,
        fall: { ...NO_FALL_INJURY, unableToGetUp: true, longLieMinutes: 10 },
        conditions: ['dementia'],
      });
      expect(decision).toMatchObject({
        pathway: 'ucr',
        urgency: '2_hour',
        redFlags: [],
        flags: [],
        routeBy: 'residence',
        news2: { computed: 0, stated: 0, used: 0, complete: true },
      });
    });

    it('falls: on the floor is UCR in 2 hours; up, uninjured and well is the falls service in 48 hours; a head strike is 999', () => {
      expect(
        decide(need('fall', { fall: { ...NO_FALL_INJURY, unableToGetUp: true } })),
      ).toMatchObject({
        pathway: 'ucr',
        urgency: '2_hour',
      });
      expect(decide(need('fall', { cfs: 3, fall: NO_FALL_INJURY }))).toMatchObject({
        pathway: 'falls',
        urgency: '48_hour',
      });
      expect(decide(need('fall', { fall: { ...NO_FALL_INJURY, headStrike: true } }))).toMatchObject(
        {
          pathway: 'redirect_999',
          urgency: 'immediate',
        },
      );
    });

    it('new confusion with NEWS2 5 or more is not a red flag but gets a clinician within 2 hours', () => {
      // C scores 3; RR 22 scores 2: NEWS2 5, no infection signs.
      const decision = decide({ observations: obs({ consciousness: 'C', respiratoryRate: 22 }) });
      expect(decision.redFlags).toEqual([]);
      expect(decision).toMatchObject({ pathway: 'ucr', urgency: '2_hour' });
      expect(decision.flags).toContain('clinician_confirm');
    });

    it('a stated NEWS2 below the computed one raises data_conflict and the computed score is used', () => {
      const decision = decide({ observations: NEWS2_7, news2Stated: 2 });
      expect(decision.news2).toEqual({ computed: 7, stated: 2, used: 7, complete: true });
      expect(decision.flags).toContain('data_conflict');
      expect(decision.redFlags.map((flag) => flag.code)).toContain('news2_high');
    });

    it('a stated NEWS2 above the computed one raises data_conflict and the stated score is used', () => {
      const decision = decide({ observations: NORMAL, news2Stated: 7 });
      expect(decision.news2.used).toBe(7);
      expect(decision.flags).toContain('data_conflict');
      expect(decision.pathway).toBe('redirect_999');
    });

    it('uses SpO2 Scale 2 only with a documented hypercapnic target', () => {
      const copd = { conditions: ['copd'] as KnownCondition[] };
      expect(
        decide({ ...copd, observations: obs({ spo2: 88, spo2Scale: undefined }) }).news2.computed,
      ).toBe(3);
      const withoutTarget = decide({ ...copd, observations: obs({ spo2: 88, spo2Scale: 2 }) });
      expect(withoutTarget.news2.computed).toBe(3);
      expect(withoutTarget.flags).toContain('clinician_confirm');
      expect(withoutTarget.redFlags.map((flag) => flag.code)).toContain('spo2_92_or_less_on_air');
      const documented = obs({ spo2: 88, spo2Scale: 2, hypercapnicTargetDocumented: true });
      const withTarget = decide({ ...copd, observations: documented });
      expect(withTarget.news2.computed).toBe(0);
      expect(withTarget.redFlags).toEqual([]);
      const written = decide({
        ...copd,
        summary: 'Known CO2 retainer, target sats 88-92%.',
        observations: obs({ spo2: 88, spo2Scale: 2 }),
      });
      expect(written.news2.computed).toBe(0);
    });

    it('a red flag raised by observations is never cleared by a ReSPECT plan: a clinician confirms', () => {
      const decision = decide({
        observations: NEWS2_7,
        endOfLife: { phase: 'dying', anticipatoryMedicinesInPlace: true },
        respect: {
          present: true,
          cpr: 'do_not_attempt',
          carePriority: 'comfort',
          hospitalTransfer: 'not_for_transfer',
        },
      });
      expect(decision).toMatchObject({ pathway: 'redirect_999', urgency: 'immediate' });
      expect(decision.communityPathway).toBe('eolc');
      expect(decision.redFlags.map((flag) => flag.code)).toEqual(['news2_high']);
      expect(decision.flags).toEqual(
        expect.arrayContaining(['respect_in_place', 'clinician_confirm']),
      );
    });

    it('a child with a red flag still goes to 999; a child without one goes to the children’s team', () => {
      expect(decide({ age: 6, findings: ['non_blanching_rash'] }).pathway).toBe('redirect_999');
      expect(decide(need('respiratory_exacerbation', { age: 6 }))).toMatchObject({
        pathway: 'cyp_community_nursing',
        urgency: 'same_day',
      });
    });

    it('an out-of-area crisis is seen here, flagged; a need that can wait is transferred', () => {
      expect(decide(need('carer_breakdown', { inArea: false }))).toMatchObject({
        pathway: 'ucr',
        urgency: '2_hour',
        flags: ['out_of_area'],
      });
      expect(decide(need('parkinsons_deterioration', { inArea: false }))).toMatchObject({
        pathway: 'transfer_out',
        urgency: '48_hour',
        communityPathway: 'parkinsons',
        flags: ['out_of_area'],
      });
    });
  });
});
