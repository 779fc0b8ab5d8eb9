import autocannon from 'autocannon';
import { percentile, round } from './report';
import { readSettings } from './settings';

export interface HttpLoadOptions {
  /** Concurrent connections; default 64. */
  connections?: number;
  /** Measured seconds; default BENCH_SECONDS (5). */
  seconds?: number;
  /** Unmeasured seconds first, so the server's JIT and pools are warm; default 1, 0 for none. */
  warmupSeconds?: number;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** Bodies sent in turn, one per request (e.g. a different patient each time). */
  bodies?: readonly string[];
  /** Throw when any request errors, times out or answers other than 2xx; default true. */
  requireOk?: boolean;
}

export interface HttpMeasurement {
  /** Mean of the per-second request counts (autocannon's "Req/Sec avg"). */
  requestsPerSecond: number;
  /** Latency percentiles to 0.01 ms (autocannon's own histogram rounds to whole ms). */
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  connections: number;
  seconds: number;
}

/**
 * Loads `url` with autocannon for a fixed time and returns throughput and latency.
 * Meant for servers on loopback: run the server in another process, so the load generator
 * and the server do not share one event loop.
 */
export async function measureHttp(
  url: string,
  options: HttpLoadOptions = {},
): Promise<HttpMeasurement> {
  const connections = options.connections ?? readSettings().connections;
  const seconds = options.seconds ?? readSettings().seconds;
  const warmupSeconds = options.warmupSeconds ?? 1;
  const bodies = options.bodies;
  let next = 0;
  const request: autocannon.Options = {
    url,
    connections,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    timeout: 10,
    ...(bodies?.length && {
      requests: [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
    }),
  };
  if (warmupSeconds > 0) await load({ ...request, duration: warmupSeconds });
  const { result, latencies } = await load({ ...request, duration: seconds });
  if (result.requests.total === 0) throw new Error(`${request.method} ${url}: no answers`);
  if ((options.requireOk ?? true) && (result.non2xx > 0 || result.errors > 0)) {
    throw new Error(
      `${request.method} ${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors ` +
        `(${result.timeouts} timeouts) in ${result.requests.total} requests`,
    );
  }
  latencies.sort();
  return {
    requestsPerSecond: result.requests.mean,
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    connections,
    seconds,
  };
}

/** One autocannon run, keeping every response time (fractional ms) as well as its result. */
function load(
  options: autocannon.Options,
): Promise<{ result: autocannon.Result; latencies: Float64Array }> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const instance = autocannon(options, (error: unknown, result: autocannon.Result) => {
      if (error)
        reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }));
      else resolve({ result, latencies: Float64Array.from(times) });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      times.push(responseTime);
    });
  });
}

/** Polls `url` until it answers 2xx (for a server started in another process). */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 2xx in ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
