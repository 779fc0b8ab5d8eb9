import {
  KNOWN_CONDITIONS,
  ONSETS,
  PRESENTING_NEEDS,
  RED_FLAG_FINDINGS,
  SOFT_SIGNS,
} from '@frontdoor/domain/referral-codes';
import type { ReferralSubmission } from '@frontdoor/domain';
import { CLINICAL_FRAILTY_SCALE } from '@frontdoor/nhs/frailty';
import { isValidNhsNumber } from '@frontdoor/nhs/nhs-number';
import { scoreNews2, type News2Band } from '@frontdoor/nhs/news2';
import { api, ApiError, problem } from '../api';
import {
  button,
  choices,
  input,
  panel,
  select,
  textarea,
  warningCallout,
  type Option,
} from '../components';
import { h, replace } from '../dom';
import { all, clearErrors, clearSummary, showErrors, text, type FieldError } from '../forms';
import {
  HYPERCAPNIC_TARGET_LABEL,
  NEED_LABELS,
  ONSET_LABELS,
  ONSET_QUESTION,
  REFERRER_TYPE_LABELS,
  SCALE_2_WITHOUT_TARGET_HINT,
} from '../labels';
import type { Page } from '../page';

const SOFT_SIGN_LABELS: Record<(typeof SOFT_SIGNS)[number], string> = {
  not_usual_self: 'Not their usual self',
  more_sleepy: 'More sleepy or withdrawn',
  off_food_and_drink: 'Off their food and drink',
  new_breathlessness: 'New breathlessness',
  unsteady: 'Unsteady on their feet',
  restless_or_agitated: 'Restless or agitated',
  new_pain: 'New pain',
  reduced_urine: 'Passing less urine',
};

const RED_FLAG_LABELS: Record<(typeof RED_FLAG_FINDINGS)[number], string> = {
  fast_positive: 'Signs of a stroke (face, arm or speech: FAST)',
  suspected_cardiac_chest_pain: 'Chest pain that may be the heart',
  sepsis_high_risk_sign: 'A high-risk sign of sepsis',
  non_blanching_rash: 'A rash that does not fade under a glass',
  head_injury: 'Head injury',
  suspected_fracture: 'A suspected broken bone',
  reduced_consciousness: 'Less conscious than usual',
  severe_breathing_difficulty: 'Severe difficulty breathing',
  severe_bleeding: 'Severe bleeding',
  hypoglycaemia_not_responding: 'Low blood sugar not responding to treatment',
  immediate_mental_health_risk: 'Immediate risk to themselves or others (mental health)',
  safeguarding_immediate_risk: 'Immediate safeguarding risk',
};

const CONDITION_LABELS: Record<(typeof KNOWN_CONDITIONS)[number], string> = {
  dementia: 'Dementia',
  copd: 'COPD',
  heart_failure: 'Heart failure',
  diabetes_type1: 'Type 1 diabetes',
  diabetes_type2: 'Type 2 diabetes',
  parkinsons: "Parkinson's",
  learning_disability: 'Learning disability',
  autism: 'Autism',
  cancer: 'Cancer',
  ckd: 'Chronic kidney disease',
  stroke_history: 'Has had a stroke',
  on_anticoagulant: 'Takes blood thinners (anticoagulants)',
  other: 'Other',
};

const CONSENT_OPTIONS: Option[] = [
  { value: 'patient_consented', label: 'The patient agrees to this referral' },
  {
    value: 'best_interests',
    label: 'In their best interests',
    hint: 'The patient cannot decide now, and this referral is in their best interests',
  },
  {
    value: 'emergency_no_consent_needed',
    label: 'Emergency: consent not needed',
    hint: 'There is no time to ask, or asking would put them at risk',
  },
];

const YES_NO: Option[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

const BAND_TEXT: Record<News2Band, string> = {
  low: 'low',
  low_medium: 'low to medium: one observation scores 3',
  medium: 'medium: an urgent response is needed',
  high: 'high: an emergency response is needed, consider 999',
};

const step = (number: number, title: string, ...children: (Node | false | null)[]) =>
  h(
    'section',
    { class: 'app-step', id: `step-${number}`, 'aria-labelledby': `step-${number}-title` },
    h(
      'h2',
      { class: 'nhsuk-heading-l', id: `step-${number}-title` },
      h('span', { class: 'nhsuk-caption-m' }, `Step ${number} of 6`),
      title,
    ),
    ...children,
  );

const STEPS = [
  'Who you are',
  'The patient',
  'What is happening',
  'Observations',
  'Frailty, ReSPECT and end of life',
  'Consent',
];

/** A number from a field, or undefined; text that is not a number is an error. */
function numberField(
  form: HTMLFormElement,
  name: string,
  errors: FieldError[],
): number | undefined {
  const value = text(form, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) {
    errors.push({ field: name, message: 'Enter a number' });
    return undefined;
  }
  return number;
}

const yesNo = (form: HTMLFormElement, name: string): boolean | undefined => {
  const value = text(form, name);
  return value === 'yes' ? true : value === 'no' ? false : undefined;
};

function observationsOf(form: HTMLFormElement, errors: FieldError[]) {
  const observations: NonNullable<ReferralSubmission['clinical']['observations']> = {};
  const set = <K extends keyof typeof observations>(
    key: K,
    value: (typeof observations)[K] | undefined,
  ) => {
    if (value !== undefined) observations[key] = value;
  };
  set('respiratoryRate', numberField(form, 'clinical.observations.respiratoryRate', errors));
  set('spo2', numberField(form, 'clinical.observations.spo2', errors));
  const scale = text(form, 'clinical.observations.spo2Scale');
  set('spo2Scale', scale === '2' ? 2 : scale === '1' ? 1 : undefined);
  // Ticked means documented; unticked says nothing either way, so it is not sent.
  if (all(form, 'clinical.observations.hypercapnicTargetDocumented').includes('yes'))
    set('hypercapnicTargetDocumented', true);
  set('onOxygen', yesNo(form, 'clinical.observations.onOxygen'));
  set('systolicBp', numberField(form, 'clinical.observations.systolicBp', errors));
  set('pulse', numberField(form, 'clinical.observations.pulse', errors));
  set('consciousness', text(form, 'clinical.observations.consciousness') as never);
  set('temperature', numberField(form, 'clinical.observations.temperature', errors));
  return observations;
}

/** The submission the form describes, and what is wrong with it before the api sees it. */
function submissionOf(form: HTMLFormElement): { body: ReferralSubmission; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const t = (name: string) => text(form, name);
  const compact = <T extends object>(value: T): T =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

  const referrerType = t('referrer.type');
  if (!referrerType)
    errors.push({ field: 'referrer.type', message: 'Select who is making the referral' });
  const organisation = compact({
    name: t('referrer.organisation.name'),
    odsCode: t('referrer.organisation.odsCode')?.toUpperCase(),
  });

  const nhsNumber = t('patient.nhsNumber')?.replace(/\s/g, '');
  if (nhsNumber && !isValidNhsNumber(nhsNumber)) {
    errors.push({
      field: 'patient.nhsNumber',
      message: 'Enter a valid 10-digit NHS number, or leave it empty',
    });
  }
  const givenName = t('patient.givenName');
  const familyName = t('patient.familyName');
  const dateOfBirth = t('patient.dateOfBirth');
  if (!nhsNumber) {
    if (!givenName)
      errors.push({
        field: 'patient.givenName',
        message: 'Enter the patient’s first name, or their NHS number',
      });
    if (!familyName)
      errors.push({
        field: 'patient.familyName',
        message: 'Enter the patient’s last name, or their NHS number',
      });
    if (!dateOfBirth)
      errors.push({
        field: 'patient.dateOfBirth',
        message: 'Enter the patient’s date of birth, or their NHS number',
      });
  }
  const summary = t('clinical.summary');
  if (!summary) errors.push({ field: 'clinical.summary', message: 'Describe what is happening' });
  const needs = all(form, 'clinical.presentingNeeds');
  if (!needs.length)
    errors.push({ field: 'clinical.presentingNeeds', message: 'Select at least one need' });
  const consent = t('consent');
  if (!consent) errors.push({ field: 'consent', message: 'Select the basis for this referral' });

  const observations = observationsOf(form, errors);
  const frailty = numberField(form, 'clinical.clinicalFrailtyScale', errors);
  const news2Stated = numberField(form, 'clinical.news2Stated', errors);
  const fall = needs.includes('fall')
    ? compact({
        headStrike: all(form, 'fall').includes('headStrike'),
        lossOfConsciousness: all(form, 'fall').includes('lossOfConsciousness'),
        suspectedFracture: all(form, 'fall').includes('suspectedFracture'),
        unableToGetUp: all(form, 'fall').includes('unableToGetUp'),
        longLieMinutes: numberField(form, 'clinical.fall.longLieMinutes', errors),
      })
    : undefined;
  const respectPresent = yesNo(form, 'clinical.respect.present');
  const respect =
    respectPresent === undefined
      ? undefined
      : compact({
          present: respectPresent,
          ...(respectPresent && {
            cpr: t('clinical.respect.cpr') as never,
            carePriority: t('clinical.respect.carePriority') as never,
            hospitalTransfer: t('clinical.respect.hospitalTransfer') as never,
          }),
        });
  const phase = t('clinical.endOfLife.phase');
  const eol = all(form, 'endOfLife');
  const endOfLife =
    phase || eol.length || t('clinical.endOfLife.preferredPlaceOfDeath')
      ? compact({
          phase: phase as never,
          onEndOfLifeRegister: eol.includes('onEndOfLifeRegister'),
          syringeDriverNeeded: eol.includes('syringeDriverNeeded'),
          anticipatoryMedicinesInPlace: eol.includes('anticipatoryMedicinesInPlace'),
          preferredPlaceOfDeath: t('clinical.endOfLife.preferredPlaceOfDeath') as never,
        })
      : undefined;

  const body = {
    referrer: compact({
      type: referrerType as ReferralSubmission['referrer']['type'],
      organisation: Object.keys(organisation).length ? organisation : undefined,
      name: t('referrer.name'),
      role: t('referrer.role'),
      phone: t('referrer.phone'),
    }),
    patient: compact({
      nhsNumber,
      givenName,
      familyName,
      dateOfBirth,
      sex: t('patient.sex') as never,
      postcode: t('patient.postcode')?.toUpperCase(),
      gpPracticeOdsCode: t('patient.gpPracticeOdsCode')?.toUpperCase(),
      livesInCareHome: yesNo(form, 'patient.livesInCareHome'),
      phone: t('patient.phone'),
      communicationNeeds: t('patient.communicationNeeds'),
    }),
    clinical: compact({
      summary: summary ?? '',
      presentingNeeds: needs as ReferralSubmission['clinical']['presentingNeeds'],
      onset: t('clinical.onset') as ReferralSubmission['clinical']['onset'],
      observations: Object.keys(observations).length ? observations : undefined,
      news2Stated,
      clinicalFrailtyScale: frailty,
      softSigns: all(form, 'clinical.softSigns') as never,
      redFlagFindings: all(form, 'clinical.redFlagFindings') as never,
      fall,
      endOfLife,
      respect,
      knownConditions: all(form, 'clinical.knownConditions') as never,
    }),
    consent: consent as ReferralSubmission['consent'],
  };
  return { body, errors };
}

/** Scale 2 chosen without a documented 88–92% target: the engine then scores Scale 1. */
const scale2WithoutTarget = (observations: ReturnType<typeof observationsOf>): boolean =>
  observations.spo2Scale === 2 && observations.hypercapnicTargetDocumented !== true;

/**
 * The live NEWS2 total, worked out by libs/nhs as the engine does: Scale 2 only with a
 * documented target of 88–92%, otherwise Scale 1.
 */
function news2Text(form: HTMLFormElement): string {
  const observations = observationsOf(form, []);
  if (
    !Object.keys(observations).some(
      (key) => key !== 'spo2Scale' && key !== 'hypercapnicTargetDocumented',
    )
  ) {
    return 'NEWS2 total: enter observations to see the score.';
  }
  const withoutTarget = scale2WithoutTarget(observations);
  const result = scoreNews2(withoutTarget ? { ...observations, spo2Scale: 1 } : observations);
  const missing = result.missing.length;
  return `NEWS2 total: ${result.total} (${BAND_TEXT[result.band]}).${
    withoutTarget && observations.spo2 !== undefined
      ? ' Worked out on Scale 1: no target of 88–92% is documented.'
      : ''
  }${missing ? ` ${missing} of 7 observations not given yet, so the score may be higher.` : ''}`;
}

export const referPage: Page = (main, context) => {
  context.title('Make a referral');
  const principal = context.session?.principal;
  const idempotencyKey = crypto.randomUUID();
  const summaryHost = h('div');
  const news2 = h('div', {
    class: 'app-news2 nhsuk-inset-text',
    'aria-live': 'polite',
    id: 'news2-total',
  });

  const scaleHint = h(
    'div',
    { class: 'nhsuk-inset-text app-scale-hint', id: 'spo2-scale-2-hint', hidden: true },
    h('span', { class: 'nhsuk-u-visually-hidden' }, 'Information: '),
    h('p', null, SCALE_2_WITHOUT_TARGET_HINT),
  );

  const fallDetails = h(
    'div',
    { class: 'app-conditional', id: 'fall-details', hidden: true },
    choices('checkboxes', {
      field: 'fall',
      label: 'About the fall',
      small: true,
      options: [
        { value: 'headStrike', label: 'They hit their head' },
        { value: 'lossOfConsciousness', label: 'They lost consciousness' },
        { value: 'suspectedFracture', label: 'A broken bone is suspected' },
        { value: 'unableToGetUp', label: 'They cannot get up' },
      ],
    }),
    input({
      field: 'clinical.fall.longLieMinutes',
      label: 'How long were they on the floor, in minutes?',
      width: 4,
      inputmode: 'numeric',
    }),
  );
  const respectDetails = h(
    'div',
    { class: 'app-conditional', id: 'respect-details', hidden: true },
    choices('radios', {
      field: 'clinical.respect.cpr',
      label: 'CPR recommendation',
      small: true,
      options: [
        { value: 'attempt', label: 'For CPR' },
        { value: 'do_not_attempt', label: 'Not for CPR' },
      ],
    }),
    choices('radios', {
      field: 'clinical.respect.carePriority',
      label: 'Care priority',
      small: true,
      options: [
        { value: 'sustain_life', label: 'Prioritise sustaining life' },
        { value: 'balanced', label: 'Balanced' },
        { value: 'comfort', label: 'Prioritise comfort' },
      ],
    }),
    choices('radios', {
      field: 'clinical.respect.hospitalTransfer',
      label: 'Transfer to hospital',
      small: true,
      options: [
        { value: 'for_transfer', label: 'For transfer' },
        { value: 'not_for_transfer', label: 'Not for transfer' },
        { value: 'unknown', label: 'Not stated' },
      ],
    }),
  );

  const form = h(
    'form',
    { novalidate: true, class: 'app-referral-form' },
    step(
      1,
      STEPS[0] ?? '',
      choices('radios', {
        field: 'referrer.type',
        label: 'Who is making the referral?',
        options: Object.entries(REFERRER_TYPE_LABELS).map(([value, label]) => ({ value, label })),
        checked: principal?.orgCode ? ['care_home'] : [],
        small: true,
      }),
      input({
        field: 'referrer.organisation.name',
        label: 'Organisation name (optional)',
        autocomplete: 'organization',
      }),
      input({
        field: 'referrer.organisation.odsCode',
        label: 'Organisation ODS code (optional)',
        hint: 'For example, VNA12',
        width: 10,
        value: principal?.orgCode ?? undefined,
        spellcheck: false,
      }),
      input({
        field: 'referrer.name',
        label: 'Your name (optional)',
        value: principal?.name ?? undefined,
        autocomplete: 'name',
      }),
      input({
        field: 'referrer.role',
        label: 'Your role (optional)',
        hint: 'For example, senior carer or paramedic',
      }),
      input({
        field: 'referrer.phone',
        label: 'A phone number we can call you back on (optional)',
        type: 'tel',
        width: 20,
        autocomplete: 'tel',
      }),
    ),
    step(
      2,
      STEPS[1] ?? '',
      input({
        field: 'patient.nhsNumber',
        label: 'NHS number',
        hint: '10 digits. If you do not know it, give their name and date of birth instead: a missing NHS number never stops a referral.',
        width: 10,
        inputmode: 'numeric',
        spellcheck: false,
      }),
      input({ field: 'patient.givenName', label: 'First name' }),
      input({ field: 'patient.familyName', label: 'Last name' }),
      input({
        field: 'patient.dateOfBirth',
        label: 'Date of birth',
        type: 'date',
        hint: 'For example, 2 April 1938',
      }),
      choices('radios', {
        field: 'patient.sex',
        label: 'Sex (optional)',
        inline: true,
        small: true,
        options: [
          { value: 'female', label: 'Female' },
          { value: 'male', label: 'Male' },
          { value: 'other', label: 'Other' },
          { value: 'unknown', label: 'Not known' },
        ],
      }),
      input({
        field: 'patient.postcode',
        label: 'Postcode where they are now (optional)',
        width: 10,
        autocomplete: 'postal-code',
      }),
      input({
        field: 'patient.gpPracticeOdsCode',
        label: 'GP practice code (optional)',
        hint: 'For example, G82001',
        width: 10,
      }),
      choices('radios', {
        field: 'patient.livesInCareHome',
        label: 'Do they live in a care home?',
        inline: true,
        small: true,
        options: YES_NO,
      }),
      input({
        field: 'patient.phone',
        label: 'Patient’s phone number (optional)',
        type: 'tel',
        width: 20,
      }),
      input({
        field: 'patient.communicationNeeds',
        label: 'Communication needs (optional)',
        hint: 'For example, hard of hearing, needs an interpreter, or uses Makaton',
      }),
    ),
    step(
      3,
      STEPS[2] ?? '',
      warningCallout(
        'Call 999 now if it is an emergency',
        h(
          'p',
          null,
          'For example, signs of a stroke, chest pain that may be the heart, or severe difficulty breathing. Tick below what you have seen, so the hub knows.',
        ),
      ),
      textarea({
        field: 'clinical.summary',
        label: 'What is happening?',
        hint: 'In your own words: what changed, since when, and what has been done so far.',
        rows: 5,
      }),
      choices('radios', {
        field: 'clinical.onset',
        label: `${ONSET_QUESTION} (optional)`,
        hint: 'If you are not sure, leave this and say what you know in the summary.',
        small: true,
        options: ONSETS.map((onset) => ({ value: onset, label: ONSET_LABELS[onset] })),
      }),
      choices('checkboxes', {
        field: 'clinical.presentingNeeds',
        label: 'What do they need help with?',
        hint: 'Select all that apply.',
        options: PRESENTING_NEEDS.map((need) => ({ value: need, ...NEED_LABELS[need] })),
      }),
      fallDetails,
      choices('checkboxes', {
        field: 'clinical.softSigns',
        label: 'Soft signs of deterioration (optional)',
        hint: 'From RESTORE2: what you have noticed is different from usual.',
        small: true,
        options: SOFT_SIGNS.map((sign) => ({ value: sign, label: SOFT_SIGN_LABELS[sign] })),
      }),
      choices('checkboxes', {
        field: 'clinical.redFlagFindings',
        label: 'Red flags (optional)',
        hint: 'Any of these usually means 999 or the emergency department.',
        small: true,
        options: RED_FLAG_FINDINGS.map((flag) => ({ value: flag, label: RED_FLAG_LABELS[flag] })),
      }),
      choices('checkboxes', {
        field: 'clinical.knownConditions',
        label: 'Known conditions (optional)',
        small: true,
        options: KNOWN_CONDITIONS.map((condition) => ({
          value: condition,
          label: CONDITION_LABELS[condition],
        })),
      }),
    ),
    step(
      4,
      STEPS[3] ?? '',
      h('p', { class: 'nhsuk-body' }, 'Give the observations you have. None of them is required.'),
      h(
        'div',
        { class: 'app-observations' },
        input({
          field: 'clinical.observations.respiratoryRate',
          label: 'Breathing rate (breaths a minute)',
          width: 3,
          inputmode: 'numeric',
        }),
        input({
          field: 'clinical.observations.spo2',
          label: 'Oxygen saturation, SpO2 (%)',
          width: 3,
          inputmode: 'numeric',
        }),
        input({
          field: 'clinical.observations.systolicBp',
          label: 'Systolic blood pressure (mmHg)',
          width: 3,
          inputmode: 'numeric',
        }),
        input({
          field: 'clinical.observations.pulse',
          label: 'Pulse (beats a minute)',
          width: 3,
          inputmode: 'numeric',
        }),
        input({
          field: 'clinical.observations.temperature',
          label: 'Temperature (°C)',
          width: 4,
          inputmode: 'decimal',
        }),
      ),
      choices('radios', {
        field: 'clinical.observations.onOxygen',
        label: 'Are they on oxygen?',
        inline: true,
        small: true,
        options: [
          { value: 'no', label: 'No, breathing air' },
          { value: 'yes', label: 'Yes, on oxygen' },
        ],
      }),
      choices('radios', {
        field: 'clinical.observations.spo2Scale',
        label: 'Which SpO2 scale?',
        small: true,
        checked: ['1'],
        options: [
          { value: '1', label: 'Scale 1', hint: 'For most people' },
          {
            value: '2',
            label: 'Scale 2',
            hint: 'Only if a clinician has set a target of 88 to 92% for hypercapnic respiratory failure',
          },
        ],
      }),
      choices('checkboxes', {
        field: 'clinical.observations.hypercapnicTargetDocumented',
        label: 'Oxygen target (optional)',
        small: true,
        options: [
          {
            value: 'yes',
            label: HYPERCAPNIC_TARGET_LABEL,
            hint: 'For example, in their care plan or a letter from their respiratory team. Then choose Scale 2.',
          },
        ],
      }),
      scaleHint,
      choices('radios', {
        field: 'clinical.observations.consciousness',
        label: 'How alert are they? (ACVPU)',
        small: true,
        options: [
          { value: 'A', label: 'Alert' },
          { value: 'C', label: 'New confusion' },
          { value: 'V', label: 'Responds to voice' },
          { value: 'P', label: 'Responds to pain' },
          { value: 'U', label: 'Unresponsive' },
        ],
      }),
      news2,
      input({
        field: 'clinical.news2Stated',
        label: 'NEWS2 score you worked out (optional)',
        hint: 'We work it out from the observations too.',
        width: 2,
        inputmode: 'numeric',
      }),
    ),
    step(
      5,
      STEPS[4] ?? '',
      select({
        field: 'clinical.clinicalFrailtyScale',
        label: 'Clinical Frailty Scale (optional)',
        hint: 'How they were about 2 weeks before this illness.',
        blank: 'Not known',
        options: Object.entries(CLINICAL_FRAILTY_SCALE).map(([value, label]) => ({
          value,
          label: `${value}: ${label}`,
        })),
      }),
      choices('radios', {
        field: 'clinical.respect.present',
        label: 'Do they have a ReSPECT form?',
        inline: true,
        small: true,
        options: [...YES_NO],
      }),
      respectDetails,
      choices('radios', {
        field: 'clinical.endOfLife.phase',
        label: 'If they are nearing the end of life, which phase? (optional)',
        small: true,
        options: [
          { value: 'stable', label: 'Stable' },
          { value: 'unstable', label: 'Unstable', hint: 'A new or unexpected problem' },
          { value: 'deteriorating', label: 'Deteriorating', hint: 'Gradual, expected decline' },
          { value: 'dying', label: 'Dying', hint: 'Death likely within days' },
        ],
      }),
      choices('checkboxes', {
        field: 'endOfLife',
        label: 'End of life care in place (optional)',
        small: true,
        options: [
          { value: 'onEndOfLifeRegister', label: 'On the GP’s end of life register' },
          { value: 'syringeDriverNeeded', label: 'A syringe driver is needed' },
          {
            value: 'anticipatoryMedicinesInPlace',
            label: 'Anticipatory (just in case) medicines are in place',
          },
        ],
      }),
      select({
        field: 'clinical.endOfLife.preferredPlaceOfDeath',
        label: 'Preferred place of death (optional)',
        blank: 'Not given',
        options: [
          { value: 'home', label: 'Home' },
          { value: 'care_home', label: 'Care home' },
          { value: 'hospice', label: 'Hospice' },
          { value: 'hospital', label: 'Hospital' },
          { value: 'unknown', label: 'Not known' },
        ],
      }),
    ),
    step(
      6,
      STEPS[5] ?? '',
      choices('radios', {
        field: 'consent',
        label: 'What is the basis for this referral?',
        options: CONSENT_OPTIONS,
      }),
      button('Send referral'),
    ),
  );

  const reveal = () => {
    fallDetails.hidden = !all(form, 'clinical.presentingNeeds').includes('fall');
    respectDetails.hidden = text(form, 'clinical.respect.present') !== 'yes';
    scaleHint.hidden = !scale2WithoutTarget(observationsOf(form, []));
    news2.textContent = news2Text(form);
  };
  form.addEventListener('input', reveal);
  form.addEventListener('change', reveal);
  reveal();

  let sending = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (sending) return;
    const { body, errors } = submissionOf(form);
    if (errors.length) {
      showErrors(form, summaryHost, errors);
      return;
    }
    sending = true;
    api<{ reference: string; id: string }>('POST', '/api/v1/referrals', body, {
      'idempotency-key': idempotencyKey,
    })
      .then((answer) => {
        clearErrors(form);
        clearSummary(summaryHost);
        context.title(`Referral sent: ${answer.reference}`);
        replace(
          main,
          panel(
            'Referral sent',
            h('p', null, 'Your reference is'),
            h('p', { class: 'app-reference app-reference--panel' }, answer.reference),
          ),
          h('h2', null, 'What happens next'),
          h(
            'p',
            { class: 'nhsuk-body' },
            'A care coordinator in the hub checks every referral, day and night, and sends it to the right team. Quote the reference if you call.',
          ),
          h(
            'p',
            { class: 'nhsuk-body' },
            h('a', { href: `/status/${answer.reference}` }, `Follow referral ${answer.reference}`),
          ),
          h('p', { class: 'nhsuk-body' }, h('a', { href: '/refer' }, 'Make another referral')),
        );
        (main.querySelector('h1') as HTMLElement | null)?.setAttribute('tabindex', '-1');
        (main.querySelector('h1') as HTMLElement | null)?.focus();
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 400 && error.body.details?.length) {
          showErrors(form, summaryHost, error.body.details);
        } else {
          showErrors(form, summaryHost, [{ field: 'consent', message: problem(error) }]);
        }
      })
      .finally(() => {
        sending = false;
      });
  });

  replace(
    main,
    summaryHost,
    h('h1', null, 'Make a referral'),
    h(
      'p',
      { class: 'nhsuk-lede-text' },
      'Tell the hub about someone who needs urgent help at home. It takes about 5 minutes.',
    ),
    h(
      'nav',
      { class: 'nhsuk-contents-list', 'aria-label': 'Steps' },
      h('h2', { class: 'nhsuk-u-visually-hidden' }, 'Steps'),
      h(
        'ol',
        { class: 'nhsuk-contents-list__list' },
        STEPS.map((title, index) =>
          h(
            'li',
            { class: 'nhsuk-contents-list__item' },
            h('a', { class: 'nhsuk-contents-list__link', href: `#step-${index + 1}` }, title),
          ),
        ),
      ),
    ),
    form,
  );
};
