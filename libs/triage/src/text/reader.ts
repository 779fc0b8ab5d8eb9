import type { TextContext, TextField, TextFinding } from './evidence';
import type { Lexicon, LexiconCue, LexiconTerm } from './lexicon';
import { lower, sameWord, scanWords, tokenize, wordHash } from './tokens';

/**
 * Reads free text with the lexicon, in the manner of NegEx and ConText (Chapman 2001; Harkema
 * 2009): every term phrase is found (longest match first, one-letter slips allowed in long
 * words), then the cues around it decide how it reads. A forward cue ("no", "denies", "history
 * of", "her husband has") governs what follows it up to a terminator ("but", "however"), the
 * end of the sentence, its word limit, or a comma (unless only a list of findings follows:
 * "no SOB, CP or LOC"); a backward cue ("ruled out", "last year") governs the few words before
 * it. Where a forward and a backward cue disagree, a `possible` reading wins, as the safe
 * side; otherwise the forward one.
 */

interface Entry {
  term?: LexiconTerm;
  cue?: LexiconCue;
}

/** A trie node: children keyed by word hash (checked against the word on a hit). */
class Node {
  next: Map<number, Node> | undefined = undefined;
  entry: Entry | undefined = undefined;
  constructor(readonly word: string) {}
  child(word: string): Node {
    this.next ??= new Map();
    const hash = wordHash(word);
    let node = this.next.get(hash);
    if (node && node.word !== word) {
      throw new Error(`lexicon: words "${word}" and "${node.word}" share a hash; rename one`);
    }
    if (!node) {
      node = new Node(word);
      this.next.set(hash, node);
    }
    return node;
  }
}

export interface CompiledLexicon {
  readonly root: Node;
  readonly terms: number;
  readonly cues: number;
}

/** Words that keep a list going across commas: "no SOB, CP or LOC". */
const LIST_WORDS = new Set(['or', 'nor', 'and', 'any', 'other', '/']);

/** Variants of a long word with one letter dropped or two neighbours swapped. */
function slips(word: string): string[] {
  if (word.length < 7 || !/^[a-z]+$/.test(word)) return [];
  const variants = new Set<string>();
  for (let i = 0; i < word.length; i += 1) {
    variants.add(word.slice(0, i) + word.slice(i + 1));
    if (i + 1 < word.length && word[i] !== word[i + 1]) {
      variants.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    }
  }
  variants.delete(word);
  return [...variants];
}

function insert(root: Node, words: readonly string[], entry: Entry): void {
  let node = root;
  for (const word of words) node = node.child(word);
  // The first entry listed keeps a phrase (the loader reports clashes).
  node.entry ??= entry;
}

/** Builds the phrase trie once, when the rule set is compiled. */
export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const root = new Node('');
  const known = new Set<string>();
  const phrases = (entry: LexiconTerm | LexiconCue) =>
    entry.phrases.map((phrase) => tokenize(phrase).map((token) => token.text));
  for (const entry of [...lexicon.terms, ...lexicon.cues]) {
    for (const words of phrases(entry)) for (const word of words) known.add(word);
  }
  for (const cue of lexicon.cues) for (const words of phrases(cue)) insert(root, words, { cue });
  for (const term of lexicon.terms) {
    for (const words of phrases(term)) {
      insert(root, words, { term });
      if (!term.fuzzy) continue;
      words.forEach((word, index) => {
        for (const variant of slips(word)) {
          if (known.has(variant)) continue;
          insert(root, [...words.slice(0, index), variant, ...words.slice(index + 1)], { term });
        }
      });
    }
  }
  return { root, terms: lexicon.terms.length, cues: lexicon.cues.length };
}

// The words of the text being read (tokens.ts reuses them), and which of them a term covers.
let starts: Int32Array = new Int32Array(0);
let ends: Int32Array = new Int32Array(0);
let clauses: Int32Array = new Int32Array(0);
let sentences: Int32Array = new Int32Array(0);
let covered: Uint8Array = new Uint8Array(0);

interface Match {
  entry: Entry;
  /** Token range [from, to). */
  from: number;
  to: number;
}

/**
 * Reads one field and appends a finding for every term phrase in it to `out`. Pure apart
 * from the reused buffers; never throws.
 */
export function readText(
  lexicon: CompiledLexicon,
  field: TextField,
  text: string,
  out: TextFinding[],
): void {
  const lowered = lower(text);
  const words = scanWords(lowered);
  const { count, hashes } = words;
  ({ starts, ends, clauses, sentences } = words);
  if (covered.length < count) covered = new Uint8Array(Math.max(count, covered.length * 2));
  covered.fill(0, 0, count);
  if (count === 0) return;

  const matches: Match[] = [];
  let hasTerm = false;
  for (let i = 0; i < count;) {
    let node: Node | undefined = lexicon.root;
    let best: Entry | undefined;
    let bestEnd = i;
    for (let j = i; j < count; j += 1) {
      // A phrase never spans a comma or a sentence break.
      if (j > i && clauses[j] !== clauses[i]) break;
      node = node.next?.get(hashes[j]);
      if (!node || !sameWord(lowered, starts[j], ends[j], node.word)) break;
      if (node.entry) {
        best = node.entry;
        bestEnd = j + 1;
      }
    }
    if (best) {
      matches.push({ entry: best, from: i, to: bestEnd });
      if (best.term) {
        hasTerm = true;
        for (let k = i; k < bestEnd; k += 1) covered[k] = 1;
      }
      i = bestEnd;
    } else i += 1;
  }
  if (!hasTerm) return;

  for (let m = 0; m < matches.length; m += 1) {
    const match = matches[m];
    const term = match.entry.term;
    if (!term) continue;
    const cue = cueOf(lowered, matches, m, count);
    const start = starts[match.from];
    const end = ends[match.to - 1];
    out.push({
      field,
      start,
      end,
      text: text.slice(start, end),
      termId: term.id,
      fact: term.fact,
      code: term.code,
      context: cue ? (cue.entry.cue?.kind as TextContext) : 'affirmed',
      cue: cue && {
        text: text.slice(starts[cue.from], ends[cue.to - 1]),
        start: starts[cue.from],
        end: ends[cue.to - 1],
        cueId: cue.entry.cue?.id ?? '',
      },
    });
  }
}

/** Only findings and list words between two commas: a list a cue reads across. */
function listClause(lowered: string, clause: number, from: number, count: number): boolean {
  for (let k = from; k < count && clauses[k] === clause; k += 1) {
    if (covered[k] === 0 && !LIST_WORDS.has(lowered.slice(starts[k], ends[k]))) return false;
  }
  return true;
}

function forwardReaches(lowered: string, cue: Match, target: Match, count: number): boolean {
  if (target.from - cue.to > (cue.entry.cue?.maxTokens ?? 0)) return false;
  if (cue.entry.cue?.acrossCommas) return true;
  for (let k = cue.to; k <= target.from; k += 1) {
    if (clauses[k] !== clauses[k - 1] && !listClause(lowered, clauses[k], k, count)) return false;
  }
  return true;
}

/** The cue that governs matches[m], or null when it reads as affirmed. */
function cueOf(lowered: string, matches: Match[], m: number, count: number): Match | null {
  const target = matches[m];
  const sentence = sentences[target.from];
  let forward: Match | null = null;
  for (let k = m - 1; k >= 0; k -= 1) {
    const other = matches[k];
    if (sentences[other.from] !== sentence) break;
    const cue = other.entry.cue;
    if (!cue) continue;
    if (cue.kind === 'terminate') break;
    if (cue.kind === 'pseudo' || cue.direction === 'backward') continue;
    // The nearest cue that reaches decides; one that does not may leave an earlier one that
    // does ("if his BM is not coming up, or he becomes unrousable").
    if (forwardReaches(lowered, other, target, count)) {
      forward = other;
      break;
    }
  }
  let backward: Match | null = null;
  for (let k = m + 1; k < matches.length; k += 1) {
    const other = matches[k];
    if (sentences[other.from] !== sentence) break;
    const cue = other.entry.cue;
    if (!cue) continue;
    if (cue.kind === 'terminate') break;
    if (cue.kind === 'pseudo' || cue.direction === 'forward') continue;
    if (other.from - target.to <= cue.maxTokens && clauses[other.from] === clauses[target.to - 1]) {
      backward = other;
    }
    break;
  }
  if (backward && forward && backward.entry.cue?.kind === 'possible') return backward;
  return forward ?? backward;
}
