import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
// Global setup runs outside Jest's module mapper; resolve @frontdoor/* the way tsc does.
import 'tsconfig-paths/register';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate, seedReferenceData } from '@frontdoor/persistence';
import { locatePostgres, locateRedis, PROJECT_ROOT, type Service } from '../scripts/services';
import { TEST_ENV, withDatabase } from './support/environment';

const MIGRATIONS_DIR = join(PROJECT_ROOT, 'libs/persistence/src/migrations');
const REFERENCE_DIR = join(PROJECT_ROOT, 'seeds/reference');
const TEMPLATE_LOCK = 7_306_245_002;

declare global {
  var frontDoorTestServices: Service[] | undefined;
}

/** A short hash of a folder's files, so a changed migration or seed file gets a new template. */
function folderHash(dir: string): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort())
    hash.update(file).update(readFileSync(join(dir, file)));
  return hash.digest('hex').slice(0, 10);
}

/**
 * Builds, once, the two templates test files clone: the migrated schema, and the migrated
 * schema with the reference data (geography, practices, teams) loaded.
 */
async function ensureTemplates(adminUrl: string, templates: Templates): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Two test runs at once take turns building the template.
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    await build(admin, adminUrl, templates.migrated, undefined, migrate);
    await build(admin, adminUrl, templates.seeded, templates.migrated, (dataSource) =>
      seedReferenceData(dataSource),
    );
    const stale = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database
       WHERE datname LIKE 'frontdoor\\_template\\_%' AND datname <> ALL($1)`,
      [[templates.migrated, templates.seeded]],
    );
    for (const { datname } of stale.rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => undefined);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => undefined);
    await admin.end();
  }
}

interface Templates {
  migrated: string;
  seeded: string;
}

/** Creates `name` (from `from`, or empty), lets `prepare` fill it, and renames it into place. */
async function build(
  admin: Client,
  adminUrl: string,
  name: string,
  from: string | undefined,
  prepare: (dataSource: DataSource) => Promise<unknown>,
): Promise<void> {
  const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (found.rowCount !== 0) return;
  const building = `${name}_building`;
  await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
  await admin.query(`CREATE DATABASE "${building}"${from ? ` TEMPLATE "${from}"` : ''}`);
  const dataSource = new DataSource(
    dataSourceOptions({ url: withDatabase(adminUrl, building), poolSize: 2 }),
  );
  await dataSource.initialize();
  await prepare(dataSource);
  await dataSource.destroy();
  await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
}

export default async function globalSetup(): Promise<void> {
  const postgres = await locatePostgres({
    preferLocal: true,
    name: 'test-postgres',
    port: 54330,
    database: 'postgres',
  });
  const redis = await locateRedis({ name: 'test-redis', port: 63790 });
  globalThis.frontDoorTestServices = [postgres, redis];

  const migrations = folderHash(MIGRATIONS_DIR);
  const templates = {
    migrated: `frontdoor_template_${migrations}`,
    seeded: `frontdoor_template_${migrations}_${folderHash(REFERENCE_DIR)}`,
  };
  await ensureTemplates(postgres.url, templates);
  process.env[TEST_ENV.adminUrl] = postgres.url;
  process.env[TEST_ENV.template] = templates.migrated;
  process.env[TEST_ENV.seededTemplate] = templates.seeded;
  process.env[TEST_ENV.redisUrl] = redis.url;
}
