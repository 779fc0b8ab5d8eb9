import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every referral event, whoever writes it (intake, triage, an action, a clock, a GP
 * delivery), also queues its live update through the outbox, in the same transaction: one
 * mechanism, nothing to forget, and boards see every `seq`.
 */
export class LiveEvents1764806400000 implements MigrationInterface {
  name = 'LiveEvents1764806400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION queue_live_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO outbox (job_name, payload)
        VALUES ('referral.changed',
                jsonb_build_object('referralId', NEW.referral_id, 'seq', NEW.seq, 'type', NEW.type));
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER referral_events_live AFTER INSERT ON referral_events
        FOR EACH ROW EXECUTE FUNCTION queue_live_update();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER referral_events_live ON referral_events;
      DROP FUNCTION queue_live_update();
    `);
  }
}
