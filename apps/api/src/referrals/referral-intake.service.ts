import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  CLOSED_STATUSES,
  DomainError,
  makeReference,
  patientMatchKey,
  type ReferralFlag,
  type ReferralSubmission,
} from '@frontdoor/domain';
import { normaliseNhsNumber, normalisePostcode } from '@frontdoor/nhs';
import { geography, ReferralEntity } from '@frontdoor/persistence';
import { authorise, type Grant } from '@frontdoor/auth';
import type { JobPayloads } from '@frontdoor/queues';
import { AccessControl } from '../auth/access-control.service';
import type { Caller } from '../auth/caller';
import { requestHash } from './request-hash';

export type Channel = ReferralEntity['channel'];

export interface IntakeMeta {
  channel: Channel;
  /** The caller's own key: the same key from another caller is another referral. */
  idempotencyKey?: string;
  /** Who submits; their request id travels with the triage job, so logs line up. */
  caller: Caller;
}

export interface IntakeResult {
  referral: ReferralEntity;
  /** False when an Idempotency-Key replay returned the referral stored the first time. */
  created: boolean;
}

const REFERENCE_ATTEMPTS = 5;

/**
 * The one door: every channel's submission becomes a referral row, its `received` event and
 * the outbox row that will put it on the triage queue, and its audit row, in one
 * transaction. Redis is not touched here, so intake answers while Redis is down and nothing
 * is lost.
 */
@Injectable()
export class ReferralIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
  ) {}

  async submit(submission: ReferralSubmission, meta: IntakeMeta): Promise<IntakeResult> {
    const hash = meta.idempotencyKey ? requestHash(submission) : null;
    const grant = authorise(meta.caller.principal, 'referral.submit');
    for (let attempt = 1; ; attempt += 1) {
      try {
        const stored = await this.dataSource.transaction((manager) =>
          this.store(manager, submission, meta, grant, hash),
        );
        if (stored) return { referral: stored, created: true };
        const replayed = await this.replay(
          meta.caller.principal.id,
          meta.idempotencyKey ?? '',
          hash,
        );
        await this.access.record(meta.caller, 'referral.submit', grant, {
          referralId: replayed.id,
          detail: { replay: true },
        });
        return { referral: replayed, created: false };
      } catch (error) {
        // A clash of random references (about one in 10^11): draw another.
        const clash = (error as { code?: string; constraint?: string }).constraint;
        if (clash !== 'referrals_reference_key' || attempt >= REFERENCE_ATTEMPTS) throw error;
      }
    }
  }

  /** Inserts everything, or nothing when the Idempotency-Key is already taken. */
  private async store(
    manager: EntityManager,
    submission: ReferralSubmission,
    meta: IntakeMeta,
    grant: Grant,
    hash: string | null,
  ): Promise<ReferralEntity | undefined> {
    const { principal } = meta.caller;
    const patient = normalisePatient(submission.patient);
    const matchKey = patientMatchKey(patient) ?? null;
    const nhsNumber = patient.nhsNumber ?? null;

    // Same patient, same moment, two doors: take turns, so the second sees the first.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      nhsNumber ?? matchKey ?? 'anonymous',
    ]);
    const open = await this.findOpenReferral(manager, nhsNumber, matchKey);
    const { residence, practice } = await geography.locate(manager, patient);

    const flags: ReferralFlag[] = [];
    if (!nhsNumber) flags.push('identity_unverified');
    if (open) flags.push('possible_duplicate');

    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO referrals (reference, status, referrer_type, referrer_org_code, referrer,
         patient, clinical, consent, nhs_number, date_of_birth, match_key, neighbourhood_code,
         flags, idempotency_key, request_hash, channel, linked_referral_id, submitted_by,
         submitter_org_code)
       VALUES ($1, 'received', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
         $17, $18)
       ON CONFLICT (submitted_by, idempotency_key) DO NOTHING
       RETURNING id`,
      [
        makeReference(() => randomInt(0, 1_000_000) / 1_000_000),
        submission.referrer.type,
        submission.referrer.organisation?.odsCode ?? null,
        submission.referrer,
        patient,
        submission.clinical,
        submission.consent,
        nhsNumber,
        patient.dateOfBirth ?? null,
        matchKey,
        residence ?? practice,
        flags,
        meta.idempotencyKey ?? null,
        hash,
        meta.channel,
        open?.id ?? null,
        principal.id,
        principal.orgCode,
      ],
    );
    if (!row) return undefined;

    await manager.query(
      `INSERT INTO referral_events (referral_id, type, actor_id, actor_role, to_status, data)
       VALUES ($1, 'received', $2, $3, 'received', $4)`,
      [
        row.id,
        principal.id,
        grant.role,
        {
          channel: meta.channel,
          flags,
          ...(open && { possibleDuplicateOf: open.id, heldBy: open.team_code }),
        },
      ],
    );
    const job: JobPayloads['triage.referral'] = {
      referralId: row.id,
      version: 1,
      correlationId: meta.caller.requestId,
    };
    await manager.query(`INSERT INTO outbox (job_name, payload) VALUES ('triage.referral', $1)`, [
      job,
    ]);
    await this.access.record(
      meta.caller,
      'referral.submit',
      grant,
      { referralId: row.id },
      manager,
    );
    return manager.findOneByOrFail(ReferralEntity, { id: row.id });
  }

  private async replay(
    submittedBy: string,
    idempotencyKey: string,
    hash: string | null,
  ): Promise<ReferralEntity> {
    const existing = await this.dataSource.manager.findOneByOrFail(ReferralEntity, {
      submittedBy,
      idempotencyKey,
    });
    if (existing.requestHash !== hash) {
      throw new DomainError(
        'idempotency_conflict',
        'This Idempotency-Key was already used with a different referral; use a new key for a new referral',
      );
    }
    return existing;
  }

  private async findOpenReferral(
    manager: EntityManager,
    nhsNumber: string | null,
    matchKey: string | null,
  ): Promise<{ id: string; team_code: string | null } | undefined> {
    if (!nhsNumber && !matchKey) return undefined;
    const [open] = await manager.query<{ id: string; team_code: string | null }[]>(
      `SELECT id, team_code FROM referrals
       WHERE (nhs_number = $1 OR ($1::text IS NULL AND match_key = $2))
         AND status <> ALL($3)
       ORDER BY received_at DESC LIMIT 1`,
      [nhsNumber, matchKey, CLOSED_STATUSES],
    );
    return open;
  }
}

function normalisePatient(patient: ReferralSubmission['patient']): ReferralSubmission['patient'] {
  return {
    ...patient,
    ...(patient.nhsNumber && { nhsNumber: normaliseNhsNumber(patient.nhsNumber) }),
    ...(patient.postcode && { postcode: normalisePostcode(patient.postcode) }),
  };
}
