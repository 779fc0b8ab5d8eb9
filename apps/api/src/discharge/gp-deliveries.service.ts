import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@frontdoor/domain';
import {
  DischargeEntity,
  recordGpDeliveryEvent,
  type GpDeliveryStatus,
} from '@frontdoor/persistence';
import { actorOf } from '@frontdoor/auth';
import { AccessControl } from '../auth/access-control.service';
import type { Caller } from '../auth/caller';

/** One row of the admin list: no patient identifiers, only ids, codes, counts and times. */
export interface GpDeliveryView {
  id: string;
  dischargeId: string;
  referralId: string;
  reference: string;
  practiceOdsCode: string | null;
  endpoint: string | null;
  status: GpDeliveryStatus;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  createdAt: string;
}

interface DeliveryRow {
  id: string;
  discharge_id: string;
  referral_id: string;
  reference: string;
  practice_ods_code: string | null;
  endpoint: string | null;
  status: GpDeliveryStatus;
  attempts: number;
  last_error: string | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  acknowledged_at: Date | null;
  created_at: Date;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

function view(row: DeliveryRow): GpDeliveryView {
  return {
    id: row.id,
    dischargeId: row.discharge_id,
    referralId: row.referral_id,
    reference: row.reference,
    practiceOdsCode: row.practice_ods_code,
    endpoint: row.endpoint,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    lastAttemptAt: iso(row.last_attempt_at),
    deliveredAt: iso(row.delivered_at),
    acknowledgedAt: iso(row.acknowledged_at),
    createdAt: row.created_at.toISOString(),
  };
}

const SELECT_VIEW = `
  SELECT g.id, g.discharge_id, d.referral_id, r.reference, g.practice_ods_code, g.endpoint,
         g.status, g.attempts, g.last_error, g.last_attempt_at, g.delivered_at,
         g.acknowledged_at, g.created_at
  FROM gp_deliveries g
  JOIN discharges d ON d.id = g.discharge_id
  JOIN referrals r ON r.id = d.referral_id`;

export const GP_DELIVERY_LIST_LIMIT = 500;

/** Discharge letters and their deliveries: the admin list, resend, acknowledgement, reads. */
@Injectable()
export class GpDeliveriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
  ) {}

  /** Deliveries, newest first, optionally of one status (at most 500). */
  async list(status?: GpDeliveryStatus): Promise<GpDeliveryView[]> {
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `${SELECT_VIEW}
       WHERE ($1::text IS NULL OR g.status = $1)
       ORDER BY g.created_at DESC, g.id
       LIMIT ${GP_DELIVERY_LIST_LIMIT}`,
      [status ?? null],
    );
    return rows.map(view);
  }

  async get(id: string): Promise<GpDeliveryView> {
    const [row] = await this.dataSource.query<DeliveryRow[]>(`${SELECT_VIEW} WHERE g.id = $1`, [
      id,
    ]);
    if (!row) throw new DomainError('not_found', 'No GP delivery with this id');
    return view(row);
  }

  /**
   * Starts a new attempt cycle for a failed delivery, or for one stuck pending longer than a
   * whole retry cycle (its job was lost, or its last failure could not be written): the
   * endpoint is read again from the practice (it may have been fixed), the status goes back to
   * pending, and a new outbox row queues a new gp.notify job (a new job id, so the earlier
   * job does not block it).
   */
  async resend(id: string, caller: Caller): Promise<GpDeliveryView> {
    await this.dataSource.transaction(async (db) => {
      const [row] = await db.query<
        {
          status: GpDeliveryStatus;
          referral_id: string;
          notify_url: string | null;
          stuck: boolean;
        }[]
      >(
        `SELECT g.status, d.referral_id, p.notify_url,
                g.status = 'pending' AND COALESCE(g.last_attempt_at, g.created_at) < now() - interval '1 hour'
                  AS stuck
         FROM gp_deliveries g JOIN discharges d ON d.id = g.discharge_id
           LEFT JOIN gp_practices p ON p.ods_code = g.practice_ods_code
         WHERE g.id = $1
         FOR UPDATE OF g`,
        [id],
      );
      if (!row) throw new DomainError('not_found', 'No GP delivery with this id');
      const grant = await this.access.check(
        caller,
        'gp_delivery.manage',
        { referralId: row.referral_id, detail: { deliveryId: id } },
        db,
      );
      if (row.status !== 'failed' && !row.stuck) {
        throw new DomainError(
          'illegal_transition',
          `Only a failed delivery (or one pending for over an hour) can be resent; this one is ${row.status}`,
          { status: row.status, allowedActions: row.status === 'delivered' ? ['acknowledge'] : [] },
        );
      }
      if (!row.notify_url) {
        throw new DomainError(
          'illegal_transition',
          'The GP practice has no discharge endpoint configured: set one, then resend',
          { status: row.status, allowedActions: [] },
        );
      }
      await db.query(`UPDATE gp_deliveries SET status = 'pending', endpoint = $2 WHERE id = $1`, [
        id,
        row.notify_url,
      ]);
      await db.query(`INSERT INTO outbox (job_name, payload) VALUES ('gp.notify', $1)`, [
        { deliveryId: id },
      ]);
      await recordGpDeliveryEvent(db, id, 'gp.resend_requested', actorOf(caller.principal, grant));
    });
    return this.get(id);
  }

  /**
   * The practice says it has the letter. Idempotent: a second acknowledgement changes
   * nothing and records no second event. Accepted while pending or failed too (the practice
   * may have received a letter whose answer never reached us).
   */
  async acknowledge(id: string, caller: Caller): Promise<GpDeliveryView> {
    await this.dataSource.transaction(async (db) => {
      const [found] = await db.query<{ referral_id: string; practice_ods_code: string | null }[]>(
        `SELECT d.referral_id, g.practice_ods_code
         FROM gp_deliveries g JOIN discharges d ON d.id = g.discharge_id
         WHERE g.id = $1 FOR UPDATE OF g`,
        [id],
      );
      if (!found) throw new DomainError('not_found', 'No GP delivery with this id');
      const grant = await this.access.check(
        caller,
        'gp_delivery.acknowledge',
        {
          referralId: found.referral_id,
          resource: { orgCodes: [found.practice_ods_code] },
          detail: { deliveryId: id },
        },
        db,
      );
      const rows = await db.query<{ id: string }[]>(
        `WITH updated AS (
         UPDATE gp_deliveries
         SET status = 'acknowledged', acknowledged_at = clock_timestamp(),
             delivered_at = COALESCE(delivered_at, clock_timestamp())
         WHERE id = $1 AND status IN ('pending', 'delivered', 'failed')
         RETURNING id)
       SELECT * FROM updated`,
        [id],
      );
      if (rows.length) {
        await recordGpDeliveryEvent(db, id, 'gp.acknowledged', actorOf(caller.principal, grant), {
          via: 'acknowledgement',
        });
        return;
      }
      const [row] = await db.query<{ status: GpDeliveryStatus }[]>(
        `SELECT status FROM gp_deliveries WHERE id = $1`,
        [id],
      );
      if (row.status !== 'acknowledged') {
        throw new DomainError(
          'illegal_transition',
          `This delivery is ${row.status}: nothing to acknowledge`,
          { status: row.status, allowedActions: row.status === 'failed' ? ['resend'] : [] },
        );
      }
    });
    return this.get(id);
  }

  /** The discharge (with its rendered letter) of a referral. */
  async discharge(referralId: string): Promise<DischargeEntity> {
    const discharge = await this.dataSource.manager.findOneBy(DischargeEntity, { referralId });
    if (!discharge) throw new DomainError('not_found', 'This referral has no discharge letter');
    return discharge;
  }
}
