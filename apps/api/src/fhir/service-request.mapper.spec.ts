import { SYSTEM, EXTENSION } from './code-systems';
import type { OutcomeIssue } from './operation-outcome';
import { containedContext, type Json } from './resources';
import { serviceRequestToSubmission, toReferralSubmission } from './service-request.mapper';

type Resource = { resourceType: string; id: string; [element: string]: unknown };

const NHS_VALID = '9990000018';
const NHS_INVALID = '9990000010';

const coding = (system: string, code: string) => ({ coding: [{ system, code }] });

function patient(extra: Record<string, unknown> = {}): Resource {
  return {
    resourceType: 'Patient',
    id: 'pat',
    identifier: [{ system: SYSTEM.nhsNumber, value: NHS_VALID }],
    name: [{ use: 'official', given: ['Ada'], family: 'Lovelace' }],
    birthDate: '1938-04-02',
    ...extra,
  };
}

const consent: Resource = {
  resourceType: 'Consent',
  id: 'consent',
  status: 'active',
  category: [coding(SYSTEM.consent, 'patient_consented')],
};

/** A minimal valid ServiceRequest; `resources` are contained and referenced from supportingInfo. */
function serviceRequest(
  options: {
    patient?: Resource;
    resources?: Resource[];
    extra?: Record<string, unknown>;
  } = {},
): Record<string, unknown> {
  const resources = options.resources ?? [consent];
  return {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'plan',
    contained: [options.patient ?? patient(), ...resources],
    category: [coding(SYSTEM.referrerType, 'care_home')],
    subject: { reference: '#pat' },
    reasonCode: [coding(SYSTEM.presentingNeed, 'fall')],
    note: [{ text: 'Slid from armchair, cannot get up.' }],
    supportingInfo: resources.map((resource) => ({ reference: `#${resource.id}` })),
    ...options.extra,
  };
}

function map(body: Record<string, unknown>) {
  const context = containedContext(body);
  return toReferralSubmission(body, context.resolve, context.siblings);
}

/** The validated submission as plain JSON (the DTO instance, compared as data). */
function mapped(body: Record<string, unknown>): Json {
  const result = map(body);
  if (!result.ok) throw new Error(`expected a submission, got ${JSON.stringify(result.issues)}`);
  return JSON.parse(JSON.stringify(result.submission)) as Json;
}

function issues(body: Record<string, unknown>): OutcomeIssue[] {
  const result = map(body);
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}

const observation = (
  id: string,
  system: string,
  code: string,
  value: Record<string, unknown>,
): Resource => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: coding(system, code),
  ...value,
});

describe('serviceRequestToSubmission', () => {
  it('maps a minimal ServiceRequest and says where each field came from', () => {
    const body = serviceRequest();
    const context = containedContext(body);
    const result = serviceRequestToSubmission(body, context.resolve, context.siblings);
    expect(result).toEqual({
      ok: true,
      submission: {
        referrer: { type: 'care_home' },
        patient: {
          nhsNumber: NHS_VALID,
          givenName: 'Ada',
          familyName: 'Lovelace',
          dateOfBirth: '1938-04-02',
        },
        clinical: { summary: 'Slid from armchair, cannot get up.', presentingNeeds: ['fall'] },
        consent: 'patient_consented',
      },
      sources: expect.objectContaining({
        'patient.nhsNumber': 'Patient.identifier[0].value',
        'patient.givenName': 'Patient.name[0].given',
        'referrer.type': 'ServiceRequest.category[0].coding[0].code',
        consent: 'Consent.category[0].coding[0].code',
      }) as unknown,
    });
  });

  it('answers ok: false for what stops the ServiceRequest being read', () => {
    const body = serviceRequest({ extra: { subject: undefined } });
    const context = containedContext(body);
    expect(serviceRequestToSubmission(body, context.resolve)).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code: 'required', expression: 'ServiceRequest.subject' })],
    });
  });
});

describe('toReferralSubmission: Patient', () => {
  it('reads the NHS number from the identifier with the NHS number system only', () => {
    const result = mapped(
      serviceRequest({
        patient: patient({
          identifier: [
            { system: 'https://example.org/mrn', value: 'MRN-1' },
            { system: SYSTEM.nhsNumber, value: '999 000 0018' },
          ],
        }),
      }),
    );
    expect(result.patient).toMatchObject({ nhsNumber: '999 000 0018' });
  });

  it('prefers the official name, joins given names, and skips old names', () => {
    const names = [
      { use: 'old', given: ['Old'], family: 'Name' },
      { use: 'usual', given: ['Addy'], family: 'L' },
      { use: 'official', given: ['Ada', 'Augusta'], family: 'King' },
    ];
    expect(mapped(serviceRequest({ patient: patient({ name: names }) })).patient).toMatchObject({
      givenName: 'Ada Augusta',
      familyName: 'King',
    });
    expect(
      mapped(serviceRequest({ patient: patient({ name: names.slice(0, 2) }) })).patient,
    ).toMatchObject({ givenName: 'Addy', familyName: 'L' });
  });

  it('maps birthDate, gender and the home postcode', () => {
    const result = mapped(
      serviceRequest({
        patient: patient({
          gender: 'other',
          address: [
            { use: 'work', postalCode: 'TN23 1AA' },
            { use: 'home', postalCode: 'ME7 1AA' },
          ],
        }),
      }),
    );
    expect(result.patient).toMatchObject({
      dateOfBirth: '1938-04-02',
      sex: 'other',
      postcode: 'ME7 1AA',
    });
  });

  it('maps each FHIR gender to the same sex code', () => {
    for (const gender of ['female', 'male', 'other', 'unknown']) {
      expect(mapped(serviceRequest({ patient: patient({ gender }) })).patient).toMatchObject({
        sex: gender,
      });
    }
  });

  it('reads the GP practice from a logical reference or a contained Organization', () => {
    const logical = patient({
      generalPractitioner: [{ identifier: { system: SYSTEM.odsOrganisation, value: 'G82001' } }],
    });
    expect(mapped(serviceRequest({ patient: logical })).patient).toMatchObject({
      gpPracticeOdsCode: 'G82001',
    });

    const practice: Resource = {
      resourceType: 'Organization',
      id: 'gp',
      identifier: [{ system: SYSTEM.odsOrganisation, value: 'G82002' }],
    };
    const body = serviceRequest({
      patient: patient({ generalPractitioner: [{ reference: '#gp' }] }),
    });
    (body.contained as Resource[]).push(practice);
    expect(mapped(body).patient).toMatchObject({ gpPracticeOdsCode: 'G82002' });
  });

  it('prefers a home or mobile phone and ignores email and old numbers', () => {
    const result = mapped(
      serviceRequest({
        patient: patient({
          telecom: [
            { system: 'email', value: 'someone@example.org' },
            { system: 'phone', value: '01634 000009', use: 'old' },
            { system: 'phone', value: '01634 000008', use: 'work' },
            { system: 'phone', value: '07700 900001', use: 'mobile' },
          ],
        }),
      }),
    );
    expect(result.patient).toMatchObject({ phone: '07700 900001' });
  });

  it('reads livesInCareHome from its extension and communication needs from a BaRS RA flag', () => {
    const flag: Resource = {
      resourceType: 'Flag',
      id: 'ra',
      status: 'active',
      category: [coding(SYSTEM.barsFlagCategory, 'RA')],
      code: { text: 'Hard of hearing: face the patient' },
    };
    const result = mapped(
      serviceRequest({
        patient: patient({ extension: [{ url: EXTENSION.livesInCareHome, valueBoolean: true }] }),
        resources: [consent, flag],
      }),
    );
    expect(result.patient).toMatchObject({
      livesInCareHome: true,
      communicationNeeds: 'Hard of hearing: face the patient',
    });
  });

  it('accepts a patient without an NHS number when named, and asks for names otherwise', () => {
    const named = mapped(serviceRequest({ patient: patient({ identifier: [] }) }));
    expect(named.patient).not.toHaveProperty('nhsNumber');

    const anonymous = issues(
      serviceRequest({
        patient: { resourceType: 'Patient', id: 'pat', gender: 'female' },
      }),
    );
    expect(anonymous.map((issue) => [issue.code, issue.diagnostics, issue.expression])).toEqual([
      ['required', 'patient.givenName', 'Patient.name.given'],
      ['required', 'patient.familyName', 'Patient.name.family'],
      ['required', 'patient.dateOfBirth', 'Patient.birthDate'],
    ]);
    expect(anonymous[0].message).toContain(SYSTEM.nhsNumber);
  });

  it('reports an invalid NHS number at its identifier, without repeating it or the name', () => {
    const found = issues(
      serviceRequest({
        patient: patient({
          identifier: [
            { system: 'https://example.org/mrn', value: 'MRN-1' },
            { system: SYSTEM.nhsNumber, value: NHS_INVALID },
          ],
        }),
      }),
    );
    expect(found).toEqual([
      {
        code: 'value',
        diagnostics: 'patient.nhsNumber',
        expression: 'Patient.identifier[1].value',
        message: expect.stringMatching(
          /^patient\.nhsNumber must be a valid 10-digit NHS number/,
        ) as unknown,
      },
    ]);
    const text = JSON.stringify(found);
    expect(text).not.toContain(NHS_INVALID);
    expect(text).not.toContain('Lovelace');
  });

  it('reports an invalid postcode at the address it came from', () => {
    const found = issues(
      serviceRequest({
        patient: patient({ address: [{ use: 'old' }, { use: 'home', postalCode: 'QA1 1AA' }] }),
      }),
    );
    expect(found).toEqual([
      expect.objectContaining({
        code: 'value',
        diagnostics: 'patient.postcode',
        expression: 'Patient.address[1].postalCode',
      }),
    ]);
  });

  it('requires the subject to resolve to a contained Patient', () => {
    expect(issues(serviceRequest({ extra: { subject: { reference: 'Patient/123' } } }))).toEqual([
      expect.objectContaining({
        code: 'not-found',
        expression: 'ServiceRequest.subject.reference',
        diagnostics: 'patient',
      }),
    ]);
    const body = serviceRequest({ extra: { subject: { reference: '#consent' } } });
    expect(issues(body)).toEqual([
      expect.objectContaining({ code: 'invalid', expression: 'ServiceRequest.subject' }),
    ]);
  });
});

describe('toReferralSubmission: referrer', () => {
  it('reads the type from a Front Door coding on ServiceRequest.category', () => {
    const body = serviceRequest({
      extra: {
        category: [coding(SYSTEM.snomed, '3457005'), coding(SYSTEM.referrerType, 'gp')],
      },
    });
    expect(mapped(body).referrer).toEqual({ type: 'gp' });
  });

  it('falls back to ambulance for a BaRS 999 use case', () => {
    const body = serviceRequest({ extra: { category: [coding(SYSTEM.barsUseCase, 'a4t3')] } });
    expect(mapped(body).referrer).toEqual({ type: 'ambulance' });
  });

  it('asks for the type when there is none, and judges unknown codes', () => {
    expect(issues(serviceRequest({ extra: { category: [] } }))).toEqual([
      expect.objectContaining({
        code: 'required',
        diagnostics: 'referrer.type',
        expression: 'ServiceRequest.category',
      }),
    ]);
    expect(
      issues(serviceRequest({ extra: { category: [coding(SYSTEM.referrerType, 'plumber')] } })),
    ).toEqual([
      expect.objectContaining({
        code: 'value',
        diagnostics: 'referrer.type',
        expression: 'ServiceRequest.category[0].coding[0].code',
      }),
    ]);
  });

  it('reads a requesting Organization: name and ODS code', () => {
    const home: Resource = {
      resourceType: 'Organization',
      id: 'home',
      name: 'Oak House Care Home',
      identifier: [{ system: SYSTEM.odsOrganisation, value: 'VNA12' }],
    };
    const body = serviceRequest({ extra: { requester: { reference: '#home' } } });
    (body.contained as Resource[]).push(home);
    expect(mapped(body).referrer).toEqual({
      type: 'care_home',
      organisation: { name: 'Oak House Care Home', odsCode: 'VNA12' },
    });
  });

  it('reads a logical requester: ODS code and display', () => {
    const body = serviceRequest({
      extra: {
        requester: {
          identifier: { system: SYSTEM.odsOrganisation, value: 'VNA12' },
          display: 'Oak House Care Home',
        },
      },
    });
    expect(mapped(body).referrer).toMatchObject({
      organisation: { odsCode: 'VNA12', name: 'Oak House Care Home' },
    });
  });

  it('reads a PractitionerRole: role, practitioner name, phone and organisation', () => {
    const role: Resource = {
      resourceType: 'PractitionerRole',
      id: 'role',
      code: [{ text: 'Senior carer' }],
      practitioner: { reference: '#sam' },
      organization: { identifier: { system: SYSTEM.odsOrganisation, value: 'VNA12' } },
      telecom: [{ system: 'phone', value: '01634 000000', use: 'work' }],
    };
    const person: Resource = {
      resourceType: 'Practitioner',
      id: 'sam',
      name: [{ given: ['Sam'], family: 'Carter' }],
    };
    const body = serviceRequest({ extra: { requester: { reference: '#role' } } });
    (body.contained as Resource[]).push(role, person);
    expect(mapped(body).referrer).toEqual({
      type: 'care_home',
      role: 'Senior carer',
      name: 'Sam Carter',
      phone: '01634 000000',
      organisation: { odsCode: 'VNA12' },
    });
  });

  it('reads a Practitioner or RelatedPerson requester', () => {
    const gp: Resource = {
      resourceType: 'Practitioner',
      id: 'gp',
      name: [{ text: 'Dr Jo Bloggs' }],
      telecom: [{ system: 'phone', value: '01634 000002' }],
    };
    const body = serviceRequest({ extra: { requester: { reference: '#gp' } } });
    (body.contained as Resource[]).push(gp);
    expect(mapped(body).referrer).toMatchObject({ name: 'Dr Jo Bloggs', phone: '01634 000002' });

    const daughter: Resource = {
      resourceType: 'RelatedPerson',
      id: 'rp',
      name: [{ given: ['Mary'], family: 'Lovelace' }],
      relationship: [{ text: 'Daughter' }],
    };
    const carer = serviceRequest({
      extra: {
        requester: { reference: '#rp' },
        category: [coding(SYSTEM.referrerType, 'family_carer')],
      },
    });
    (carer.contained as Resource[]).push(daughter);
    expect(mapped(carer).referrer).toEqual({
      type: 'family_carer',
      name: 'Mary Lovelace',
      role: 'Daughter',
    });
  });

  it('refuses a requester of another type', () => {
    const device: Resource = { resourceType: 'Device', id: 'dev' };
    const body = serviceRequest({ extra: { requester: { reference: '#dev' } } });
    (body.contained as Resource[]).push(device);
    expect(issues(body)).toEqual([
      expect.objectContaining({ code: 'invalid', expression: 'ServiceRequest.requester' }),
    ]);
  });
});

describe('toReferralSubmission: clinical', () => {
  it('joins the notes into the summary, else takes the first reason text', () => {
    const noted = serviceRequest({
      extra: { note: [{ text: 'Found on floor.' }, { text: 'No head strike.' }] },
    });
    expect(mapped(noted).clinical).toMatchObject({ summary: 'Found on floor.\nNo head strike.' });

    const reasoned = serviceRequest({
      extra: {
        note: undefined,
        reasonCode: [{ ...coding(SYSTEM.presentingNeed, 'fall'), text: 'Fall at home, on floor' }],
      },
    });
    expect(mapped(reasoned).clinical).toMatchObject({ summary: 'Fall at home, on floor' });

    expect(issues(serviceRequest({ extra: { note: undefined } }))).toEqual([
      expect.objectContaining({ code: 'required', diagnostics: 'clinical.summary' }),
    ]);
  });

  it('maps presenting needs from Front Door codes and the SNOMED CT convenience map, once each', () => {
    const body = serviceRequest({
      extra: {
        reasonCode: [
          { coding: [{ system: SYSTEM.snomed, code: '1912002' }] },
          { coding: [{ system: SYSTEM.presentingNeed, code: 'fall' }] },
          { coding: [{ system: SYSTEM.snomed, code: '2776000' }] },
          { coding: [{ system: SYSTEM.snomed, code: '248279007' }] },
          { coding: [{ system: SYSTEM.snomed, code: '84114007' }] },
          { coding: [{ system: SYSTEM.snomed, code: '195951007' }] },
          { coding: [{ system: SYSTEM.snomed, code: '302866003' }] },
          { coding: [{ system: SYSTEM.presentingNeed, code: 'carer_breakdown' }] },
          { coding: [{ system: SYSTEM.snomed, code: '29857009' }] }, // chest pain: not a need
        ],
      },
    });
    expect(mapped(body).clinical).toMatchObject({
      presentingNeeds: [
        'fall',
        'confusion_delirium',
        'frailty_decompensation',
        'heart_failure_decompensation',
        'respiratory_exacerbation',
        'diabetes_support',
        'carer_breakdown',
      ],
    });
  });

  it('asks for a presenting need when none maps, and judges unknown Front Door codes', () => {
    const none = serviceRequest({ extra: { reasonCode: [coding(SYSTEM.snomed, '404684003')] } });
    expect(issues(none)).toEqual([
      expect.objectContaining({
        code: 'required',
        diagnostics: 'clinical.presentingNeeds',
        expression: 'ServiceRequest.reasonCode',
      }),
    ]);
    const unknown = serviceRequest({
      extra: { reasonCode: [coding(SYSTEM.presentingNeed, 'flying')] },
    });
    expect(issues(unknown)).toEqual([
      expect.objectContaining({ code: 'value', diagnostics: 'clinical.presentingNeeds' }),
    ]);
  });

  it('maps each NEWS2 observation by its LOINC code', () => {
    const body = serviceRequest({
      resources: [
        consent,
        observation('rr', SYSTEM.loinc, '9279-1', { valueQuantity: { value: 22 } }),
        observation('sat', SYSTEM.loinc, '2708-6', { valueQuantity: { value: 93, code: '%' } }),
        observation('sbp', SYSTEM.loinc, '8480-6', { valueQuantity: { value: 101 } }),
        observation('hr', SYSTEM.loinc, '8867-4', { valueInteger: 112 }),
        observation('t', SYSTEM.loinc, '8310-5', { valueQuantity: { value: 38.4, code: 'Cel' } }),
        observation('o2', SYSTEM.observationType, 'on-oxygen', { valueBoolean: true }),
        observation('scale', SYSTEM.observationType, 'spo2-scale', { valueInteger: 2 }),
        observation('avpu', SYSTEM.loinc, '67775-7', {
          valueCodeableConcept: coding(SYSTEM.acvpu, 'C'),
        }),
      ],
    });
    expect(mapped(body).clinical).toMatchObject({
      observations: {
        respiratoryRate: 22,
        spo2: 93,
        systolicBp: 101,
        pulse: 112,
        temperature: 38.4,
        onOxygen: true,
        spo2Scale: 2,
        consciousness: 'C',
      },
    });
  });

  it('reads SpO2 by 59408-5 and systolic pressure from a blood pressure panel', () => {
    const body = serviceRequest({
      resources: [
        consent,
        observation('sat', SYSTEM.loinc, '59408-5', { valueQuantity: { value: 97 } }),
        observation('bp', SYSTEM.loinc, '85354-9', {
          component: [
            { code: coding(SYSTEM.loinc, '8462-4'), valueQuantity: { value: 80 } },
            { code: coding(SYSTEM.loinc, '8480-6'), valueQuantity: { value: 128 } },
          ],
        }),
      ],
    });
    expect(mapped(body).clinical).toMatchObject({ observations: { spo2: 97, systolicBp: 128 } });
  });

  it('takes the latest of two readings and ignores readings entered in error', () => {
    const body = serviceRequest({
      resources: [
        consent,
        observation('p1', SYSTEM.loinc, '8867-4', {
          valueInteger: 130,
          effectiveDateTime: '2025-01-01T10:30:00+01:00',
        }),
        observation('p2', SYSTEM.loinc, '8867-4', {
          valueInteger: 90,
          effectiveDateTime: '2025-01-01T10:00:00Z',
        }),
        observation('p3', SYSTEM.loinc, '8867-4', {
          valueInteger: 200,
          status: 'entered-in-error',
          effectiveDateTime: '2025-01-02T10:00:00Z',
        }),
      ],
    });
    expect(mapped(body).clinical).toMatchObject({ observations: { pulse: 90 } });
  });

  it('refuses a temperature that is not in degrees Celsius', () => {
    const body = serviceRequest({
      resources: [
        consent,
        observation('t', SYSTEM.loinc, '8310-5', {
          valueQuantity: { value: 101.2, code: '[degF]' },
        }),
      ],
    });
    expect(issues(body)).toEqual([
      expect.objectContaining({
        code: 'value',
        diagnostics: 'clinical.observations.temperature',
        expression: 'Observation.valueQuantity.code',
      }),
    ]);
  });

  it('reports an out-of-range observation at its value', () => {
    const body = serviceRequest({
      resources: [
        consent,
        observation('sat', SYSTEM.loinc, '59408-5', { valueQuantity: { value: 130 } }),
      ],
    });
    expect(issues(body)).toEqual([
      expect.objectContaining({
        code: 'value',
        diagnostics: 'clinical.observations.spo2',
        expression: 'Observation.valueQuantity.value',
      }),
    ]);
  });

  it('maps the stated NEWS2 and the Clinical Frailty Scale by SNOMED CT', () => {
    const body = serviceRequest({
      resources: [
        consent,
        observation('news', SYSTEM.snomed, '1104051000000101', { valueInteger: 5 }),
        observation('cfs', SYSTEM.snomed, '763264000', { valueQuantity: { value: 7 } }),
      ],
    });
    expect(mapped(body).clinical).toMatchObject({ news2Stated: 5, clinicalFrailtyScale: 7 });
  });

  it('maps soft signs, red flag findings and fall details from Front Door codes', () => {
    const body = serviceRequest({
      resources: [
        consent,
        observation('s1', SYSTEM.softSign, 'not_usual_self', {}),
        observation('s2', SYSTEM.softSign, 'more_sleepy', { valueBoolean: true }),
        observation('s3', SYSTEM.softSign, 'new_pain', { valueBoolean: false }),
        observation('r1', SYSTEM.redFlagFinding, 'head_injury', {}),
        observation('f1', SYSTEM.fallDetail, 'head-strike', { valueBoolean: true }),
        observation('f2', SYSTEM.fallDetail, 'suspected-fracture', { valueBoolean: false }),
        observation('f3', SYSTEM.fallDetail, 'unable-to-get-up', {}),
        observation('f4', SYSTEM.fallDetail, 'long-lie-minutes', {
          valueQuantity: { value: 45, code: 'min' },
        }),
      ],
    });
    expect(mapped(body).clinical).toMatchObject({
      softSigns: ['not_usual_self', 'more_sleepy'],
      redFlagFindings: ['head_injury'],
      fall: {
        headStrike: true,
        suspectedFracture: false,
        unableToGetUp: true,
        longLieMinutes: 45,
      },
    });
  });

  it('maps current known conditions and skips resolved or refuted ones', () => {
    const condition = (
      id: string,
      code: string,
      extra: Record<string, unknown> = {},
    ): Resource => ({
      resourceType: 'Condition',
      id,
      code: coding(SYSTEM.knownCondition, code),
      ...extra,
    });
    const body = serviceRequest({
      resources: [
        consent,
        condition('c1', 'dementia'),
        condition('c2', 'copd', { clinicalStatus: coding('x', 'active') }),
        condition('c3', 'cancer', { clinicalStatus: coding('x', 'resolved') }),
        condition('c4', 'ckd', { verificationStatus: coding('x', 'refuted') }),
      ],
    });
    expect(mapped(body).clinical).toMatchObject({ knownConditions: ['dementia', 'copd'] });
  });

  it('notes a ReSPECT form from an active BaRS RT flag, wherever it travels', () => {
    const flag = (status: string): Resource => ({
      resourceType: 'Flag',
      id: 'respect',
      status,
      category: [coding(SYSTEM.barsFlagCategory, 'RT')],
      code: { text: 'ReSPECT in place' },
    });
    expect(mapped(serviceRequest({ resources: [consent, flag('active')] })).clinical).toMatchObject(
      { respect: { present: true } },
    );
    // In a message the Flag is a Bundle entry nobody references: a sibling.
    const body = serviceRequest();
    const context = containedContext(body);
    const result = toReferralSubmission(body, context.resolve, [flag('active')]);
    expect(result.ok && result.submission.clinical.respect).toEqual({ present: true });

    const inactive = mapped(serviceRequest({ resources: [consent, flag('inactive')] }));
    expect(inactive.clinical).not.toHaveProperty('respect');
  });
});

describe('toReferralSubmission: consent', () => {
  it('reads consent from a Consent resource in supportingInfo', () => {
    for (const code of ['patient_consented', 'best_interests', 'emergency_no_consent_needed']) {
      const body = serviceRequest({
        resources: [{ ...consent, category: [coding(SYSTEM.consent, code)] }],
      });
      expect(mapped(body).consent).toBe(code);
    }
  });

  it('reads consent from the extension when no Consent resource is sent', () => {
    const body = serviceRequest({
      resources: [],
      extra: { extension: [{ url: EXTENSION.consent, valueCode: 'best_interests' }] },
    });
    expect(mapped(body).consent).toBe('best_interests');
  });

  it('answers a required issue when consent is absent, rather than guessing', () => {
    const found = issues(serviceRequest({ resources: [] }));
    expect(found).toEqual([
      expect.objectContaining({
        code: 'required',
        diagnostics: 'consent',
        expression: 'ServiceRequest.supportingInfo',
      }),
    ]);
    expect(found[0].message).toContain(EXTENSION.consent);
  });

  it('refuses a Consent that is not active', () => {
    const found = issues(serviceRequest({ resources: [{ ...consent, status: 'rejected' }] }));
    expect(found).toEqual([
      expect.objectContaining({
        code: 'value',
        diagnostics: 'consent',
        expression: 'Consent.status',
      }),
    ]);
  });

  it('judges an unknown consent code', () => {
    const found = issues(
      serviceRequest({ resources: [{ ...consent, category: [coding(SYSTEM.consent, 'maybe')] }] }),
    );
    expect(found).toEqual([
      expect.objectContaining({
        code: 'value',
        diagnostics: 'consent',
        expression: 'Consent.category[0].coding[0].code',
      }),
    ]);
  });
});

describe('toReferralSubmission: what cannot be read', () => {
  it('refuses anything but a ServiceRequest, and says nothing else', () => {
    const context = containedContext({});
    expect(toReferralSubmission({ resourceType: 'Patient' }, context.resolve)).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code: 'invalid', expression: 'ServiceRequest' })],
    });
    expect(toReferralSubmission('text', context.resolve).ok).toBe(false);
  });

  it('refuses modifier extensions it does not understand', () => {
    const body = serviceRequest({
      extra: { modifierExtension: [{ url: 'https://example.org/x', valueBoolean: true }] },
    });
    expect(issues(body)).toEqual([
      expect.objectContaining({
        code: 'not-supported',
        expression: 'ServiceRequest.modifierExtension',
      }),
    ]);
  });

  it('accepts only an active, performable request', () => {
    expect(issues(serviceRequest({ extra: { status: 'revoked' } }))).toEqual([
      expect.objectContaining({ code: 'value', expression: 'ServiceRequest.status' }),
    ]);
    expect(issues(serviceRequest({ extra: { doNotPerform: true } }))).toEqual([
      expect.objectContaining({ code: 'not-supported', expression: 'ServiceRequest.doNotPerform' }),
    ]);
  });

  it('reports elements of the wrong JSON type instead of failing', () => {
    const found = issues(
      serviceRequest({
        patient: patient({ identifier: { system: SYSTEM.nhsNumber, value: NHS_VALID } }),
        extra: { note: 'not a list' },
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'invalid', expression: 'ServiceRequest.note' }),
        expect.objectContaining({ code: 'invalid', expression: 'Patient.identifier' }),
      ]),
    );
    expect(JSON.stringify(found)).not.toContain(NHS_VALID);
  });

  it('reports a supportingInfo reference that does not resolve', () => {
    const body = serviceRequest({ extra: { supportingInfo: [{ reference: '#nowhere' }] } });
    expect(issues(body)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'not-found',
          expression: 'ServiceRequest.supportingInfo[0].reference',
        }),
      ]),
    );
  });
});
