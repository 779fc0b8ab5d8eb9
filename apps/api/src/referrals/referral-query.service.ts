import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isValidReference, normaliseReference } from '@frontdoor/domain';
import { ReferralEntity, ReferralEventEntity, TeamEntity } from '@frontdoor/persistence';
import type { LinkedReferral, TeamRef } from './referral.views';

export interface ReferralWithLinks {
  referral: ReferralEntity;
  team: TeamRef | null;
  /** The open referral this one may duplicate, and the team holding it. */
  possibleDuplicateOf: LinkedReferral | null;
}

/** Reads of referrals and their timelines. */
@Injectable()
export class ReferralQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async find(id: string): Promise<ReferralEntity> {
    const referral = await this.dataSource.manager.findOneBy(ReferralEntity, { id });
    if (!referral) throw new DomainError('not_found', 'No referral with this id');
    return referral;
  }

  async byId(id: string): Promise<ReferralWithLinks> {
    const referral = await this.find(id);
    const linked = referral.linkedReferralId
      ? await this.dataSource.manager.findOneBy(ReferralEntity, { id: referral.linkedReferralId })
      : null;
    return {
      referral,
      team: await this.team(referral.teamCode),
      possibleDuplicateOf: linked && {
        id: linked.id,
        reference: linked.reference,
        status: linked.status,
        team: await this.team(linked.teamCode),
      },
    };
  }

  async byReference(input: string): Promise<{ referral: ReferralEntity; team: TeamRef | null }> {
    const reference = normaliseReference(input);
    if (!isValidReference(reference)) {
      throw new DomainError(
        'not_found',
        'No referral with this reference: check it reads like FD-7H3K-Q9MX',
      );
    }
    const referral = await this.dataSource.manager.findOneBy(ReferralEntity, { reference });
    if (!referral) throw new DomainError('not_found', 'No referral with this reference');
    return { referral, team: await this.team(referral.teamCode) };
  }

  events(id: string): Promise<ReferralEventEntity[]> {
    return this.dataSource.manager.find(ReferralEventEntity, {
      where: { referralId: id },
      order: { seq: 'ASC' },
    });
  }

  private async team(code: string | null): Promise<TeamRef | null> {
    if (!code) return null;
    const team = await this.dataSource.manager.findOneBy(TeamEntity, { code });
    return team && { code: team.code, name: team.name };
  }
}
