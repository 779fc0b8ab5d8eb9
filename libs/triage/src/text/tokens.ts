/**
 * Splits free text into lower-case words and the marks that matter to reading it: `?` and `#`
 * as words of their own ("?#NOF" is query + fracture + NOF), commas (they end a cue's scope
 * unless a list follows) and sentence breaks. Positions are UTF-16 offsets into the original
 * text. Written by hand for speed: it runs on every referral inside the engine's budget.
 */

export const WORD = 0;
export const COMMA = 1;
export const BREAK = 2;

export interface Token {
  text: string;
  start: number;
  end: number;
  kind: typeof WORD | typeof COMMA | typeof BREAK;
}

/** FNV-1a over a word's characters (a typographic apostrophe counts as a plain one). */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;
const QUESTION_HASH = Math.imul(FNV_OFFSET ^ 63, FNV_PRIME);
const HASH_HASH = Math.imul(FNV_OFFSET ^ 35, FNV_PRIME);

/** The hash `scan` gives a word, for building lookup tables. */
export function wordHash(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i += 1) {
    const c = word.charCodeAt(i);
    h = Math.imul(h ^ (c === RIGHT_QUOTE ? 39 : c), FNV_PRIME);
  }
  return h;
}

/** Whether `lowered.slice(start, end)` is `word` (apostrophes normalised). */
export function sameWord(lowered: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i += 1) {
    const c = lowered.charCodeAt(start + i);
    if ((c === RIGHT_QUOTE ? 39 : c) !== word.charCodeAt(i)) return false;
  }
  return true;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
const isAlnum = (c: number): boolean => isLetter(c) || isDigit(c);
const RIGHT_QUOTE = 0x2019;

/** Lower-cases without changing the length, so offsets stay those of the original. */
export function lower(text: string): string {
  const lowered = text.toLowerCase();
  if (lowered.length === text.length) return lowered;
  let out = '';
  for (const char of text) {
    const l = char.toLowerCase();
    out += l.length === char.length ? l : char;
  }
  return out;
}

/**
 * Calls `emit` for each token of `s` (already lower-cased) with its kind, offsets and, for a
 * word, its hash: no string is made per token, so the reader allocates nothing per word.
 */
export function scan(
  s: string,
  emit: (kind: Token['kind'], start: number, end: number, hash: number) => void,
  phrase = false,
): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isAlnum(c)) {
      const start = i;
      let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      i += 1;
      while (i < n) {
        const d = s.charCodeAt(i);
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (
          isAlnum(d) ||
          ((d === 39 || d === RIGHT_QUOTE) && isLetter(next)) ||
          (d === 47 && isAlnum(next)) ||
          (d === 46 && isDigit(s.charCodeAt(i - 1)) && isDigit(next))
        ) {
          h = Math.imul(h ^ (d === RIGHT_QUOTE ? 39 : d), FNV_PRIME);
          i += 1;
        } else break;
      }
      emit(WORD, start, i, h);
      continue;
    }
    if (c === 35) emit(WORD, i, i + 1, HASH_HASH);
    else if (c === 63) {
      // "?" before a word is "query"; at the end of a clause it ends a question.
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 32;
      if (phrase) emit(WORD, i, i + 1, QUESTION_HASH);
      else if (next === 32 || next === 10 || next === 13 || next === 9) emit(BREAK, i, i + 1, 0);
      else emit(WORD, i, i + 1, QUESTION_HASH);
    } else if (c === 44) emit(COMMA, i, i + 1, 0);
    else if (c === 46 || c === 33 || c === 59 || c === 10 || c === 58) emit(BREAK, i, i + 1, 0);
    i += 1;
  }
}

/** The words of a lexicon phrase ("?" is always a word there). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const s = lower(text);
  scan(
    s,
    (kind, start, end) => {
      if (kind === WORD) {
        tokens.push({ text: s.slice(start, end).replace(/\u2019/g, "'"), start, end, kind });
      }
    },
    true,
  );
  return tokens;
}
