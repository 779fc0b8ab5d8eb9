import type { EntityManager } from 'typeorm';

/** The timeline events of a discharge letter's delivery to the GP practice. */
export type GpDeliveryEventType =
  'gp.delivered' | 'gp.acknowledged' | 'gp.delivery_failed' | 'gp.resend_requested';

/**
 * Appends a delivery event to the referral's timeline (referral_events; the status does not
 * change). `data` carries delivery ids, practice codes and counts, never patient details.
 */
export async function recordGpDeliveryEvent(
  db: EntityManager,
  deliveryId: string,
  type: GpDeliveryEventType,
  actor: { id: string; role: string },
  data: Record<string, unknown> = {},
): Promise<void> {
  await db.query(
    `INSERT INTO referral_events (referral_id, type, actor_id, actor_role, data)
     SELECT d.referral_id, $2, $3, $4, $5::jsonb || jsonb_build_object(
              'deliveryId', g.id, 'dischargeId', d.id, 'practiceOdsCode', g.practice_ods_code)
     FROM gp_deliveries g JOIN discharges d ON d.id = g.discharge_id
     WHERE g.id = $1`,
    [deliveryId, type, actor.id, actor.role, JSON.stringify(data)],
  );
}
