import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
// Global setup runs outside Jest's module mapper; resolve @frontdoor/* the way tsc does.
import 'tsconfig-paths/register';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '@frontdoor/persistence';
import { locatePostgres, locateRedis, PROJECT_ROOT, type Service } from '../scripts/services';
import { TEST_ENV, withDatabase } from './support/environment';

const MIGRATIONS_DIR = join(PROJECT_ROOT, 'libs/persistence/src/migrations');
const TEMPLATE_LOCK = 7_306_245_002;

declare global {
  var frontDoorTestServices: Service[] | undefined;
}

/** Names the template after the migrations it holds, so a changed migration gets a new one. */
function templateName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  }
  return `frontdoor_template_${hash.digest('hex').slice(0, 12)}`;
}

async function ensureTemplate(adminUrl: string, template: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Two test runs at once take turns building the template.
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (found.rowCount === 0) {
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
      await admin.query(`CREATE DATABASE "${building}"`);
      const dataSource = new DataSource(
        dataSourceOptions({ url: withDatabase(adminUrl, building), poolSize: 2 }),
      );
      await dataSource.initialize();
      await migrate(dataSource);
      await dataSource.destroy();
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    }
    const stale = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'frontdoor\\_template\\_%' AND datname <> $1`,
      [template],
    );
    for (const { datname } of stale.rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => undefined);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => undefined);
    await admin.end();
  }
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

  const template = templateName();
  await ensureTemplate(postgres.url, template);
  process.env[TEST_ENV.adminUrl] = postgres.url;
  process.env[TEST_ENV.template] = template;
  process.env[TEST_ENV.redisUrl] = redis.url;
}
