import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { authorise, type Grant, type Permission, type Resource } from '@frontdoor/auth';
import type { ReferralEntity } from '@frontdoor/persistence';
import { isUnstorableText } from '../http/error-classification';
import type { Caller } from './caller';

/** What a checked access is about, for the permission's scope and the audit row. */
export interface AccessTarget {
  referralId?: string;
  resource?: Resource;
  /** Non-identifying facts worth keeping (a key id, a count); never patient data. */
  detail?: Record<string, unknown>;
}

/**
 * The permission matrix's scope check and the audit trail in one step, so nothing is read
 * or written without a record of who did it. Given a transaction, the audit row commits or
 * rolls back with the write; an audit row that cannot be written fails the request.
 */
@Injectable()
export class AccessControl {
  constructor(private readonly dataSource: DataSource) {}

  async check(
    caller: Caller,
    permission: Permission,
    target: AccessTarget = {},
    db: EntityManager = this.dataSource.manager,
  ): Promise<Grant> {
    const grant = authorise(caller.principal, permission, target.resource, caller.breakGlassReason);
    await this.record(caller, permission, grant, target, db);
    return grant;
  }

  async record(
    caller: Caller,
    permission: Permission,
    grant: Grant,
    target: AccessTarget,
    db: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await this.write(
      db,
      `INSERT INTO audit_events (actor_id, actor_role, credential, org_code, permission, route,
         break_glass_reason, request_id, ip, user_agent, referral_id, team_code, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        ...this.who(caller, permission, grant),
        target.referralId ?? null,
        target.resource?.teamCode ?? null,
        target.detail ?? {},
      ],
    );
  }

  /**
   * One audit row per referral read in bulk under a grant already checked (a replay of many
   * referrals), in one statement, so that each referral's own trail shows the read.
   */
  async recordEach(
    caller: Caller,
    permission: Permission,
    grant: Grant,
    referralIds: readonly string[],
    detail: Record<string, unknown> = {},
    db: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    if (referralIds.length === 0) return;
    await this.write(
      db,
      `INSERT INTO audit_events (actor_id, actor_role, credential, org_code, permission, route,
         break_glass_reason, request_id, ip, user_agent, referral_id, detail)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, referral_id, $12
       FROM unnest($11::uuid[]) AS referral_id`,
      [...this.who(caller, permission, grant), [...referralIds], detail],
    );
  }

  /** Who did what, from where: the first ten columns of every audit row. */
  private who(caller: Caller, permission: Permission, grant: Grant): unknown[] {
    const { principal } = caller;
    return [
      principal.id,
      grant.role,
      principal.credential,
      principal.orgCode,
      permission,
      caller.route,
      grant.breakGlass ? (caller.breakGlassReason ?? null) : null,
      caller.requestId,
      caller.ip,
      caller.userAgent?.slice(0, 300) ?? null,
    ];
  }

  private async write(db: EntityManager, sql: string, params: unknown[]): Promise<void> {
    try {
      await db.query(sql, params);
    } catch (error) {
      // The client's own text (a NUL in a team code in the URL, say) is theirs to fix: a 400.
      if (isUnstorableText(error)) throw error;
      throw new ServiceUnavailableException(
        'The audit trail could not be written, so the request was not carried out; try again shortly',
      );
    }
  }
}

/** Who a referral belongs to, for scope: its team, its assignee, its submitting organisation. */
export function referralResource(
  referral: Pick<ReferralEntity, 'teamCode' | 'assignee' | 'submitterOrgCode' | 'referrerOrgCode'>,
): Resource {
  return {
    teamCode: referral.teamCode,
    assignee: referral.assignee,
    // A referral keyed in by hub staff on an organisation's behalf belongs to that organisation.
    orgCodes: [referral.submitterOrgCode ?? referral.referrerOrgCode],
  };
}
