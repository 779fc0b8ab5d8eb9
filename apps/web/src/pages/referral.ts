import { allowedActionsFor } from '@frontdoor/auth/authorise';
import { actionButtons, actionTarget, notice } from '../actions';
import { api, problem } from '../api';
import { backLink, table, warningCallout } from '../components';
import { h, replace } from '../dom';
import { ACTION_LABELS, STATUS_LABELS } from '../labels';
import type { Page } from '../page';
import { clockSummary, patientSummary, statusTag, triageCard, when } from '../referral-view';
import type { ReferralView, TimelineEvent } from '../types';

const EVENT_LABELS: Record<string, string> = {
  received: 'Received',
  triaged: 'Triaged by the engine',
  ...ACTION_LABELS,
};

function describe(event: TimelineEvent): string {
  const parts: string[] = [];
  if (event.fromStatus && event.toStatus && event.fromStatus !== event.toStatus) {
    parts.push(`${STATUS_LABELS[event.fromStatus]} to ${STATUS_LABELS[event.toStatus]}`);
  }
  if (event.reason) parts.push(`Reason: ${event.reason}`);
  const data = event.data;
  for (const key of [
    'question',
    'answer',
    'destination',
    'clinicianId',
    'team',
    'pathway',
    'urgency',
    'outcome',
  ] as const) {
    const value = data[key];
    if (typeof value === 'string' && value)
      parts.push(`${key === 'clinicianId' ? 'clinician' : key}: ${value}`);
  }
  return parts.join('. ');
}

/** A referral in full: who, what, the engine's reasons, clocks, team, the timeline and the actions. */
export const referralPage: Page = async (main, context) => {
  const id = context.params.id ?? '';
  const principal = context.session?.principal;
  if (!principal) return;
  const noticeHost = h('div', { 'aria-live': 'polite' });

  const load = async () => {
    try {
      const [referral, events] = await Promise.all([
        api<ReferralView>('GET', `/api/v1/referrals/${encodeURIComponent(id)}`),
        api<TimelineEvent[]>('GET', `/api/v1/referrals/${encodeURIComponent(id)}/events`),
      ]);
      context.title(`Referral ${referral.reference}`);
      const allowed = allowedActionsFor(principal, referral.status, {
        teamCode: referral.team?.code ?? null,
        assignee: referral.assignee,
        orgCodes: [referral.referrer.organisation?.odsCode ?? null],
      });
      const back = principal.roles.includes('coordinator')
        ? '/hub'
        : referral.team
          ? `/team/${referral.team.code}`
          : '/';
      replace(
        main,
        backLink(
          back,
          principal.roles.includes('coordinator')
            ? 'Back to the hub queue'
            : 'Back to the team board',
        ),
        h(
          'h1',
          { class: 'nhsuk-heading-l' },
          h('span', { class: 'nhsuk-caption-l' }, 'Referral'),
          referral.reference,
        ),
        h('p', { class: 'nhsuk-body' }, statusTag(referral.status)),
        noticeHost,
        h(
          'div',
          { class: 'nhsuk-grid-row' },
          h(
            'div',
            { class: 'nhsuk-grid-column-one-half' },
            h('h2', { class: 'nhsuk-heading-m' }, 'Clock and team'),
            clockSummary(referral),
            h('h2', { class: 'nhsuk-heading-m' }, 'What you can do'),
            actionButtons(actionTarget(referral), allowed, {
              reload: load,
              notify: (message, kind) => notice(noticeHost, message, kind),
            }),
          ),
          h(
            'div',
            { class: 'nhsuk-grid-column-one-half' },
            h('h2', { class: 'nhsuk-heading-m' }, 'Triage'),
            triageCard(referral),
          ),
        ),
        h('h2', { class: 'nhsuk-heading-m' }, 'The patient and the referral'),
        patientSummary(referral),
        table(
          'Timeline',
          ['When', 'What', 'Who', 'Details'],
          events.map((event) => ({
            cells: [
              when(event.at),
              EVENT_LABELS[event.type] ?? event.type,
              event.actor.id
                ? `${event.actor.id}${event.actor.role ? ` (${event.actor.role.replace(/_/g, ' ')})` : ''}`
                : 'Front Door',
              describe(event) || '—',
            ],
          })),
        ),
      );
    } catch (error) {
      replace(
        main,
        h('h1', null, 'Referral'),
        warningCallout('This referral could not be loaded', h('p', null, problem(error))),
      );
    }
  };
  await load();
};
