import type { ReferralSubmission } from '@frontdoor/domain';
import type { Facts } from '../facts';
import type { TextContext, TextFinding } from './evidence';
import { TEXT_FACT_CODES, type TextFactName } from './lexicon';
import { readText, type CompiledLexicon } from './reader';

/** Read as present: the safe side counts a possible finding (outcomes-and-safety 2.3). */
const PRESENT: ReadonlySet<TextContext> = new Set(['affirmed', 'possible']);
/** A condition in the history is still a condition the person has. */
const PRESENT_CONDITION: ReadonlySet<TextContext> = new Set(['affirmed', 'possible', 'historical']);

/** Whether a finding counts as present for the fact it feeds. */
export function isPresent(finding: TextFinding): boolean {
  return (finding.fact === 'text.knownConditions' ? PRESENT_CONDITION : PRESENT).has(
    finding.context,
  );
}

/** fact → code → bit in that fact's mask. */
const BITS = new Map<string, Map<string, number>>(
  Object.entries(TEXT_FACT_CODES).map(([fact, codes]) => [
    fact,
    new Map((codes as readonly string[]).map((code, index) => [code, 1 << index])),
  ]),
);

/** The sooner reading wins when the text says several things about onset. */
const ONSET_ORDER = ['within_48_hours', 'gradual', 'longstanding', 'planned'];

/**
 * Reads the submission's free-text fields into `f`: the findings, the bitmasks of what is
 * present, and the onset the text states (the structured field, set after, wins).
 */
export function readReferralText(
  lexicon: CompiledLexicon,
  submission: ReferralSubmission,
  f: Facts,
): void {
  const findings: TextFinding[] = [];
  const summary = submission.clinical.summary;
  if (typeof summary === 'string') readText(lexicon, 'clinical.summary', summary, findings);
  const needs = submission.patient.communicationNeeds;
  if (typeof needs === 'string') readText(lexicon, 'patient.communicationNeeds', needs, findings);
  if (findings.length === 0) return;
  f.textFindings = findings;
  let onset = ONSET_ORDER.length;
  for (const finding of findings) {
    if (!isPresent(finding)) continue;
    const bit = BITS.get(finding.fact)?.get(finding.code) ?? 0;
    switch (finding.fact as TextFactName) {
      case 'text.redFlagFindings':
        f.textRedFlagFindings |= bit;
        break;
      case 'text.needs':
        f.textNeeds |= bit;
        break;
      case 'text.knownConditions':
        f.textKnownConditions |= bit;
        break;
      case 'text.signs':
        f.textSigns |= bit;
        break;
      case 'text.onset':
        onset = Math.min(onset, ONSET_ORDER.indexOf(finding.code));
        break;
    }
  }
  if (onset < ONSET_ORDER.length) f.onset = ONSET_ORDER[onset];
}
