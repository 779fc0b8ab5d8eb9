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

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
const isAlnum = (c: number): boolean => isLetter(c) || isDigit(c);
const RIGHT_QUOTE = 0x2019;

/** Lower-cases without changing the length, so offsets stay those of the original. */
function lower(text: string): string {
  const lowered = text.toLowerCase();
  if (lowered.length === text.length) return lowered;
  let out = '';
  for (const char of text) {
    const l = char.toLowerCase();
    out += l.length === char.length ? l : char;
  }
  return out;
}

/** Calls `emit` for each token: a callback, so the reader allocates nothing per token. */
export function scan(
  text: string,
  emit: (kind: Token['kind'], start: number, end: number, word: string) => void,
  phrase = false,
): void {
  const s = lower(text);
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isAlnum(c)) {
      const start = i;
      let apostrophe = false;
      i += 1;
      while (i < n) {
        const d = s.charCodeAt(i);
        if (isAlnum(d)) i += 1;
        else if ((d === 39 || d === RIGHT_QUOTE) && i + 1 < n && isLetter(s.charCodeAt(i + 1))) {
          if (d === RIGHT_QUOTE) apostrophe = true;
          i += 1;
        } else if (d === 47 && i + 1 < n && isAlnum(s.charCodeAt(i + 1))) i += 1;
        else if (
          d === 46 &&
          isDigit(s.charCodeAt(i - 1)) &&
          i + 1 < n &&
          isDigit(s.charCodeAt(i + 1))
        )
          i += 1;
        else break;
      }
      const word = s.substring(start, i);
      emit(WORD, start, i, apostrophe ? word.replace(/\u2019/g, "'") : word);
      continue;
    }
    if (c === 35) emit(WORD, i, i + 1, '#');
    else if (c === 63) {
      // "?" before a word is "query"; at the end of a clause it ends a question.
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 32;
      if (phrase) emit(WORD, i, i + 1, '?');
      else if (next === 32 || next === 10 || next === 13 || next === 9) emit(BREAK, i, i + 1, '');
      else emit(WORD, i, i + 1, '?');
    } else if (c === 44) emit(COMMA, i, i + 1, '');
    else if (c === 46 || c === 33 || c === 59 || c === 10 || c === 58) emit(BREAK, i, i + 1, '');
    i += 1;
  }
}

/** The words of a lexicon phrase ("?" is always a word there). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scan(
    text,
    (kind, start, end, word) => {
      if (kind === WORD) tokens.push({ text: word, start, end, kind });
    },
    true,
  );
  return tokens;
}
