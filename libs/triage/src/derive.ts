import {
  KNOWN_CONDITIONS,
  PRESENTING_NEEDS,
  RED_FLAG_FINDINGS,
  SOFT_SIGNS,
  type ReferralSubmission,
} from '@frontdoor/domain';
import { ageInYears, isFrail, news2Band, scoreNews2 } from '@frontdoor/nhs';
import { Facts, type TriageContext } from './facts';
import { TEXT_SIGNS } from './text/lexicon';
import type { CompiledLexicon } from './text/reader';
import { readReferralText } from './text/referral-text';

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

const HYPERCAPNIC_SIGN = 1 << TEXT_SIGNS.indexOf('hypercapnic_target');
const bitOf = (code: (typeof RED_FLAG_FINDINGS)[number]): number =>
  1 << RED_FLAG_FINDINGS.indexOf(code);
const HEAD_INJURY = bitOf('head_injury');
const REDUCED_CONSCIOUSNESS = bitOf('reduced_consciousness');
const SUSPECTED_FRACTURE = bitOf('suspected_fracture');

/** A red flag the text states that neither a ticked finding nor a fall or ACVPU field says. */
function redFlagOnlyInText(f: Facts): boolean {
  let said = f.redFlagFindings;
  if (f.fallHeadStrike === true) said |= HEAD_INJURY;
  if (f.fallLossOfConsciousness === true) said |= REDUCED_CONSCIOUSNESS;
  if (f.consciousness === 'V' || f.consciousness === 'P' || f.consciousness === 'U') {
    said |= REDUCED_CONSCIOUSNESS;
  }
  if (f.fallSuspectedFracture === true) said |= SUSPECTED_FRACTURE;
  return (f.textRedFlagFindings & ~said) !== 0;
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
export function deriveFacts(
  submission: ReferralSubmission,
  context: TriageContext,
  lexicon?: CompiledLexicon,
): Facts {
  const f = new Facts();
  const { patient, clinical } = submission;
  // The text first: it can document a hypercapnic target, which decides the NEWS2 scale.
  if (lexicon && lexicon.terms > 0) readReferralText(lexicon, submission, f);

  if (typeof patient.dateOfBirth === 'string') {
    try {
      f.age = ageInYears(patient.dateOfBirth, context.now);
    } catch {
      // invalid or future date of birth: age stays unknown
    }
  }

  const observations = clinical.observations;
  if (observations) {
    f.hypercapnicTarget =
      observations.hypercapnicTargetDocumented === true || (f.textSigns & HYPERCAPNIC_SIGN) !== 0;
    // Scale 2 only with a documented hypercapnic target [S18]; asked for without one, Scale 1
    // is used (it over-scores, the safe side) and a clinician checks.
    const scale: 1 | 2 = observations.spo2Scale === 1 || !f.hypercapnicTarget ? 1 : 2;
    f.scale2WithoutTarget = observations.spo2Scale === 2 && !f.hypercapnicTarget;
    // scoreNews2 uses Scale 2 only when spo2Scale is 2: copy only to take that away.
    const news2 = scoreNews2(
      observations.spo2Scale === 2 && scale === 1
        ? { ...observations, spo2Scale: 1 }
        : observations,
    );
    if (news2.parameters.length > 0) {
      f.news2Total = news2.total;
      f.news2HighestSingle = news2.highestSingleScore;
      f.news2Complete = news2.complete;
      f.news2Scale = news2.scale;
    }
    f.respiratoryRate = finite(observations.respiratoryRate);
    f.spo2 = finite(observations.spo2);
    f.spo2Scale = scale;
    f.onOxygen = bool(observations.onOxygen);
    f.systolicBp = finite(observations.systolicBp);
    f.pulse = finite(observations.pulse);
    f.consciousness = text(observations.consciousness);
    f.temperature = finite(observations.temperature);
  } else {
    f.hypercapnicTarget = (f.textSigns & HYPERCAPNIC_SIGN) !== 0;
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
  f.onset = text(clinical.onset) ?? f.onset;
  if (f.textRedFlagFindings !== 0) f.textRedFlagNotInFields = redFlagOnlyInText(f);
  return f;
}
