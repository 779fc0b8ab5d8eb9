import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake: where a referral came from, the keys used to spot the same patient in an open
 * referral, and the link a possible duplicate keeps to it.
 */
export class Intake1764201600000 implements MigrationInterface {
  name = 'Intake1764201600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE referrals
        ADD COLUMN channel text NOT NULL DEFAULT 'api' CHECK (channel IN ('api', 'fhir', 'web')),
        ADD COLUMN date_of_birth date,
        ADD COLUMN match_key text,
        ADD COLUMN linked_referral_id uuid REFERENCES referrals(id);
      ALTER TABLE referrals ALTER COLUMN channel DROP DEFAULT;
      ALTER TABLE referrals ALTER COLUMN received_at SET DEFAULT clock_timestamp();

      CREATE INDEX referrals_open_nhs_number ON referrals (nhs_number)
        WHERE nhs_number IS NOT NULL
          AND status NOT IN ('discharged', 'redirected', 'transferred_out', 'cancelled');
      CREATE INDEX referrals_open_match_key ON referrals (match_key)
        WHERE match_key IS NOT NULL
          AND status NOT IN ('discharged', 'redirected', 'transferred_out', 'cancelled');
      DROP INDEX referrals_nhs_number;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX referrals_nhs_number ON referrals (nhs_number) WHERE nhs_number IS NOT NULL;
      DROP INDEX referrals_open_match_key;
      DROP INDEX referrals_open_nhs_number;
      ALTER TABLE referrals ALTER COLUMN received_at SET DEFAULT now();
      ALTER TABLE referrals
        DROP COLUMN linked_referral_id,
        DROP COLUMN match_key,
        DROP COLUMN date_of_birth,
        DROP COLUMN channel;
    `);
  }
}
