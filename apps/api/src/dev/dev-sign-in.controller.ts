import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { signToken } from '@frontdoor/auth';
import type { Config } from '@frontdoor/config';
import { DomainError } from '@frontdoor/domain';
import { CONFIG } from '@frontdoor/platform';
import { Public } from '../auth/access-rule';
import { loadDevUsers, type DevUser } from './dev-users';

export class DevSignInDto {
  @IsString() @MinLength(1) @MaxLength(100) userId!: string;
}

/** How long a development sign-in lasts: a working shift. */
const DEV_TOKEN_TTL = '8h';

/**
 * Development sign-in: pick one of the synthetic people in seeds/users.yaml and get a token
 * signed with AUTH_JWT_SECRET, as `npm run token` would print. The module holding this
 * controller is registered only when NODE_ENV is not production (api.module.ts), so in
 * production these routes do not exist (404) and the web app asks for the identity
 * provider's token instead.
 */
@ApiTags('development')
@Controller('api/v1/dev')
export class DevSignInController {
  private readonly users: DevUser[] = loadDevUsers();

  constructor(@Inject(CONFIG) private readonly config: Config) {}

  @Get('users')
  @Public()
  @ApiOperation({ summary: 'Development only: the synthetic people one may sign in as' })
  list() {
    return { users: this.users };
  }

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Development only: a token for one of the synthetic people' })
  async signIn(@Body() body: DevSignInDto) {
    const user = this.users.find((candidate) => candidate.id === body.userId);
    if (!user) throw new DomainError('not_found', 'No development user with this id');
    const token = await signToken(
      {
        sub: user.id,
        name: user.name,
        roles: user.roles,
        teamIds: user.teamIds,
        ...(user.orgCode && { orgCode: user.orgCode }),
        ttl: DEV_TOKEN_TTL,
      },
      this.config.AUTH_JWT_SECRET,
    );
    return { token, user };
  }
}
