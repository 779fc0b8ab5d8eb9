import { randomUUID } from 'node:crypto';

/** Synthetic people only: NHS numbers from the 999 test range. */
export const NHS_NUMBER = {
  valid: '9990000018',
  validToo: '9990000026',
  validElevenIsZero: '9990000050',
  /** Fails Modulus 11 (expected check digit 8). */
  invalid: '9990000010',
} as const;

export const URI = {
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  ods: 'https://fhir.nhs.uk/Id/ods-organization-code',
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  referrerType: 'https://frontdoor.nhs.uk/fhir/CodeSystem/referrer-type',
  presentingNeed: 'https://frontdoor.nhs.uk/fhir/CodeSystem/presenting-need',
  consent: 'https://frontdoor.nhs.uk/fhir/CodeSystem/consent',
  acvpu: 'https://frontdoor.nhs.uk/fhir/CodeSystem/acvpu',
  knownCondition: 'https://frontdoor.nhs.uk/fhir/CodeSystem/known-condition',
  referralReference: 'https://frontdoor.nhs.uk/fhir/Id/referral-reference',
  barsEvents: 'https://fhir.nhs.uk/CodeSystem/message-events-bars',
  barsUseCase: 'https://fhir.nhs.uk/CodeSystem/usecases-categories-bars',
  barsFlagCategory: 'https://fhir.nhs.uk/CodeSystem/flag-categories-bars',
} as const;

type Resource = { resourceType: string; id: string; [element: string]: unknown };

export interface PatientDetails {
  nhsNumber?: string;
  given?: string;
  family?: string;
  birthDate?: string;
}

/** The resources of one referral, by id, in the shape a care-home system might send. */
export function referralResources(patient: PatientDetails = {}): Resource[] {
  const {
    nhsNumber = NHS_NUMBER.valid,
    given = 'Ada',
    family = 'Lovelace',
    birthDate = '1938-04-02',
  } = patient;
  return [
    {
      resourceType: 'Patient',
      id: 'patient',
      identifier: [{ system: URI.nhsNumber, value: nhsNumber }],
      name: [{ use: 'official', given: [given], family }],
      birthDate,
      gender: 'female',
      address: [{ use: 'home', line: ['1 Test Street'], postalCode: 'ME7 1AA' }],
      telecom: [{ system: 'phone', value: '01634 000001', use: 'home' }],
      generalPractitioner: [{ identifier: { system: URI.ods, value: 'G82001' } }],
    },
    {
      resourceType: 'Organization',
      id: 'care-home',
      identifier: [{ system: URI.ods, value: 'VNA12' }],
      name: 'Oak House Care Home',
    },
    {
      resourceType: 'Consent',
      id: 'consent',
      status: 'active',
      scope: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'treatment' },
        ],
      },
      category: [{ coding: [{ system: URI.consent, code: 'patient_consented' }] }],
    },
    observation('resp', URI.loinc, '9279-1', { valueQuantity: { value: 18, code: '/min' } }),
    observation('spo2', URI.loinc, '59408-5', { valueQuantity: { value: 96, code: '%' } }),
    observation('pulse', URI.loinc, '8867-4', { valueQuantity: { value: 84, code: '/min' } }),
    observation('temp', URI.loinc, '8310-5', { valueQuantity: { value: 36.8, code: 'Cel' } }),
    observation('cfs', URI.snomed, '763264000', { valueInteger: 6 }),
    {
      resourceType: 'Observation',
      id: 'bp',
      status: 'final',
      code: { coding: [{ system: URI.loinc, code: '85354-9' }] },
      component: [
        {
          code: { coding: [{ system: URI.loinc, code: '8480-6' }] },
          valueQuantity: { value: 134, code: 'mm[Hg]' },
        },
      ],
    },
    {
      resourceType: 'Observation',
      id: 'acvpu',
      status: 'final',
      code: { coding: [{ system: URI.loinc, code: '67775-7' }] },
      valueCodeableConcept: { coding: [{ system: URI.acvpu, code: 'A' }] },
    },
    {
      resourceType: 'Condition',
      id: 'dementia',
      code: { coding: [{ system: URI.knownCondition, code: 'dementia' }] },
    },
  ];
}

function observation(id: string, system: string, code: string, value: object): Resource {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system, code }] },
    effectiveDateTime: '2025-01-01T10:00:00Z',
    ...value,
  };
}

const SUPPORTING = ['consent', 'resp', 'spo2', 'pulse', 'temp', 'cfs', 'bp', 'acvpu', 'dementia'];

function serviceRequestBody(ref: (id: string) => string): Record<string, unknown> {
  return {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'plan',
    category: [{ coding: [{ system: URI.referrerType, code: 'care_home' }] }],
    subject: { reference: ref('patient') },
    requester: { reference: ref('care-home') },
    reasonCode: [{ coding: [{ system: URI.snomed, code: '1912002', display: 'Fall' }] }],
    note: [{ text: 'Slid from armchair, witnessed, no head strike, no pain, cannot get up.' }],
    supportingInfo: SUPPORTING.map((id) => ({ reference: ref(id) })),
  };
}

/** A ServiceRequest with everything contained, for POST /fhir/r4/ServiceRequest. */
export function containedServiceRequest(patient: PatientDetails = {}): Record<string, unknown> {
  return {
    ...serviceRequestBody((id) => `#${id}`),
    contained: referralResources(patient),
  };
}

/** A BaRS referral request message: MessageHeader first, then the ServiceRequest and the rest. */
export function referralMessage(
  options: { identifier?: string; headerId?: string; patient?: PatientDetails } = {},
): Record<string, unknown> {
  const { identifier = randomUUID(), headerId = randomUUID(), patient } = options;
  const resources = referralResources(patient);
  const urls = new Map(resources.map((resource) => [resource.id, `urn:uuid:${randomUUID()}`]));
  const serviceRequestUrl = `urn:uuid:${randomUUID()}`;
  return {
    resourceType: 'Bundle',
    identifier: { system: 'https://tools.ietf.org/html/rfc4122', value: identifier },
    type: 'message',
    timestamp: '2025-01-01T10:05:00Z',
    entry: [
      {
        fullUrl: `urn:uuid:${headerId}`,
        resource: {
          resourceType: 'MessageHeader',
          id: headerId,
          eventCoding: { system: URI.barsEvents, code: 'servicerequest-request' },
          source: { endpoint: 'https://sender.example.nhs.uk/fhir' },
          focus: [{ reference: serviceRequestUrl }],
        },
      },
      {
        fullUrl: serviceRequestUrl,
        resource: {
          ...serviceRequestBody((id) => urls.get(id) ?? ''),
          id: 'sr-1',
          category: [
            { coding: [{ system: URI.barsUseCase, code: 'a4t3' }] },
            { coding: [{ system: URI.referrerType, code: 'ambulance' }] },
          ],
        },
      },
      ...resources.map((resource) => ({ fullUrl: urls.get(resource.id), resource })),
      {
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: {
          resourceType: 'Flag',
          id: 'respect',
          status: 'active',
          category: [{ coding: [{ system: URI.barsFlagCategory, code: 'RT' }] }],
          code: { text: 'ReSPECT form in place' },
          subject: { reference: urls.get('patient') },
        },
      },
    ],
  };
}

/** Removes the contained/bundled resource `id` and every reference to it. */
export function without(
  serviceRequest: Record<string, unknown>,
  id: string,
): Record<string, unknown> {
  const contained = (serviceRequest.contained as Resource[]).filter(
    (resource) => resource.id !== id,
  );
  const supportingInfo = (serviceRequest.supportingInfo as { reference: string }[]).filter(
    (reference) => reference.reference !== `#${id}`,
  );
  return { ...serviceRequest, contained, supportingInfo };
}
