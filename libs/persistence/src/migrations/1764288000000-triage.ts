import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Triage: the engine's decision (or a clinician's override) kept with the referral, with its
 * rule-set version and reasons, and the routine wait each team publishes.
 */
export class Triage1764288000000 implements MigrationInterface {
  name = 'Triage1764288000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE referrals ADD COLUMN triage jsonb;
      ALTER TABLE referrals ADD CONSTRAINT referrals_pathway_check CHECK (pathway IN ('ucr',
        'virtual_ward_frailty', 'virtual_ward_ari', 'frailty', 'eolc', 'dementia_crisis', 'falls',
        'heart_failure', 'respiratory', 'diabetes', 'parkinsons', 'tissue_viability',
        'learning_disability', 'cyp_community_nursing', 'community_nursing', 'redirect_999',
        'transfer_out'));
      ALTER TABLE teams ADD COLUMN routine_wait_days integer NOT NULL DEFAULT 28
        CHECK (routine_wait_days BETWEEN 1 AND 365);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE teams DROP COLUMN routine_wait_days;
      ALTER TABLE referrals DROP CONSTRAINT referrals_pathway_check;
      ALTER TABLE referrals DROP COLUMN triage;
    `);
  }
}
