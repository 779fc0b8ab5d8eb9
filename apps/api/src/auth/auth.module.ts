import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AccessControl } from './access-control.service';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuditController } from './audit.controller';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator.service';
import { RouteRules } from './route-rules';

/** Who is calling (JWT or API key), what they may do, and the audit trail of what they did. */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [ApiKeysController, AuditController],
  providers: [
    ApiKeysService,
    Authenticator,
    AccessControl,
    RouteRules,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccessControl, Authenticator],
})
export class AuthModule {}
