import type * as R4 from 'fhir/r4';
import {
  DISCHARGE_LETTER_SECTIONS,
  DISCHARGE_SUMMARY_SNOMED,
  escapeHtml,
  gpEndpointProblem,
  renderDischargeLetterFhir,
  renderDischargeLetterHtml,
  type DischargeLetterInput,
} from './discharge-letter';

/** A synthetic patient (NHS number in the 999 test range). */
function letter(overrides: Partial<DischargeLetterInput> = {}): DischargeLetterInput {
  return {
    ids: {
      discharge: '11111111-1111-4111-8111-111111111111',
      patient: '22222222-2222-4222-8222-222222222222',
      bundle: '33333333-3333-4333-8333-333333333333',
    },
    referral: {
      id: '44444444-4444-4444-8444-444444444444',
      reference: 'FD-7H3K-Q9MX',
      receivedAt: new Date('2025-12-01T09:00:00Z'),
    },
    patient: {
      nhsNumber: '9990000018',
      givenName: 'Ada',
      familyName: 'Lovelace',
      dateOfBirth: '1938-04-02',
      sex: 'female',
      postcode: 'ME7 1AA',
    },
    practice: { odsCode: 'G82001', name: 'Lighthouse Health Centre, Gillingham' },
    referrer: {
      type: 'care_home',
      organisationName: 'Oak House Care Home',
      organisationOdsCode: 'VNA12',
      name: 'Sam Carter',
      role: 'Senior carer',
    },
    episode: {
      start: new Date('2025-12-01T09:00:00Z'),
      end: new Date('2025-12-08T15:30:00Z'),
      teamCode: 'ucr-medway',
      teamName: 'Medway Urgent Community Response',
    },
    outcome: 'goals_met',
    summary: {
      reasonForReferral: 'Fall at care home, unable to get up.',
      pathways: ['ucr', 'falls'],
      whatWasDone: 'Assessed within 2 hours. Physiotherapy for 5 days.',
      medicinesChanges: [
        { medicine: 'Amlodipine 5 mg', change: 'stopped', reason: 'Postural hypotension' },
      ],
      advanceCarePlan: { respect: 'in_place', notes: 'Form at the care home' },
      gpActions: ['Review blood pressure in 2 weeks'],
      informationGiven: 'Falls prevention leaflet given to the patient and the care home.',
    },
    completedBy: { id: 'clin-42', role: 'clinician', name: 'Jo Bloggs' },
    ...overrides,
  };
}

describe('escapeHtml', () => {
  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});

describe('renderDischargeLetterHtml', () => {
  it('has every heading, in order', () => {
    const html = renderDischargeLetterHtml(letter());
    let from = 0;
    for (const { code, title } of DISCHARGE_LETTER_SECTIONS) {
      const at = html.indexOf(`<section id="${code}"><h2>${escapeHtml(title)}</h2>`, from);
      expect(at).toBeGreaterThan(from - 1);
      from = at;
    }
  });

  it('shows every field of the input', () => {
    const input = letter();
    const html = renderDischargeLetterHtml(input);
    for (const value of [
      '9990000018',
      'Ada Lovelace',
      '1938-04-02',
      'ME7 1AA',
      'G82001',
      'Lighthouse Health Centre, Gillingham',
      'Oak House Care Home',
      'Sam Carter',
      'Senior carer',
      'FD-7H3K-Q9MX',
      '2025-12-01 09:00 UTC',
      '2025-12-08 15:30 UTC',
      'Medway Urgent Community Response',
      'ucr, falls',
      'Fall at care home, unable to get up.',
      'Assessed within 2 hours. Physiotherapy for 5 days.',
      'Goals of care met',
      'Amlodipine 5 mg: stopped. Reason: Postural hypotension',
      'A ReSPECT form / advance care plan is in place',
      'Form at the care home',
      'Review blood pressure in 2 weeks',
      'Falls prevention leaflet given',
      'Jo Bloggs (clin-42)',
    ]) {
      expect(html).toContain(value);
    }
  });

  it('escapes everything the user wrote', () => {
    const input = letter();
    input.summary.whatWasDone = '<script>alert("x")</script>';
    input.summary.gpActions = ['<img src=x onerror=alert(1)>'];
    input.patient.familyName = `O'Brien & <b>`;
    const html = renderDischargeLetterHtml(input);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('O&#39;Brien &amp; &lt;b&gt;');
  });

  it('says so when something was not recorded or is empty', () => {
    const input = letter({
      patient: { givenName: 'Ada', familyName: 'Lovelace' },
      practice: { odsCode: null, name: null },
    });
    input.summary.medicinesChanges = [];
    input.summary.gpActions = [];
    const html = renderDischargeLetterHtml(input);
    expect(html).toContain('<tr><th>NHS number</th><td>Not recorded</td></tr>');
    expect(html).toContain('No medication changes');
    expect(html).toContain('No actions for the GP');
  });
});

describe('renderDischargeLetterFhir', () => {
  it('is a document Bundle: the Composition first, then the Patient', () => {
    const bundle = renderDischargeLetterFhir(letter());
    expect(bundle).toMatchObject({
      resourceType: 'Bundle',
      type: 'document',
      timestamp: '2025-12-08T15:30:00.000Z',
      identifier: { value: '33333333-3333-4333-8333-333333333333' },
    });
    expect(bundle.entry?.map((entry) => entry.resource?.resourceType)).toEqual([
      'Composition',
      'Patient',
    ]);
  });

  it('has a final discharge-summary Composition about the Patient, one section per heading', () => {
    const bundle = renderDischargeLetterFhir(letter());
    const composition = bundle.entry?.[0].resource as R4.Composition;
    const patientEntry = bundle.entry?.[1];
    expect(composition.status).toBe('final');
    expect(composition.type.coding?.[0]).toMatchObject({
      system: 'http://snomed.info/sct',
      code: DISCHARGE_SUMMARY_SNOMED,
    });
    expect(composition.subject?.reference).toBe(patientEntry?.fullUrl);
    expect(composition.section?.map((section) => section.title)).toEqual(
      DISCHARGE_LETTER_SECTIONS.map((section) => section.title),
    );
    for (const section of composition.section ?? []) {
      expect(section.text?.div).toMatch(
        /^<div xmlns="http:\/\/www.w3.org\/1999\/xhtml">.+<\/div>$/,
      );
    }
    const actions = composition.section?.find(
      (section) => section.code?.coding?.[0].code === 'gp-actions',
    );
    expect(actions?.text?.div).toContain('Review blood pressure in 2 weeks');
  });

  it('identifies the Patient by NHS number and names the practice by ODS code', () => {
    const patient = renderDischargeLetterFhir(letter()).entry?.[1].resource as R4.Patient;
    expect(patient).toMatchObject({
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000018' }],
      name: [{ family: 'Lovelace', given: ['Ada'] }],
      gender: 'female',
      birthDate: '1938-04-02',
      generalPractitioner: [
        { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'G82001' } },
      ],
    });
  });

  it('leaves out what is unknown rather than sending empty values', () => {
    const patient = renderDischargeLetterFhir(
      letter({
        patient: { givenName: 'Ada', familyName: 'Lovelace' },
        practice: { odsCode: null, name: null },
      }),
    ).entry?.[1].resource as R4.Patient;
    expect(patient.identifier).toBeUndefined();
    expect(patient.generalPractitioner).toBeUndefined();
    expect(patient.birthDate).toBeUndefined();
  });

  it('escapes the narrative too', () => {
    const input = letter();
    input.summary.informationGiven = '</div><script>x</script>';
    const composition = renderDischargeLetterFhir(input).entry?.[0].resource as R4.Composition;
    const given = composition.section?.find(
      (section) => section.code?.coding?.[0].code === 'information-given',
    );
    expect(given?.text?.div).toContain('&lt;/div&gt;&lt;script&gt;');
  });
});

describe('gpEndpointProblem', () => {
  it('accepts https, and loopback http only outside production', () => {
    expect(
      gpEndpointProblem('https://practice-G82001.invalid/front-door/discharge', false),
    ).toBeNull();
    expect(gpEndpointProblem('http://127.0.0.1:4000/gp', true)).toBeNull();
    expect(gpEndpointProblem('http://localhost/gp', true)).toBeNull();
    expect(gpEndpointProblem('http://127.0.0.1:4000/gp', false)).toMatch(/https/);
    expect(gpEndpointProblem('http://gp.example/x', true)).toMatch(/https/);
    expect(gpEndpointProblem('ftp://x', true)).toMatch(/https/);
    expect(gpEndpointProblem('not a url', true)).toBe('is not a URL');
    expect(gpEndpointProblem('https://user:pw@x.invalid/', true)).toMatch(/credentials/);
  });
});
