import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import type { ApiKeyEntity } from '@frontdoor/persistence';
import { IsOdsCode } from '../referrals/dto/validators';
import { AccessControl } from './access-control.service';
import { ApiKeysService } from './api-keys.service';
import { CallerOf, type Caller } from './caller';
import { Requires } from './access-rule';

export class IssueApiKeyBody {
  @ApiProperty({ example: 'SECAmb CAD (production)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 'RYD', description: 'ODS code of the organisation the system acts for' })
  @IsOdsCode()
  orgCode!: string;
}

function keyView(key: ApiKeyEntity) {
  return {
    id: key.id,
    name: key.name,
    orgCode: key.orgCode,
    role: key.role,
    prefix: key.prefix,
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdBy,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/** System API keys, for admins: issue (the secret is shown once), list, revoke. */
@ApiTags('admin')
@Controller('api/v1/admin/api-keys')
@Requires('api_key.manage')
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly access: AccessControl,
    private readonly dataSource: DataSource,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Issue an API key for a system; the key is in this answer only' })
  @ApiResponse({ status: 201, description: '`key` is shown once and stored only as a hash' })
  async issue(@Body() body: IssueApiKeyBody, @CallerOf() caller: Caller) {
    return this.dataSource.transaction(async (db) => {
      const issued = await this.keys.issue(db, body, caller.principal.id);
      await this.access.check(
        caller,
        'api_key.manage',
        { detail: { issued: issued.entity.id } },
        db,
      );
      return { ...keyView(issued.entity), key: issued.key };
    });
  }

  @Get()
  @ApiOperation({ summary: 'API keys (never their secrets)' })
  async list(@CallerOf() caller: Caller) {
    await this.access.check(caller, 'api_key.manage');
    return { items: (await this.keys.list()).map(keyView) };
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key at once' })
  async revoke(@Param('id', ParseUUIDPipe) id: string, @CallerOf() caller: Caller) {
    return this.dataSource.transaction(async (db) => {
      const key = await this.keys.revoke(db, id, caller.principal.id);
      await this.access.check(caller, 'api_key.manage', { detail: { revoked: id } }, db);
      return keyView(key);
    });
  }
}
