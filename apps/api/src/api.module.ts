import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Config } from '@frontdoor/config';
import { httpLoggerParams } from '@frontdoor/logging';
import { ConfigModule, DatabaseModule, RedisModule, TriageModule } from '@frontdoor/platform';
import { AuthModule } from './auth/auth.module';
import { HealthModule } from './health/health.module';
import { ReferralsModule } from './referrals/referrals.module';
import { TriageApiModule } from './triage/triage.module';
import { TrackerModule } from './tracker/tracker.module';
import { TeamsModule } from './teams/teams.module';
import { FhirModule } from './fhir/fhir.module';
import { DischargeModule } from './discharge/discharge.module';
import { QueuesModule } from './queues/queues.module';
import { LiveModule } from './live/live.module';
import { DevModule } from './dev/dev.module';

/** The HTTP app: intake, tracking, queues and their live feed for people and systems. */
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
        TriageModule.forRoot(config),
        AuthModule,
        HealthModule,
        ReferralsModule,
        TriageApiModule,
        TrackerModule,
        TeamsModule,
        FhirModule,
        DischargeModule,
        QueuesModule,
        LiveModule,
        // Development sign-in as a seeded person: never in production.
        ...(config.NODE_ENV === 'production' ? [] : [DevModule]),
      ],
    };
  }
}
