import { ageInYears } from '@frontdoor/nhs/age';
import { card, summaryList, tag, warningCallout } from './components';
import { clockNow, clockTag, countdown } from './clock';
import { h, type Child } from './dom';
import {
  FLAG_LABELS,
  label,
  NEED_LABELS,
  PATHWAY_LABELS,
  REFERRER_TYPE_LABELS,
  STATUS_COLOURS,
  STATUS_LABELS,
  URGENCY_LABELS,
} from './labels';
import { spanMatches } from './highlight';
import {
  evidenceList,
  evidenceOf,
  highlighted,
  highlightKey,
  phrasesOf,
  setAsideList,
} from './text-evidence';
import type { ReferralView, TextField } from './types';

export const when = (iso: string | null | undefined): string =>
  iso
    ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })
    : 'Not set';

export const statusTag = (status: ReferralView['status']) =>
  tag(STATUS_LABELS[status], STATUS_COLOURS[status]);

export function flagTags(flags: readonly string[]): Child {
  if (!flags.length) return 'None';
  return h(
    'ul',
    { class: 'nhsuk-list app-tag-list' },
    flags.map((flag) =>
      h(
        'li',
        null,
        tag(
          FLAG_LABELS[flag] ?? flag,
          flag === 'possible_duplicate' || flag === 'data_conflict'
            ? 'orange'
            : flag === 'mutual_aid'
              ? 'purple'
              : 'blue',
        ),
      ),
    ),
  );
}

/** The free-text fields the engine reads, as the referral holds them. */
const freeText = (referral: ReferralView): Partial<Record<TextField, string>> => ({
  'clinical.summary': referral.clinical.summary,
  ...(referral.patient.communicationNeeds !== undefined && {
    'patient.communicationNeeds': referral.patient.communicationNeeds,
  }),
});

/** Who the patient is and what the referrer said, with the words the engine read marked. */
export function patientSummary(referral: ReferralView): HTMLElement {
  const { patient, clinical, referrer } = referral;
  const summaryPhrases = phrasesOf(referral.triage, 'clinical.summary');
  const needsPhrases = phrasesOf(referral.triage, 'patient.communicationNeeds');
  const anyMarked =
    summaryPhrases.some((phrase) => spanMatches(clinical.summary, phrase)) ||
    (patient.communicationNeeds !== undefined &&
      needsPhrases.some((phrase) => spanMatches(patient.communicationNeeds ?? '', phrase)));
  const name =
    [patient.givenName, patient.familyName].filter(Boolean).join(' ') || 'Name not given';
  const age = patient.dateOfBirth ? ageInYears(patient.dateOfBirth, new Date()) : null;
  return summaryList([
    ['Patient', name],
    ['NHS number', patient.nhsNumber ?? 'Not given'],
    [
      'Date of birth',
      patient.dateOfBirth
        ? `${patient.dateOfBirth}${age !== null ? ` (${age})` : ''}`
        : 'Not given',
    ],
    ['Postcode', patient.postcode ?? 'Not given'],
    [
      'Communication needs',
      patient.communicationNeeds
        ? highlighted(patient.communicationNeeds, needsPhrases)
        : 'None given',
    ],
    [
      'Referred by',
      [
        label(REFERRER_TYPE_LABELS, referrer.type),
        referrer.organisation?.name,
        referrer.organisation?.odsCode,
        referrer.name,
        referrer.phone,
      ]
        .filter(Boolean)
        .join(', '),
    ],
    [
      'What is happening',
      [
        h('span', { class: 'app-summary-text' }, highlighted(clinical.summary, summaryPhrases)),
        anyMarked && highlightKey(),
      ],
    ],
    ['Needs', clinical.presentingNeeds.map((need) => NEED_LABELS[need]?.label ?? need).join(', ')],
    ['Received', when(referral.receivedAt)],
  ]);
}

/** The engine's suggestion: pathway, urgency, team, red flags, and the rules that decided. */
export function triageCard(referral: ReferralView): HTMLElement {
  const triage = referral.triage;
  if (!triage)
    return card(
      'Triage',
      h(
        'p',
        { class: 'nhsuk-body' },
        'The engine has not triaged this referral yet. It usually takes a few seconds.',
      ),
    );
  const duplicate = referral.episode.possibleDuplicateOf;
  const fields = freeText(referral);
  return h(
    'div',
    null,
    triage.redFlags.length > 0 &&
      warningCallout(
        'Red flags',
        h(
          'ul',
          { class: 'nhsuk-list nhsuk-list--bullet' },
          triage.redFlags.map((flag) => h('li', null, flag.reason)),
        ),
      ),
    duplicate &&
      warningCallout(
        'Possible duplicate',
        h(
          'p',
          null,
          `This may be the same need as ${duplicate.reference} (${STATUS_LABELS[duplicate.status as ReferralView['status']] ?? duplicate.status}${duplicate.team ? `, ${duplicate.team.name}` : ''}). `,
          h('a', { href: `/referrals/${duplicate.id}` }, `Open ${duplicate.reference}`),
        ),
      ),
    card(
      triage.decidedBy === 'engine' ? 'The engine suggests' : 'Triaged by a clinician',
      summaryList([
        ['Pathway', label(PATHWAY_LABELS, triage.pathway)],
        ['Urgency', label(URGENCY_LABELS, triage.urgency)],
        ['Team', triage.suggestedTeam?.name ?? 'No team serves this pathway here'],
        ['Respond by', triage.responseDueAt ? when(triage.responseDueAt) : 'No community clock'],
        ['Flags', flagTags(referral.flags)],
        ...(triage.mutualAid
          ? [
              [
                'Mutual aid',
                `${triage.mutualAid.reason} (home team ${triage.mutualAid.homeTeam})`,
              ] as [string, Child],
            ]
          : []),
        ...(triage.override
          ? [
              [
                'Override',
                `${triage.override.reason} (by ${triage.override.by}, ${when(triage.override.at)})`,
              ] as [string, Child],
            ]
          : []),
      ]),
      h('h3', { class: 'nhsuk-heading-s' }, 'Why'),
      h(
        'ol',
        { class: 'nhsuk-list nhsuk-list--number app-reasons' },
        triage.reasons.map((reason) =>
          h(
            'li',
            null,
            reason.text,
            h('br'),
            h(
              'span',
              { class: 'nhsuk-body-s app-muted' },
              `Rule ${reason.ruleId}${reason.source ? `; source: ${reason.source}` : ''}`,
            ),
            evidenceList(evidenceOf(reason), fields),
          ),
        ),
      ),
      setAsideList(triage, fields),
      h('p', { class: 'nhsuk-body-s app-muted' }, `Rule set ${triage.ruleSetVersion}`),
    ),
  );
}

/** The response clock: due, countdown, state in words. */
export function clockSummary(referral: ReferralView): HTMLElement {
  const state = referral.responseDueAt
    ? clockNow({
        clockState: referral.clockState,
        receivedAt: referral.clock?.startedAt ?? referral.receivedAt,
        responseDueAt: referral.responseDueAt,
      })
    : referral.clockState;
  return summaryList([
    ['Clock', clockTag(state)],
    ['Started', when(referral.clock?.startedAt)],
    [
      'Respond by',
      referral.responseDueAt
        ? `${when(referral.responseDueAt)}${state !== 'stopped' ? ` (${countdown(referral.responseDueAt)})` : ''}`
        : 'No community clock',
    ],
    ['Stopped', referral.clock?.stoppedAt ? when(referral.clock.stoppedAt) : 'Running'],
    ['Team', referral.team?.name ?? 'Not yet with a team'],
    ['Assigned to', referral.assignee ?? 'Nobody yet'],
  ]);
}
