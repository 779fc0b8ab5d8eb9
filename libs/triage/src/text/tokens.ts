/**
 * Splits free text into lower-case words and the marks that matter to reading it: `?` and `#`
 * as words of their own ("?#NOF" is query + fracture + NOF), commas (they end a cue's scope
 * unless a list follows) and sentence breaks, kept as clause and sentence numbers. Positions are UTF-16 offsets into the original
 * text. Written by hand for speed: it runs on every referral inside the engine's budget.
 */

/** A word of a lexicon phrase. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** FNV-1a over a word's characters (a typographic apostrophe counts as a plain one). */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;
/** Hashes are kept to 30 bits so V8 holds them as small integers (no boxing, fast Map keys). */
const SMALL = 0x3fffffff;
const QUESTION_HASH = Math.imul(FNV_OFFSET ^ 63, FNV_PRIME) & SMALL;
const HASH_HASH = Math.imul(FNV_OFFSET ^ 35, FNV_PRIME) & SMALL;

/** The hash `scan` gives a word, for building lookup tables. */
export function wordHash(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i += 1) {
    const c = word.charCodeAt(i);
    h = Math.imul(h ^ (c === RIGHT_QUOTE ? 39 : c), FNV_PRIME);
  }
  return h & SMALL;
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

/** Character classes of the first 591 code points (to Latin Extended-B): 1 letter, 2 digit. */
const CLASS = new Uint8Array(0x250);
for (let c = 97; c <= 122; c += 1) CLASS[c] = 1;
for (let c = 48; c <= 57; c += 1) CLASS[c] = 2;
for (let c = 0xc0; c < 0x250; c += 1) if (c !== 0xd7 && c !== 0xf7) CLASS[c] = 1;
const isDigit = (c: number): boolean => c < 0x250 && CLASS[c] === 2;
const isLetter = (c: number): boolean => c < 0x250 && CLASS[c] === 1;
const isAlnum = (c: number): boolean => c < 0x250 && CLASS[c] !== 0;
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

/** The words of one text, in reused typed arrays (valid until the next `scanWords`). */
export interface Words {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  hashes: Int32Array;
  /** Clause number: commas and sentence breaks start a new one. */
  clauses: Int32Array;
  sentences: Int32Array;
}

const words: Words = {
  count: 0,
  starts: new Int32Array(128),
  ends: new Int32Array(128),
  hashes: new Int32Array(128),
  clauses: new Int32Array(128),
  sentences: new Int32Array(128),
};

function reserve(size: number): void {
  if (size <= words.starts.length) return;
  const capacity = Math.max(size, words.starts.length * 2);
  words.starts = new Int32Array(capacity);
  words.ends = new Int32Array(capacity);
  words.hashes = new Int32Array(capacity);
  words.clauses = new Int32Array(capacity);
  words.sentences = new Int32Array(capacity);
}

/**
 * The words of `s` (already lower-cased) with their offsets, hashes, clauses and sentences.
 * No string is made per word, so reading allocates nothing per word; the engine is
 * synchronous, so one reused buffer serves every call.
 */
export function scanWords(s: string, phrase = false): Words {
  const n = s.length;
  reserve(n + 1);
  const { starts, ends, hashes, clauses, sentences } = words;
  let count = 0;
  let clause = 0;
  let sentence = 0;
  const word = (start: number, end: number, hash: number): void => {
    starts[count] = start;
    ends[count] = end;
    hashes[count] = hash;
    clauses[count] = clause;
    sentences[count] = sentence;
    count += 1;
  };
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 0x250 && CLASS[c] !== 0) {
      const start = i;
      let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      i += 1;
      while (i < n) {
        const d = s.charCodeAt(i);
        if (d < 0x250 && CLASS[d] !== 0) {
          h = Math.imul(h ^ d, FNV_PRIME);
          i += 1;
          continue;
        }
        // Inside a word only: an apostrophe before a letter, "/" between (c/o), "." in 38.5.
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (
          ((d === 39 || d === RIGHT_QUOTE) && isLetter(next)) ||
          (d === 47 && isAlnum(next)) ||
          (d === 46 && isDigit(s.charCodeAt(i - 1)) && isDigit(next))
        ) {
          h = Math.imul(h ^ (d === RIGHT_QUOTE ? 39 : d), FNV_PRIME);
          i += 1;
        } else break;
      }
      word(start, i, h & SMALL);
      continue;
    }
    if (c === 35) word(i, i + 1, HASH_HASH);
    else if (c === 63) {
      // "?" before a word is "query"; at the end of a clause it ends a question.
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 32;
      if (!phrase && (next === 32 || next === 10 || next === 13 || next === 9)) {
        clause += 1;
        sentence += 1;
      } else word(i, i + 1, QUESTION_HASH);
    } else if (c === 44) clause += 1;
    else if (c === 46 || c === 33 || c === 59 || c === 10 || c === 58) {
      clause += 1;
      sentence += 1;
    }
    i += 1;
  }
  words.count = count;
  return words;
}

/** The words of a lexicon phrase ("?" is always a word there). */
export function tokenize(text: string): Token[] {
  const s = lower(text);
  const { count, starts, ends } = scanWords(s, true);
  const tokens: Token[] = [];
  for (let i = 0; i < count; i += 1) {
    const [start, end] = [starts[i], ends[i]];
    tokens.push({ text: s.slice(start, end).replace(/\u2019/g, "'"), start, end });
  }
  return tokens;
}
