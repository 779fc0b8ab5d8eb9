import type {
  Action,
  ClockState,
  Onset,
  Pathway,
  PresentingNeed,
  ReferralStatus,
  ReferrerType,
  Urgency,
} from '@frontdoor/domain';
import type { TagColour } from './components';
import type { TextContext, TextField } from './types';

/** Plain-language words for the contract's codes. The codes themselves never change. */
export const REFERRER_TYPE_LABELS: Record<ReferrerType, string> = {
  care_home: 'Care home',
  ambulance: 'Ambulance service',
  gp: 'GP practice',
  nhs111: 'NHS 111',
  hospital_discharge: 'Hospital discharge team',
  hospice: 'Hospice',
  social_care: 'Social care',
  family_carer: 'Family member or carer',
  self: 'The patient themselves',
  community_team: 'Community health team',
  mental_health: 'Mental health service',
  other: 'Someone else',
};

export const NEED_LABELS: Record<PresentingNeed, { label: string; hint?: string }> = {
  fall: {
    label: 'A fall',
    hint: 'No serious injury to head, back or hip, and no loss of consciousness',
  },
  frailty_decompensation: {
    label: 'Sudden loss of function with frailty',
    hint: 'For example, much less able after a minor illness such as a urine infection',
  },
  reduced_function: {
    label: 'Reduced function or mobility',
    hint: 'Struggling to manage daily living, gradually or suddenly',
  },
  palliative_crisis: {
    label: 'Palliative or end of life crisis',
    hint: 'Symptoms that the usual end of life care team cannot reach in time',
  },
  urgent_equipment: { label: 'Urgent equipment', hint: 'To keep the person safe at home' },
  confusion_delirium: {
    label: 'New or worse confusion',
    hint: 'Delirium, or dementia suddenly getting worse',
  },
  catheter_problem: { label: 'Catheter problem', hint: 'For example, blocked or bypassing' },
  diabetes_support: {
    label: 'Diabetes support',
    hint: 'High or low blood sugar that can be managed at home',
  },
  carer_breakdown: {
    label: 'Carer breakdown',
    hint: 'The main carer cannot continue and this puts the person at risk',
  },
  respiratory_exacerbation: { label: 'Breathing worse than usual', hint: 'For example, COPD' },
  heart_failure_decompensation: {
    label: 'Heart failure getting worse',
    hint: 'Swelling, breathlessness',
  },
  infection_needing_iv_therapy: { label: 'Infection that may need a drip (IV) treatment' },
  dementia_distress: { label: 'Distress in dementia' },
  wound_or_skin: { label: 'Wound or skin problem' },
  parkinsons_deterioration: { label: "Parkinson's getting worse" },
  learning_disability_support: { label: 'Support for a person with a learning disability' },
  child_health_need: { label: "A child's health need" },
  medication_support: { label: 'Help with medicines' },
  reablement_after_discharge: { label: 'Reablement after leaving hospital' },
  end_of_life_planning: { label: 'Planning for the end of life' },
  falls_prevention: { label: 'Preventing falls' },
  long_term_condition_review: { label: 'Review of a long-term condition' },
  other: { label: 'Something else', hint: 'Describe it in the summary' },
};

/** The form's question about onset (`clinical.onset`); no choice is made for the referrer. */
export const ONSET_QUESTION = 'When did this start or get worse?';

export const ONSET_LABELS: Record<Onset, string> = {
  within_48_hours: 'In the last 48 hours',
  gradual: 'Getting worse over days or weeks',
  longstanding: 'Long-standing, no recent change',
  planned: 'Planned care, nothing has changed',
};

/** `clinical.observations.hypercapnicTargetDocumented`, asked with the SpO2 scale. */
export const HYPERCAPNIC_TARGET_LABEL =
  'A target of 88–92% is documented (type 2 respiratory failure)';

export const SCALE_2_WITHOUT_TARGET_HINT =
  'Scale 2 is only for someone with a documented target of 88–92%. Tick the box above if they have one, or choose Scale 1. Until then the NEWS2 total here uses Scale 1, as the hub’s triage does, and a clinician will check the scale.';

/** How the engine read a phrase in the referrer's words ("read as negated by ‘denies’"). */
export const TEXT_CONTEXT_LABELS: Record<TextContext, string> = {
  affirmed: 'present',
  possible: 'possible',
  negated: 'negated',
  historical: 'in the past',
  hypothetical: 'hypothetical',
  other_person: 'about someone else',
};

/** The free-text fields, as a sentence names them ("characters 3–9 of …"). */
export const TEXT_FIELD_LABELS: Record<TextField, string> = {
  'clinical.summary': 'what is happening',
  'patient.communicationNeeds': 'communication needs',
};

export const PATHWAY_LABELS: Record<Pathway, string> = {
  ucr: '2-hour urgent community response',
  virtual_ward_frailty: 'Frailty virtual ward',
  virtual_ward_ari: 'Respiratory infection virtual ward',
  frailty: 'Frailty service',
  eolc: 'Palliative and end of life care',
  dementia_crisis: 'Dementia crisis',
  falls: 'Falls service',
  heart_failure: 'Heart failure',
  respiratory: 'Community respiratory',
  diabetes: 'Diabetes',
  parkinsons: "Parkinson's",
  tissue_viability: 'Tissue viability',
  learning_disability: 'Learning disability',
  cyp_community_nursing: "Children's community nursing",
  community_nursing: 'Community nursing',
  redirect_999: 'Redirect to 999 or the emergency department',
  transfer_out: 'Transfer to another area',
};

export const URGENCY_LABELS: Record<Urgency, string> = {
  immediate: 'Immediate (999 or ED now)',
  '2_hour': 'Within 2 hours',
  same_day: 'Same day',
  '48_hour': 'Within 48 hours',
  routine: 'Routine',
};

export const STATUS_LABELS: Record<ReferralStatus, string> = {
  received: 'Received',
  triaged: 'Triaged',
  awaiting_information: 'Awaiting information',
  accepted: 'Accepted',
  assigned: 'Assigned',
  first_contact: 'Seen',
  in_care: 'In care',
  discharged: 'Discharged',
  redirected: 'Redirected',
  transferred_out: 'Transferred out',
  cancelled: 'Cancelled',
};

export const STATUS_COLOURS: Record<ReferralStatus, TagColour> = {
  received: 'grey',
  triaged: 'blue',
  awaiting_information: 'yellow',
  accepted: 'aqua-green',
  assigned: 'aqua-green',
  first_contact: 'green',
  in_care: 'green',
  discharged: 'white',
  redirected: 'purple',
  transferred_out: 'purple',
  cancelled: 'white',
};

/** Clock states in words and colour (never colour alone). */
export const CLOCK_LABELS: Record<ClockState, { text: string; colour: TagColour }> = {
  on_time: { text: 'On time', colour: 'green' },
  at_risk: { text: 'At risk', colour: 'orange' },
  breached: { text: 'Breached', colour: 'red' },
  stopped: { text: 'Clock stopped', colour: 'grey' },
};

export const FLAG_LABELS: Record<string, string> = {
  identity_unverified: 'Identity not verified',
  possible_duplicate: 'Possible duplicate',
  respect_in_place: 'ReSPECT plan in place',
  out_of_area: 'Out of area',
  data_conflict: 'Data conflict',
  clinician_confirm: 'Clinician to confirm',
  reasonable_adjustments: 'Reasonable adjustments',
  mutual_aid: 'Mutual aid',
};

export const ACTION_LABELS: Record<Action, string> = {
  confirm_triage: 'Confirm triage',
  override_triage: 'Override triage',
  request_information: 'Request information',
  provide_information: 'Provide information',
  accept: 'Accept for the team',
  hand_back: 'Hand back to the hub',
  assign: 'Assign',
  record_contact: 'Record a contact',
  admit: 'Admit to the team',
  step_up: 'Step up',
  step_down: 'Step down',
  discharge: 'Discharge to GP',
  redirect: 'Redirect',
  transfer_out: 'Transfer out',
  cancel: 'Cancel',
};

export const label = <K extends string>(
  labels: Record<K, string>,
  code: string | null | undefined,
): string => (code ? (labels[code as K] ?? code) : 'Not set');
