import type { ReferralSubmission } from '@frontdoor/domain';
import type { FieldError } from '../http/validation';
import { validateSubmission } from '../referrals/validate-submission';
import {
  EXTENSION,
  FALL_DETAILS,
  LOINC,
  OBSERVATION_TYPE,
  referrerTypeOfUseCase,
  SNOMED_PRESENTING_NEEDS,
  SNOMED_SCORE,
  SYSTEM,
} from './code-systems';
import { outcomeIssue, type IssueCode, type OutcomeIssue } from './operation-outcome';
import { isObject, isResource, type Json, type Resolve } from './resources';

/**
 * ServiceRequest (+ the resources it references) → the contract's submission shape. Pure: no
 * I/O, no clock. The result is checked by `validateSubmission`, the JSON door's own rules;
 * docs/fhir.md is the profile this implements, element by element.
 */

export type MappingResult =
  | {
      ok: true;
      /** The contract's POST /api/v1/referrals body, not yet validated. */
      submission: unknown;
      /** Contract field → the FHIR element it was read from (for error messages). */
      sources: Readonly<Record<string, string>>;
    }
  | { ok: false; issues: OutcomeIssue[] };

export type SubmissionResult =
  { ok: true; submission: ReferralSubmission } | { ok: false; issues: OutcomeIssue[] };

/** Maps a ServiceRequest; `ok: false` only for what stops it being read (not for validation). */
export function serviceRequestToSubmission(
  serviceRequest: unknown,
  resolve: Resolve,
  siblings: readonly unknown[] = [],
): MappingResult {
  const mapped = mapServiceRequest(serviceRequest, resolve, siblings);
  return mapped.issues.length
    ? { ok: false, issues: mapped.issues }
    : { ok: true, submission: mapped.submission, sources: mapped.sources };
}

/**
 * Maps, then validates with the JSON door's rules, and answers every problem at once: mapping
 * issues first, then each validation error as an issue naming the FHIR element it came from.
 */
export function toReferralSubmission(
  serviceRequest: unknown,
  resolve: Resolve,
  siblings: readonly unknown[] = [],
): SubmissionResult {
  const mapped = mapServiceRequest(serviceRequest, resolve, siblings);
  if (mapped.fatal) return { ok: false, issues: mapped.issues };
  const check = validateSubmission(mapped.submission);
  if (check.ok && !mapped.issues.length) return { ok: true, submission: check.submission };

  const covered = mapped.issues.flatMap((issue) => issue.diagnostics ?? []);
  const isCovered = (field: string) =>
    covered.some((done) => field === done || field.startsWith(`${done}.`));
  const issues = [...mapped.issues];
  for (const error of check.ok ? [] : check.errors) {
    if (isCovered(error.field)) continue;
    const issue = validationIssue(error, mapped.submission, mapped.sources);
    // One `required` issue per field, however many of its rules failed.
    if (issue.code === 'required') covered.push(error.field);
    issues.push(issue);
  }
  return { ok: false, issues };
}

// ---------------------------------------------------------------------------------------------
// Validation errors → issues

/** Where to look, and what to send, when a required contract field is missing. */
const REQUIRED: Readonly<Record<string, { expression: string; message: string }>> = {
  'referrer.type': {
    expression: 'ServiceRequest.category',
    message: `referrer.type is required: add a coding from ${SYSTEM.referrerType} (e.g. care_home, gp, ambulance) to ServiceRequest.category`,
  },
  'patient.givenName': {
    expression: 'Patient.name.given',
    message: `patient.givenName is required when there is no NHS number (Patient.identifier with system ${SYSTEM.nhsNumber})`,
  },
  'patient.familyName': {
    expression: 'Patient.name.family',
    message: `patient.familyName is required when there is no NHS number (Patient.identifier with system ${SYSTEM.nhsNumber})`,
  },
  'patient.dateOfBirth': {
    expression: 'Patient.birthDate',
    message: `patient.dateOfBirth is required when there is no NHS number (Patient.identifier with system ${SYSTEM.nhsNumber})`,
  },
  'clinical.summary': {
    expression: 'ServiceRequest.note',
    message:
      'clinical.summary is required: say what has happened in ServiceRequest.note.text (or ServiceRequest.reasonCode.text)',
  },
  'clinical.presentingNeeds': {
    expression: 'ServiceRequest.reasonCode',
    message: `clinical.presentingNeeds needs at least one need: code ServiceRequest.reasonCode with ${SYSTEM.presentingNeed} (or a mapped SNOMED CT finding)`,
  },
  consent: {
    expression: 'ServiceRequest.supportingInfo',
    message: `consent is required: reference a Consent from ServiceRequest.supportingInfo whose category has a coding in ${SYSTEM.consent} (patient_consented, best_interests or emergency_no_consent_needed), or add the extension ${EXTENSION.consent} to the ServiceRequest`,
  },
};

/** The nearest FHIR element we know for a contract field that was sent but not mapped exactly. */
const DEFAULT_SOURCES: Readonly<Record<string, string>> = {
  referrer: 'ServiceRequest.requester',
  patient: 'Patient',
  clinical: 'ServiceRequest',
  consent: 'ServiceRequest.supportingInfo',
};

function validationIssue(
  error: FieldError,
  submission: Json,
  sources: Readonly<Record<string, string>>,
): OutcomeIssue {
  const required = REQUIRED[error.field];
  if (required && isMissing(valueAt(submission, error.field))) {
    return outcomeIssue('required', required.message, required.expression, error.field);
  }
  return outcomeIssue(
    isMissing(valueAt(submission, error.field)) ? 'required' : 'value',
    `${error.field} ${error.message}`,
    sourceOf(error.field, sources),
    error.field,
  );
}

function sourceOf(field: string, sources: Readonly<Record<string, string>>): string {
  for (let path = field; path; path = path.slice(0, Math.max(path.lastIndexOf('.'), 0))) {
    const found = sources[path] ?? DEFAULT_SOURCES[path];
    if (found) return found;
  }
  return 'ServiceRequest';
}

function valueAt(root: Json, field: string): unknown {
  let value: unknown = root;
  for (const key of field.split('.')) value = isObject(value) ? value[key] : undefined;
  return value;
}

function isMissing(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

// ---------------------------------------------------------------------------------------------
// Mapping

interface Mapped {
  submission: Json;
  sources: Record<string, string>;
  issues: OutcomeIssue[];
  /** Not a ServiceRequest at all: nothing else is worth saying. */
  fatal: boolean;
}

interface At<T> {
  item: T;
  expression: string;
}

interface Supporting {
  resource: Json;
  expression: string;
}

/** Collects issues and sources while reading; every reader tolerates wrong JSON types. */
class Reading {
  readonly issues: OutcomeIssue[] = [];
  readonly sources: Record<string, string> = {};

  constructor(private readonly resolveReference: Resolve) {}

  issue(code: IssueCode, expression: string, message: string, field?: string): void {
    this.issues.push(outcomeIssue(code, `${expression} ${message}`, expression, field));
  }

  source(field: string, expression: string): void {
    this.sources[field] ??= expression;
  }

  /** A list element: absent is empty; anything but a list of objects is an issue. */
  objects(value: unknown, expression: string): At<Json>[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.issue('invalid', expression, 'must be a JSON array');
      return [];
    }
    return value.flatMap((item, index) => {
      if (isObject(item)) return [{ item, expression: `${expression}[${index}]` }];
      this.issue('invalid', `${expression}[${index}]`, 'must be a JSON object');
      return [];
    });
  }

  object(value: unknown, expression: string): Json | undefined {
    if (value === undefined || value === null) return undefined;
    if (isObject(value)) return value;
    this.issue('invalid', expression, 'must be a JSON object');
    return undefined;
  }

  strings(value: unknown, expression: string): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      this.issue('invalid', expression, 'must be a JSON array of strings');
      return [];
    }
    return value as string[];
  }

  /** The codings of a CodeableConcept, each with its path. */
  codings(concept: At<Json> | undefined): At<Json>[] {
    return concept ? this.objects(concept.item.coding, `${concept.expression}.coding`) : [];
  }

  /** The codings of a list of CodeableConcepts. */
  codingsOfAll(concepts: At<Json>[]): At<Json>[] {
    return concepts.flatMap((concept) => this.codings(concept));
  }

  /**
   * Follows a Reference. Undefined (with an issue) when it cannot be followed, unless it is
   * a logical reference (an `identifier` and no `reference`), which the caller reads itself.
   */
  follow(value: unknown, expression: string): Json | undefined {
    const reference = this.object(value, expression);
    if (!reference) return undefined;
    if (reference.reference === undefined) return undefined;
    if (typeof reference.reference !== 'string') {
      this.issue('invalid', `${expression}.reference`, 'must be a string');
      return undefined;
    }
    const found = this.resolveReference(reference.reference);
    if (found) return found;
    if (isObject(reference.identifier)) return undefined;
    this.issue(
      'not-found',
      `${expression}.reference`,
      'does not resolve: contain the resource (reference "#id") or, in a message, include it as a Bundle entry',
    );
    return undefined;
  }

  /** FHIR requires a receiver to reject what it does not understand. */
  noModifiers(resource: Json, resourceType: string): void {
    if (Array.isArray(resource.modifierExtension) && resource.modifierExtension.length) {
      this.issue(
        'not-supported',
        `${resourceType}.modifierExtension`,
        'is not understood here, so the resource cannot be accepted',
      );
    }
  }
}

function mapServiceRequest(
  input: unknown,
  resolve: Resolve,
  siblingsInput: readonly unknown[],
): Mapped {
  const reading = new Reading(resolve);
  if (!isResource(input, 'ServiceRequest')) {
    reading.issue('invalid', 'ServiceRequest', 'must be a ServiceRequest resource');
    return { submission: {}, sources: {}, issues: reading.issues, fatal: true };
  }
  const serviceRequest = input;
  reading.noModifiers(serviceRequest, 'ServiceRequest');
  if (serviceRequest.status !== undefined && serviceRequest.status !== 'active') {
    reading.issue('value', 'ServiceRequest.status', 'must be active for a new referral');
  }
  if (serviceRequest.doNotPerform === true) {
    reading.issue(
      'not-supported',
      'ServiceRequest.doNotPerform',
      'is not supported for a referral',
    );
  }

  const supporting = reading
    .objects(serviceRequest.supportingInfo, 'ServiceRequest.supportingInfo')
    .flatMap(({ item, expression }): Supporting[] => {
      const resource = reading.follow(item, expression);
      return resource ? [{ resource, expression }] : [];
    });
  const siblings = siblingsInput.filter((sibling) => isResource(sibling));

  const patient = mapPatient(reading, serviceRequest, supporting, siblings);
  const submission: Json = compact({
    referrer: mapReferrer(reading, serviceRequest),
    patient,
    clinical: mapClinical(reading, serviceRequest, supporting, siblings),
    consent: mapConsent(reading, serviceRequest, supporting, siblings),
  });
  return { submission, sources: reading.sources, issues: reading.issues, fatal: false };
}

// --- Patient ---------------------------------------------------------------------------------

function mapPatient(
  reading: Reading,
  serviceRequest: Json,
  supporting: Supporting[],
  siblings: Json[],
): Json | undefined {
  if (serviceRequest.subject === undefined) {
    reading.issues.push(
      outcomeIssue(
        'required',
        'ServiceRequest.subject is required: reference the Patient (contained, "#id", or a Bundle entry)',
        'ServiceRequest.subject',
        'patient',
      ),
    );
    return undefined;
  }
  const before = reading.issues.length;
  const patient = reading.follow(serviceRequest.subject, 'ServiceRequest.subject');
  if (!isResource(patient, 'Patient')) {
    const raised = reading.issues.slice(before);
    for (const issue of raised) issue.diagnostics ??= 'patient';
    if (!raised.length) {
      reading.issues.push(
        outcomeIssue(
          'invalid',
          'ServiceRequest.subject must reference a Patient resource contained in the ServiceRequest ("#id") or included in the Bundle',
          'ServiceRequest.subject',
          'patient',
        ),
      );
    }
    return undefined;
  }
  reading.noModifiers(patient, 'Patient');
  const mapped: Record<string, unknown> = {};

  const identifiers = reading.objects(patient.identifier, 'Patient.identifier');
  const nhs = identifiers.find(({ item }) => item.system === SYSTEM.nhsNumber);
  if (nhs && nhs.item.value !== undefined) {
    mapped.nhsNumber = nhs.item.value;
    reading.source('patient.nhsNumber', `${nhs.expression}.value`);
  }

  const names = reading.objects(patient.name, 'Patient.name');
  const name =
    names.find(({ item }) => item.use === 'official') ??
    names.find(({ item }) => item.use !== 'old' && item.use !== 'maiden') ??
    names[0];
  if (name) {
    const given = reading.strings(name.item.given, `${name.expression}.given`);
    if (given.length) {
      mapped.givenName = given.join(' ');
      reading.source('patient.givenName', `${name.expression}.given`);
    }
    if (name.item.family !== undefined) {
      mapped.familyName = name.item.family;
      reading.source('patient.familyName', `${name.expression}.family`);
    }
  }

  if (patient.birthDate !== undefined) {
    mapped.dateOfBirth = patient.birthDate;
    reading.source('patient.dateOfBirth', 'Patient.birthDate');
  }
  if (patient.gender !== undefined) {
    mapped.sex = patient.gender;
    reading.source('patient.sex', 'Patient.gender');
  }

  const addresses = reading.objects(patient.address, 'Patient.address');
  const address =
    addresses.find(({ item }) => item.use === 'home') ??
    addresses.find(({ item }) => item.use !== 'old') ??
    addresses[0];
  if (address && address.item.postalCode !== undefined) {
    mapped.postcode = address.item.postalCode;
    reading.source('patient.postcode', `${address.expression}.postalCode`);
  }

  for (const gp of reading.objects(patient.generalPractitioner, 'Patient.generalPractitioner')) {
    const organisation = reading.follow(gp.item, gp.expression);
    const ods = isResource(organisation, 'Organization')
      ? odsCodeIn(reading, organisation.identifier, 'Organization.identifier')
      : isResource(organisation)
        ? undefined
        : odsCodeOf(gp.item.identifier, `${gp.expression}.identifier`);
    if (ods) {
      mapped.gpPracticeOdsCode = ods.value;
      reading.source('patient.gpPracticeOdsCode', ods.expression);
      break;
    }
  }

  const phone = phoneOf(reading, patient.telecom, 'Patient.telecom', ['home', 'mobile']);
  if (phone) {
    mapped.phone = phone.value;
    reading.source('patient.phone', phone.expression);
  }

  const careHome = extensionOf(reading, patient, 'Patient', EXTENSION.livesInCareHome);
  if (careHome && careHome.item.valueBoolean !== undefined) {
    mapped.livesInCareHome = careHome.item.valueBoolean;
    reading.source('patient.livesInCareHome', `${careHome.expression}.valueBoolean`);
  }

  const adjustments = flagsOf(reading, supporting, siblings, 'RA').flatMap(({ item }) => {
    const text = conceptText(item.code);
    return text ? [text] : [];
  });
  if (adjustments.length) {
    mapped.communicationNeeds = adjustments.join('; ');
    reading.source('patient.communicationNeeds', 'Flag.code.text');
  }
  return mapped;
}

// --- Referrer --------------------------------------------------------------------------------

function mapReferrer(reading: Reading, serviceRequest: Json): Json {
  const referrer: Record<string, unknown> = {};
  const categories = reading.objects(serviceRequest.category, 'ServiceRequest.category');
  const codings = reading.codingsOfAll(categories);
  const typed = codings.find(({ item }) => item.system === SYSTEM.referrerType);
  if (typed) {
    referrer.type = typed.item.code;
    reading.source('referrer.type', `${typed.expression}.code`);
  } else {
    for (const { item, expression } of codings) {
      const type =
        item.system === SYSTEM.barsUseCase && typeof item.code === 'string'
          ? referrerTypeOfUseCase(item.code)
          : undefined;
      if (type) {
        referrer.type = type;
        reading.source('referrer.type', `${expression}.code`);
        break;
      }
    }
  }

  if (serviceRequest.requester === undefined) return referrer;
  const requester = reading.follow(serviceRequest.requester, 'ServiceRequest.requester');
  const organisation: Record<string, unknown> = {};
  const readOrganisation = (resource: Json | undefined, reference: unknown, at: string) => {
    if (isResource(resource, 'Organization')) {
      if (resource.name !== undefined) {
        organisation.name = resource.name;
        reading.source('referrer.organisation.name', 'Organization.name');
      }
      const ods = odsCodeIn(reading, resource.identifier, 'Organization.identifier');
      if (ods) {
        organisation.odsCode = ods.value;
        reading.source('referrer.organisation.odsCode', ods.expression);
      }
    } else if (!resource && isObject(reference)) {
      // A logical reference: { identifier: ODS code, display: name }.
      const ods = odsCodeOf(reference.identifier, `${at}.identifier`);
      if (ods) {
        organisation.odsCode = ods.value;
        reading.source('referrer.organisation.odsCode', ods.expression);
        if (typeof reference.display === 'string') organisation.name = reference.display;
      }
    }
  };
  const readPerson = (person: Json | undefined, type: string) => {
    if (!person) return;
    const name = humanNameText(reading, person.name, `${type}.name`);
    if (name && referrer.name === undefined) {
      referrer.name = name;
      reading.source('referrer.name', `${type}.name`);
    }
    const phone = phoneOf(reading, person.telecom, `${type}.telecom`, ['work', 'mobile']);
    if (phone && referrer.phone === undefined) {
      referrer.phone = phone.value;
      reading.source('referrer.phone', phone.expression);
    }
  };

  switch (requester?.resourceType) {
    case undefined:
      readOrganisation(undefined, serviceRequest.requester, 'ServiceRequest.requester');
      break;
    case 'Organization':
      readOrganisation(requester, undefined, 'ServiceRequest.requester');
      break;
    case 'PractitionerRole': {
      const role = conceptText(reading.objects(requester.code, 'PractitionerRole.code')[0]?.item);
      if (role) {
        referrer.role = role;
        reading.source('referrer.role', 'PractitionerRole.code');
      }
      readPerson(requester, 'PractitionerRole');
      readPerson(
        reading.follow(requester.practitioner, 'PractitionerRole.practitioner'),
        'Practitioner',
      );
      readOrganisation(
        reading.follow(requester.organization, 'PractitionerRole.organization'),
        requester.organization,
        'PractitionerRole.organization',
      );
      break;
    }
    case 'Practitioner':
      readPerson(requester, 'Practitioner');
      break;
    case 'RelatedPerson': {
      readPerson(requester, 'RelatedPerson');
      const relationship = conceptText(
        reading.objects(requester.relationship, 'RelatedPerson.relationship')[0]?.item,
      );
      if (relationship) {
        referrer.role = relationship;
        reading.source('referrer.role', 'RelatedPerson.relationship');
      }
      break;
    }
    case 'Patient':
      break; // a self-referral: the patient is already mapped
    default:
      reading.issue(
        'invalid',
        'ServiceRequest.requester',
        'must reference an Organization, PractitionerRole, Practitioner, RelatedPerson or Patient',
        'referrer',
      );
  }
  if (Object.keys(organisation).length) referrer.organisation = organisation;
  return referrer;
}

// --- Clinical --------------------------------------------------------------------------------

type Vital = 'respiratoryRate' | 'spo2' | 'spo2Scale' | 'systolicBp' | 'pulse' | 'temperature';
type Score = 'news2Stated' | 'clinicalFrailtyScale';

interface Found {
  value: unknown;
  expression: string;
  at: number;
}

function mapClinical(
  reading: Reading,
  serviceRequest: Json,
  supporting: Supporting[],
  siblings: Json[],
): Json {
  const clinical: Record<string, unknown> = {};

  // Summary: the notes, else the first reason's text.
  const notes = reading
    .objects(serviceRequest.note, 'ServiceRequest.note')
    .flatMap(({ item }) => (typeof item.text === 'string' && item.text.trim() ? [item.text] : []));
  const reasons = reading.objects(serviceRequest.reasonCode, 'ServiceRequest.reasonCode');
  if (notes.length) {
    clinical.summary = notes.join('\n');
    reading.source('clinical.summary', 'ServiceRequest.note.text');
  } else if (reasons[0]?.item.text !== undefined) {
    clinical.summary = reasons[0].item.text;
    reading.source('clinical.summary', `${reasons[0].expression}.text`);
  }

  // Presenting needs: Front Door codes as sent (validation judges them), mapped SNOMED CT.
  const needs: unknown[] = [];
  for (const { item } of reading.codingsOfAll(reasons)) {
    const need =
      item.system === SYSTEM.presentingNeed
        ? item.code
        : item.system === SYSTEM.snomed && typeof item.code === 'string'
          ? SNOMED_PRESENTING_NEEDS[item.code]
          : undefined;
    if (need !== undefined && !needs.includes(need)) needs.push(need);
  }
  clinical.presentingNeeds = needs;
  reading.source('clinical.presentingNeeds', 'ServiceRequest.reasonCode.coding');

  // Observations: the latest of each kind wins.
  const vitals = new Map<Vital, Found>();
  const scores = new Map<Score, Found>();
  const keep = <K>(into: Map<K, Found>, key: K, found: Found | undefined) => {
    if (!found || found.value === undefined) return;
    const held = into.get(key);
    if (!held || found.at > held.at) into.set(key, found);
  };
  const softSigns: unknown[] = [];
  const redFlags: unknown[] = [];
  const fall: Record<string, unknown> = {};
  let consciousness: Found | undefined;
  let onOxygen: Found | undefined;
  const knownConditions: unknown[] = [];
  const addOnce = (list: unknown[], code: unknown) => {
    if (code !== undefined && !list.includes(code)) list.push(code);
  };

  for (const { resource } of supporting) {
    if (resource.resourceType === 'Observation') {
      if (resource.status === 'entered-in-error' || resource.status === 'cancelled') continue;
      reading.noModifiers(resource, 'Observation');
      const at = effectiveTime(resource);
      const codings = isObject(resource.code)
        ? reading.codings({ item: resource.code, expression: 'Observation.code' })
        : [];
      for (const { item } of codings) {
        const { system, code } = item;
        if (system === SYSTEM.loinc) {
          if (code === LOINC.respiratoryRate)
            keep(vitals, 'respiratoryRate', numberOf(resource, at));
          if (LOINC.spo2.some((spo2) => spo2 === code))
            keep(vitals, 'spo2', numberOf(resource, at));
          if (code === LOINC.systolicBp) keep(vitals, 'systolicBp', numberOf(resource, at));
          if (code === LOINC.pulse) keep(vitals, 'pulse', numberOf(resource, at));
          if (code === LOINC.temperature) {
            keep(vitals, 'temperature', numberOf(resource, at));
            const unit = isObject(resource.valueQuantity) ? resource.valueQuantity.code : undefined;
            if (unit !== undefined && unit !== 'Cel') {
              reading.issue(
                'value',
                'Observation.valueQuantity.code',
                'must be Cel (degrees Celsius) for body temperature',
                'clinical.observations.temperature',
              );
            }
          }
          if (code === LOINC.bloodPressurePanel) {
            keep(vitals, 'systolicBp', systolicComponentOf(reading, resource, at));
          }
        } else if (system === SYSTEM.snomed) {
          if (code === SNOMED_SCORE.news2) keep(scores, 'news2Stated', numberOf(resource, at));
          if (code === SNOMED_SCORE.clinicalFrailtyScale) {
            keep(scores, 'clinicalFrailtyScale', numberOf(resource, at));
          }
        } else if (system === SYSTEM.observationType) {
          if (code === OBSERVATION_TYPE.onOxygen && resource.valueBoolean !== undefined) {
            const found = {
              value: resource.valueBoolean,
              expression: 'Observation.valueBoolean',
              at,
            };
            if (!onOxygen || found.at > onOxygen.at) onOxygen = found;
          }
          if (code === OBSERVATION_TYPE.spo2Scale)
            keep(vitals, 'spo2Scale', numberOf(resource, at));
        } else if (system === SYSTEM.softSign) {
          if (resource.valueBoolean !== false) addOnce(softSigns, code);
        } else if (system === SYSTEM.redFlagFinding) {
          if (resource.valueBoolean !== false) addOnce(redFlags, code);
        } else if (system === SYSTEM.fallDetail && typeof code === 'string') {
          const field = (FALL_DETAILS as Record<string, string>)[code];
          if (!field) {
            reading.issue(
              'value',
              'Observation.code',
              `is not a code of ${SYSTEM.fallDetail}`,
              'clinical.fall',
            );
          } else if (field === 'longLieMinutes') {
            const minutes = numberOf(resource, at);
            if (minutes?.value !== undefined) fall[field] = minutes.value;
          } else {
            fall[field] = resource.valueBoolean ?? true;
          }
        }
      }
      // ACVPU: any Observation whose value is coded in the Front Door ACVPU system.
      const value = isObject(resource.valueCodeableConcept)
        ? reading.codings({
            item: resource.valueCodeableConcept,
            expression: 'Observation.valueCodeableConcept',
          })
        : [];
      const acvpu = value.find(({ item }) => item.system === SYSTEM.acvpu);
      if (acvpu && (!consciousness || at > consciousness.at)) {
        consciousness = { value: acvpu.item.code, expression: `${acvpu.expression}.code`, at };
      }
    } else if (resource.resourceType === 'Condition') {
      if (!isCurrentCondition(resource)) continue;
      reading.noModifiers(resource, 'Condition');
      const codings = isObject(resource.code)
        ? reading.codings({ item: resource.code, expression: 'Condition.code' })
        : [];
      for (const { item } of codings) {
        if (item.system === SYSTEM.knownCondition) addOnce(knownConditions, item.code);
      }
    }
  }

  const observations: Record<string, unknown> = {};
  for (const [name, found] of vitals) {
    observations[name] = found.value;
    reading.source(`clinical.observations.${name}`, found.expression);
  }
  if (onOxygen) {
    observations.onOxygen = onOxygen.value;
    reading.source('clinical.observations.onOxygen', onOxygen.expression);
  }
  if (consciousness) {
    observations.consciousness = consciousness.value;
    reading.source('clinical.observations.consciousness', consciousness.expression);
  }
  if (Object.keys(observations).length) clinical.observations = observations;
  for (const [name, found] of scores) {
    clinical[name] = found.value;
    reading.source(`clinical.${name}`, found.expression);
  }
  if (softSigns.length) {
    clinical.softSigns = softSigns;
    reading.source('clinical.softSigns', 'Observation.code');
  }
  if (redFlags.length) {
    clinical.redFlagFindings = redFlags;
    reading.source('clinical.redFlagFindings', 'Observation.code');
  }
  if (Object.keys(fall).length) {
    clinical.fall = fall;
    reading.source('clinical.fall', 'Observation.value');
  }
  if (knownConditions.length) {
    clinical.knownConditions = knownConditions;
    reading.source('clinical.knownConditions', 'Condition.code.coding');
  }
  // ReSPECT: an active BaRS Flag with category RT. Only its presence is mapped.
  if (flagsOf(reading, supporting, siblings, 'RT').length) {
    clinical.respect = { present: true };
    reading.source('clinical.respect', 'Flag.category');
  }
  return clinical;
}

// --- Consent ---------------------------------------------------------------------------------

function mapConsent(
  reading: Reading,
  serviceRequest: Json,
  supporting: Supporting[],
  siblings: Json[],
): unknown {
  const consents = distinct([...supporting.map(({ resource }) => resource), ...siblings]).filter(
    (resource) => resource.resourceType === 'Consent',
  );
  for (const consent of consents) {
    reading.noModifiers(consent, 'Consent');
    if (consent.status !== undefined && consent.status !== 'active') {
      reading.issue(
        'value',
        'Consent.status',
        'must be active: a Consent that is not active does not record consent to this referral',
        'consent',
      );
      continue;
    }
    const codings = reading.codingsOfAll(reading.objects(consent.category, 'Consent.category'));
    const coded = codings.find(({ item }) => item.system === SYSTEM.consent);
    if (coded) {
      reading.source('consent', `${coded.expression}.code`);
      return coded.item.code;
    }
  }
  const extension = extensionOf(reading, serviceRequest, 'ServiceRequest', EXTENSION.consent);
  if (extension) {
    reading.source('consent', `${extension.expression}.valueCode`);
    return extension.item.valueCode;
  }
  return undefined;
}

// --- Helpers ---------------------------------------------------------------------------------

/** The ODS code among a list of identifiers. */
function odsCodeIn(
  reading: Reading,
  identifiers: unknown,
  expression: string,
): { value: unknown; expression: string } | undefined {
  for (const { item, expression: at } of reading.objects(identifiers, expression)) {
    const ods = odsCodeOf(item, at);
    if (ods) return ods;
  }
  return undefined;
}

/** The value of one identifier, when it is an ODS organisation code. */
function odsCodeOf(
  identifier: unknown,
  expression: string,
): { value: unknown; expression: string } | undefined {
  return isObject(identifier) &&
    identifier.system === SYSTEM.odsOrganisation &&
    identifier.value !== undefined
    ? { value: identifier.value, expression: `${expression}.value` }
    : undefined;
}

function phoneOf(
  reading: Reading,
  telecom: unknown,
  expression: string,
  preferredUses: string[],
): { value: unknown; expression: string } | undefined {
  const phones = reading
    .objects(telecom, expression)
    .filter(({ item }) => item.system === 'phone' && item.use !== 'old');
  const phone = phones.find(({ item }) => preferredUses.includes(String(item.use))) ?? phones[0];
  return phone && phone.item.value !== undefined
    ? { value: phone.item.value, expression: `${phone.expression}.value` }
    : undefined;
}

function humanNameText(reading: Reading, names: unknown, expression: string): string | undefined {
  const list = reading.objects(names, expression);
  const name = list.find(({ item }) => item.use === 'official' || item.use === 'usual') ?? list[0];
  if (!name) return undefined;
  if (typeof name.item.text === 'string' && name.item.text.trim()) return name.item.text;
  const parts = [
    ...reading.strings(name.item.given, `${name.expression}.given`),
    ...(typeof name.item.family === 'string' ? [name.item.family] : []),
  ];
  return parts.length ? parts.join(' ') : undefined;
}

/** CodeableConcept.text, else its first coding's display. */
function conceptText(concept: unknown): string | undefined {
  if (!isObject(concept)) return undefined;
  if (typeof concept.text === 'string' && concept.text.trim()) return concept.text;
  const coding = Array.isArray(concept.coding) ? concept.coding.find(isObject) : undefined;
  return typeof coding?.display === 'string' ? coding.display : undefined;
}

function extensionOf(
  reading: Reading,
  resource: Json,
  resourceType: string,
  url: string,
): At<Json> | undefined {
  return reading
    .objects(resource.extension, `${resourceType}.extension`)
    .find(({ item }) => item.url === url);
}

/** Active BaRS Flags of a category, from supportingInfo or anywhere in the message. */
function flagsOf(
  reading: Reading,
  supporting: Supporting[],
  siblings: Json[],
  category: string,
): At<Json>[] {
  return distinct([...supporting.map(({ resource }) => resource), ...siblings])
    .filter(
      (resource) =>
        resource.resourceType === 'Flag' &&
        resource.status !== 'inactive' &&
        resource.status !== 'entered-in-error',
    )
    .filter((flag) => {
      const codings = Array.isArray(flag.category)
        ? flag.category
            .filter(isObject)
            .flatMap((concept) =>
              Array.isArray(concept.coding) ? concept.coding.filter(isObject) : [],
            )
        : [];
      return codings.some(
        (coding) => coding.system === SYSTEM.barsFlagCategory && coding.code === category,
      );
    })
    .map((flag) => {
      reading.noModifiers(flag, 'Flag');
      return { item: flag, expression: 'Flag' };
    });
}

function numberOf(observation: Json, at: number): Found | undefined {
  if (isObject(observation.valueQuantity) && observation.valueQuantity.value !== undefined) {
    return {
      value: observation.valueQuantity.value,
      expression: 'Observation.valueQuantity.value',
      at,
    };
  }
  if (observation.valueInteger !== undefined) {
    return { value: observation.valueInteger, expression: 'Observation.valueInteger', at };
  }
  return undefined;
}

function systolicComponentOf(reading: Reading, observation: Json, at: number): Found | undefined {
  for (const component of reading.objects(observation.component, 'Observation.component')) {
    const codings = isObject(component.item.code)
      ? reading.codings({ item: component.item.code, expression: `${component.expression}.code` })
      : [];
    if (
      codings.some(({ item }) => item.system === SYSTEM.loinc && item.code === LOINC.systolicBp)
    ) {
      const found = numberOf(component.item, at);
      return (
        found && {
          ...found,
          expression: found.expression.replace('Observation', component.expression),
        }
      );
    }
  }
  return undefined;
}

/** When the observation was made, as a number for comparison (unknown → oldest). */
function effectiveTime(observation: Json): number {
  const when = observation.effectiveDateTime ?? observation.effectiveInstant;
  const time = typeof when === 'string' ? Date.parse(when) : NaN;
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

function isCurrentCondition(condition: Json): boolean {
  const codes = (concept: unknown): unknown[] =>
    isObject(concept) && Array.isArray(concept.coding)
      ? concept.coding.filter(isObject).map((coding) => coding.code)
      : [];
  const clinical = codes(condition.clinicalStatus);
  const verification = codes(condition.verificationStatus);
  return (
    !clinical.some((code) => code === 'inactive' || code === 'resolved' || code === 'remission') &&
    !verification.some((code) => code === 'refuted' || code === 'entered-in-error')
  );
}

function distinct<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Drops undefined members, so the submission holds only what was sent. */
function compact(object: Record<string, unknown>): Json {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
