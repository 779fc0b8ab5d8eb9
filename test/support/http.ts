/** Small helpers for talking JSON to a running app over real HTTP. */
export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

let signedIn: Record<string, string> = {};

/**
 * Headers every request of this test file sends unless it names its own credential: the
 * coordinator that startApiContext signs in, so tests about something else need not repeat
 * it. Tests about who may do what pass their own Authorization or X-Api-Key.
 */
export function signInByDefault(headers: Record<string, string>): void {
  signedIn = headers;
}

export function withCredential(headers: Record<string, string>): Record<string, string> {
  const own = Object.keys(headers).some((name) =>
    ['authorization', 'x-api-key'].includes(name.toLowerCase()),
  );
  return own ? headers : { ...signedIn, ...headers };
}

export async function postJson<T = Record<string, unknown>>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  return request<T>(url, {
    method: 'POST',
    headers: withCredential({ 'content-type': 'application/json', ...headers }),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function getJson<T = Record<string, unknown>>(
  url: string,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  return request<T>(url, { headers: withCredential(headers) });
}

async function request<T>(url: string, init: RequestInit): Promise<JsonResponse<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parse<T>(text), text };
}

function parse<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return {} as T;
  }
}
