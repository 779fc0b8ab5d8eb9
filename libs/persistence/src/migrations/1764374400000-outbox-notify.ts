import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wakes the outbox relay the moment work is committed: NOTIFY is delivered only on commit,
 * so a listener never sees a row that might still roll back. The scheduled relay remains the
 * safety net for a missed notification.
 */
export class OutboxNotify1764374400000 implements MigrationInterface {
  name = 'OutboxNotify1764374400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
        FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER outbox_notify ON outbox;
      DROP FUNCTION notify_outbox();
    `);
  }
}
