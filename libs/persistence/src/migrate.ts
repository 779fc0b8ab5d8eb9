import type { DataSource } from 'typeorm';

/** Any fixed number works; it only has to be the same for every process of this app. */
const MIGRATION_LOCK = 7_306_245_001;

/**
 * Runs pending migrations while holding a Postgres advisory lock, so several api replicas
 * starting together take turns instead of racing. Returns the names of the migrations run.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
