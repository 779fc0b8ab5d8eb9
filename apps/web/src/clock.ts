import { clockStateOf } from '@frontdoor/domain/clock';
import type { ClockState } from '@frontdoor/domain';
import { CLOCK_LABELS } from './labels';
import { h } from './dom';

/** "1 h 05 min left", "12 min overdue". */
export function countdown(dueAt: string, now = Date.now()): string {
  const ms = new Date(dueAt).getTime() - now;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const seconds = Math.floor((Math.abs(ms) % 60_000) / 1000);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  const text =
    days >= 2
      ? `${days} days`
      : hours >= 1
        ? `${hours} h ${String(minutes % 60).padStart(2, '0')} min`
        : `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return ms >= 0 ? `${text} left` : `${text} overdue`;
}

const SEVERITY: Record<ClockState, number> = { stopped: 0, on_time: 1, at_risk: 2, breached: 3 };

/**
 * The clock's state now: the snapshot's, moved on by the passing time (the clock runs from
 * receipt; the api's at-risk point is 75 % of the target), never back.
 */
export function clockNow(
  item: { clockState: ClockState | null; receivedAt: string; responseDueAt: string | null },
  now = Date.now(),
): ClockState | null {
  if (!item.clockState || item.clockState === 'stopped' || !item.responseDueAt) {
    return item.clockState;
  }
  const local = clockStateOf(
    { startedAt: new Date(item.receivedAt), dueAt: new Date(item.responseDueAt), stoppedAt: null },
    new Date(now),
  );
  return SEVERITY[local] > SEVERITY[item.clockState] ? local : item.clockState;
}

/** The clock as a tag with words, for tables and summaries. */
export function clockTag(state: ClockState | null): HTMLElement {
  if (!state) return h('span', { class: 'app-muted' }, 'No clock');
  const { text, colour } = CLOCK_LABELS[state];
  return h(
    'strong',
    { class: `nhsuk-tag nhsuk-tag--${colour} app-clock app-clock--${state}` },
    text,
  );
}
