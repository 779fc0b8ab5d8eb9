import { currentSession, signOut } from './session';

/** The contract's error body. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: { field: string; message: string }[];
  status?: string;
  allowedActions?: string[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message || `The request failed (${status})`);
  }
}

/** Called when the api says the token is no longer good (401): sign in again. */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

/** A JSON request to our own api, with the signed-in person's token. */
export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const session = currentSession();
  const response = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(session && { authorization: `Bearer ${session.token}` }),
      ...headers,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = new ApiError(
      response.status,
      (parsed as ErrorBody | null) ?? {
        statusCode: response.status,
        error: response.statusText,
        message: `The request failed (${response.status})`,
      },
    );
    if (response.status === 401 && session) {
      signOut();
      onSignedOut();
    }
    throw error;
  }
  return parsed as T;
}

/** What a person is told when a request fails, in a sentence. */
export function problem(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return `You are not allowed to do this. ${error.body.message}`;
    if (error.status === 404) return 'Not found. It may have been closed or the link is wrong.';
    if (error.status === 429) return error.body.message;
    if (error.status >= 500) return 'Front Door could not answer. Try again in a minute.';
    return error.body.message;
  }
  return 'Front Door could not be reached. Check your connection and try again.';
}
