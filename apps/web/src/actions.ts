import { PATHWAYS, TEAM_PATHWAYS, URGENCIES, type Pathway } from '@frontdoor/domain/codes';
import type { Action } from '@frontdoor/domain';
import { DISCHARGE_OUTCOMES, RESPECT_STATUSES } from '@frontdoor/domain/discharge-letter';
import { TRANSITIONS } from '@frontdoor/domain/state-machine';
import { api, ApiError, problem } from './api';
import {
  button,
  choices,
  input,
  select,
  textarea,
  warningCallout,
  type Option,
} from './components';
import { h, replace } from './dom';
import { clearSummary, showErrors, text, type FieldError } from './forms';
import { ACTION_LABELS, PATHWAY_LABELS, URGENCY_LABELS } from './labels';
import type { ActionAnswer, ReferralView } from './types';

/**
 * The tracker's action buttons and their forms (POST /api/v1/referrals/:id/actions/:action with
 * the version the person saw). A 409 means someone else changed the referral first: the person
 * is told, and the referral is reloaded.
 */
export interface ActionTarget {
  id: string;
  reference: string;
  version: number;
  pathway?: Pathway | null;
  possibleDuplicateOf?: { reference: string } | null;
}

/** What the actions need of a referral read in full. */
export function actionTarget(referral: ReferralView): ActionTarget {
  return {
    id: referral.id,
    reference: referral.reference,
    version: referral.version,
    pathway: referral.triage?.pathway ?? null,
    possibleDuplicateOf: referral.episode.possibleDuplicateOf,
  };
}

export interface ActionHooks {
  /** Load the referral (and queue) again. */
  reload: () => Promise<void> | void;
  /** Told in words what happened, e.g. "Triage confirmed for FD-…". */
  notify: (message: string, kind: 'success' | 'warning') => void;
  /** Clinicians of the team, for assign. */
  clinicians?: Option[];
}

const options = (codes: readonly string[], labels: Record<string, string>): Option[] =>
  codes.map((code) => ({ value: code, label: labels[code] ?? code }));

const DISCHARGE_OUTCOME_LABELS: Record<string, string> = {
  goals_met: 'Goals met',
  stepped_down_to_gp: 'Back to the GP’s care',
  admitted_to_hospital: 'Admitted to hospital',
  transferred: 'Transferred to another service',
  declined_further_care: 'Declined further care',
  died: 'Died',
};

/** The fields each action asks for; reasons are required wherever the api requires them. */
function fields(action: Action, target: ActionTarget, hooks: ActionHooks): HTMLElement[] {
  const reason = (label = 'Reason', hint?: string) =>
    textarea({ field: 'reason', label, hint, rows: 3 });
  switch (action) {
    case 'override_triage':
      return [
        select({
          field: 'pathway',
          label: 'Pathway',
          options: options(PATHWAYS, PATHWAY_LABELS),
          value: target.pathway ?? undefined,
        }),
        select({
          field: 'urgency',
          label: 'Urgency',
          options: options(URGENCIES, URGENCY_LABELS),
          blank: 'Choose an urgency',
        }),
        input({
          field: 'teamCode',
          label: 'Team code (optional)',
          hint: 'Leave empty to route by the patient’s neighbourhood, as triage does.',
          width: 30,
        }),
        reason(
          'Why are you overriding the engine?',
          'Required. It is kept with the referral and the rule-set version.',
        ),
      ];
    case 'request_information':
      return [
        textarea({
          field: 'question',
          label: 'What do you need to know?',
          hint: 'The referrer sees this question.',
          rows: 3,
        }),
      ];
    case 'provide_information':
      return [textarea({ field: 'answer', label: 'Answer', rows: 3 })];
    case 'hand_back':
      return [reason('Why is the team handing it back?')];
    case 'assign':
      return [
        hooks.clinicians?.length
          ? choices('radios', {
              field: 'clinicianId',
              label: 'Assign to',
              small: true,
              options: hooks.clinicians,
            })
          : input({ field: 'clinicianId', label: 'Clinician’s id', width: 20 }),
      ];
    case 'record_contact': {
      const now = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000)
        .toISOString()
        .slice(0, 16);
      return [
        input({ field: 'at', label: 'When?', type: 'datetime-local', value: now }),
        choices('radios', {
          field: 'faceToFace',
          label: 'Was it face to face?',
          hint: 'A face-to-face contact stops the response clock.',
          inline: true,
          small: true,
          options: [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ],
        }),
      ];
    }
    case 'step_up':
    case 'step_down':
      return [
        select({
          field: 'pathway',
          label: 'New pathway',
          options: options(TEAM_PATHWAYS, PATHWAY_LABELS),
        }),
        select({
          field: 'urgency',
          label: 'Urgency (optional)',
          options: options(URGENCIES, URGENCY_LABELS),
          blank: 'Keep the current clock',
        }),
        reason(),
      ];
    case 'discharge':
      return [
        select({
          field: 'outcome',
          label: 'Outcome',
          options: options(DISCHARGE_OUTCOMES, DISCHARGE_OUTCOME_LABELS),
        }),
        textarea({ field: 'summary.reasonForReferral', label: 'Reason for referral', rows: 2 }),
        textarea({ field: 'summary.whatWasDone', label: 'What was done', rows: 3 }),
        textarea({
          field: 'summary.informationGiven',
          label: 'Information given to the patient and carers',
          rows: 2,
        }),
        select({
          field: 'summary.advanceCarePlan.respect',
          label: 'ReSPECT',
          options: options(RESPECT_STATUSES, {
            in_place: 'In place',
            discussed: 'Discussed',
            declined: 'Declined',
            not_applicable: 'Not applicable',
          }),
        }),
        textarea({
          field: 'gpActions',
          label: 'Actions for the GP (optional)',
          hint: 'One a line.',
          rows: 3,
        }),
      ];
    case 'redirect':
      return [
        input({
          field: 'destination',
          label: 'Where to?',
          hint: 'For example, 999 ambulance or Medway Maritime emergency department',
        }),
        reason(),
      ];
    case 'transfer_out':
      return [
        input({ field: 'destination', label: 'Which service?' }),
        textarea({ field: 'reason', label: 'Reason (optional)', rows: 2 }),
      ];
    case 'cancel':
      return [
        choices('radios', {
          field: 'reason',
          label: 'Why close it?',
          small: true,
          checked: target.possibleDuplicateOf ? ['duplicate'] : [],
          options: [
            {
              value: 'duplicate',
              label: 'Duplicate',
              hint: target.possibleDuplicateOf
                ? `Of ${target.possibleDuplicateOf.reference}, which stays open`
                : 'Another referral for the same need is open',
            },
            { value: 'withdrawn', label: 'Withdrawn by the referrer' },
            { value: 'died', label: 'The patient died' },
            { value: 'entered_in_error', label: 'Entered in error' },
          ],
        }),
        textarea({
          field: 'notes',
          label: 'Notes (optional)',
          rows: 2,
          value: target.possibleDuplicateOf
            ? `Duplicate of ${target.possibleDuplicateOf.reference}`
            : undefined,
        }),
      ];
    default:
      return [];
  }
}

/** The body of an action from its form, and what is missing before the api is asked. */
function bodyOf(
  action: Action,
  form: HTMLFormElement,
  target: ActionTarget,
): { body: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const body: Record<string, unknown> = { version: target.version };
  const need = (name: string, message: string) => {
    const value = text(form, name);
    if (!value) errors.push({ field: name, message });
    return value;
  };
  switch (action) {
    case 'override_triage':
      body.pathway = need('pathway', 'Choose a pathway');
      body.urgency = need('urgency', 'Choose an urgency');
      if (text(form, 'teamCode')) body.teamCode = text(form, 'teamCode');
      body.reason = need('reason', 'Give a reason for overriding the engine');
      break;
    case 'request_information':
      body.question = need('question', 'Write the question for the referrer');
      break;
    case 'provide_information':
      body.answer = need('answer', 'Write the answer');
      break;
    case 'hand_back':
    case 'redirect':
      if (action === 'redirect')
        body.destination = need('destination', 'Say where the patient is being directed');
      body.reason = need('reason', 'Give a reason');
      break;
    case 'assign':
      body.clinicianId = need('clinicianId', 'Choose a clinician');
      break;
    case 'record_contact': {
      const at = need('at', 'Enter when the contact was');
      if (at) body.at = new Date(at).toISOString();
      const faceToFace = need('faceToFace', 'Say whether it was face to face');
      body.faceToFace = faceToFace === 'yes';
      break;
    }
    case 'step_up':
    case 'step_down':
      body.pathway = need('pathway', 'Choose a pathway');
      if (text(form, 'urgency')) body.urgency = text(form, 'urgency');
      body.reason = need('reason', 'Give a reason');
      break;
    case 'discharge':
      body.outcome = need('outcome', 'Choose an outcome');
      body.summary = {
        reasonForReferral: need('summary.reasonForReferral', 'Give the reason for referral'),
        pathways: target.pathway ? [target.pathway] : [],
        whatWasDone: need('summary.whatWasDone', 'Say what was done'),
        medicinesChanges: [],
        advanceCarePlan: {
          respect: need('summary.advanceCarePlan.respect', 'Choose the ReSPECT status'),
        },
        informationGiven: need('summary.informationGiven', 'Say what information was given'),
      };
      body.gpActions = (text(form, 'gpActions') ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      break;
    case 'transfer_out':
      body.destination = need('destination', 'Name the service');
      if (text(form, 'reason')) body.reason = text(form, 'reason');
      break;
    case 'cancel':
      body.reason = need('reason', 'Choose why it is being closed');
      if (text(form, 'notes')) body.notes = text(form, 'notes');
      break;
    default:
      break;
  }
  return { body, errors };
}

/** Buttons for the allowed actions; one opens its form below them. */
export function actionButtons(
  target: ActionTarget,
  allowed: readonly Action[],
  hooks: ActionHooks,
  openNow?: Action,
): HTMLElement {
  const area = h('div', { class: 'app-action-form' });
  const wrapper = h('div', { class: 'app-actions' });
  if (!allowed.length) {
    replace(
      wrapper,
      h(
        'p',
        { class: 'nhsuk-body app-muted' },
        'There is nothing you can do to this referral now.',
      ),
    );
    return wrapper;
  }
  const buttons = h(
    'div',
    { class: 'nhsuk-button-group app-action-buttons' },
    allowed.map((action) => {
      const kind =
        action === 'confirm_triage' || action === 'accept'
          ? 'primary'
          : action === 'cancel' || action === 'redirect'
            ? 'warning'
            : 'secondary';
      const b = button(
        action === 'cancel' && target.possibleDuplicateOf
          ? 'Cancel as duplicate'
          : ACTION_LABELS[action],
        { kind, type: 'button' },
      );
      b.dataset.action = action;
      b.addEventListener('click', () => open(action));
      return b;
    }),
  );

  const submit = async (action: Action, form: HTMLFormElement | null, summary: HTMLElement) => {
    const { body, errors } = form
      ? bodyOf(action, form, target)
      : { body: { version: target.version }, errors: [] };
    if (errors.length && form) {
      showErrors(form, summary, errors);
      return;
    }
    try {
      await api<ActionAnswer>('POST', `/api/v1/referrals/${target.id}/actions/${action}`, body);
      hooks.notify(`${ACTION_LABELS[action]}: done for ${target.reference}.`, 'success');
      await hooks.reload();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        hooks.notify(
          `${target.reference} was changed by someone else since you loaded it. It has been reloaded: check it and try again.`,
          'warning',
        );
        await hooks.reload();
      } else if (
        error instanceof ApiError &&
        error.status === 400 &&
        error.body.details?.length &&
        form
      ) {
        showErrors(form, summary, error.body.details);
      } else if (error instanceof ApiError && error.status === 422) {
        hooks.notify(`${error.body.message}. The referral has been reloaded.`, 'warning');
        await hooks.reload();
      } else {
        hooks.notify(problem(error), 'warning');
      }
    }
  };

  const open = (action: Action) => {
    const spec = fields(action, target, hooks);
    const summary = h('div');
    if (!spec.length) {
      replace(area);
      void submit(action, null, summary);
      return;
    }
    const form = h(
      'form',
      {
        novalidate: true,
        class: 'nhsuk-card app-card-form',
        'aria-labelledby': 'action-form-title',
      },
      h(
        'div',
        { class: 'nhsuk-card__content' },
        summary,
        h(
          'h3',
          { class: 'nhsuk-card__heading', id: 'action-form-title' },
          `${ACTION_LABELS[action]}: ${target.reference}`,
        ),
        h('p', { class: 'nhsuk-body-s app-muted' }, TRANSITIONS[action].summary),
        ...spec,
        h(
          'div',
          { class: 'nhsuk-button-group' },
          button(ACTION_LABELS[action], {
            kind: action === 'cancel' || action === 'redirect' ? 'warning' : 'primary',
          }),
          h('a', { href: '#', class: 'nhsuk-link app-close-form' }, 'Do not do this'),
        ),
      ),
    );
    form.dataset.action = action;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearSummary(summary);
      void submit(action, form, summary);
    });
    form.querySelector('.app-close-form')?.addEventListener('click', (event) => {
      event.preventDefault();
      replace(area);
      buttons.querySelector<HTMLElement>(`[data-action="${action}"]`)?.focus();
    });
    replace(area, form);
    form.querySelector<HTMLElement>('input, select, textarea')?.focus();
  };

  replace(wrapper, buttons, area);
  if (openNow && allowed.includes(openNow)) open(openNow);
  return wrapper;
}

/** A message after an action, announced to screen readers. */
export function notice(host: HTMLElement, message: string, kind: 'success' | 'warning'): void {
  replace(
    host,
    kind === 'warning'
      ? warningCallout('Check this referral', h('p', { role: 'alert' }, message))
      : h('div', { class: 'nhsuk-inset-text app-success', role: 'status' }, h('p', null, message)),
  );
}
