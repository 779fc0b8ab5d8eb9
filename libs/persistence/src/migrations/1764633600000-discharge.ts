import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Discharge back to general practice: each practice's delivery endpoint, the discharge itself
 * (outcome, structured summary and the rendered letter), and one delivery of the letter to the
 * practice, with its attempts, so failed deliveries can be listed and resent.
 */
export class Discharge1764633600000 implements MigrationInterface {
  name = 'Discharge1764633600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE gp_practices ADD COLUMN notify_url text;

      CREATE TABLE discharges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL UNIQUE REFERENCES referrals(id),
        outcome text NOT NULL,
        summary jsonb NOT NULL,
        discharged_by text NOT NULL,
        discharged_by_role text NOT NULL,
        discharged_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        letter_html text NOT NULL,
        letter_fhir jsonb NOT NULL
      );

      CREATE TABLE gp_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        discharge_id uuid NOT NULL REFERENCES discharges(id),
        practice_ods_code text,
        endpoint text,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'delivered', 'acknowledged', 'failed', 'not_applicable')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        acknowledged_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX gp_deliveries_discharge ON gp_deliveries (discharge_id);
      CREATE INDEX gp_deliveries_status ON gp_deliveries (status, created_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE gp_deliveries;
      DROP TABLE discharges;
      ALTER TABLE gp_practices DROP COLUMN notify_url;
    `);
  }
}
