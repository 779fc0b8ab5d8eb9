import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '@frontdoor/persistence';
import { MIGRATIONS } from '../../libs/persistence/src/migrations';
import { createEmptyDatabase } from '../support/database';

const ALL = MIGRATIONS.map((migration) => migration.name);

describe('migrations', () => {
  let database: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    dataSource = new DataSource(dataSourceOptions({ url: database.url, poolSize: 2 }));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('build the whole schema on an empty database, and a second run does nothing', async () => {
    expect(await migrate(dataSource)).toEqual(ALL);
    expect(await migrate(dataSource)).toEqual([]);

    const tables = await dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(ALL.at(-1)).toBe('Security1764892800000');
    expect(tables.map((row) => row.table_name)).toEqual([
      'api_keys',
      'areas',
      'audit_events',
      'discharges',
      'gp_deliveries',
      'gp_practices',
      'multi_neighbourhoods',
      'neighbourhoods',
      'outbox',
      'postcode_districts',
      'referral_events',
      'referrals',
      'response_clocks',
      'schema_migrations',
      'team_events',
      'team_neighbourhoods',
      'teams',
    ]);
  });

  it('give every entity exactly the columns (and nullability) the schema has', async () => {
    for (const entity of dataSource.entityMetadatas) {
      const columns = await dataSource.query<{ column_name: string; is_nullable: string }[]>(
        `SELECT column_name, is_nullable FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name`,
        [entity.tableName],
      );
      const inSchema = columns
        .map((c) => `${c.column_name}${c.is_nullable === 'YES' ? '?' : ''}`)
        .sort();
      const inEntity = entity.columns
        .map((c) => `${c.databaseName}${c.isNullable ? '?' : ''}`)
        .sort();
      expect({ table: entity.tableName, columns: inEntity }).toEqual({
        table: entity.tableName,
        columns: inSchema,
      });
    }
  });

  it('can be reverted and re-applied', async () => {
    for (const _ of ALL) await dataSource.undoLastMigration();
    const left = await dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
    );
    expect(left[0].count).toBe('0');
    expect(await migrate(dataSource)).toEqual(ALL);
  });

  it('make the audit trail append-only too', async () => {
    await dataSource.query(
      `INSERT INTO audit_events (actor_id, actor_role, credential, permission, route)
       VALUES ('admin-1', 'admin', 'jwt', 'audit.read', 'GET /api/v1/audit')`,
    );
    await expect(dataSource.query(`UPDATE audit_events SET actor_id = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(dataSource.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
  });

  it('make referral_events append-only: update, delete and truncate are refused', async () => {
    const [{ id }] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO referrals (reference, status, referrer_type, referrer, patient, clinical, consent, channel, submitted_by)
       VALUES ('FD-TEST-0001', 'received', 'gp', '{}', '{}', '{}', 'patient_consented', 'api', 'test') RETURNING id`,
    );
    await dataSource.query(
      `INSERT INTO referral_events (referral_id, type, actor_id, to_status) VALUES ($1, 'received', 'test', 'received')`,
      [id],
    );
    await expect(dataSource.query(`UPDATE referral_events SET type = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(dataSource.query(`DELETE FROM referral_events`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`TRUNCATE referral_events CASCADE`)).rejects.toThrow(
      /append-only/,
    );
    const [{ count }] = await dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM referral_events`,
    );
    expect(count).toBe('1');
  });
});
