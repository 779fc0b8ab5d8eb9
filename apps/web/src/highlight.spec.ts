import { describe, expect, it } from '@jest/globals';
import { spanMatches, splitText, type TextSpan } from './highlight';

const SUMMARY =
  'Found on the floor by carer, no chest pain but hit her head on the bedside table and was knocked out briefly. On apixaban.';

const at = (text: string, value = SUMMARY): TextSpan => {
  const start = value.indexOf(text);
  return { start, end: start + text.length, text };
};

const joined = (segments: { text: string }[]) => segments.map((s) => s.text).join('');
const marked = (segments: { text: string; spans: unknown[] }[]) =>
  segments.filter((s) => s.spans.length).map((s) => s.text);

describe('splitText', () => {
  it('cuts the text at each phrase, in order, and gives the text back whole', () => {
    const spans = [at('knocked out'), at('chest pain'), at('hit her head')];
    const segments = splitText(SUMMARY, spans);
    expect(joined(segments)).toBe(SUMMARY);
    expect(marked(segments)).toEqual(['chest pain', 'hit her head', 'knocked out']);
    expect(segments[0]).toEqual({
      text: 'Found on the floor by carer, no ',
      start: 0,
      end: 32,
      spans: [],
    });
    expect(segments[1]).toMatchObject({ text: 'chest pain', start: 32, end: 42 });
  });

  it('is one plain segment without spans, and nothing for empty text', () => {
    expect(splitText('Unwell.', [])).toEqual([{ text: 'Unwell.', start: 0, end: 7, spans: [] }]);
    expect(splitText('', [])).toEqual([]);
  });

  it('marks phrases at the very start and end of the text', () => {
    const value = 'chest pain and knocked out';
    const segments = splitText(value, [at('chest pain', value), at('knocked out', value)]);
    expect(segments.map((s) => [s.text, s.spans.length])).toEqual([
      ['chest pain', 1],
      [' and ', 0],
      ['knocked out', 1],
    ]);
  });

  it('skips a span whose text is not that part of the field', () => {
    const stale = { start: 47, end: 59, text: 'banged head' };
    const shifted = { start: 46, end: 58, text: 'hit her head' };
    const segments = splitText(SUMMARY, [stale, shifted, at('knocked out')]);
    expect(joined(segments)).toBe(SUMMARY);
    expect(marked(segments)).toEqual(['knocked out']);
  });

  it('skips spans out of range, empty, backwards or not whole numbers', () => {
    const bad: TextSpan[] = [
      { start: -3, end: 2, text: 'Fo' },
      { start: 118, end: 140, text: 'apixaban.' },
      { start: 5, end: 5, text: '' },
      { start: 9, end: 6, text: '' },
      { start: 0.5, end: 5, text: 'Found' },
      { start: Number.NaN, end: 5, text: 'Found' },
    ];
    const segments = splitText(SUMMARY, bad);
    expect(segments).toEqual([{ text: SUMMARY, start: 0, end: SUMMARY.length, spans: [] }]);
  });

  it('keeps one of overlapping spans: the higher priority, then the longer', () => {
    const value = 'crushing central chest pain';
    const long = { ...at('crushing central chest pain', value), rank: 0 };
    const short = { ...at('chest pain', value), rank: 0 };
    expect(marked(splitText(value, [short, long]))).toEqual(['crushing central chest pain']);
    const urgent = { ...short, rank: 1 };
    const segments = splitText(value, [long, urgent], (span) => span.rank);
    expect(segments.map((s) => s.text)).toEqual(['crushing central ', 'chest pain']);
    expect(segments[1]?.spans).toEqual([urgent]);
    expect(joined(segments)).toBe(value);
  });

  it('puts spans with the same range in one segment', () => {
    const a = { ...at('knocked out'), code: 'reduced_consciousness' };
    const b = { ...at('knocked out'), code: 'fall_loss_of_consciousness' };
    const segments = splitText(SUMMARY, [a, b]);
    expect(segments.filter((s) => s.spans.length)).toEqual([
      expect.objectContaining({ text: 'knocked out', spans: [a, b] }),
    ]);
  });

  it('counts UTF-16 code units, as the engine does', () => {
    const value = 'Carer 😟 says she hit her head';
    const segments = splitText(value, [at('hit her head', value)]);
    expect(at('hit her head', value).start).toBe(18);
    expect(marked(segments)).toEqual(['hit her head']);
    // A span cutting a surrogate pair does not match the text, so it is skipped.
    expect(spanMatches(value, { start: 6, end: 7, text: '😟' })).toBe(false);
  });
});
