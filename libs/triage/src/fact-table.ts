import {
  CARE_PRIORITIES,
  CONSCIOUSNESS_LEVELS,
  CONSENTS,
  CPR_DECISIONS,
  HOSPITAL_TRANSFER,
  KNOWN_CONDITIONS,
  ONSETS,
  PALLIATIVE_PHASES,
  PATHWAYS,
  PLACES_OF_DEATH,
  PRESENTING_NEEDS,
  RED_FLAG_FINDINGS,
  REFERRER_TYPES,
  SOFT_SIGNS,
  URGENCIES,
} from '@frontdoor/domain';
import { NEWS2_BANDS, STAGES, type Facts, type Stage } from './facts';
import { TEXT_SIGNS } from './text/lexicon';

/**
 * The table of facts a rule can test, by the dotted names rules use. The rule-file schema
 * allows only these names, so a typo is a load error naming the file and the rule.
 */

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
    'The NEWS2 SpO2 scale used: 2 only with a documented hypercapnic target (stated as 1, or a target documented, otherwise 1)',
    { min: 1, max: 2, integer: true },
    (f) => f.spo2Scale,
  ),
  'observations.hypercapnicTarget': boolean(
    'A prescribed SpO2 target of 88-92% for hypercapnic respiratory failure is documented (observations.hypercapnicTargetDocumented, or the text)',
    (f) => f.hypercapnicTarget,
    true,
  ),
  'observations.scale2WithoutTarget': boolean(
    'spo2Scale 2 was given without a documented hypercapnic target: NEWS2 uses Scale 1',
    (f) => f.scale2WithoutTarget,
    true,
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
  onset: code(
    'When the need started or got worse: clinical.onset, else read from the text (within 48 hours wins over gradual, longstanding and planned); unknown when neither says',
    ONSETS,
    (f) => f.onset,
  ),
  'text.redFlagFindings': set(
    'Red-flag findings the free text states (affirmed or possible; never negated, historical, hypothetical or about another person)',
    RED_FLAG_FINDINGS,
    (f) => f.textRedFlagFindings,
  ),
  'text.needs': set('Presenting needs the free text states', PRESENTING_NEEDS, (f) => f.textNeeds),
  'text.knownConditions': set(
    'Conditions the free text states (a historical mention counts)',
    KNOWN_CONDITIONS,
    (f) => f.textKnownConditions,
  ),
  'text.signs': set(
    'Signs the free text states that have no field: unable_to_get_up, long_lie, hypercapnic_target, hospital_level_care, simple_dressing, specialist_wound',
    TEXT_SIGNS,
    (f) => f.textSigns,
  ),
  'text.redFlagNotInFields': boolean(
    'The free text states a red flag that no structured field (redFlagFindings, fall, consciousness) says',
    (f) => f.textRedFlagNotInFields,
    true,
  ),
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
