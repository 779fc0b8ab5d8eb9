import { api, problem } from '../api';
import { backLink, summaryList, tag, warningCallout } from '../components';
import { h, replace } from '../dom';
import { STATUS_COLOURS, STATUS_LABELS } from '../labels';
import type { Page } from '../page';
import type { StatusView } from '../types';

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** What a referrer may see of a referral: status, team, next step. */
export const statusPage: Page = async (main, context) => {
  const reference = context.params.reference ?? '';
  context.title(`Referral ${reference}`);
  try {
    const status = await api<StatusView>(
      'GET',
      `/api/v1/referrals/by-reference/${encodeURIComponent(reference)}/status`,
    );
    replace(
      main,
      backLink('/refer', 'Make another referral'),
      h('span', { class: 'nhsuk-caption-l' }, 'Referral'),
      h('h1', { class: 'app-reference' }, status.reference),
      summaryList([
        ['Status', tag(STATUS_LABELS[status.status], STATUS_COLOURS[status.status])],
        ['Team', status.team?.name ?? 'Not yet decided'],
        ['Last updated', when(status.updatedAt)],
        ['What happens next', status.nextStep],
      ]),
      status.question &&
        warningCallout('The hub has asked a question', h('p', null, status.question.text)),
    );
  } catch (error) {
    replace(
      main,
      h('h1', null, `Referral ${reference}`),
      warningCallout('We could not show this referral', h('p', null, problem(error))),
    );
  }
};
