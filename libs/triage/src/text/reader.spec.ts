import { defaultTriageRulesDir, readTriageRuleFiles } from '@frontdoor/persistence';
import { loadRuleSet } from '../loader';
import type { TextContext, TextFinding } from './evidence';
import { compileLexicon, readText } from './reader';
import { tokenize } from './tokens';

const ruleSet = loadRuleSet(readTriageRuleFiles(defaultTriageRulesDir()));
const lexicon = compileLexicon(ruleSet.lexicon);

function read(text: string): TextFinding[] {
  const out: TextFinding[] = [];
  readText(lexicon, 'clinical.summary', text, out);
  return out;
}
/** code → context of every finding, in text order. */
const readings = (text: string): [string, TextContext][] =>
  read(text).map((finding) => [finding.code, finding.context]);
const contextOf = (text: string, code: string): TextContext | undefined =>
  read(text).find((finding) => finding.code === code)?.context;

describe('tokens', () => {
  it('lower-cases words, keeps "?" and "#" as words, and offsets into the original', () => {
    const text = 'Pt ?#NOF, c/o CP. Temp 38.5';
    const tokens = tokenize(text);
    expect(tokens.map((token) => token.text)).toEqual([
      'pt',
      '?',
      '#',
      'nof',
      'c/o',
      'cp',
      'temp',
      '38.5',
    ]);
    for (const token of tokens) {
      expect(text.slice(token.start, token.end).toLowerCase()).toBe(token.text);
    }
  });

  it('reads a typographic apostrophe as a plain one', () => {
    expect(tokenize('can’t weight bear').map((token) => token.text)).toEqual([
      "can't",
      'weight',
      'bear',
    ]);
  });
});

describe('reading referral text with the default lexicon', () => {
  it('quotes each finding exactly, with its position in the field', () => {
    const text = 'Found on the floor, hit her head and was knocked out briefly.';
    for (const finding of read(text)) {
      expect(text.slice(finding.start, finding.end)).toBe(finding.text);
    }
    expect(read(text).map((finding) => finding.text)).toEqual(
      expect.arrayContaining(['hit her head', 'knocked out']),
    );
  });

  it.each([
    ['No head injury.', 'head_injury'],
    ['Denies chest pain.', 'suspected_cardiac_chest_pain'],
    ['Nil LOC.', 'reduced_consciousness'],
    ['Head injury ruled out by paramedics.', 'head_injury'],
    ['No evidence of fracture.', 'suspected_fracture'],
    ['Without any chest pain.', 'suspected_cardiac_chest_pain'],
  ])('reads a negated mention as negated: %s', (text, code) => {
    expect(contextOf(text, code)).toBe('negated');
  });

  it('carries a negation across a list of findings: "denies CP, SOB or LOC"', () => {
    expect(readings('Denies CP, SOB or LOC.')).toEqual([
      ['suspected_cardiac_chest_pain', 'negated'],
      ['respiratory_exacerbation', 'negated'],
      ['reduced_consciousness', 'negated'],
    ]);
  });

  it('ends a negation at a comma before a clause that is not a list: "no pain, hit her head"', () => {
    expect(contextOf('No pain, hit her head on the table.', 'head_injury')).toBe('affirmed');
  });

  it('ends a negation at a terminator: "no chest pain but hit her head"', () => {
    const text = 'No chest pain but hit her head on the bedside table.';
    expect(contextOf(text, 'suspected_cardiac_chest_pain')).toBe('negated');
    expect(contextOf(text, 'head_injury')).toBe('affirmed');
  });

  it('ends a negation at the end of the sentence', () => {
    expect(contextOf('No SOB. Now has crushing chest pain.', 'suspected_cardiac_chest_pain')).toBe(
      'affirmed',
    );
  });

  it.each([
    ['Hx of TIA.', 'fast_positive'],
    ['History of hip fracture.', 'suspected_fracture'],
    ['Broke her hip last year.', 'suspected_fracture'],
    ['Admitted with #NOF in March, now home.', 'suspected_fracture'],
  ])('reads a historical mention as historical: %s', (text, code) => {
    expect(contextOf(text, code)).toBe('historical');
  });

  it.each([
    ['If she becomes unresponsive call 999.', 'reduced_consciousness'],
    ['Advised to call 999 if chest pain develops.', 'suspected_cardiac_chest_pain'],
  ])('reads a hypothetical mention as hypothetical: %s', (text, code) => {
    expect(contextOf(text, code)).toBe('hypothetical');
  });

  it.each([
    ['Her husband has chest pain and is being seen by 111.', 'suspected_cardiac_chest_pain'],
    ['Family history of stroke symptoms.', 'fast_positive'],
  ])('reads a mention about another person as other_person: %s', (text, code) => {
    expect(contextOf(text, code)).toBe('other_person');
  });

  it('keeps the patient as the experiencer when a relative reports it', () => {
    expect(contextOf('Daughter says mum hit her head this morning.', 'head_injury')).toBe(
      'affirmed',
    );
  });

  it.each([
    ['?#NOF', 'suspected_fracture'],
    ['Possible facial droop on the left.', 'fast_positive'],
    ['Fracture cannot be ruled out.', 'suspected_fracture'],
  ])('reads an uncertain mention as possible (counted as present): %s', (text, code) => {
    expect(contextOf(text, code)).toBe('possible');
  });

  it.each([
    ['She is unconcious', 'reduced_consciousness'],
    ['Very breahtless and gasping', 'severe_breathing_difficulty'],
    ['Suspected fracure of the wrist', 'suspected_fracture'],
  ])('matches a long word with one letter dropped or swapped: %s', (text, code) => {
    expect(read(text).map((finding) => finding.code)).toContain(code);
  });

  it('prefers the longest phrase, so a negation word inside a finding is not a cue', () => {
    expect(readings('Not weight bearing on the left leg.')).toEqual([
      ['suspected_fracture', 'affirmed'],
    ]);
  });

  it('ignores pseudo-negations: "no change in" does not negate what follows', () => {
    expect(
      contextOf('No change in her confusion, chest pain since lunch.', 'confusion_delirium'),
    ).toBe('affirmed');
  });

  it('finds nothing in text without lexicon phrases, and never throws on odd input', () => {
    expect(read('Please visit.')).toEqual([]);
    for (const text of [
      '',
      '   ',
      '???',
      '#',
      ',,,',
      '\u{1F600} emoji',
      'İstanbul trip',
      'a'.repeat(4000),
    ]) {
      expect(() => read(text)).not.toThrow();
    }
  });
});
