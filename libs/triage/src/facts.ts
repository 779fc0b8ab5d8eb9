import {
  CARE_PRIORITIES,
  CONSCIOUSNESS_LEVELS,
  CONSENTS,
  CPR_DECISIONS,
  HOSPITAL_TRANSFER,
  KNOWN_CONDITIONS,
  PALLIATIVE_PHASES,
  PATHWAYS,
  PLACES_OF_DEATH,
  PRESENTING_NEEDS,
  RED_FLAG_FINDINGS,
  REFERRER_TYPES,
  SOFT_SIGNS,
  URGENCIES,
  type Pathway,
  type ReferralSubmission,
  type Urgency,
} from '@frontdoor/domain';
import { ageInYears, isFrail, news2Band, scoreNews2 } from '@frontdoor/nhs';

/**
 * The facts a rule can test, derived once per evaluation from a referral submission and the
 * app's context. Rules name facts by these dotted names; the rule-file schema allows only
 * these names, so a typo is a load error naming the file and the rule.
 *
 * Unknown values: a number is NaN, a boolean, code or text is undefined. Every comparison on an
 * unknown value is false (including `ne` and `in`); `known: false` tests for it. Sets are
 * always known (empty when the list was not given).
 */

/** What the app knows that the submission does not say. */
export interface TriageContext {
  /** The evaluation instant: ages are counted on its UTC calendar date. */
  now: Date;
  /**
   * Whether the patient is in the ICS area (from the postcode district or GP practice, which
   * the app looks up). `undefined` = unknown: treated as in area (no fact is true for it).
   */
  inArea: boolean | undefined;
}

export const NEWS2_BANDS = ['low', 'low_medium', 'medium', 'high'] as const;

/** Stages in the order the engine runs them (file order never changes this). */
export const STAGES = [
  'red_flags',
  'eligibility',
  'pathway',
  'urgency',
  'flags',
  'routing',
] as const;
export type Stage = (typeof STAGES)[number];

/**
 * The mutable record of facts for one evaluation. Flat fields with fixed types so that V8 keeps
 * one shape: numbers NaN when unknown, sets as bitmasks over their code list.
 */
export class Facts {
  age = NaN;
  news2Total = NaN;
  news2Complete = false;
  news2Stated = NaN;
  news2HighestSingle = NaN;
  news2Band: string | undefined = undefined;
  news2Scale = NaN;
  news2Used = NaN;
  news2Conflict = false;
  needs = 0;
  redFlagFindings = 0;
  /** A red-flag finding code outside the contract's list: the engine asks a clinician. */
  unrecognisedRedFlagFinding = false;
  softSigns = 0;
  knownConditions = 0;
  cfs = NaN;
  frail: boolean | undefined = undefined;
  fallReported = false;
  fallHeadStrike: boolean | undefined = undefined;
  fallLossOfConsciousness: boolean | undefined = undefined;
  fallSuspectedFracture: boolean | undefined = undefined;
  fallUnableToGetUp: boolean | undefined = undefined;
  fallLongLieMinutes = NaN;
  eolPhase: string | undefined = undefined;
  eolOnRegister: boolean | undefined = undefined;
  eolSyringeDriverNeeded: boolean | undefined = undefined;
  eolAnticipatoryMedicinesInPlace: boolean | undefined = undefined;
  eolPreferredPlaceOfDeath: string | undefined = undefined;
  respectPresent = false;
  respectCpr: string | undefined = undefined;
  respectCarePriority: string | undefined = undefined;
  respectHospitalTransfer: string | undefined = undefined;
  respiratoryRate = NaN;
  spo2 = NaN;
  spo2Scale = NaN;
  onOxygen: boolean | undefined = undefined;
  systolicBp = NaN;
  pulse = NaN;
  consciousness: string | undefined = undefined;
  temperature = NaN;
  referrerType: string | undefined = undefined;
  livesInCareHome: boolean | undefined = undefined;
  hasNhsNumber = false;
  hasCommunicationNeeds = false;
  inArea: boolean | undefined = undefined;
  consent: string | undefined = undefined;
  /** The community pathway chosen by eligibility or pathway rules (set before urgency). */
  pathway: Pathway | undefined = undefined;
  /** The urgency chosen by urgency rules (set before flags and routing). */
  urgency: Urgency | undefined = undefined;
}

interface FactBase {
  description: string;
  /** The first stage whose rules may test it (facts decided by the engine on the way). */
  from?: Stage;
}
export interface NumberFact extends FactBase {
  type: 'number';
  min: number;
  max: number;
  integer: boolean;
  get: (facts: Facts) => number;
}
export interface BooleanFact extends FactBase {
  type: 'boolean';
  /** Never unknown (e.g. derived from whether a field was given). */
  alwaysKnown: boolean;
  get: (facts: Facts) => boolean | undefined;
}
export interface CodeFact extends FactBase {
  type: 'code';
  codes: readonly string[];
  get: (facts: Facts) => string | undefined;
}
export interface SetFact extends FactBase {
  type: 'set';
  codes: readonly string[];
  /** Bitmask: bit i set when codes[i] is in the set. */
  get: (facts: Facts) => number;
}
export type FactSpec = NumberFact | BooleanFact | CodeFact | SetFact;
export type FactType = FactSpec['type'];

const number = (
  description: string,
  range: { min: number; max: number; integer?: boolean },
  get: (facts: Facts) => number,
): NumberFact => ({
  type: 'number',
  description,
  min: range.min,
  max: range.max,
  integer: range.integer ?? false,
  get,
});
const boolean = (
  description: string,
  get: (facts: Facts) => boolean | undefined,
  alwaysKnown = false,
): BooleanFact => ({ type: 'boolean', description, alwaysKnown, get });
const code = (
  description: string,
  codes: readonly string[],
  get: (facts: Facts) => string | undefined,
): CodeFact => ({ type: 'code', description, codes, get });
const set = (
  description: string,
  codes: readonly string[],
  get: (facts: Facts) => number,
): SetFact => {
  if (codes.length > 31) throw new Error(`set fact over ${codes.length} codes: a bitmask holds 31`);
  return { type: 'set', description, codes, get };
};

/** Every fact a rule may name. The docs table is generated from these descriptions. */
export const FACTS = {
  age: number(
    'Age in completed years on the evaluation date; unknown without a valid date of birth',
    { min: 0, max: 130, integer: true },
    (f) => f.age,
  ),
  'news2.total': number(
    'NEWS2 computed from the observations given (RCP tables; Scale 2 only when stated). When incomplete it is the score of what was measured: a lower bound. Unknown when nothing was measured',
    { min: 0, max: 20, integer: true },
    (f) => f.news2Total,
  ),
  'news2.complete': boolean(
    'All seven NEWS2 parameters were measured',
    (f) => f.news2Complete,
    true,
  ),
  'news2.stated': number(
    "The referrer's stated NEWS2 (unknown when not stated)",
    { min: 0, max: 20, integer: true },
    (f) => f.news2Stated,
  ),
  'news2.highestSingleScore': number(
    'The highest score of any single measured NEWS2 parameter (0-3)',
    { min: 0, max: 3, integer: true },
    (f) => f.news2HighestSingle,
  ),
  'news2.band': code(
    'RCP clinical response band of news2Used: high (7+), medium (5-6), low_medium (a single parameter scoring 3), low',
    NEWS2_BANDS,
    (f) => f.news2Band,
  ),
  news2Used: number(
    'The NEWS2 the rules use: the higher of the computed and the stated score',
    { min: 0, max: 20, integer: true },
    (f) => f.news2Used,
  ),
  news2Conflict: boolean(
    'A stated NEWS2 disagrees with the computed one (differs from a complete score, or is below an incomplete one)',
    (f) => f.news2Conflict,
    true,
  ),
  needs: set('clinical.presentingNeeds', PRESENTING_NEEDS, (f) => f.needs),
  redFlagFindings: set('clinical.redFlagFindings', RED_FLAG_FINDINGS, (f) => f.redFlagFindings),
  softSigns: set('clinical.softSigns (RESTORE2)', SOFT_SIGNS, (f) => f.softSigns),
  knownConditions: set('clinical.knownConditions', KNOWN_CONDITIONS, (f) => f.knownConditions),
  cfs: number(
    'clinical.clinicalFrailtyScale (1-9)',
    { min: 1, max: 9, integer: true },
    (f) => f.cfs,
  ),
  frail: boolean('Clinical Frailty Scale 5 or more (unknown without a CFS)', (f) => f.frail),
  'fall.reported': boolean('clinical.fall was given', (f) => f.fallReported, true),
  'fall.headStrike': boolean('clinical.fall.headStrike', (f) => f.fallHeadStrike),
  'fall.lossOfConsciousness': boolean(
    'clinical.fall.lossOfConsciousness',
    (f) => f.fallLossOfConsciousness,
  ),
  'fall.suspectedFracture': boolean(
    'clinical.fall.suspectedFracture',
    (f) => f.fallSuspectedFracture,
  ),
  'fall.unableToGetUp': boolean('clinical.fall.unableToGetUp', (f) => f.fallUnableToGetUp),
  'fall.longLieMinutes': number(
    'clinical.fall.longLieMinutes',
    { min: 0, max: 100_000 },
    (f) => f.fallLongLieMinutes,
  ),
  'endOfLife.phase': code('clinical.endOfLife.phase', PALLIATIVE_PHASES, (f) => f.eolPhase),
  'endOfLife.onEndOfLifeRegister': boolean(
    'clinical.endOfLife.onEndOfLifeRegister',
    (f) => f.eolOnRegister,
  ),
  'endOfLife.syringeDriverNeeded': boolean(
    'clinical.endOfLife.syringeDriverNeeded',
    (f) => f.eolSyringeDriverNeeded,
  ),
  'endOfLife.anticipatoryMedicinesInPlace': boolean(
    'clinical.endOfLife.anticipatoryMedicinesInPlace',
    (f) => f.eolAnticipatoryMedicinesInPlace,
  ),
  'endOfLife.preferredPlaceOfDeath': code(
    'clinical.endOfLife.preferredPlaceOfDeath',
    PLACES_OF_DEATH,
    (f) => f.eolPreferredPlaceOfDeath,
  ),
  'respect.present': boolean(
    'A ReSPECT plan is in place (clinical.respect.present)',
    (f) => f.respectPresent,
    true,
  ),
  'respect.cpr': code('clinical.respect.cpr', CPR_DECISIONS, (f) => f.respectCpr),
  'respect.carePriority': code(
    'clinical.respect.carePriority',
    CARE_PRIORITIES,
    (f) => f.respectCarePriority,
  ),
  'respect.hospitalTransfer': code(
    'clinical.respect.hospitalTransfer',
    HOSPITAL_TRANSFER,
    (f) => f.respectHospitalTransfer,
  ),
  'observations.respiratoryRate': number(
    'Breaths a minute',
    { min: 0, max: 100 },
    (f) => f.respiratoryRate,
  ),
  'observations.spo2': number('Oxygen saturation, %', { min: 0, max: 100 }, (f) => f.spo2),
  'observations.spo2Scale': number(
    'NEWS2 SpO2 scale: 2 only when stated',
    { min: 1, max: 2, integer: true },
    (f) => f.spo2Scale,
  ),
  'observations.onOxygen': boolean('Supplemental oxygen', (f) => f.onOxygen),
  'observations.systolicBp': number(
    'Systolic blood pressure, mmHg',
    { min: 0, max: 400 },
    (f) => f.systolicBp,
  ),
  'observations.pulse': number('Beats a minute', { min: 0, max: 400 }, (f) => f.pulse),
  'observations.consciousness': code(
    'ACVPU: A alert, C new confusion, V voice, P pain, U unresponsive',
    CONSCIOUSNESS_LEVELS,
    (f) => f.consciousness,
  ),
  'observations.temperature': number('°C', { min: 20, max: 45 }, (f) => f.temperature),
  'referrer.type': code('referrer.type', REFERRER_TYPES, (f) => f.referrerType),
  'patient.livesInCareHome': boolean('patient.livesInCareHome', (f) => f.livesInCareHome),
  'patient.hasNhsNumber': boolean(
    'An NHS number was given (format and checksum are checked at intake)',
    (f) => f.hasNhsNumber,
    true,
  ),
  'patient.hasCommunicationNeeds': boolean(
    'patient.communicationNeeds was given',
    (f) => f.hasCommunicationNeeds,
    true,
  ),
  inArea: boolean(
    'The patient is in the ICS area (from the app; unknown = treated as in area)',
    (f) => f.inArea,
  ),
  consent: code('consent', CONSENTS, (f) => f.consent),
  pathway: {
    ...code(
      'The community pathway chosen by the eligibility and pathway rules (never redirect_999 or transfer_out)',
      PATHWAYS,
      (f) => f.pathway,
    ),
    from: 'urgency',
  },
  urgency: {
    ...code('The urgency chosen by the urgency rules', URGENCIES, (f) => f.urgency),
    from: 'flags',
  },
} as const satisfies Record<string, FactSpec>;

export type FactName = keyof typeof FACTS;
export const FACT_NAMES = Object.keys(FACTS) as FactName[];

export function isFactName(name: string): name is FactName {
  return Object.prototype.hasOwnProperty.call(FACTS, name);
}

/** Facts a rule of `stage` may test. */
export function factsAvailableIn(stage: Stage): FactName[] {
  const index = STAGES.indexOf(stage);
  return FACT_NAMES.filter((name) => {
    const from = (FACTS[name] as FactBase).from;
    return from === undefined || STAGES.indexOf(from) <= index;
  });
}

/** Bit of a code in a set fact's list (0 when the code is not in it). */
export function codeBit(codes: readonly string[], value: string): number {
  const index = codes.indexOf(value);
  return index < 0 ? 0 : 1 << index;
}

function bitIndex(codes: readonly string[]): Map<string, number> {
  return new Map(codes.map((value, index) => [value, 1 << index]));
}
const NEED_BITS = bitIndex(PRESENTING_NEEDS);
const RED_FLAG_FINDING_BITS = bitIndex(RED_FLAG_FINDINGS);
const SOFT_SIGN_BITS = bitIndex(SOFT_SIGNS);
const CONDITION_BITS = bitIndex(KNOWN_CONDITIONS);

function mask(values: readonly string[] | undefined, bits: Map<string, number>): number {
  let result = 0;
  for (const value of values ?? []) result |= bits.get(value) ?? 0;
  return result;
}

const finite = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : NaN;
const bool = (value: unknown): boolean | undefined =>
  typeof value === 'boolean' ? value : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
const given = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/**
 * Derives the facts of one referral. Never throws on a submission that passed intake
 * validation; a value it cannot read (an impossible date of birth, a non-number) is unknown.
 */
export function deriveFacts(submission: ReferralSubmission, context: TriageContext): Facts {
  const f = new Facts();
  const { patient, clinical } = submission;

  if (typeof patient.dateOfBirth === 'string') {
    try {
      f.age = ageInYears(patient.dateOfBirth, context.now);
    } catch {
      // invalid or future date of birth: age stays unknown
    }
  }

  const observations = clinical.observations;
  if (observations) {
    const news2 = scoreNews2(observations);
    if (news2.parameters.length > 0) {
      f.news2Total = news2.total;
      f.news2HighestSingle = news2.highestSingleScore;
      f.news2Complete = news2.complete;
      f.news2Scale = news2.scale;
    }
    f.respiratoryRate = finite(observations.respiratoryRate);
    f.spo2 = finite(observations.spo2);
    f.spo2Scale = observations.spo2Scale === 2 ? 2 : observations.spo2Scale === 1 ? 1 : NaN;
    f.onOxygen = bool(observations.onOxygen);
    f.systolicBp = finite(observations.systolicBp);
    f.pulse = finite(observations.pulse);
    f.consciousness = text(observations.consciousness);
    f.temperature = finite(observations.temperature);
  }
  f.news2Stated = finite(clinical.news2Stated);
  const computed = f.news2Total;
  const stated = f.news2Stated;
  // The higher score is used: NaN (unknown) loses to any known value.
  f.news2Used = computed === computed ? (stated > computed ? stated : computed) : stated;
  if (computed === computed && stated === stated) {
    // A complete score must match; an incomplete one is a lower bound, so only a stated score
    // below it is provably wrong.
    f.news2Conflict = f.news2Complete ? stated !== computed : stated < computed;
  }
  if (f.news2Used === f.news2Used) {
    f.news2Band = news2Band(
      f.news2Used,
      f.news2HighestSingle === f.news2HighestSingle ? f.news2HighestSingle : 0,
    );
  }

  f.needs = mask(clinical.presentingNeeds, NEED_BITS);
  for (const finding of clinical.redFlagFindings ?? []) {
    const bit = RED_FLAG_FINDING_BITS.get(finding);
    if (bit === undefined) f.unrecognisedRedFlagFinding = true;
    else f.redFlagFindings |= bit;
  }
  f.softSigns = mask(clinical.softSigns, SOFT_SIGN_BITS);
  f.knownConditions = mask(clinical.knownConditions, CONDITION_BITS);

  const cfs = clinical.clinicalFrailtyScale;
  if (typeof cfs === 'number' && Number.isInteger(cfs) && cfs >= 1 && cfs <= 9) {
    f.cfs = cfs;
    f.frail = isFrail(cfs);
  }

  const fall = clinical.fall;
  if (fall) {
    f.fallReported = true;
    f.fallHeadStrike = bool(fall.headStrike);
    f.fallLossOfConsciousness = bool(fall.lossOfConsciousness);
    f.fallSuspectedFracture = bool(fall.suspectedFracture);
    f.fallUnableToGetUp = bool(fall.unableToGetUp);
    f.fallLongLieMinutes = finite(fall.longLieMinutes);
  }

  const endOfLife = clinical.endOfLife;
  if (endOfLife) {
    f.eolPhase = text(endOfLife.phase);
    f.eolOnRegister = bool(endOfLife.onEndOfLifeRegister);
    f.eolSyringeDriverNeeded = bool(endOfLife.syringeDriverNeeded);
    f.eolAnticipatoryMedicinesInPlace = bool(endOfLife.anticipatoryMedicinesInPlace);
    f.eolPreferredPlaceOfDeath = text(endOfLife.preferredPlaceOfDeath);
  }

  const respect = clinical.respect;
  if (respect && respect.present === true) {
    f.respectPresent = true;
    f.respectCpr = text(respect.cpr);
    f.respectCarePriority = text(respect.carePriority);
    f.respectHospitalTransfer = text(respect.hospitalTransfer);
  }

  f.referrerType = text(submission.referrer.type);
  f.livesInCareHome = bool(patient.livesInCareHome);
  f.hasNhsNumber = given(patient.nhsNumber);
  f.hasCommunicationNeeds = given(patient.communicationNeeds);
  f.inArea = context.inArea;
  f.consent = text(submission.consent);
  return f;
}

/** A fact's value as plain JSON (sets as code lists, unknown as undefined): for tools. */
export function factValue(
  facts: Facts,
  name: FactName,
): number | boolean | string | string[] | undefined {
  const spec: FactSpec = FACTS[name];
  switch (spec.type) {
    case 'number': {
      const value = spec.get(facts);
      return value === value ? value : undefined;
    }
    case 'set': {
      const bits = spec.get(facts);
      return spec.codes.filter((_, index) => (bits & (1 << index)) !== 0);
    }
    default:
      return spec.get(facts);
  }
}
