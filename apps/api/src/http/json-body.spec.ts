import { exampleSubmission } from '@frontdoor/domain';
import { jsonBodyProblem, MAX_JSON_DEPTH } from './json-body';

const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('jsonBodyProblem', () => {
  it('finds nothing wrong with a real submission, emoji and all', () => {
    const submission = exampleSubmission();
    submission.clinical.summary = 'Fell 😀 — ÿ, 田中さん, RTL \u202e mark';
    expect(jsonBodyProblem(submission)).toBeUndefined();
  });

  it(`allows ${MAX_JSON_DEPTH} levels of nesting and refuses one more, however deep`, () => {
    expect(jsonBodyProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonBodyProblem(nested(MAX_JSON_DEPTH + 1))).toBe('FD_ERR_JSON_TOO_DEEP');
    expect(jsonBodyProblem(nested(200_000))).toBe('FD_ERR_JSON_TOO_DEEP');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a field named %s anywhere', (key) => {
    expect(jsonBodyProblem(JSON.parse(`{"a":[{"${key}":{"isAdmin":true}}]}`))).toBe(
      'FD_ERR_JSON_PROTOTYPE_KEY',
    );
  });

  it('refuses half a surrogate pair in a value or a key', () => {
    expect(jsonBodyProblem({ summary: 'a\ud800b' })).toBe('FD_ERR_JSON_LONE_SURROGATE');
    expect(jsonBodyProblem({ ['\udc00']: 1 })).toBe('FD_ERR_JSON_LONE_SURROGATE');
  });
});
