import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Security: system API keys (only a hash is kept), the append-only audit trail of every
 * authorised touch of patient data, and who submitted each referral, so a referrer sees
 * only their own organisation's and an Idempotency-Key is one caller's, not everyone's.
 */
export class Security1764892800000 implements MigrationInterface {
  name = 'Security1764892800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        org_code text NOT NULL,
        role text NOT NULL DEFAULT 'referrer',
        prefix text NOT NULL,
        hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        revoked_at timestamptz,
        revoked_by text
      );

      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        credential text NOT NULL,
        org_code text,
        permission text NOT NULL,
        route text NOT NULL,
        referral_id uuid,
        team_code text,
        break_glass_reason text,
        request_id text,
        ip text,
        user_agent text,
        detail jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_events_referral ON audit_events (referral_id, at) WHERE referral_id IS NOT NULL;
      CREATE INDEX audit_events_actor ON audit_events (actor_id, at);
      CREATE TRIGGER audit_events_append_only
        BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
      CREATE TRIGGER audit_events_no_truncate
        BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();

      ALTER TABLE referrals
        ADD COLUMN submitted_by text NOT NULL DEFAULT 'unattributed',
        ADD COLUMN submitter_org_code text;
      ALTER TABLE referrals ALTER COLUMN submitted_by DROP DEFAULT;
      ALTER TABLE referrals DROP CONSTRAINT referrals_idempotency_key_key;
      CREATE UNIQUE INDEX referrals_idempotency ON referrals (submitted_by, idempotency_key);
      CREATE INDEX referrals_submitter_org ON referrals (submitter_org_code) WHERE submitter_org_code IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX referrals_submitter_org;
      DROP INDEX referrals_idempotency;
      ALTER TABLE referrals ADD CONSTRAINT referrals_idempotency_key_key UNIQUE (idempotency_key);
      ALTER TABLE referrals DROP COLUMN submitter_org_code, DROP COLUMN submitted_by;
      DROP TABLE audit_events;
      DROP TABLE api_keys;
    `);
  }
}
