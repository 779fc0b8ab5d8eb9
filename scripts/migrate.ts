import { migrate } from '@frontdoor/persistence';
import { requireDatabaseUrl, withDataSource } from './database';

/** npm run db:migrate: applies pending migrations to DATABASE_URL. */
withDataSource(requireDatabaseUrl(), migrate)
  .then((ran) => console.log(ran.length ? `migrated: ${ran.join(', ')}` : 'schema up to date'))
  .catch((error: unknown) => {
    console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
