import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@frontdoor/persistence';

/** Opens a small DataSource for a script, runs `work`, and always closes it. */
export async function withDataSource<T>(
  url: string,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource(
    dataSourceOptions({ url, poolSize: 2, applicationName: 'front-door-script' }),
  );
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** DATABASE_URL for a script that works on an existing database, or a one-line exit. */
export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set (npm start sets it for the database it starts).');
    process.exit(1);
  }
  return url;
}
