/**
 * Splitting a piece of the referrer's text into plain runs and matched phrases, for showing
 * the words the triage engine read. Pure (no DOM): the page turns the segments into text
 * nodes and elements, so nothing the referrer typed is ever parsed as HTML.
 */

/** A phrase in a field: `text` must be exactly `value.slice(start, end)` (UTF-16 offsets). */
export interface TextSpan {
  start: number;
  end: number;
  text: string;
}

/** A run of the text: plain (`spans` empty) or one phrase and every span that matched it. */
export interface Segment<T extends TextSpan> {
  text: string;
  start: number;
  end: number;
  spans: T[];
}

/** Whether a span really is that part of the text (so a stale or corrupt one is skipped). */
export function spanMatches(value: string, span: TextSpan): boolean {
  return (
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    span.start >= 0 &&
    span.end <= value.length &&
    span.start < span.end &&
    typeof span.text === 'string' &&
    value.slice(span.start, span.end) === span.text
  );
}

/**
 * The text cut at the spans that match it. Spans that do not match the text are skipped.
 * Where spans overlap, the one with the higher `priority` wins (then the longer, then the
 * earlier); the others are left out of the highlighting. Spans with exactly the same range
 * share a segment. Joining the segments' text always gives back `value`.
 */
export function splitText<T extends TextSpan>(
  value: string,
  spans: readonly T[],
  priority: (span: T) => number = () => 0,
): Segment<T>[] {
  const valid = spans
    .map((span, index) => ({ span, index }))
    .filter(({ span }) => spanMatches(value, span));
  const ranked = [...valid].sort(
    (a, b) =>
      priority(b.span) - priority(a.span) ||
      b.span.end - b.span.start - (a.span.end - a.span.start) ||
      a.span.start - b.span.start ||
      a.index - b.index,
  );
  const kept: { start: number; end: number; spans: T[] }[] = [];
  for (const { span } of ranked) {
    const same = kept.find((range) => range.start === span.start && range.end === span.end);
    if (same) {
      same.spans.push(span);
      continue;
    }
    if (kept.some((range) => span.start < range.end && range.start < span.end)) continue;
    kept.push({ start: span.start, end: span.end, spans: [span] });
  }
  kept.sort((a, b) => a.start - b.start);

  const segments: Segment<T>[] = [];
  let at = 0;
  for (const range of kept) {
    if (range.start > at) {
      segments.push({ text: value.slice(at, range.start), start: at, end: range.start, spans: [] });
    }
    segments.push({
      text: value.slice(range.start, range.end),
      start: range.start,
      end: range.end,
      spans: range.spans,
    });
    at = range.end;
  }
  if (at < value.length) {
    segments.push({ text: value.slice(at), start: at, end: value.length, spans: [] });
  }
  return segments;
}
