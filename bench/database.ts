import { randomBytes } from 'node:crypto';
import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '@frontdoor/persistence';

export interface BenchDatabase {
  name: string;
  /** postgres:// URL of the migrated throwaway database. */
  url: string;
  /** Drops it, whoever is still connected. */
  drop(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function serverVersion(adminUrl: string): Promise<string> {
  return withAdmin(adminUrl, async (client) => {
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0].server_version;
  });
}

/** Creates frontdoor_bench_<random> on the server of `adminUrl` and migrates it. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `frontdoor_bench_${randomBytes(6).toString('hex')}`;
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const drop = async (): Promise<void> => {
    await withAdmin(adminUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    );
  };
  try {
    const dataSource = new DataSource(
      dataSourceOptions({ url, poolSize: 2, applicationName: 'front-door-bench' }),
    );
    await dataSource.initialize();
    try {
      await migrate(dataSource);
    } finally {
      await dataSource.destroy();
    }
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return { name, url, drop };
}
