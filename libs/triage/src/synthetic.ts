import {
  CARE_PRIORITIES,
  CONSCIOUSNESS_LEVELS,
  CONSENTS,
  CPR_DECISIONS,
  HOSPITAL_TRANSFER,
  KNOWN_CONDITIONS,
  PALLIATIVE_PHASES,
  PLACES_OF_DEATH,
  PRESENTING_NEEDS,
  RED_FLAG_FINDINGS,
  REFERRER_TYPES,
  SOFT_SIGNS,
  type Observations,
  type ReferralSubmission,
} from '@frontdoor/domain';
import { scoreNews2 } from '@frontdoor/nhs';
import type { TriageContext } from './facts';
import { syntheticSummary } from './synthetic-summaries';

/**
 * Seeded synthetic referrals for property tests, benchmarks and demos: every code list and
 * every optional part of a submission, abnormal observations and contradictions included. No
 * real person: NHS numbers are in the 999 test range and the text is a placeholder.
 */

/** mulberry32: a small, fast, seeded PRNG returning [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticReferral {
  submission: ReferralSubmission;
  context: TriageContext;
}

/** The fixed instant synthetic referrals are evaluated at, so ages never drift. */
export const SYNTHETIC_NOW = new Date('2026-06-01T10:00:00Z');

export function syntheticReferral(random: () => number, now = SYNTHETIC_NOW): SyntheticReferral {
  const chance = (p: number): boolean => random() < p;
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const between = (low: number, high: number): number =>
    low + Math.floor(random() * (high - low + 1));
  const some = <T>(values: readonly T[], max: number): T[] => {
    const chosen = new Set<T>();
    for (let i = between(1, max); i > 0; i -= 1) chosen.add(pick(values));
    return [...chosen];
  };
  /** Mostly normal, sometimes abnormal, now and then extreme. */
  const vital = (
    normal: [number, number],
    abnormal: [number, number],
    extreme: [number, number],
  ) => {
    const roll = random();
    const [low, high] = roll < 0.75 ? normal : roll < 0.95 ? abnormal : extreme;
    return between(low, high);
  };

  const ageRoll = random();
  const age = ageRoll < 0.1 ? between(0, 17) : ageRoll < 0.25 ? between(18, 64) : between(65, 102);
  // A year before the birthday year, so the date is never after `now` (age is age or age + 1).
  const birthYear = now.getUTCFullYear() - age - 1;
  const dateOfBirth = `${birthYear}-${String(between(1, 12)).padStart(2, '0')}-${String(between(1, 28)).padStart(2, '0')}`;

  let observations: Observations | undefined;
  if (chance(0.7)) {
    const o: Observations = {};
    if (chance(0.92))
      o.respiratoryRate = vital([12, 20], [21, 24], chance(0.5) ? [25, 40] : [5, 11]);
    if (chance(0.92)) o.spo2 = vital([94, 100], [88, 93], [75, 87]);
    if (chance(0.9)) o.spo2Scale = chance(0.1) ? 2 : 1;
    if (chance(0.92)) o.onOxygen = chance(0.12);
    if (chance(0.92))
      o.systolicBp = vital([111, 160], [91, 110], chance(0.5) ? [70, 90] : [220, 240]);
    if (chance(0.92)) o.pulse = vital([55, 90], [91, 130], chance(0.5) ? [131, 170] : [30, 50]);
    if (chance(0.92)) o.consciousness = chance(0.85) ? 'A' : pick(CONSCIOUSNESS_LEVELS);
    if (chance(0.92))
      o.temperature = vital([361, 380], [381, 391], chance(0.5) ? [392, 410] : [340, 360]) / 10;
    observations = o;
  }
  let news2Stated: number | undefined;
  if (chance(0.4)) {
    news2Stated = observations && chance(0.7) ? scoreNews2(observations).total : between(0, 12);
  }

  const needs = some(PRESENTING_NEEDS, 3);
  const submission: ReferralSubmission = {
    referrer: { type: pick(REFERRER_TYPES), name: 'Synthetic Referrer' },
    patient: {
      ...(chance(0.85) ? { nhsNumber: '9990000018' } : {}),
      givenName: 'Synthetic',
      familyName: 'Patient',
      ...(chance(0.95) ? { dateOfBirth } : {}),
      sex: pick(['female', 'male', 'other', 'unknown'] as const),
      livesInCareHome: chance(0.3),
      ...(chance(0.1) ? { communicationNeeds: 'uses BSL' } : {}),
    },
    clinical: {
      summary: syntheticSummary(random),
      presentingNeeds: needs,
      ...(observations ? { observations } : {}),
      ...(news2Stated === undefined ? {} : { news2Stated }),
      ...(chance(0.7) ? { clinicalFrailtyScale: between(1, 9) } : {}),
      softSigns: chance(0.3) ? some(SOFT_SIGNS, 2) : [],
      redFlagFindings: chance(0.08) ? some(RED_FLAG_FINDINGS, 1) : [],
      fall:
        needs.includes('fall') && chance(0.9)
          ? {
              headStrike: chance(0.1),
              lossOfConsciousness: chance(0.05),
              suspectedFracture: chance(0.05),
              unableToGetUp: chance(0.4),
              longLieMinutes: chance(0.5) ? between(0, 240) : 0,
            }
          : null,
      endOfLife: chance(0.15)
        ? {
            phase: pick(PALLIATIVE_PHASES),
            onEndOfLifeRegister: chance(0.7),
            syringeDriverNeeded: chance(0.2),
            anticipatoryMedicinesInPlace: chance(0.6),
            preferredPlaceOfDeath: pick(PLACES_OF_DEATH),
          }
        : null,
      respect: chance(0.2)
        ? {
            present: chance(0.95),
            cpr: pick(CPR_DECISIONS),
            carePriority: pick(CARE_PRIORITIES),
            hospitalTransfer: chance(0.5) ? 'not_for_transfer' : pick(HOSPITAL_TRANSFER),
          }
        : null,
      knownConditions: chance(0.7) ? some(KNOWN_CONDITIONS, 3) : [],
    },
    consent: pick(CONSENTS),
  };
  const areaRoll = random();
  return {
    submission,
    context: { now, inArea: areaRoll < 0.85 ? true : areaRoll < 0.93 ? false : undefined },
  };
}

/** `count` referrals from one seed: the same seed always gives the same list. */
export function syntheticReferrals(count: number, seed: number): SyntheticReferral[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => syntheticReferral(random));
}
