import type * as R4 from 'fhir/r4';
import type { Pathway } from './codes';

/**
 * The discharge letter back to general practice (domain brief §8): the summary a team writes
 * when it discharges a referral, and the two forms the letter takes — HTML for people, and a
 * FHIR R4 document Bundle (Composition first, then the Patient) for the practice's system.
 * Pure: the caller supplies every id and time, so the same input renders the same letter.
 */

/** Why the episode ended (the `outcome` of the `discharge` action). */
export const DISCHARGE_OUTCOMES = [
  'goals_met',
  'stepped_down_to_gp',
  'admitted_to_hospital',
  'transferred',
  'declined_further_care',
  'died',
] as const;
export type DischargeOutcome = (typeof DISCHARGE_OUTCOMES)[number];

export const DISCHARGE_OUTCOME_TEXT: Readonly<Record<DischargeOutcome, string>> = Object.freeze({
  goals_met: 'Goals of care met; discharged to usual care',
  stepped_down_to_gp: 'Stepped down to the care of the general practice',
  admitted_to_hospital: 'Admitted to hospital',
  transferred: 'Transferred to another service',
  declined_further_care: 'Declined further care from this service',
  died: 'Died during the episode',
});

export const MEDICINE_CHANGES = ['started', 'stopped', 'changed', 'continued'] as const;
export type MedicineChangeKind = (typeof MEDICINE_CHANGES)[number];

/** ReSPECT / advance care plan status at discharge. */
export const RESPECT_STATUSES = ['in_place', 'discussed', 'declined', 'not_applicable'] as const;
export type RespectStatus = (typeof RESPECT_STATUSES)[number];

const RESPECT_TEXT: Readonly<Record<RespectStatus, string>> = {
  in_place: 'A ReSPECT form / advance care plan is in place',
  discussed: 'ReSPECT / advance care planning discussed; no form completed yet',
  declined: 'The patient declined a ReSPECT / advance care planning conversation',
  not_applicable: 'Not applicable for this episode',
};

export interface MedicineChange {
  medicine: string;
  change: MedicineChangeKind;
  reason: string;
}

/** The structured summary as stored (`discharges.summary`). */
export interface DischargeSummary {
  reasonForReferral: string;
  pathways: Pathway[];
  whatWasDone: string;
  medicinesChanges: MedicineChange[];
  advanceCarePlan: { respect: RespectStatus; notes?: string };
  /** Actions requested of the GP; may be empty. */
  gpActions: string[];
  informationGiven: string;
}

/** Everything the letter shows; the caller reads it from the referral, team and practice. */
export interface DischargeLetterInput {
  /** Ids for the document: the discharge id names the letter and its Composition. */
  ids: { discharge: string; patient: string; bundle: string };
  referral: { id: string; reference: string; receivedAt: Date };
  patient: {
    nhsNumber?: string | null;
    givenName?: string | null;
    familyName?: string | null;
    dateOfBirth?: string | null;
    sex?: string | null;
    postcode?: string | null;
  };
  practice: { odsCode: string | null; name: string | null };
  referrer: {
    type: string;
    organisationName?: string | null;
    organisationOdsCode?: string | null;
    name?: string | null;
    role?: string | null;
  };
  episode: { start: Date; end: Date; teamCode: string | null; teamName: string | null };
  outcome: DischargeOutcome;
  summary: DischargeSummary;
  /** The person completing the letter (the discharging clinician). */
  completedBy: { id: string; role: string; name?: string | null };
}

/** The letter's headings, in order (PRSB eDischarge-style; see docs/discharge.md). */
export const DISCHARGE_LETTER_SECTIONS = [
  { code: 'patient', title: 'Patient' },
  { code: 'gp-practice', title: 'GP practice' },
  { code: 'referrer', title: 'Referrer' },
  { code: 'episode', title: 'Episode details' },
  { code: 'reason-for-referral', title: 'Reason for referral' },
  { code: 'what-was-done', title: 'What was done and outcome' },
  { code: 'medication-changes', title: 'Medication changes' },
  { code: 'advance-care-plan', title: 'ReSPECT and advance care plan' },
  { code: 'gp-actions', title: 'Actions for the GP' },
  { code: 'information-given', title: 'Information given to the patient and carer' },
  { code: 'person-completing', title: 'Person completing' },
] as const;
export type DischargeLetterSectionCode = (typeof DISCHARGE_LETTER_SECTIONS)[number]['code'];

export const DISCHARGE_SUMMARY_SNOMED = '373942005';
export const DISCHARGE_SECTION_SYSTEM =
  'https://frontdoor.nhs.uk/fhir/CodeSystem/discharge-letter-section';
export const DISCHARGE_LETTER_ID_SYSTEM = 'https://frontdoor.nhs.uk/fhir/Id/discharge-letter';
const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
const REFERENCE_SYSTEM = 'https://frontdoor.nhs.uk/fhir/Id/referral-reference';
const XHTML = 'http://www.w3.org/1999/xhtml';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const NOT_RECORDED = 'Not recorded';
const text = (value: string | null | undefined): string =>
  value === null || value === undefined || value.trim() === '' ? NOT_RECORDED : value;
const human = (code: string): string => code.replace(/_/g, ' ');
const day = (date: Date): string => date.toISOString().slice(0, 10);
const when = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** One heading's content: label/value rows, paragraphs or a list. */
type Block =
  | { kind: 'rows'; rows: [string, string][] }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[]; empty: string };

function nameOf(patient: DischargeLetterInput['patient']): string {
  const parts = [patient.givenName, patient.familyName].filter(
    (part): part is string => typeof part === 'string' && part.trim() !== '',
  );
  return parts.length ? parts.join(' ') : NOT_RECORDED;
}

function person(completedBy: DischargeLetterInput['completedBy']): string {
  return completedBy.name ? `${completedBy.name} (${completedBy.id})` : completedBy.id;
}

/** The content under each heading, shared by the HTML and the Composition narrative. */
function blocks(input: DischargeLetterInput): Record<DischargeLetterSectionCode, Block[]> {
  const { patient, practice, referrer, episode, summary } = input;
  return {
    patient: [
      {
        kind: 'rows',
        rows: [
          ['Name', nameOf(patient)],
          ['NHS number', text(patient.nhsNumber)],
          ['Date of birth', text(patient.dateOfBirth)],
          ['Sex', text(patient.sex)],
          ['Postcode', text(patient.postcode)],
        ],
      },
    ],
    'gp-practice': [
      {
        kind: 'rows',
        rows: [
          ['Practice', text(practice.name)],
          ['ODS code', text(practice.odsCode)],
        ],
      },
    ],
    referrer: [
      {
        kind: 'rows',
        rows: [
          ['Source of referral', human(referrer.type)],
          ['Organisation', text(referrer.organisationName)],
          ['Organisation ODS code', text(referrer.organisationOdsCode)],
          ['Referrer', text(referrer.name)],
          ['Role', text(referrer.role)],
        ],
      },
    ],
    episode: [
      {
        kind: 'rows',
        rows: [
          ['Referral reference', input.referral.reference],
          ['Episode start', when(episode.start)],
          ['Episode end (discharge)', when(episode.end)],
          ['Service / team', text(episode.teamName ?? episode.teamCode)],
          ['Pathways', summary.pathways.map(human).join(', ') || NOT_RECORDED],
          ['Discharging clinician', person(input.completedBy)],
        ],
      },
    ],
    'reason-for-referral': [{ kind: 'paragraph', text: summary.reasonForReferral }],
    'what-was-done': [
      { kind: 'paragraph', text: summary.whatWasDone },
      { kind: 'rows', rows: [['Outcome', DISCHARGE_OUTCOME_TEXT[input.outcome]]] },
    ],
    'medication-changes': [
      {
        kind: 'list',
        items: summary.medicinesChanges.map(
          (change) => `${change.medicine}: ${change.change}. Reason: ${change.reason}`,
        ),
        empty: 'No medication changes',
      },
    ],
    'advance-care-plan': [
      {
        kind: 'rows',
        rows: [
          ['ReSPECT / advance care plan', RESPECT_TEXT[summary.advanceCarePlan.respect]],
          ...(summary.advanceCarePlan.notes
            ? ([['Notes', summary.advanceCarePlan.notes]] as [string, string][])
            : []),
        ],
      },
    ],
    'gp-actions': [{ kind: 'list', items: summary.gpActions, empty: 'No actions for the GP' }],
    'information-given': [{ kind: 'paragraph', text: summary.informationGiven }],
    'person-completing': [
      {
        kind: 'rows',
        rows: [
          ['Name', person(input.completedBy)],
          ['Role', human(input.completedBy.role)],
          ['Completed', when(episode.end)],
        ],
      },
    ],
  };
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'rows':
      return `<table>${block.rows
        .map(
          ([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'paragraph':
      return block.text
        .split(/\n{2,}/)
        .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br/>')}</p>`)
        .join('');
    case 'list':
      return block.items.length
        ? `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
        : `<p>${escapeHtml(block.empty)}</p>`;
  }
}

const TITLE = 'Discharge summary';

/** The letter as a standalone HTML page; every value is escaped. */
export function renderDischargeLetterHtml(input: DischargeLetterInput): string {
  const content = blocks(input);
  const sections = DISCHARGE_LETTER_SECTIONS.map(
    ({ code, title }) =>
      `<section id="${code}"><h2>${escapeHtml(title)}</h2>${content[code].map(blockHtml).join('')}</section>`,
  ).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head><meta charset="utf-8"/>',
    `<title>${TITLE} ${escapeHtml(input.referral.reference)}</title>`,
    '<style>body{font-family:Arial,sans-serif;max-width:48rem;margin:2rem auto}th{text-align:left;padding-right:1rem;vertical-align:top}</style>',
    '</head>',
    '<body>',
    `<h1>${TITLE}: community services to general practice</h1>`,
    `<p>Referral ${escapeHtml(input.referral.reference)}, discharged ${escapeHtml(day(input.episode.end))}</p>`,
    sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function narrative(blocksOf: Block[]): R4.Narrative {
  return {
    status: 'generated',
    div: `<div xmlns="${XHTML}">${blocksOf.map(blockHtml).join('')}</div>`,
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const SEXES: Readonly<Record<string, R4.Patient['gender']>> = {
  female: 'female',
  male: 'male',
  other: 'other',
  unknown: 'unknown',
};

function patientResource(input: DischargeLetterInput): R4.Patient {
  const { patient, practice } = input;
  const given = patient.givenName?.trim();
  const family = patient.familyName?.trim();
  const gender = patient.sex ? SEXES[patient.sex] : undefined;
  return {
    resourceType: 'Patient',
    id: input.ids.patient,
    ...(patient.nhsNumber && {
      identifier: [{ system: NHS_NUMBER_SYSTEM, value: patient.nhsNumber }],
    }),
    ...((given || family) && {
      name: [{ use: 'official', ...(family && { family }), ...(given && { given: [given] }) }],
    }),
    ...(gender && { gender }),
    ...(patient.dateOfBirth &&
      ISO_DATE.test(patient.dateOfBirth) && { birthDate: patient.dateOfBirth }),
    ...(patient.postcode && { address: [{ postalCode: patient.postcode }] }),
    ...(practice.odsCode && {
      generalPractitioner: [
        {
          identifier: { system: ODS_SYSTEM, value: practice.odsCode },
          ...(practice.name && { display: practice.name }),
        },
      ],
    }),
  };
}

/**
 * The letter as a FHIR R4 document Bundle: the Composition (status final, type SNOMED
 * 373942005 |Discharge summary|, one section per heading) first, then the Patient.
 */
export function renderDischargeLetterFhir(input: DischargeLetterInput): R4.Bundle {
  const content = blocks(input);
  const patientUrl = `urn:uuid:${input.ids.patient}`;
  const compositionUrl = `urn:uuid:${input.ids.discharge}`;
  const composition: R4.Composition = {
    resourceType: 'Composition',
    id: input.ids.discharge,
    identifier: { system: DISCHARGE_LETTER_ID_SYSTEM, value: input.ids.discharge },
    status: 'final',
    type: {
      coding: [
        {
          system: 'http://snomed.info/sct',
          code: DISCHARGE_SUMMARY_SNOMED,
          display: 'Discharge summary',
        },
      ],
    },
    subject: { reference: patientUrl },
    date: input.episode.end.toISOString(),
    author: [
      {
        identifier: {
          system: 'https://frontdoor.nhs.uk/fhir/Id/user',
          value: input.completedBy.id,
        },
        display: person(input.completedBy),
      },
    ],
    title: TITLE,
    event: [
      {
        period: { start: input.episode.start.toISOString(), end: input.episode.end.toISOString() },
      },
    ],
    section: DISCHARGE_LETTER_SECTIONS.map(({ code, title }) => ({
      title,
      code: { coding: [{ system: DISCHARGE_SECTION_SYSTEM, code, display: title }] },
      text: narrative(content[code]),
    })),
    extension: [
      {
        url: 'https://frontdoor.nhs.uk/fhir/StructureDefinition/referral-reference',
        valueIdentifier: { system: REFERENCE_SYSTEM, value: input.referral.reference },
      },
    ],
  };
  return {
    resourceType: 'Bundle',
    id: input.ids.bundle,
    identifier: { system: DISCHARGE_LETTER_ID_SYSTEM, value: input.ids.bundle },
    type: 'document',
    timestamp: input.episode.end.toISOString(),
    entry: [
      { fullUrl: compositionUrl, resource: composition },
      { fullUrl: patientUrl, resource: patientResource(input) },
    ],
  };
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why a practice's discharge endpoint may not be used, or null when it may: it must be an
 * https:// URL; plain http:// only to this machine (localhost, 127.0.0.1) and only when
 * `allowLoopbackHttp` (NODE_ENV is not production), for local stand-ins and tests.
 */
export function gpEndpointProblem(url: string, allowLoopbackHttp: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.username || parsed.password) return 'must not carry credentials';
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) {
    return allowLoopbackHttp ? null : 'must be https:// in production';
  }
  return 'must be an https:// URL (http:// only to localhost or 127.0.0.1 outside production)';
}
