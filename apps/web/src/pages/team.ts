import { allowedActionsFor } from '@frontdoor/auth/authorise';
import { PATHWAYS, URGENCIES } from '@frontdoor/domain/codes';
import type { Action } from '@frontdoor/domain';
import { actionButtons, notice } from '../actions';
import { api, problem } from '../api';
import {
  button,
  choices,
  select,
  summaryList,
  tag,
  warningCallout,
  type Option,
} from '../components';
import { h, replace } from '../dom';
import { text } from '../forms';
import { label, PATHWAY_LABELS, URGENCY_LABELS } from '../labels';
import { connectLive, type LiveStatus } from '../live';
import type { Page } from '../page';
import { queueTable, tick } from '../queue-table';
import { beep, setSound, soundOn } from '../sound';
import type { QueueItem, QueueSnapshot, TeamView } from '../types';

interface DevUser {
  id: string;
  name: string;
  roles: string[];
  teamIds: string[];
}

/** The team's clinicians to assign to: the seeded people on a development api, else typed. */
async function cliniciansOf(team: string): Promise<Option[]> {
  try {
    const { users } = await api<{ users: DevUser[] }>('GET', '/api/v1/dev/users');
    return users
      .filter((user) => user.teamIds.includes(team) && user.roles.includes('clinician'))
      .map((user) => ({ value: user.id, label: user.name }));
  } catch {
    return [];
  }
}

/**
 * The team lead's board: the team's queue against the response clocks (a countdown to each
 * deadline, its state in words and colour), breach alerts that stand out (with a sound that
 * can be switched off), capacity and mutual aid, assign and reassign, filters.
 */
export const teamPage: Page = async (main, context) => {
  const code = context.params.code ?? '';
  const principal = context.session?.principal;
  if (!principal) return;
  context.title(`Team board: ${code}`);

  let team: TeamView;
  try {
    team = await api<TeamView>('GET', `/api/v1/teams/${encodeURIComponent(code)}`);
  } catch (error) {
    replace(
      main,
      h('h1', null, 'Team board'),
      warningCallout('This team could not be loaded', h('p', null, problem(error))),
    );
    return;
  }
  context.title(`Team board: ${team.name}`);
  const clinicians = await cliniciansOf(code);

  let items: QueueItem[] = [];
  /** How many more the queue holds than the snapshot carried (it stops at its limit). */
  let beyond = 0;
  const alerted = new Set<string>();
  let shownAlerts = '';
  const capacityHost = h('div');
  const alertHost = h('div', { role: 'alert', class: 'app-alerts' });
  const noticeHost = h('div', { 'aria-live': 'polite' });
  const queueHost = h('div', { class: 'app-queue' });
  const formHost = h('div', { id: 'board-action' });
  const liveStatus = h('p', { class: 'nhsuk-body-s app-live-status', role: 'status' });

  const filters = h(
    'form',
    { class: 'app-filters', novalidate: true, 'aria-label': 'Filter the queue' },
    select({
      field: 'filter.pathway',
      label: 'Pathway',
      blank: 'All pathways',
      options: PATHWAYS.map((value) => ({ value, label: PATHWAY_LABELS[value] })),
    }),
    select({
      field: 'filter.urgency',
      label: 'Urgency',
      blank: 'All urgencies',
      options: URGENCIES.map((value) => ({ value, label: URGENCY_LABELS[value] })),
    }),
  );
  const sound = choices('checkboxes', {
    field: 'sound',
    label: 'Alerts',
    small: true,
    options: [{ value: 'on', label: 'Play a sound when a response deadline is breached' }],
    checked: soundOn() ? ['on'] : [],
  });
  sound.addEventListener('change', (event) => setSound((event.target as HTMLInputElement).checked));

  const openAction = (item: QueueItem, action: Action) => {
    replace(
      formHost,
      actionButtons(
        { id: item.id, reference: item.reference, version: item.version, pathway: item.pathway },
        [action],
        {
          reload: async () => {
            replace(formHost);
            await live.refresh();
          },
          notify: (message, kind) => notice(noticeHost, message, kind),
          clinicians,
        },
        action,
      ),
    );
    formHost.scrollIntoView({ block: 'nearest' });
  };

  const rowActions = (item: QueueItem) => {
    const allowed = allowedActionsFor(principal, item.status, {
      teamCode: item.team,
      assignee: item.assignee,
    });
    const wanted: Action[] = [];
    if (allowed.includes('accept')) wanted.push('accept');
    if (allowed.includes('assign')) wanted.push('assign');
    if (!wanted.length) return item.assignee ? `Assigned to ${item.assignee}` : '';
    return h(
      'span',
      { class: 'app-row-actions' },
      item.assignee && h('span', { class: 'nhsuk-body-s' }, `${item.assignee} `),
      wanted.map((action) => {
        const b = button(action === 'accept' ? 'Accept' : item.assignee ? 'Reassign' : 'Assign', {
          kind: 'secondary',
          type: 'button',
          small: true,
        });
        b.setAttribute('aria-label', `${b.textContent ?? ''} ${item.reference}`);
        b.addEventListener('click', () => openAction(item, action));
        return b;
      }),
    );
  };

  const draw = () => {
    const pathway = text(filters, 'filter.pathway') ?? '';
    const urgency = text(filters, 'filter.urgency') ?? '';
    const shown = items.filter(
      (item) => (!pathway || item.pathway === pathway) && (!urgency || item.urgency === urgency),
    );
    replace(
      queueHost,
      shown.length
        ? queueTable(
            `${team.name}: ${shown.length}${pathway || urgency ? ' (filtered)' : ''}${beyond > 0 ? `, ${beyond} more not shown` : ''}`,
            shown,
            {
              href: (item) => `/referrals/${item.id}`,
              extra: [{ heading: 'Assignee', cell: rowActions }],
            },
          )
        : h(
            'p',
            { class: 'nhsuk-body' },
            items.length
              ? 'No referrals match these filters.'
              : 'Nothing is waiting for this team.',
          ),
    );
    alarm();
  };
  filters.addEventListener('change', draw);

  const drawCapacity = () => {
    const { capacity } = team;
    replace(
      capacityHost,
      summaryList([
        ['Caseload', `${capacity.openCaseload} of ${capacity.caseloadLimit}`],
        ...(capacity.beds !== null
          ? [
              ['Virtual ward beds', `${capacity.bedsInUse ?? 0} of ${capacity.beds} in use`] as [
                string,
                string,
              ],
            ]
          : []),
        [
          'Capacity',
          capacity.atCapacity
            ? h(
                'span',
                null,
                tag('At capacity', 'red'),
                ' New urgent referrals go to a partner team (mutual aid).',
              )
            : tag('Taking referrals', 'green'),
        ],
        [
          'Mutual aid',
          items.some((item) => item.flags.includes('mutual_aid'))
            ? h(
                'span',
                null,
                tag('Mutual aid', 'purple'),
                ` ${items.filter((item) => item.flags.includes('mutual_aid')).length} referral(s) from a partner team’s area`,
              )
            : 'None',
        ],
      ]),
    );
  };

  /** Breaches stand out: a callout listing them, and one beep for each new one. */
  const alarm = () => {
    const breached = tick(queueHost);
    const byId = new Map(items.map((item) => [item.id, item]));
    const fresh = breached.filter((id) => !alerted.has(id));
    fresh.forEach((id) => alerted.add(id));
    if (fresh.length) beep();
    const list = breached.map((id) => byId.get(id)).filter((item): item is QueueItem => !!item);
    // Redrawn only when the list changes, so a screen reader hears each change once.
    const key = list.map((item) => item.id).join(',');
    if (key === shownAlerts) return;
    shownAlerts = key;
    replace(
      alertHost,
      list.length > 0 &&
        h(
          'div',
          { class: 'app-breach' },
          h(
            'h2',
            { class: 'app-breach__title' },
            `${list.length} response deadline${list.length === 1 ? '' : 's'} breached`,
          ),
          h(
            'ul',
            { class: 'nhsuk-list' },
            list.map((item) =>
              h(
                'li',
                null,
                h('a', { href: `/referrals/${item.id}` }, item.reference),
                ` ${label(PATHWAY_LABELS, item.pathway)}, ${item.patient.initials ?? ''} ${item.patient.age ?? ''}`,
              ),
            ),
          ),
        ),
    );
  };

  const live = connectLive<QueueItem>({
    token: context.session?.token ?? '',
    room: `team:${code}`,
    snapshot: async () => {
      try {
        const [snapshot, latest] = await Promise.all([
          api<QueueSnapshot>('GET', `/api/v1/queues/teams/${encodeURIComponent(code)}`),
          api<TeamView>('GET', `/api/v1/teams/${encodeURIComponent(code)}`),
        ]);
        beyond = snapshot.total - snapshot.items.length;
        team = latest;
        drawCapacity();
        return snapshot;
      } catch (error) {
        replace(
          queueHost,
          warningCallout('The queue could not be loaded', h('p', null, problem(error))),
        );
        throw error;
      }
    },
    render: (list) => {
      items = [...list];
      draw();
    },
    onAlert: (alertEvent) => {
      if (alertEvent.level === 'breached' && !alerted.has(alertEvent.id)) beep();
    },
    onStatus: (status: LiveStatus) => {
      liveStatus.textContent =
        status === 'live'
          ? 'Live: updates as referrals change.'
          : 'Live updates unavailable: refreshing every 15 seconds.';
    },
  });

  await live.refresh();
  replace(
    main,
    h(
      'div',
      { class: 'app-workspace-header' },
      h(
        'h1',
        { class: 'nhsuk-heading-l nhsuk-u-margin-bottom-2' },
        h('span', { class: 'nhsuk-caption-m' }, 'Team board'),
        team.name,
      ),
      liveStatus,
    ),
    alertHost,
    noticeHost,
    h(
      'div',
      { class: 'app-board-top' },
      capacityHost,
      h('div', { class: 'app-board-controls' }, filters, sound),
    ),
    formHost,
    queueHost,
  );

  const timer = window.setInterval(alarm, 1000);
  return () => {
    live.close();
    window.clearInterval(timer);
  };
};
