import { h, type Child } from './dom';
import { spanMatches, splitText } from './highlight';
import { TEXT_CONTEXT_LABELS, TEXT_FIELD_LABELS } from './labels';
import type { TextEvidence, TextField, TextFinding, TriageView } from './types';

/**
 * The referrer's words as the triage engine read them: phrases it counted (affirmed or
 * possible) in a `<mark>`, red flags distinct, and phrases it set aside (negated, in the past,
 * hypothetical, about someone else) in a weaker style with how they were read. Built from text
 * nodes only: referral text is never parsed as HTML.
 */

const RED_FLAG_FACT = 'text.redFlagFindings';

const counts = (finding: Pick<TextFinding, 'context'>) =>
  finding.context === 'affirmed' || finding.context === 'possible';

/** Records triaged before the engine read free text have neither field. */
export const findingsOf = (triage: TriageView | null | undefined): TextFinding[] =>
  Array.isArray(triage?.textFindings) ? triage.textFindings : [];

export const evidenceOf = (reason: TriageView['reasons'][number]): TextEvidence[] =>
  Array.isArray(reason.evidence) ? reason.evidence : [];

/**
 * The phrases of one field: the engine's findings, plus any reason's evidence the findings do
 * not already hold (read as a red flag when the triage lists a red flag with that code).
 */
export function phrasesOf(triage: TriageView | null | undefined, field: TextField): TextFinding[] {
  const findings = findingsOf(triage).filter((finding) => finding.field === field);
  const redFlagCodes = new Set((triage?.redFlags ?? []).map((flag) => flag.code));
  const extra: TextFinding[] = [];
  for (const reason of triage?.reasons ?? []) {
    for (const evidence of evidenceOf(reason)) {
      if (evidence.field !== field) continue;
      const known = [...findings, ...extra].some(
        (finding) =>
          finding.start === evidence.start && finding.end === evidence.end && counts(finding),
      );
      if (known) continue;
      extra.push({
        ...evidence,
        termId: '',
        fact: redFlagCodes.has(evidence.code) ? RED_FLAG_FACT : '',
        cue: null,
      });
    }
  }
  return [...findings, ...extra];
}

const quote = (text: string) => `‘${text}’`;

/** "read as negated by ‘denies’", for a screen reader and the list of set-aside words. */
export function readingOf(finding: Pick<TextFinding, 'context' | 'cue'>): string {
  const reading = `read as ${TEXT_CONTEXT_LABELS[finding.context] ?? finding.context}`;
  return finding.cue?.text ? `${reading} by ${quote(finding.cue.text)}` : reading;
}

const hidden = (text: string) => h('span', { class: 'nhsuk-u-visually-hidden' }, text);

/** Overlaps go to the stronger reading: a red flag, then any counted phrase, then the rest. */
const rank = (finding: TextFinding) =>
  counts(finding) ? (finding.fact === RED_FLAG_FACT ? 2 : 1) : 0;

/** A field's text with its phrases marked; plain text when the engine matched nothing. */
export function highlighted(value: string, findings: readonly TextFinding[]): Child {
  if (!findings.some((finding) => spanMatches(value, finding))) return value;
  return h(
    'span',
    { class: 'app-free-text' },
    splitText(value, findings, rank).map((segment) => {
      if (!segment.spans.length) return segment.text;
      const counted = segment.spans.filter(counts);
      if (counted.length) {
        const redFlag = counted.some((finding) => finding.fact === RED_FLAG_FACT);
        // Read as possible only when no match there was affirmed.
        const possible = counted.every((finding) => finding.context === 'possible')
          ? counted[0]
          : undefined;
        return h(
          'mark',
          {
            class: `app-finding${redFlag ? ' app-finding--red-flag' : ''}`,
            'data-context': possible ? 'possible' : 'affirmed',
            'data-red-flag': redFlag,
          },
          redFlag && hidden('red flag: '),
          segment.text,
          possible && hidden(` (${readingOf(possible)})`),
        );
      }
      const first = segment.spans[0];
      return h(
        'span',
        { class: 'app-finding app-finding--set-aside', 'data-context': first.context },
        segment.text,
        hidden(` (${readingOf(first)})`),
      );
    }),
  );
}

/** What the highlighting means, in words (never colour alone). */
export function highlightKey(): HTMLElement {
  return h(
    'p',
    { class: 'nhsuk-body-s app-muted app-finding-key' },
    h('span', { class: 'app-finding app-finding--counted' }, 'Highlighted'),
    ': words the triage engine counted; ',
    h('span', { class: 'app-finding app-finding--red-flag' }, 'red'),
    ': red flags; ',
    h('span', { class: 'app-finding app-finding--set-aside' }, 'dotted underline'),
    ': words it read but did not count (negated, in the past, hypothetical or about someone else).',
  );
}

/** Human positions: the first character is 1, and the range includes its last character. */
const position = (value: string | undefined, evidence: TextEvidence): string | null =>
  value !== undefined && spanMatches(value, evidence)
    ? `characters ${evidence.start + 1}–${evidence.end}${
        evidence.field === 'clinical.summary' ? '' : ` of ${TEXT_FIELD_LABELS[evidence.field]}`
      }`
    : null;

/** The words that made a rule fire: “hit her head” (characters 48–59). */
export function evidenceList(
  evidence: readonly TextEvidence[],
  fields: Partial<Record<TextField, string>>,
): HTMLElement | null {
  if (!evidence.length) return null;
  return h(
    'ul',
    { class: 'nhsuk-list app-evidence' },
    evidence.map((item) => {
      const details = [
        position(fields[item.field], item),
        item.context === 'possible' ? 'read as possible' : null,
      ].filter(Boolean);
      return h(
        'li',
        { class: 'nhsuk-body-s' },
        `“${item.text}”`,
        details.length ? ` (${details.join(', ')})` : null,
      );
    }),
  );
}

/** The phrases the engine read and did not count, with how it read each one. */
export function setAsideList(
  triage: TriageView | null | undefined,
  fields: Partial<Record<TextField, string>>,
): HTMLElement | null {
  const seen = new Set<string>();
  const items = findingsOf(triage).filter((finding) => {
    if (counts(finding)) return false;
    const value = fields[finding.field];
    if (value === undefined || !spanMatches(value, finding)) return false;
    const key = `${finding.field}:${finding.start}:${finding.end}:${finding.context}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (!items.length) return null;
  items.sort((a, b) => a.field.localeCompare(b.field) || a.start - b.start);
  return h(
    'div',
    null,
    h('h3', { class: 'nhsuk-heading-s' }, 'Words read but not counted'),
    h(
      'ul',
      { class: 'nhsuk-list nhsuk-list--bullet app-set-aside' },
      items.map((finding) =>
        h('li', { class: 'nhsuk-body-s' }, `“${finding.text}”: ${readingOf(finding)}`),
      ),
    ),
  );
}
