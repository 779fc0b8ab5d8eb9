import type {
  CARE_PRIORITIES,
  Consciousness,
  Consent,
  CPR_DECISIONS,
  HOSPITAL_TRANSFER,
  KnownCondition,
  Onset,
  PALLIATIVE_PHASES,
  PLACES_OF_DEATH,
  PresentingNeed,
  RedFlagFinding,
  ReferrerType,
  Sex,
  SoftSign,
} from './referral-codes';

/**
 * A referral as submitted, whichever door it came through (JSON API, FHIR, web form).
 * The shape of the API contract's POST /api/v1/referrals body; everything optional is
 * validated when present.
 */
export interface ReferralSubmission {
  referrer: {
    type: ReferrerType;
    organisation?: { name?: string; odsCode?: string };
    name?: string;
    role?: string;
    phone?: string;
  };
  patient: {
    nhsNumber?: string;
    givenName?: string;
    familyName?: string;
    /** ISO date, YYYY-MM-DD. */
    dateOfBirth?: string;
    sex?: Sex;
    postcode?: string;
    gpPracticeOdsCode?: string;
    livesInCareHome?: boolean;
    phone?: string;
    communicationNeeds?: string;
  };
  clinical: {
    summary: string;
    presentingNeeds: PresentingNeed[];
    /** When the need started or last got worse; unknown when not given (then read from text). */
    onset?: Onset;
    observations?: Observations;
    news2Stated?: number;
    clinicalFrailtyScale?: number;
    softSigns?: SoftSign[];
    redFlagFindings?: RedFlagFinding[];
    fall?: FallDetails | null;
    endOfLife?: EndOfLife | null;
    respect?: Respect | null;
    knownConditions?: KnownCondition[];
  };
  consent: Consent;
}

export interface Observations {
  respiratoryRate?: number;
  spo2?: number;
  /** 1 normally; 2 only for confirmed hypercapnic respiratory failure with a prescribed target. */
  spo2Scale?: 1 | 2;
  /**
   * A prescribed SpO2 target of 88-92% for confirmed hypercapnic respiratory failure is
   * documented: the only case in which Scale 2 is used [S18].
   */
  hypercapnicTargetDocumented?: boolean;
  onOxygen?: boolean;
  systolicBp?: number;
  pulse?: number;
  consciousness?: Consciousness;
  temperature?: number;
}

export interface FallDetails {
  headStrike?: boolean;
  lossOfConsciousness?: boolean;
  suspectedFracture?: boolean;
  unableToGetUp?: boolean;
  longLieMinutes?: number;
}

export interface EndOfLife {
  phase?: (typeof PALLIATIVE_PHASES)[number];
  onEndOfLifeRegister?: boolean;
  syringeDriverNeeded?: boolean;
  anticipatoryMedicinesInPlace?: boolean;
  preferredPlaceOfDeath?: (typeof PLACES_OF_DEATH)[number];
}

export interface Respect {
  present: boolean;
  cpr?: (typeof CPR_DECISIONS)[number];
  carePriority?: (typeof CARE_PRIORITIES)[number];
  hospitalTransfer?: (typeof HOSPITAL_TRANSFER)[number];
}
