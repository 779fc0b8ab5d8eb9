import { h } from './dom';
import { tag, table } from './components';
import { clockNow, clockTag, countdown } from './clock';
import {
  FLAG_LABELS,
  label,
  PATHWAY_LABELS,
  STATUS_COLOURS,
  STATUS_LABELS,
  URGENCY_LABELS,
} from './labels';
import type { QueueItem } from './types';
import type { Child } from './dom';

/** Urgency as a tag; 999/ED-now referrals are red and say so. */
export function urgencyTag(item: QueueItem): HTMLElement {
  if (item.urgency === 'immediate') return tag('Red flag: 999 or ED now', 'red');
  return tag(label(URGENCY_LABELS, item.urgency), item.urgency === '2_hour' ? 'orange' : 'grey');
}

const patient = (item: QueueItem) =>
  `${item.patient.initials ?? '?'}${item.patient.age !== null ? `, ${item.patient.age}` : ''}`;

/** The due time and a live countdown (updated by `tick`), with the clock's state in words. */
export function dueCell(item: QueueItem): HTMLElement {
  if (!item.responseDueAt) return h('span', null, clockTag(item.clockState));
  const state = clockNow(item);
  return h(
    'span',
    {
      class: 'app-due',
      'data-due': item.responseDueAt,
      'data-received': item.receivedAt,
      'data-state': item.clockState ?? '',
    },
    clockTag(state),
    ' ',
    h(
      'span',
      { class: 'app-countdown' },
      state === 'stopped' ? 'Responded' : countdown(item.responseDueAt),
    ),
  );
}

/** Moves every countdown on the page on, and returns the ids whose clocks are breached now. */
export function tick(root: ParentNode): string[] {
  const breached: string[] = [];
  root.querySelectorAll<HTMLElement>('.app-due').forEach((cell) => {
    const item = {
      clockState: (cell.dataset.state || null) as QueueItem['clockState'],
      receivedAt: cell.dataset.received ?? '',
      responseDueAt: cell.dataset.due ?? null,
    };
    const state = clockNow(item);
    const countdownText = cell.querySelector('.app-countdown');
    if (countdownText && item.responseDueAt && state !== 'stopped')
      countdownText.textContent = countdown(item.responseDueAt);
    const current = cell.querySelector('.app-clock');
    if (current && !current.classList.contains(`app-clock--${state}`))
      current.replaceWith(clockTag(state));
    if (state === 'breached') {
      const row = cell.closest<HTMLElement>('[data-id]');
      if (row?.dataset.id) breached.push(row.dataset.id);
    }
  });
  return breached;
}

export function queueTable(
  caption: string,
  items: readonly QueueItem[],
  options: {
    href: (item: QueueItem) => string;
    extra?: { heading: string; cell: (item: QueueItem) => Child }[];
    current?: string;
  },
): HTMLTableElement {
  const extra = options.extra ?? [];
  return table(
    caption,
    [
      'Referral',
      'Patient',
      'Urgency',
      'Pathway',
      'Response due',
      'Status',
      'Flags',
      ...extra.map((column) => column.heading),
    ],
    items.map((item) => ({
      attributes: {
        'data-id': item.id,
        ...(item.id === options.current && { class: 'nhsuk-table__row app-row--current' }),
      },
      cells: [
        h(
          'a',
          { href: options.href(item), 'aria-current': item.id === options.current ? 'page' : null },
          item.reference,
        ),
        patient(item),
        urgencyTag(item),
        label(PATHWAY_LABELS, item.pathway),
        dueCell(item),
        tag(STATUS_LABELS[item.status], STATUS_COLOURS[item.status]),
        item.flags.length || item.redFlags.length
          ? h(
              'span',
              { class: 'app-tag-list' },
              item.flags.map((flag) =>
                tag(FLAG_LABELS[flag] ?? flag, flag === 'mutual_aid' ? 'purple' : 'blue'),
              ),
            )
          : '',
        ...extra.map((column) => column.cell(item)),
      ],
    })),
  );
}
