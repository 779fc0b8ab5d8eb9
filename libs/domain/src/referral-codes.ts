/** Code lists of a referral submission, exactly as the API contract spells them. */
export const REFERRER_TYPES = [
  'care_home',
  'ambulance',
  'gp',
  'nhs111',
  'hospital_discharge',
  'hospice',
  'social_care',
  'family_carer',
  'self',
  'community_team',
  'mental_health',
  'other',
] as const;
export type ReferrerType = (typeof REFERRER_TYPES)[number];

/** The nine national Urgent Community Response needs. */
export const UCR_NEEDS = [
  'fall',
  'frailty_decompensation',
  'reduced_function',
  'palliative_crisis',
  'urgent_equipment',
  'confusion_delirium',
  'catheter_problem',
  'diabetes_support',
  'carer_breakdown',
] as const;

export const PRESENTING_NEEDS = [
  ...UCR_NEEDS,
  'respiratory_exacerbation',
  'heart_failure_decompensation',
  'infection_needing_iv_therapy',
  'dementia_distress',
  'wound_or_skin',
  'parkinsons_deterioration',
  'learning_disability_support',
  'child_health_need',
  'medication_support',
  'reablement_after_discharge',
  'end_of_life_planning',
  'falls_prevention',
  'long_term_condition_review',
  'other',
] as const;
export type PresentingNeed = (typeof PRESENTING_NEEDS)[number];

/** ACVPU: Alert, new Confusion, Voice, Pain, Unresponsive. */
export const CONSCIOUSNESS_LEVELS = ['A', 'C', 'V', 'P', 'U'] as const;
export type Consciousness = (typeof CONSCIOUSNESS_LEVELS)[number];

/** RESTORE2 soft signs. */
export const SOFT_SIGNS = [
  'not_usual_self',
  'more_sleepy',
  'off_food_and_drink',
  'new_breathlessness',
  'unsteady',
  'restless_or_agitated',
  'new_pain',
  'reduced_urine',
] as const;
export type SoftSign = (typeof SOFT_SIGNS)[number];

export const RED_FLAG_FINDINGS = [
  'fast_positive',
  'suspected_cardiac_chest_pain',
  'sepsis_high_risk_sign',
  'non_blanching_rash',
  'head_injury',
  'suspected_fracture',
  'reduced_consciousness',
  'severe_breathing_difficulty',
  'severe_bleeding',
  'hypoglycaemia_not_responding',
  'immediate_mental_health_risk',
  'safeguarding_immediate_risk',
] as const;
export type RedFlagFinding = (typeof RED_FLAG_FINDINGS)[number];

export const KNOWN_CONDITIONS = [
  'dementia',
  'copd',
  'heart_failure',
  'diabetes_type1',
  'diabetes_type2',
  'parkinsons',
  'learning_disability',
  'autism',
  'cancer',
  'ckd',
  'stroke_history',
  'on_anticoagulant',
  'other',
] as const;
export type KnownCondition = (typeof KNOWN_CONDITIONS)[number];

export const CONSENTS = [
  'patient_consented',
  'best_interests',
  'emergency_no_consent_needed',
] as const;
export type Consent = (typeof CONSENTS)[number];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

/**
 * When the need started or last got worse (`clinical.onset`): the 2-hour UCR lane is for a
 * crisis that started or worsened in the last 48 hours [S1, S5]; gradual, longstanding and
 * planned needs get the band their service specifies.
 */
export const ONSETS = ['within_48_hours', 'gradual', 'longstanding', 'planned'] as const;
export type Onset = (typeof ONSETS)[number];

export const PALLIATIVE_PHASES = ['stable', 'unstable', 'deteriorating', 'dying'] as const;
export const PLACES_OF_DEATH = ['home', 'care_home', 'hospice', 'hospital', 'unknown'] as const;
export const CPR_DECISIONS = ['attempt', 'do_not_attempt'] as const;
export const CARE_PRIORITIES = ['sustain_life', 'balanced', 'comfort'] as const;
export const HOSPITAL_TRANSFER = ['for_transfer', 'not_for_transfer', 'unknown'] as const;

export const REFERRAL_FLAGS = [
  'identity_unverified',
  'possible_duplicate',
  'respect_in_place',
  'out_of_area',
  'data_conflict',
  'clinician_confirm',
  'reasonable_adjustments',
  'mutual_aid',
] as const;
export type ReferralFlag = (typeof REFERRAL_FLAGS)[number];
