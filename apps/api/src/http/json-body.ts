/** Deepest nesting of objects and arrays a body may have: a FHIR message needs about ten. */
export const MAX_JSON_DEPTH = 64;

/** Names that reach an object's prototype; no field of the contract or of FHIR has them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Half a UTF-16 surrogate pair on its own: no character at all, and Postgres refuses it. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a body that parsed as JSON is still refused; the codes error-classification words. */
export type JsonBodyProblem =
  'FD_ERR_JSON_TOO_DEEP' | 'FD_ERR_JSON_PROTOTYPE_KEY' | 'FD_ERR_JSON_LONE_SURROGATE';

/**
 * What is wrong with a parsed body, if anything. Walks it without recursion, so that nothing
 * later (Nest's validation pipe, class-transformer, the FHIR mapper) is handed a body deep
 * enough to overflow its stack, a key that could reach a prototype, or text Postgres refuses.
 */
export function jsonBodyProblem(body: unknown): JsonBodyProblem | undefined {
  const pending: [unknown, number][] = [[body, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return 'FD_ERR_JSON_LONE_SURROGATE';
    } else if (typeof value === 'object' && value !== null) {
      if (depth > MAX_JSON_DEPTH) return 'FD_ERR_JSON_TOO_DEEP';
      for (const [key, child] of Object.entries(value)) {
        if (PROTOTYPE_KEYS.has(key)) return 'FD_ERR_JSON_PROTOTYPE_KEY';
        if (LONE_SURROGATE.test(key)) return 'FD_ERR_JSON_LONE_SURROGATE';
        pending.push([child, depth + 1]);
      }
    }
  }
  return undefined;
}

type Done = (error: Error | null, body?: unknown) => void;
type CallbackParser<Request> = (request: Request, body: string, done: Done) => void;

/**
 * The parser for application/json and application/fhir+json: Fastify's default one (`parse`),
 * then the checks above; a body that fails them is a 400, worded in error-classification.ts.
 */
export function jsonBodyParser<Request>(
  parse: CallbackParser<Request> | ((request: Request, body: string) => Promise<unknown>),
): CallbackParser<Request> {
  // Fastify's type allows a promise-returning parser too; its default is the callback kind.
  const parseJson = parse as CallbackParser<Request>;
  return (request, body, done) =>
    parseJson(request, body, (error, value) => {
      if (error) return done(error);
      const problem = jsonBodyProblem(value);
      if (!problem) return done(null, value);
      done(Object.assign(new Error(problem), { code: problem, statusCode: 400 }));
    });
}
