import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Response clocks: one row per clock in the shape of a CSDS referral-to-treatment period
 * (start, stop, target, met), at most one open per referral; the referral keeps a copy of its
 * current clock's start and stop so queue reads stay on one table; and outbox rows can name
 * a deterministic job id and a time to run, so the relay can schedule delayed jobs.
 */
export class Clocks1764547200000 implements MigrationInterface {
  name = 'Clocks1764547200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE response_clocks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referrals(id),
        kind text NOT NULL CHECK (kind IN ('2_hour', 'same_day', '48_hour', 'routine')),
        measurement_type text CHECK (measurement_type IN ('05', '06')),
        started_at timestamptz NOT NULL,
        at_risk_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        stopped_at timestamptz,
        met boolean,
        at_risk_alerted_at timestamptz,
        breached_alerted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (due_at > started_at),
        CHECK (at_risk_at BETWEEN started_at AND due_at),
        -- An open clock has no verdict; a stopped one has one only if a contact stopped it.
        CHECK (stopped_at IS NOT NULL OR met IS NULL)
      );
      CREATE UNIQUE INDEX response_clocks_one_open ON response_clocks (referral_id)
        WHERE stopped_at IS NULL;
      CREATE INDEX response_clocks_referral ON response_clocks (referral_id, started_at);
      CREATE INDEX response_clocks_at_risk_pending ON response_clocks (at_risk_at)
        WHERE stopped_at IS NULL AND at_risk_alerted_at IS NULL;
      CREATE INDEX response_clocks_breach_pending ON response_clocks (due_at)
        WHERE stopped_at IS NULL AND breached_alerted_at IS NULL;

      ALTER TABLE referrals
        ADD COLUMN clock_started_at timestamptz,
        ADD COLUMN clock_stopped_at timestamptz;

      ALTER TABLE outbox
        ADD COLUMN job_id text,
        ADD COLUMN run_at timestamptz;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE outbox DROP COLUMN run_at, DROP COLUMN job_id;
      ALTER TABLE referrals DROP COLUMN clock_stopped_at, DROP COLUMN clock_started_at;
      DROP TABLE response_clocks;
    `);
  }
}
