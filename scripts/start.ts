import type { ChildProcess } from 'node:child_process';
import { EnvError, loadConfig } from '@frontdoor/config';
import { migrate, seedReferenceData } from '@frontdoor/persistence';
import { withDataSource } from './database';
import { locatePostgres, locateRedis, spawnApp, stopChild, type Service } from './services';

/**
 * npm start: the whole system on one machine. Uses DATABASE_URL and REDIS_URL when set;
 * otherwise an embedded PostgreSQL under .data/ and the local Redis (or a redis-server it
 * starts under .data/). Migrates, seeds, starts api and worker, and stops all it started
 * on Ctrl-C.
 */
const APPS = ['api', 'worker'] as const;
const READY_TIMEOUT_MS = 60_000;

const services: Service[] = [];
const children: ChildProcess[] = [];
let stopping = false;

function say(message: string): void {
  process.stderr.write(`[front-door] ${message}\n`);
}

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping…');
    await Promise.all(children.map((child) => stopChild(child)));
    for (const service of services.reverse()) await service.stop().catch(() => undefined);
  }
  process.exit(code);
}

async function waitUntilReady(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const response = await fetch(url).catch(() => undefined);
    if (response?.ok) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`api did not become ready within ${READY_TIMEOUT_MS / 1000}s (${url})`);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const postgres = await locatePostgres({
    preferLocal: false,
    name: 'postgres',
    port: 54329,
    database: 'frontdoor',
  });
  services.push(postgres);
  say(`PostgreSQL: ${postgres.source}`);
  const redis = await locateRedis({ name: 'redis', port: 63799 });
  services.push(redis);
  say(`Redis: ${redis.source}`);

  const env = { ...process.env, DATABASE_URL: postgres.url, REDIS_URL: redis.url };
  const config = loadConfig(env);
  const counts = await withDataSource(config.DATABASE_URL, async (dataSource) => {
    await migrate(dataSource);
    return seedReferenceData(dataSource);
  });
  say(`schema migrated; reference data loaded (${JSON.stringify(counts)})`);

  for (const app of APPS) {
    const child = spawnApp(app, env, 'inherit');
    child.once('exit', (code, signal) => {
      if (stopping) return;
      say(`${app} stopped (${signal ?? `exit code ${code}`}); stopping everything`);
      void shutdown(1);
    });
    children.push(child);
  }

  const base = `http://localhost:${config.PORT}`;
  await waitUntilReady(`${base}/health/ready`);
  say(
    [
      'Front Door is running:',
      `  web workspace   ${base}/ (development sign-in: pick a seeded person)`,
      `  API docs        ${base}/api/docs`,
      `  readiness       ${base}/health/ready`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
}

main().catch(async (error: unknown) => {
  say(error instanceof EnvError || error instanceof Error ? error.message : String(error));
  await shutdown(1);
});
