import type { PresentingNeed, ReferrerType } from '@frontdoor/domain';

/**
 * Every system URI the FHIR doors read or write (see docs/fhir.md). National ones are spelt as
 * NHS England publishes them; the Front Door ones carry the contract's own codes unchanged.
 */
export const SYSTEM = {
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  odsOrganisation: 'https://fhir.nhs.uk/Id/ods-organization-code',
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',

  barsMessageEvents: 'https://fhir.nhs.uk/CodeSystem/message-events-bars',
  barsMessageReason: 'https://fhir.nhs.uk/CodeSystem/message-reason-bars',
  barsUseCase: 'https://fhir.nhs.uk/CodeSystem/usecases-categories-bars',
  barsFlagCategory: 'https://fhir.nhs.uk/CodeSystem/flag-categories-bars',

  referralReference: 'https://frontdoor.nhs.uk/fhir/Id/referral-reference',
  referrerType: 'https://frontdoor.nhs.uk/fhir/CodeSystem/referrer-type',
  presentingNeed: 'https://frontdoor.nhs.uk/fhir/CodeSystem/presenting-need',
  observationType: 'https://frontdoor.nhs.uk/fhir/CodeSystem/observation-type',
  acvpu: 'https://frontdoor.nhs.uk/fhir/CodeSystem/acvpu',
  softSign: 'https://frontdoor.nhs.uk/fhir/CodeSystem/soft-sign',
  redFlagFinding: 'https://frontdoor.nhs.uk/fhir/CodeSystem/red-flag-finding',
  fallDetail: 'https://frontdoor.nhs.uk/fhir/CodeSystem/fall-detail',
  knownCondition: 'https://frontdoor.nhs.uk/fhir/CodeSystem/known-condition',
  consent: 'https://frontdoor.nhs.uk/fhir/CodeSystem/consent',
} as const;

export const EXTENSION = {
  /** On ServiceRequest, valueCode: a `consent` code, when no Consent resource is sent. */
  consent: 'https://frontdoor.nhs.uk/fhir/StructureDefinition/consent',
  /** On Patient, valueBoolean. */
  livesInCareHome: 'https://frontdoor.nhs.uk/fhir/StructureDefinition/lives-in-care-home',
} as const;

/** The one event accepted at $process-message. */
export const REFERRAL_REQUEST_EVENT = 'servicerequest-request';

/**
 * Convenience map of SNOMED CT findings in ServiceRequest.reasonCode to presenting needs. The
 * brief lists these as candidate codes (to confirm in the NHS terminology browser); anything
 * not here is ignored, so a Front Door presenting-need coding is always the sure way.
 */
export const SNOMED_PRESENTING_NEEDS: Readonly<Record<string, PresentingNeed>> = {
  '1912002': 'fall', // Fall
  '2776000': 'confusion_delirium', // Delirium
  '248279007': 'frailty_decompensation', // Frailty
  '84114007': 'heart_failure_decompensation', // Heart failure
  '195951007': 'respiratory_exacerbation', // Acute exacerbation of COPD
  '302866003': 'diabetes_support', // Hypoglycaemia
};

/**
 * BaRS use cases whose sender is a 999 service (a3t* 999 to CAS, a4t* 999 to falls, community
 * services, UEC validation): the referrer type when no Front Door referrer-type coding is sent.
 */
export function referrerTypeOfUseCase(code: string): ReferrerType | undefined {
  return /^a[34]t\d+$/.test(code) ? 'ambulance' : undefined;
}

/** LOINC codes of the NEWS2 vital signs. */
export const LOINC = {
  respiratoryRate: '9279-1',
  spo2: ['59408-5', '2708-6'],
  systolicBp: '8480-6',
  bloodPressurePanel: '85354-9',
  pulse: '8867-4',
  temperature: '8310-5',
} as const;

/** SNOMED CT codes of assessment scores (verified in the brief, section 6.4). */
export const SNOMED_SCORE = {
  news2: '1104051000000101',
  clinicalFrailtyScale: '763264000',
} as const;

/** Codes of https://frontdoor.nhs.uk/fhir/CodeSystem/observation-type. */
export const OBSERVATION_TYPE = {
  acvpu: 'acvpu',
  onOxygen: 'on-oxygen',
  spo2Scale: 'spo2-scale',
} as const;

/** Codes of https://frontdoor.nhs.uk/fhir/CodeSystem/fall-detail and the contract field of each. */
export const FALL_DETAILS = {
  'head-strike': 'headStrike',
  'loss-of-consciousness': 'lossOfConsciousness',
  'suspected-fracture': 'suspectedFracture',
  'unable-to-get-up': 'unableToGetUp',
  'long-lie-minutes': 'longLieMinutes',
} as const;
