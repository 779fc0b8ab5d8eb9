import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { stopChild } from '../scripts/services';

/** The compiled worker in its own process, as in production. */
export function startWorkerProcess(env: Record<string, string>): { stop(): Promise<void> } {
  const child = spawn(
    process.execPath,
    [join(__dirname, '..', 'apps', 'worker', 'src', 'main.js')],
    {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return { stop: () => stopChild(child) };
}
