import type { Pathway, Urgency } from '@frontdoor/domain';
import type { TextFinding } from './text/evidence';

/**
 * The facts a rule can test, derived once per evaluation from a referral submission and the
 * app's context. Rules name facts by these dotted names; the rule-file schema allows only
 * these names, so a typo is a load error naming the file and the rule.
 *
 * Unknown values: a number is NaN, a boolean, code or text is undefined. Every comparison on an
 * unknown value is false (including `ne` and `in`); `known: false` tests for it. Sets are
 * always known (empty when the list was not given).
 */

const NO_FINDINGS: readonly TextFinding[] = Object.freeze([]);

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
  /** A hypercapnic SpO2 target of 88-92% is documented (field or text): Scale 2 may be used. */
  hypercapnicTarget = false;
  /** Scale 2 was asked for without a documented target: Scale 1 is used, a clinician checks. */
  scale2WithoutTarget = false;
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
  /** clinical.onset, or read from the text when not given. */
  onset: string | undefined = undefined;
  /** Bitmasks of what the text says is present (affirmed or possible), over each code list. */
  textRedFlagFindings = 0;
  textNeeds = 0;
  textKnownConditions = 0;
  textSigns = 0;
  /** A red flag the text states that no structured field says. */
  textRedFlagNotInFields = false;
  /** Every phrase read in the free text, in every context. */
  textFindings: readonly TextFinding[] = NO_FINDINGS;
  /** The community pathway chosen by eligibility or pathway rules (set before urgency). */
  pathway: Pathway | undefined = undefined;
  /** The urgency chosen by urgency rules (set before flags and routing). */
  urgency: Urgency | undefined = undefined;
}
