import { allowedActionsFor } from '@frontdoor/auth/authorise';
import type { Action } from '@frontdoor/domain';
import { actionButtons, actionTarget, notice } from '../actions';
import { api, problem } from '../api';
import { card, warningCallout } from '../components';
import { h, replace } from '../dom';
import { connectLive, type LiveStatus } from '../live';
import type { Page } from '../page';
import { queueTable, tick } from '../queue-table';
import { patientSummary, statusTag, triageCard } from '../referral-view';
import type { QueueItem, QueueSnapshot, ReferralView } from '../types';

/** What the hub does to a referral from its workspace. */
const HUB_ACTIONS: readonly Action[] = [
  'confirm_triage',
  'override_triage',
  'request_information',
  'provide_information',
  'redirect',
  'transfer_out',
  'cancel',
];

/**
 * The coordinator workspace: the hub queue (red flags first, then by due time, as the api
 * orders it) and, beside it, the chosen referral with the engine's suggestion and the actions.
 */
export const hubPage: Page = async (main, context) => {
  context.title('Hub queue');
  const principal = context.session?.principal;
  if (!principal) return;
  const selected = context.params.id ?? null;
  const queueHost = h('div', { class: 'app-queue' });
  const detailHost = h('div', { class: 'app-detail' });
  const noticeHost = h('div', { 'aria-live': 'polite' });
  const liveStatus = h('p', { class: 'nhsuk-body-s app-live-status', role: 'status' });

  const setStatus = (status: LiveStatus) => {
    liveStatus.textContent =
      status === 'live'
        ? 'Live: updates as referrals change.'
        : 'Live updates unavailable: refreshing every 15 seconds.';
  };
  let beyond = 0;
  const live = connectLive<QueueItem>({
    token: context.session?.token ?? '',
    room: 'hub',
    snapshot: async () => {
      try {
        const snapshot = await api<QueueSnapshot>('GET', '/api/v1/queues/hub');
        beyond = snapshot.total - snapshot.items.length;
        return snapshot;
      } catch (error) {
        replace(
          queueHost,
          warningCallout('The hub queue could not be loaded', h('p', null, problem(error))),
        );
        throw error;
      }
    },
    render: (items) =>
      replace(
        queueHost,
        items.length
          ? queueTable(
              `Waiting for the hub: ${items.length}${beyond > 0 ? ` shown, ${beyond} more` : ''}`,
              items,
              { href: (item) => `/hub/${item.id}`, current: selected ?? undefined },
            )
          : h('p', { class: 'nhsuk-body' }, 'Nothing is waiting for the hub.'),
      ),
    onStatus: setStatus,
  });

  const loadDetail = async () => {
    if (!selected) {
      replace(
        detailHost,
        card(
          'Choose a referral',
          h(
            'p',
            { class: 'nhsuk-body' },
            'Select a referral in the queue to see the engine’s suggestion and act on it.',
          ),
        ),
      );
      return;
    }
    try {
      const referral = await api<ReferralView>('GET', `/api/v1/referrals/${selected}`);
      const allowed = allowedActionsFor(principal, referral.status, {
        teamCode: referral.team?.code ?? null,
        assignee: referral.assignee,
        orgCodes: [referral.referrer.organisation?.odsCode ?? null],
      }).filter((action) => HUB_ACTIONS.includes(action));
      replace(
        detailHost,
        h(
          'h2',
          { class: 'nhsuk-heading-l' },
          h('span', { class: 'nhsuk-caption-m' }, 'Referral'),
          referral.reference,
        ),
        h(
          'p',
          { class: 'nhsuk-body' },
          statusTag(referral.status),
          ' ',
          h('a', { href: `/referrals/${referral.id}` }, 'Full record and timeline'),
        ),
        triageCard(referral),
        h('h3', { class: 'nhsuk-heading-m' }, 'Act on it'),
        actionButtons(actionTarget(referral), allowed, {
          reload: async () => {
            await Promise.all([live.refresh(), loadDetail()]);
          },
          notify: (message, kind) => notice(noticeHost, message, kind),
        }),
        h('h3', { class: 'nhsuk-heading-m' }, 'The patient and the referral'),
        patientSummary(referral),
      );
    } catch (error) {
      replace(
        detailHost,
        warningCallout('This referral could not be loaded', h('p', null, problem(error))),
      );
    }
  };

  await Promise.all([live.refresh(), loadDetail()]);
  replace(
    main,
    h(
      'div',
      { class: 'app-workspace-header' },
      h('h1', { class: 'nhsuk-heading-l nhsuk-u-margin-bottom-2' }, 'Hub queue'),
      liveStatus,
    ),
    noticeHost,
    h(
      'div',
      { class: `app-workspace${selected ? ' app-workspace--with-detail' : ''}` },
      queueHost,
      detailHost,
    ),
  );

  const timer = window.setInterval(() => tick(queueHost), 1000);
  return () => {
    live.close();
    window.clearInterval(timer);
  };
};
