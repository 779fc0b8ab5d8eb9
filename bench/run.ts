import { locatePostgres, type Service } from '../scripts/services';
import { measureBareHttp, measurePgTransactions, type Baselines } from './baselines';
import { createBenchDatabase, serverVersion } from './database';
import { FIGURES } from './figures';
import { describeMachine, log, type Figure, type Machine } from './report';
import { readSettings, type BenchSettings } from './settings';

/** What a figure source gets: where to work, what to compare with, and how to clean up. */
export interface BenchContext {
  /** A connection to the server's `postgres` database, for creating more databases. */
  adminUrl: string;
  /** The run's own migrated database (it already holds the pg baseline's rows). */
  databaseUrl: string;
  baselines: Baselines;
  settings: BenchSettings;
  log: (message: string) => void;
  /** Registers cleanup, run last-in first-out when the run ends, fails or is interrupted. */
  defer: (what: string, cleanup: () => Promise<void>) => void;
}

export type FigureSource = (context: BenchContext) => Promise<Figure[]>;

export interface BenchReport {
  date: string;
  machine: Machine;
  postgres: { source: Service['source']; version: string };
  settings: BenchSettings;
  baselines: Baselines;
  figures: Figure[];
}

class Cleanups {
  private readonly stack: { what: string; run: () => Promise<void> }[] = [];

  defer(what: string, run: () => Promise<void>): void {
    this.stack.push({ what, run });
  }

  /** Runs each cleanup once, newest first; a failing one is reported and the rest still run. */
  async runAll(): Promise<void> {
    for (let next = this.stack.pop(); next; next = this.stack.pop()) {
      try {
        await next.run();
      } catch (error) {
        log(`cleanup of ${next.what} failed: ${String(error)}`);
      }
    }
  }
}

/**
 * Finds Postgres as `npm start` and the tests do, gives the run its own migrated database,
 * measures the baselines, then each figure source; drops the database and stops whatever it
 * started, also on failure or Ctrl-C.
 */
export async function runBench(sources: readonly FigureSource[] = FIGURES): Promise<BenchReport> {
  const settings = readSettings();
  const machine = describeMachine();
  const cleanups = new Cleanups();
  const interrupted = (signal: NodeJS.Signals): void => {
    log(`${signal}: cleaning up`);
    void cleanups.runAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const postgres = await locatePostgres({
      preferLocal: true,
      name: 'bench-postgres',
      port: 54331,
      database: 'postgres',
    });
    cleanups.defer('postgres', () => postgres.stop());
    const version = await serverVersion(postgres.url);
    log(`postgres: ${postgres.source} (${version})`);

    const database = await createBenchDatabase(postgres.url);
    cleanups.defer(`database ${database.name}`, () => database.drop());
    log(`database ${database.name} created and migrated`);

    const baselines: Baselines = {
      pgTransaction: await measurePgTransactions(
        database.url,
        settings.pgTransactions,
        settings.pgConcurrency,
      ),
      bareHttp: await measureBareHttp(settings.connections, settings.seconds),
    };

    const context: BenchContext = {
      adminUrl: postgres.url,
      databaseUrl: database.url,
      baselines,
      settings,
      log,
      defer: (what, cleanup) => cleanups.defer(what, cleanup),
    };
    const figures: Figure[] = [];
    for (const source of sources) figures.push(...(await source(context)));

    return {
      date: new Date().toISOString(),
      machine,
      postgres: { source: postgres.source, version },
      settings,
      baselines,
      figures,
    };
  } finally {
    await cleanups.runAll();
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
  }
}

if (require.main === module) {
  runBench().then(
    (report) => {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    },
    (error: unknown) => {
      log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    },
  );
}
