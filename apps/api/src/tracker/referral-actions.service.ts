import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DomainError,
  nextStatus,
  responseDueAt,
  URGENT,
  type Action,
  type Actor,
  type Pathway,
  type ReferralSubmission,
  type Urgency,
} from '@frontdoor/domain';
import { actionPermission, actorOf } from '@frontdoor/auth';
import { clocks, geography, ReferralEntity } from '@frontdoor/persistence';
import { AccessControl, referralResource } from '../auth/access-control.service';
import type { Caller } from '../auth/caller';
import { DEFAULT_ROUTINE_WAIT_DAYS, type TriageRecord } from '@frontdoor/triage';
import { DischargeService } from '../discharge/discharge.service';
import type { DischargeDto } from '../discharge/dto/discharge.dto';
import { invalidFields, validatePlain } from '../http/validation';
import {
  ACTION_BODIES,
  type ActionBody,
  type AssignBody,
  type CancelBody,
  type OverrideTriageBody,
  type ProvideInformationBody,
  type ReasonBody,
  type RecordContactBody,
  type RedirectBody,
  type RequestInformationBody,
  type StepBody,
  type TransferOutBody,
} from './dto/action-bodies';

/** What an action changes besides the status, and what its event records. */
interface Effect {
  columns: Record<string, unknown>;
  data: Record<string, unknown>;
}

/** Closing a referral stops its clock without counting as a response. */
const NOT_A_CONTACT = { byContact: false };
/** A device clock a little ahead of ours is not a contact in the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Applies a tracker action: locks the referral, checks the caller's permission and scope
 * (403, audited), the body (400), the version (409) and the state machine (422), changes the referral, and
 * records the step as an event, an outbox row and an audit row, all in one transaction.
 */
@Injectable()
export class ReferralActionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly discharges: DischargeService,
    private readonly access: AccessControl,
  ) {}

  async apply(id: string, action: Action, raw: unknown, caller: Caller): Promise<ReferralEntity> {
    return this.dataSource.transaction(async (db) => {
      const referral = await db.findOne(ReferralEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!referral) throw new DomainError('not_found', 'No referral with this id');
      const grant = await this.access.check(
        caller,
        actionPermission(action),
        { referralId: id, resource: referralResource(referral) },
        db,
      );
      const actor = actorOf(caller.principal, grant);
      // Only someone allowed to act learns what the body lacks.
      const check = validatePlain(ACTION_BODIES[action], raw);
      if (!check.ok) throw invalidFields(check.errors);
      const body = check.value as ActionBody & Record<string, unknown>;
      if (referral.version !== body.version) {
        throw new DomainError(
          'stale_version',
          'This referral has changed since you loaded it: reload it and try again',
          { currentVersion: referral.version },
        );
      }
      const to = nextStatus(
        referral.status,
        action,
        referral.informationRequest?.previousStatus ?? null,
      );

      const now = new Date();
      const effect = await this.effect(db, referral, action, body, actor, now);

      const sets = Object.keys(effect.columns).map((column, i) => `${column} = $${i + 4}`);
      await db.query(
        `UPDATE referrals SET status = $2, version = version + 1, updated_at = $3
           ${sets.length ? `, ${sets.join(', ')}` : ''}
         WHERE id = $1`,
        [id, to, now, ...Object.values(effect.columns)],
      );
      // The event's trigger queues the live update (outbox) in this same transaction.
      await db.query(
        `INSERT INTO referral_events (referral_id, type, at, actor_id, actor_role, from_status, to_status, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, action, now, actor.id, actor.role, referral.status, to, effect.data],
      );
      return db.findOneByOrFail(ReferralEntity, { id });
    });
  }

  private async effect(
    db: EntityManager,
    referral: ReferralEntity,
    action: Action,
    body: Record<string, unknown>,
    actor: Actor,
    now: Date,
  ): Promise<Effect> {
    switch (action) {
      case 'confirm_triage': {
        if (!referral.teamCode) {
          throw new DomainError(
            'illegal_transition',
            'No team serves this pathway here: override the triage, redirect or transfer out',
            {
              status: referral.status,
              allowedActions: ['override_triage', 'redirect', 'transfer_out'],
            },
          );
        }
        return {
          columns: {
            hub_confirmed_at: now,
            triage: { ...referral.triage, confirmedBy: actor.id, confirmedAt: now },
          },
          data: { team: referral.teamCode },
        };
      }
      case 'override_triage':
        return this.override(db, referral, body as unknown as OverrideTriageBody, actor, now);
      case 'request_information': {
        const { question } = body as unknown as RequestInformationBody;
        return {
          columns: {
            information_request: {
              question,
              askedBy: actor.id,
              askedAt: now.toISOString(),
              previousStatus: referral.status,
            },
          },
          data: { question },
        };
      }
      case 'provide_information': {
        const { answer } = body as unknown as ProvideInformationBody;
        // Back to `received`: its first triage job was for an older version, so queue another.
        if (referral.informationRequest?.previousStatus === 'received') {
          await db.query(`INSERT INTO outbox (job_name, payload) VALUES ('triage.referral', $1)`, [
            { referralId: referral.id, version: referral.version + 1 },
          ]);
        }
        return {
          columns: { information_request: null },
          data: { question: referral.informationRequest?.question, answer },
        };
      }
      case 'accept':
        // Taken straight from the engine's suggestion counts as the hub's routing confirmed.
        return {
          columns: { hub_confirmed_at: referral.hubConfirmedAt ?? now },
          data: { team: referral.teamCode },
        };
      case 'hand_back': {
        const { reason } = body as unknown as ReasonBody;
        return {
          columns: { team_code: null, hub_confirmed_at: null, assignee: null },
          data: { reason, fromTeam: referral.teamCode },
        };
      }
      case 'assign': {
        const { clinicianId } = body as unknown as AssignBody;
        return { columns: { assignee: clinicianId }, data: { clinicianId } };
      }
      case 'record_contact': {
        const { at, faceToFace, notes } = body as unknown as RecordContactBody;
        const contactAt = new Date(at);
        if (
          contactAt.getTime() > now.getTime() + CLOCK_SKEW_MS ||
          contactAt < referral.receivedAt
        ) {
          throw new DomainError(
            'invalid_submission',
            'The contact time must be between receipt of the referral and now',
            {
              details: [
                { field: 'at', message: 'must be between receipt of the referral and now' },
              ],
            },
          );
        }
        if (faceToFace) await clocks.stop(db, referral.id, contactAt);
        return { columns: {}, data: { at, faceToFace, ...(notes && { notes }) } };
      }
      case 'admit':
        return { columns: {}, data: { team: referral.teamCode } };
      case 'step_up':
      case 'step_down':
        return this.step(db, referral, body as unknown as StepBody, now);
      case 'discharge': {
        await clocks.stop(db, referral.id, now, NOT_A_CONTACT);
        const letter = await this.discharges.record(
          db,
          referral,
          body as unknown as DischargeDto,
          actor,
        );
        return {
          columns: {},
          data: { outcome: (body as unknown as DischargeDto).outcome, ...letter },
        };
      }
      case 'redirect': {
        const { destination, reason } = body as unknown as RedirectBody;
        await clocks.stop(db, referral.id, now, NOT_A_CONTACT);
        return { columns: {}, data: { destination, reason } };
      }
      case 'transfer_out': {
        const { destination, reason } = body as unknown as TransferOutBody;
        await clocks.stop(db, referral.id, now, NOT_A_CONTACT);
        return { columns: {}, data: { destination, ...(reason && { reason }) } };
      }
      case 'cancel': {
        const { reason, notes } = body as unknown as CancelBody;
        await clocks.stop(db, referral.id, now, NOT_A_CONTACT);
        return { columns: {}, data: { reason, ...(notes && { notes }) } };
      }
    }
  }

  /** A clinician's triage: new pathway and urgency, routed again; the original clock is kept. */
  private async override(
    db: EntityManager,
    referral: ReferralEntity,
    { pathway, urgency, reason, teamCode }: OverrideTriageBody,
    actor: Actor,
    now: Date,
  ): Promise<Effect> {
    const previous = referral.triage as unknown as TriageRecord | null;
    const routing = teamCode
      ? { team: await this.chosenTeam(db, teamCode, pathway), mutualAid: null }
      : await this.routeFor(db, referral, pathway, urgency, now);
    const team = routing?.team ?? null;
    const dueAt = responseDueAt(
      urgency,
      referral.receivedAt,
      team?.routineWaitDays ?? DEFAULT_ROUTINE_WAIT_DAYS,
    );
    // The clock still runs from receipt: a new urgency is a new target, not a new start.
    await clocks.retarget(db, {
      referralId: referral.id,
      urgency,
      startedAt: referral.receivedAt,
      dueAt,
    });
    const triage = {
      ...previous,
      pathway,
      urgency,
      responseDueAt: dueAt?.toISOString() ?? null,
      suggestedTeam: team && { code: team.code, name: team.name },
      mutualAid: routing?.mutualAid ?? null,
      decidedBy: 'clinician',
      override: {
        by: actor.id,
        at: now.toISOString(),
        reason,
        previous: previous && { pathway: previous.pathway, urgency: previous.urgency },
      },
    };
    return {
      columns: {
        pathway,
        urgency,
        team_code: team?.code ?? null,
        triage,
        // With no team to send it to, it stays in the hub's queue.
        hub_confirmed_at: team ? now : null,
        flags: withFlag(referral.flags, 'mutual_aid', Boolean(routing?.mutualAid)),
      },
      data: {
        reason,
        previous: previous && { pathway: previous.pathway, urgency: previous.urgency },
        pathway,
        urgency,
        fromTeam: referral.teamCode,
        team: team?.code ?? null,
        ruleSetVersion: previous?.ruleSetVersion,
      },
    };
  }

  /** Same journey, another pathway: routed again, a new clock only if it has a target and none runs. */
  private async step(
    db: EntityManager,
    referral: ReferralEntity,
    { pathway, urgency, reason }: StepBody,
    now: Date,
  ): Promise<Effect> {
    const routing = await this.routeFor(db, referral, pathway, urgency ?? 'routine', now);
    const team = routing?.team ?? null;
    if (urgency) {
      const dueAt = responseDueAt(urgency, now, team?.routineWaitDays ?? DEFAULT_ROUTINE_WAIT_DAYS);
      await clocks.retarget(db, { referralId: referral.id, urgency, startedAt: now, dueAt });
    }
    return {
      columns: {
        pathway,
        ...(urgency && { urgency }),
        team_code: team?.code ?? referral.teamCode,
        assignee: null,
        flags: withFlag(referral.flags, 'mutual_aid', Boolean(routing?.mutualAid)),
      },
      data: {
        reason,
        fromPathway: referral.pathway,
        toPathway: pathway,
        fromTeam: referral.teamCode,
        toTeam: team?.code ?? referral.teamCode,
        ...(routing?.mutualAid && { mutualAid: routing.mutualAid }),
      },
    };
  }

  /** A team a person chose: it must exist and serve the pathway. */
  private async chosenTeam(db: EntityManager, code: string, pathway: Pathway) {
    const [team] = await db.query<{ code: string; name: string; routine_wait_days: number }[]>(
      'SELECT code, name, routine_wait_days FROM teams WHERE code = $1 AND $2 = ANY(pathways)',
      [code, pathway],
    );
    if (!team) {
      throw new DomainError(
        'invalid_submission',
        // Not the code itself: the client's text, repeated back, could be anything.
        `The team chosen (teamCode) does not serve the ${pathway} pathway`,
      );
    }
    return { code: team.code, name: team.name, routineWaitDays: team.routine_wait_days };
  }

  private async routeFor(
    db: EntityManager,
    referral: ReferralEntity,
    pathway: Pathway,
    urgency: Urgency,
    now: Date,
  ) {
    const patient = referral.patient as ReferralSubmission['patient'];
    const location = await geography.locate(db, patient);
    // Where the patient lives first, then their practice's neighbourhood.
    return geography.route(db, geography.neighbourhoodFor(location, null), pathway, {
      now,
      urgent: URGENT.includes(urgency),
    });
  }
}

function withFlag(flags: readonly string[], flag: string, on: boolean): string[] {
  const without = flags.filter((existing) => existing !== flag);
  return on ? [...without, flag] : without;
}
