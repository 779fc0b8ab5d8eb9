import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema: reference geography and teams, referrals, their append-only events and
 * the transactional outbox. Code lists are written out here (not imported) so this migration
 * stays what it was when it ran.
 */
export class InitialSchema1764115200000 implements MigrationInterface {
  name = 'InitialSchema1764115200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE areas (
        code text PRIMARY KEY,
        name text NOT NULL
      );
      CREATE TABLE multi_neighbourhoods (
        code text PRIMARY KEY,
        name text NOT NULL,
        area_code text NOT NULL REFERENCES areas(code),
        population integer NOT NULL CHECK (population > 0)
      );
      CREATE TABLE neighbourhoods (
        code text PRIMARY KEY,
        name text NOT NULL,
        multi_neighbourhood_code text NOT NULL REFERENCES multi_neighbourhoods(code),
        population integer NOT NULL CHECK (population > 0)
      );
      CREATE INDEX neighbourhoods_mnh ON neighbourhoods (multi_neighbourhood_code);
      CREATE TABLE postcode_districts (
        district text PRIMARY KEY CHECK (district ~ '^[A-Z]{1,2}[0-9][0-9A-Z]?$'),
        neighbourhood_code text NOT NULL REFERENCES neighbourhoods(code)
      );
      CREATE TABLE gp_practices (
        ods_code text PRIMARY KEY CHECK (ods_code ~ '^[A-Z][0-9]{5}$'),
        name text NOT NULL,
        neighbourhood_code text NOT NULL REFERENCES neighbourhoods(code),
        postcode text NOT NULL
      );
      CREATE INDEX gp_practices_neighbourhood ON gp_practices (neighbourhood_code);

      CREATE TABLE teams (
        code text PRIMARY KEY CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text NOT NULL,
        pathways text[] NOT NULL CHECK (cardinality(pathways) > 0),
        footprint_level text NOT NULL
          CHECK (footprint_level IN ('neighbourhood', 'multi_neighbourhood', 'area')),
        footprint_code text NOT NULL,
        hours text NOT NULL CHECK (hours IN ('24_7', 'set_hours')),
        opening jsonb,
        caseload_limit integer NOT NULL CHECK (caseload_limit > 0),
        beds integer CHECK (beds IS NULL OR beds > 0),
        phone text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((hours = 'set_hours') = (opening IS NOT NULL))
      );
      CREATE INDEX teams_pathways ON teams USING gin (pathways);
      CREATE TABLE team_neighbourhoods (
        team_code text NOT NULL REFERENCES teams(code) ON DELETE CASCADE,
        neighbourhood_code text NOT NULL REFERENCES neighbourhoods(code),
        PRIMARY KEY (team_code, neighbourhood_code)
      );
      CREATE INDEX team_neighbourhoods_neighbourhood ON team_neighbourhoods (neighbourhood_code);

      CREATE TABLE referrals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('received', 'triaged', 'awaiting_information',
          'accepted', 'assigned', 'first_contact', 'in_care', 'discharged', 'redirected',
          'transferred_out', 'cancelled')),
        version integer NOT NULL DEFAULT 1,
        received_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        referrer_type text NOT NULL,
        referrer_org_code text,
        referrer jsonb NOT NULL,
        patient jsonb NOT NULL,
        clinical jsonb NOT NULL,
        consent text NOT NULL,
        nhs_number text CHECK (nhs_number ~ '^[0-9]{10}$'),
        neighbourhood_code text REFERENCES neighbourhoods(code),
        pathway text,
        urgency text CHECK (urgency IN ('immediate', '2_hour', 'same_day', '48_hour', 'routine')),
        team_code text REFERENCES teams(code),
        response_due_at timestamptz,
        flags text[] NOT NULL DEFAULT '{}',
        idempotency_key text UNIQUE,
        request_hash text
      );
      CREATE INDEX referrals_nhs_number ON referrals (nhs_number) WHERE nhs_number IS NOT NULL;
      CREATE INDEX referrals_team_status ON referrals (team_code, status);
      CREATE INDEX referrals_status_due ON referrals (status, response_due_at);

      CREATE TABLE referral_events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        referral_id uuid NOT NULL REFERENCES referrals(id),
        type text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id text NOT NULL,
        actor_role text,
        from_status text,
        to_status text,
        data jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX referral_events_referral ON referral_events (referral_id, seq);

      CREATE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: record a correcting event instead', TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END
      $$;
      CREATE TRIGGER referral_events_append_only
        BEFORE UPDATE OR DELETE ON referral_events
        FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
      CREATE TRIGGER referral_events_no_truncate
        BEFORE TRUNCATE ON referral_events
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();

      CREATE TABLE outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        job_name text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        relayed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      );
      CREATE INDEX outbox_pending ON outbox (created_at) WHERE relayed_at IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE outbox;
      DROP TABLE referral_events;
      DROP FUNCTION refuse_history_rewrite();
      DROP TABLE referrals;
      DROP TABLE team_neighbourhoods;
      DROP TABLE teams;
      DROP TABLE gp_practices;
      DROP TABLE postcode_districts;
      DROP TABLE neighbourhoods;
      DROP TABLE multi_neighbourhoods;
      DROP TABLE areas;
    `);
  }
}
