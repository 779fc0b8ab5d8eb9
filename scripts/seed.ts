import 'reflect-metadata';
import { join, relative } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, SeedError, seedReferenceData } from '@frontdoor/persistence';
import { PROJECT_ROOT } from './services';

/**
 * `npm run db:seed`: loads seeds/reference (geography, GP practices, teams) into the database
 * at DATABASE_URL. Safe to run again: rows are brought up to date, never duplicated, and rows
 * that are not in the files are left alone. Run `npm run db:migrate` first.
 */
async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      'db:seed: DATABASE_URL is not set (e.g. postgres://user@127.0.0.1:5432/frontdoor)',
    );
    return 1;
  }
  const dir = join(PROJECT_ROOT, 'seeds', 'reference');
  const dataSource = new DataSource(
    dataSourceOptions({ url, poolSize: 1, applicationName: 'front-door-seed' }),
  );
  await dataSource.initialize();
  try {
    const counts = await seedReferenceData(dataSource, dir);
    console.log(
      `db:seed: ${relative(PROJECT_ROOT, dir)}: ${counts.areas} areas, ` +
        `${counts.multiNeighbourhoods} multi-neighbourhoods, ${counts.neighbourhoods} neighbourhoods, ` +
        `${counts.postcodeDistricts} postcode districts, ${counts.gpPractices} GP practices, ` +
        `${counts.teams} teams, ${counts.teamNeighbourhoods} team neighbourhoods ` +
        `(${counts.changed} rows changed)`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      error instanceof SeedError
        ? `db:seed: nothing loaded: ${error.message}`
        : `db:seed: failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  },
);
