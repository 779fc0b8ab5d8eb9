import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Queues for people (docs/queues.md): who a referral is assigned to, when the hub handed it to
 * its team, and one partial index per queue whose key is the queue's sort order, so a read
 * walks the first rows of its own queue and stops (plans with 100,000 open referrals are in
 * docs/queues.md). The predicates are written exactly as apps/api/src/queues/queue.sql.ts
 * queries them: the planner uses a partial index only when the query's WHERE implies it.
 */
export class Queues1764720000000 implements MigrationInterface {
  name = 'Queues1764720000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE referrals
        ADD COLUMN assignee text,
        ADD COLUMN hub_confirmed_at timestamptz;

      CREATE INDEX referrals_hub_queue
        ON referrals ((urgency IS DISTINCT FROM 'immediate'), response_due_at, received_at, id)
        WHERE status IN ('received', 'triaged', 'awaiting_information')
          AND hub_confirmed_at IS NULL;

      CREATE INDEX referrals_team_queue
        ON referrals (team_code, response_due_at, received_at, id)
        WHERE (status IN ('triaged', 'awaiting_information') AND hub_confirmed_at IS NOT NULL)
           OR status IN ('accepted', 'assigned', 'first_contact', 'in_care');
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX referrals_team_queue;
      DROP INDEX referrals_hub_queue;
      ALTER TABLE referrals DROP COLUMN hub_confirmed_at, DROP COLUMN assignee;
    `);
  }
}
