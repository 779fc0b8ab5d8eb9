import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Config } from '@frontdoor/config';
import { httpLoggerParams } from '@frontdoor/logging';
import { ConfigModule, DatabaseModule, RedisModule } from '@frontdoor/platform';
import { HealthModule } from './health/health.module';
import { ReferralsModule } from './referrals/referrals.module';

/** The HTTP app: intake, tracking and queues for people and systems. */
@Module({})
export class ApiModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(httpLoggerParams('api', config.LOG_LEVEL)),
        DatabaseModule,
        RedisModule,
        HealthModule,
        ReferralsModule,
      ],
    };
  }
}
