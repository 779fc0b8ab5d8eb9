import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tracker: an open question to the referrer, and team capacity changes as append-only
 * events (capacity is history too: who changed it, when, why).
 */
export class Tracker1764460800000 implements MigrationInterface {
  name = 'Tracker1764460800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE referrals ADD COLUMN information_request jsonb;

      CREATE TABLE team_events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        team_code text NOT NULL REFERENCES teams(code),
        type text NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id text NOT NULL,
        actor_role text,
        data jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX team_events_team ON team_events (team_code, seq);
      CREATE TRIGGER team_events_append_only
        BEFORE UPDATE OR DELETE ON team_events
        FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE team_events;
      ALTER TABLE referrals DROP COLUMN information_request;
    `);
  }
}
