import { spawnApp, stopChild } from '../scripts/services';

/** The compiled worker in its own process, as in production. */
export function startWorkerProcess(env: Record<string, string>): { stop(): Promise<void> } {
  const child = spawnApp('worker', { ...process.env, ...env, LOG_LEVEL: 'warn' }, [
    'ignore',
    'ignore',
    'inherit',
  ]);
  return { stop: () => stopChild(child) };
}
