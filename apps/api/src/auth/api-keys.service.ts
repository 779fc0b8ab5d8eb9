import { Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '@frontdoor/domain';
import type { Principal } from '@frontdoor/auth';
import { ApiKeyEntity } from '@frontdoor/persistence';

const KEY_PATTERN = /^fdk_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 12;

/** An issued key: the only moment its secret exists outside the caller's hands. */
export interface IssuedApiKey {
  entity: ApiKeyEntity;
  key: string;
}

/**
 * API keys for systems (111, ambulance CAD, GP practices): 256 random bits, shown once,
 * stored as a SHA-256 hash (a fast hash is right for a random secret of this length), bound
 * to one organisation and the referrer role, revocable at once.
 */
@Injectable()
export class ApiKeysService {
  constructor(private readonly dataSource: DataSource) {}

  async verify(key: string): Promise<Principal> {
    const found = KEY_PATTERN.test(key)
      ? await this.dataSource.manager.findOneBy(ApiKeyEntity, { hash: hashOf(key) })
      : null;
    if (!found || found.revokedAt) {
      throw new UnauthorizedException('This API key is not valid or has been revoked');
    }
    return {
      id: `api-key:${found.id}`,
      name: found.name,
      roles: [found.role],
      teamIds: [],
      orgCode: found.orgCode,
      credential: 'api_key',
    };
  }

  async issue(
    db: EntityManager,
    input: { name: string; orgCode: string },
    by: string,
  ): Promise<IssuedApiKey> {
    const key = `fdk_${randomBytes(32).toString('base64url')}`;
    const entity = await db.save(
      db.create(ApiKeyEntity, {
        name: input.name,
        orgCode: input.orgCode.toUpperCase(),
        role: 'referrer',
        prefix: key.slice(0, PREFIX_LENGTH),
        hash: hashOf(key),
        createdAt: new Date(),
        createdBy: by,
      }),
    );
    return { entity, key };
  }

  list(): Promise<ApiKeyEntity[]> {
    return this.dataSource.manager.find(ApiKeyEntity, { order: { createdAt: 'DESC' } });
  }

  async revoke(db: EntityManager, id: string, by: string): Promise<ApiKeyEntity> {
    const found = await db.findOneBy(ApiKeyEntity, { id });
    if (!found) throw new DomainError('not_found', 'No API key with this id');
    if (!found.revokedAt) {
      found.revokedAt = new Date();
      found.revokedBy = by;
      await db.save(found);
    }
    return found;
  }
}

function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
