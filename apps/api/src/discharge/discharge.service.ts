import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  renderDischargeLetterFhir,
  renderDischargeLetterHtml,
  type DischargeLetterInput,
  type DischargeSummary,
} from '@frontdoor/domain';
import {
  GpDeliveryEntity,
  GpPracticeEntity,
  TeamEntity,
  type GpDeliveryStatus,
  type ReferralEntity,
} from '@frontdoor/persistence';
import type { DischargeDto } from './dto/discharge.dto';

/** The code for "no registered GP practice" (NHS Data Dictionary default codes). */
export const NO_REGISTERED_GP = 'V81997';
/** Not applicable / not known: no practice to send to, and nobody told us why. */
const PRACTICE_NOT_KNOWN: ReadonlySet<string> = new Set(['V81998', 'V81999']);

export interface RecordedDischarge {
  dischargeId: string;
  deliveryId: string;
  /** `pending` when a gp.notify job was queued; otherwise why there is nothing to send. */
  deliveryStatus: GpDeliveryStatus;
}

interface DeliveryPlan {
  practiceOdsCode: string | null;
  practiceName: string | null;
  endpoint: string | null;
  status: GpDeliveryStatus;
  /** Why nothing is sent (shown on the admin list); no patient data. */
  reason: string | null;
}

const str = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/**
 * Records a discharge back to general practice: the summary, the rendered letter (HTML and
 * FHIR) and one delivery to the patient's registered practice, with a `gp.notify` outbox row
 * when there is an endpoint to send to. Runs inside the caller's transaction (the `discharge`
 * action), which changes the referral's status and writes its `discharged` event; this service
 * writes neither.
 */
@Injectable()
export class DischargeService {
  async record(
    db: EntityManager,
    referral: ReferralEntity,
    body: DischargeDto,
    actor: { id: string; role: string; name?: string },
  ): Promise<RecordedDischarge> {
    const dischargedAt = new Date();
    const dischargeId = randomUUID();
    const plan = await this.plan(db, str(referral.patient.gpPracticeOdsCode));
    const team = referral.teamCode
      ? await db.findOneBy(TeamEntity, { code: referral.teamCode })
      : null;
    const summary: DischargeSummary = {
      reasonForReferral: body.summary.reasonForReferral,
      pathways: [...body.summary.pathways],
      whatWasDone: body.summary.whatWasDone,
      medicinesChanges: body.summary.medicinesChanges.map(({ medicine, change, reason }) => ({
        medicine,
        change,
        reason,
      })),
      advanceCarePlan: {
        respect: body.summary.advanceCarePlan.respect,
        ...(body.summary.advanceCarePlan.notes !== undefined && {
          notes: body.summary.advanceCarePlan.notes,
        }),
      },
      gpActions: [...body.gpActions],
      informationGiven: body.summary.informationGiven,
    };
    const input = letterInput(referral, {
      ids: { discharge: dischargeId, patient: randomUUID(), bundle: randomUUID() },
      practice: { odsCode: plan.practiceOdsCode, name: plan.practiceName },
      team: team && { code: team.code, name: team.name },
      outcome: body.outcome,
      summary,
      dischargedAt,
      actor,
    });

    await db.query(
      `INSERT INTO discharges (id, referral_id, outcome, summary, discharged_by,
                               discharged_by_role, discharged_at, letter_html, letter_fhir)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        dischargeId,
        referral.id,
        body.outcome,
        summary,
        actor.id,
        actor.role,
        dischargedAt,
        renderDischargeLetterHtml(input),
        renderDischargeLetterFhir(input),
      ],
    );
    const deliveryId = randomUUID();
    await db.insert(GpDeliveryEntity, {
      id: deliveryId,
      dischargeId,
      practiceOdsCode: plan.practiceOdsCode,
      endpoint: plan.endpoint,
      status: plan.status,
      attempts: 0,
      lastError: plan.reason,
    });
    if (plan.status === 'pending') {
      await db.query(`INSERT INTO outbox (job_name, payload) VALUES ('gp.notify', $1)`, [
        { deliveryId },
      ]);
    }
    return { dischargeId, deliveryId, deliveryStatus: plan.status };
  }

  /** Where the letter goes, or why it goes nowhere. */
  private async plan(db: EntityManager, odsCode: string | null): Promise<DeliveryPlan> {
    const none = (status: GpDeliveryStatus, reason: string): DeliveryPlan => ({
      practiceOdsCode: odsCode,
      practiceName: null,
      endpoint: null,
      status,
      reason,
    });
    if (odsCode === null || PRACTICE_NOT_KNOWN.has(odsCode)) {
      return none('failed', 'No GP practice is recorded for the patient: send the letter by hand');
    }
    if (odsCode === NO_REGISTERED_GP) {
      return none(
        'not_applicable',
        'No registered GP practice (V81997): give the letter to the patient',
      );
    }
    const practice = await db.findOneBy(GpPracticeEntity, { odsCode });
    if (!practice) {
      return none(
        'failed',
        'The GP practice is not in the reference data: send the letter by hand',
      );
    }
    if (!practice.notifyUrl) {
      return {
        ...none('failed', 'The GP practice has no discharge endpoint configured'),
        practiceName: practice.name,
      };
    }
    return {
      practiceOdsCode: odsCode,
      practiceName: practice.name,
      endpoint: practice.notifyUrl,
      status: 'pending',
      reason: null,
    };
  }
}

function letterInput(
  referral: ReferralEntity,
  parts: {
    ids: DischargeLetterInput['ids'];
    practice: DischargeLetterInput['practice'];
    team: { code: string; name: string } | null;
    outcome: DischargeLetterInput['outcome'];
    summary: DischargeSummary;
    dischargedAt: Date;
    actor: { id: string; role: string; name?: string };
  },
): DischargeLetterInput {
  const { patient, referrer } = referral;
  const organisation = (referrer.organisation ?? {}) as Record<string, unknown>;
  return {
    ids: parts.ids,
    referral: { id: referral.id, reference: referral.reference, receivedAt: referral.receivedAt },
    patient: {
      nhsNumber: referral.nhsNumber ?? str(patient.nhsNumber),
      givenName: str(patient.givenName),
      familyName: str(patient.familyName),
      dateOfBirth: str(patient.dateOfBirth),
      sex: str(patient.sex),
      postcode: str(patient.postcode),
    },
    practice: parts.practice,
    referrer: {
      type: str(referrer.type) ?? referral.referrerType,
      organisationName: str(organisation.name),
      organisationOdsCode: str(organisation.odsCode) ?? referral.referrerOrgCode,
      name: str(referrer.name),
      role: str(referrer.role),
    },
    episode: {
      start: referral.receivedAt,
      end: parts.dischargedAt,
      teamCode: parts.team?.code ?? referral.teamCode,
      teamName: parts.team?.name ?? null,
    },
    outcome: parts.outcome,
    summary: parts.summary,
    completedBy: { id: parts.actor.id, role: parts.actor.role, name: parts.actor.name ?? null },
  };
}
