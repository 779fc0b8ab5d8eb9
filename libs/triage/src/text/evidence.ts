/**
 * What the engine read in the referrer's own words: each lexicon phrase it matched in a
 * free-text field, with its position and the context (ConText style) it was read in.
 */

/** How a mention was read. Only `affirmed` and `possible` count as present (bias to recall). */
export const TEXT_CONTEXTS = [
  'affirmed',
  'possible',
  'negated',
  'historical',
  'hypothetical',
  'other_person',
] as const;
export type TextContext = (typeof TEXT_CONTEXTS)[number];

/** The free-text fields the engine reads. Positions are UTF-16 offsets into that field. */
export const TEXT_FIELDS = ['clinical.summary', 'patient.communicationNeeds'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** A cue that changed how a mention was read ("denies", "history of", "her husband has"). */
export interface TextCue {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly cueId: string;
}

/** One matched phrase: `text` is exactly `field.slice(start, end)`. */
export interface TextFinding {
  readonly field: TextField;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The lexicon term that matched, e.g. `tx-head-injury`. */
  readonly termId: string;
  /** The text fact it feeds, e.g. `text.redFlagFindings`. */
  readonly fact: string;
  /** The code it stands for in that fact, e.g. `head_injury`. */
  readonly code: string;
  readonly context: TextContext;
  /** The cue that made it anything other than affirmed. */
  readonly cue: TextCue | null;
}
