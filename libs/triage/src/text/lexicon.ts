import { KNOWN_CONDITIONS, ONSETS, PRESENTING_NEEDS, RED_FLAG_FINDINGS } from '@frontdoor/domain';
import { TEXT_CONTEXTS, type TextContext } from './evidence';
import { tokenize } from './tokens';

/**
 * The lexicon: the phrases the engine looks for in free text (terms, each feeding one code of
 * a text fact) and the ConText cues that change how a phrase is read (negation, uncertainty,
 * history, hypothesis, another person), with the terminators that end a cue's scope. It lives
 * in YAML files of the rule set, validated like the rules and part of its version.
 */

/** Signs read from text that have no structured field of their own. */
export const TEXT_SIGNS = [
  'unable_to_get_up',
  'long_lie',
  'hypercapnic_target',
  'hospital_level_care',
  'simple_dressing',
  'specialist_wound',
] as const;
export type TextSign = (typeof TEXT_SIGNS)[number];

/** The text facts a term may feed, with their codes. */
export const TEXT_FACT_CODES = {
  'text.redFlagFindings': RED_FLAG_FINDINGS,
  'text.needs': PRESENTING_NEEDS,
  'text.knownConditions': KNOWN_CONDITIONS,
  'text.signs': TEXT_SIGNS,
  'text.onset': ONSETS,
} as const satisfies Record<string, readonly string[]>;
export type TextFactName = keyof typeof TEXT_FACT_CODES;
export const TEXT_FACT_NAMES = Object.keys(TEXT_FACT_CODES) as TextFactName[];

/** Cue kinds: a context it gives, or `terminate` (ends scopes) or `pseudo` (looks like a cue, is not). */
export const CUE_KINDS = [
  ...TEXT_CONTEXTS.filter((context) => context !== 'affirmed'),
  'terminate',
  'pseudo',
] as const;
export type CueKind = (typeof CUE_KINDS)[number];
export const CUE_DIRECTIONS = ['forward', 'backward', 'both'] as const;
export type CueDirection = (typeof CUE_DIRECTIONS)[number];

export interface LexiconTerm {
  id: string;
  fact: TextFactName;
  code: string;
  phrases: string[];
  /** Also match one-letter slips (a letter dropped or two swapped) in words of 7+ letters. */
  fuzzy: boolean;
  source: string;
  file: string;
  line: number;
}

export interface LexiconCue {
  id: string;
  kind: CueKind;
  direction: CueDirection;
  /** How many words a cue governs at most (NegEx: 5 backwards; forward to the clause end). */
  maxTokens: number;
  /** Reads on across commas ("if she vomits, cannot drink or becomes drowsy"). */
  acrossCommas: boolean;
  phrases: string[];
  source: string;
  file: string;
  line: number;
}

export interface Lexicon {
  terms: LexiconTerm[];
  cues: LexiconCue[];
}

export const EMPTY_LEXICON: Lexicon = { terms: [], cues: [] };

const KEBAB_CASE = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';
const phrasesSchema = {
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'string', minLength: 1, maxLength: 80 },
};

export const LEXICON_FILE_SCHEMA = {
  $id: 'https://frontdoor.example/schemas/lexicon-file.json',
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: { const: 'lexicon' },
    description: { type: 'string' },
    terms: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'fact', 'code', 'phrases', 'source'],
        properties: {
          id: { type: 'string', pattern: KEBAB_CASE },
          fact: { enum: TEXT_FACT_NAMES },
          code: { type: 'string', minLength: 1 },
          phrases: phrasesSchema,
          fuzzy: { type: 'boolean' },
          source: { type: 'string', minLength: 10 },
          notes: { type: 'string' },
        },
      },
    },
    cues: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'kind', 'phrases', 'source'],
        properties: {
          id: { type: 'string', pattern: KEBAB_CASE },
          kind: { enum: CUE_KINDS },
          direction: { enum: CUE_DIRECTIONS },
          maxTokens: { type: 'integer', minimum: 1, maximum: 30 },
          acrossCommas: { type: 'boolean' },
          phrases: phrasesSchema,
          source: { type: 'string', minLength: 10 },
          notes: { type: 'string' },
        },
      },
    },
  },
} as const;

/** Cue scopes when a cue does not set `maxTokens`: NegEx's five words backwards [NegEx]. */
const DEFAULT_MAX_TOKENS: Record<CueDirection, number> = { forward: 12, backward: 5, both: 5 };

export interface RawLexiconFile {
  terms?: {
    id: string;
    fact: TextFactName;
    code: string;
    phrases: string[];
    fuzzy?: boolean;
    source: string;
  }[];
  cues?: {
    id: string;
    kind: CueKind;
    direction?: CueDirection;
    maxTokens?: number;
    acrossCommas?: boolean;
    phrases: string[];
    source: string;
  }[];
}

export interface LexiconProblem {
  /** Where in the file: e.g. ['terms', 3, 'code']. */
  segments: (string | number)[];
  id?: string;
  message: string;
}

/**
 * Checks what the schema cannot (a code in its fact's list, a phrase that reads as words, a
 * cue direction where one is needed) and adds the file's entries to `into`. Returns problems.
 */
export function addLexiconFile(
  into: Lexicon,
  file: string,
  data: RawLexiconFile,
  lineOf: (segments: (string | number)[]) => number,
): LexiconProblem[] {
  const problems: LexiconProblem[] = [];
  const checkPhrases = (
    section: 'terms' | 'cues',
    index: number,
    id: string,
    phrases: string[],
  ) => {
    phrases.forEach((phrase, p) => {
      if (tokenize(phrase).length === 0) {
        problems.push({
          segments: [section, index, 'phrases', p],
          id,
          message: `phrase "${phrase}" has no words`,
        });
      }
    });
  };
  (data.terms ?? []).forEach((term, index) => {
    const codes: readonly string[] = TEXT_FACT_CODES[term.fact];
    if (!codes.includes(term.code)) {
      problems.push({
        segments: ['terms', index, 'code'],
        id: term.id,
        message: `"${term.code}" is not a code of ${term.fact}; allowed: ${codes.join(', ')}`,
      });
    }
    checkPhrases('terms', index, term.id, term.phrases);
    into.terms.push({
      id: term.id,
      fact: term.fact,
      code: term.code,
      phrases: term.phrases,
      fuzzy: term.fuzzy ?? true,
      source: term.source,
      file,
      line: lineOf(['terms', index]),
    });
  });
  (data.cues ?? []).forEach((cue, index) => {
    const scoped = cue.kind !== 'terminate' && cue.kind !== 'pseudo';
    if (scoped && cue.direction === undefined) {
      problems.push({
        segments: ['cues', index],
        id: cue.id,
        message: `a ${cue.kind} cue needs a direction: forward, backward or both`,
      });
    }
    checkPhrases('cues', index, cue.id, cue.phrases);
    const direction = cue.direction ?? 'forward';
    into.cues.push({
      id: cue.id,
      kind: cue.kind,
      direction,
      maxTokens: cue.maxTokens ?? DEFAULT_MAX_TOKENS[direction],
      acrossCommas: cue.acrossCommas ?? false,
      phrases: cue.phrases,
      source: cue.source,
      file,
      line: lineOf(['cues', index]),
    });
  });
  return problems;
}

/** A phrase listed twice across the lexicon, or as both a term and a cue: ambiguous. */
export function lexiconClashes(
  lexicon: Lexicon,
): { entry: LexiconTerm | LexiconCue; message: string }[] {
  const seen = new Map<string, string>();
  const clashes: { entry: LexiconTerm | LexiconCue; message: string }[] = [];
  for (const entry of [...lexicon.terms, ...lexicon.cues]) {
    for (const phrase of entry.phrases) {
      const key = tokenize(phrase)
        .map((token) => token.text)
        .join(' ');
      const other = seen.get(key);
      if (other !== undefined && other !== entry.id) {
        clashes.push({ entry, message: `phrase "${phrase}" is also listed by ${other}` });
      } else seen.set(key, entry.id);
    }
  }
  return clashes;
}

export const isTextContext = (value: string): value is TextContext =>
  (TEXT_CONTEXTS as readonly string[]).includes(value);
