import { randomBytes } from 'node:crypto';
import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@frontdoor/persistence';
import { testEnv, withDatabase } from './environment';

export interface TestDatabase {
  /** postgres:// URL of this test file's own database, migrated. */
  url: string;
  name: string;
  /** An initialised DataSource on it (a small pool), for arranging and asserting. */
  dataSource: DataSource;
  /** Closes the DataSource and drops the database, whoever is still connected. */
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testEnv('adminUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Gives the calling test file its own migrated database, cloned from a template: with the
 * reference data loaded (the default) or without it.
 */
export async function createTestDatabase(
  options: { referenceData?: boolean } = {},
): Promise<TestDatabase> {
  const name = `frontdoor_test_${randomBytes(6).toString('hex')}`;
  const template = testEnv(options.referenceData === false ? 'template' : 'seededTemplate');
  await admin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = withDatabase(testEnv('adminUrl'), name);
  const dataSource = new DataSource(dataSourceOptions({ url, poolSize: 4 }));
  await dataSource.initialize();
  return {
    url,
    name,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** An empty database (no migrations), for testing migrations themselves. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `frontdoor_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: withDatabase(testEnv('adminUrl'), name),
    drop: () =>
      admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
