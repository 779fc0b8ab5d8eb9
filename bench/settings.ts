/** The knobs of `npm run bench`, all from the environment so CI and people can shrink a run. */
export interface BenchSettings {
  /** Measured transactions of the raw pg baseline (after a warm-up of a tenth of that). */
  pgTransactions: number;
  /** Concurrent transactions (and pg.Pool size) of the raw pg baseline. */
  pgConcurrency: number;
  /** Seconds of each HTTP load (after a one-second warm-up). */
  seconds: number;
  /** Concurrent connections of each HTTP load. */
  connections: number;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) {
    throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  }
  return Number(raw);
}

export function readSettings(): BenchSettings {
  return {
    pgTransactions: positiveInteger('BENCH_PG_TRANSACTIONS', 4000),
    pgConcurrency: 32,
    seconds: positiveInteger('BENCH_SECONDS', 5),
    connections: 64,
  };
}
