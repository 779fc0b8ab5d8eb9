import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Config } from '@frontdoor/config';
import { baseLoggerOptions } from '@frontdoor/logging';
import { ConfigModule, DatabaseModule, RedisModule, TriageModule } from '@frontdoor/platform';
import { checkJobHandlers } from '@frontdoor/queues';
import { ClockAlertHandler } from './clocks/clock-alert.handler';
import { ClockCancelHandler } from './clocks/clock-cancel.handler';
import { ClockSweepHandler } from './clocks/clock-sweep.handler';
import { GpNotifyHandler } from './discharge/gp-notify.handler';
import { jobNameOf } from './jobs/job-handler';
import { JOB_HANDLER_TYPES, JobRunner } from './jobs/job-runner';
import { OutboxListener } from './outbox/outbox-listener';
import { OutboxRelayHandler } from './outbox/outbox-relay.handler';
import { TriageHandler } from './triage/triage.handler';
import { LiveEmitter } from './live/live-emitter';
import { ReferralChangedHandler } from './live/referral-changed.handler';

/** Every job handler the worker runs; the job runner checks this against the job map. */
export const JOB_HANDLERS: Type[] = [
  OutboxRelayHandler,
  TriageHandler,
  ReferralChangedHandler,
  ClockAlertHandler,
  ClockCancelHandler,
  ClockSweepHandler,
  GpNotifyHandler,
];

/** The background app: BullMQ processors, no HTTP. */
@Module({})
export class WorkerModule {
  /** Refuses (before connecting to anything) unless each declared job has exactly one handler. */
  static forRoot(config: Config, handlers: Type[] = JOB_HANDLERS): DynamicModule {
    checkJobHandlers(
      handlers.map((handler) => jobNameOf(handler) ?? `(${handler.name}: no @HandlesJob)`),
    );
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: baseLoggerOptions('worker', config.LOG_LEVEL) }),
        DatabaseModule,
        RedisModule,
        TriageModule.forRoot(config),
      ],
      providers: [
        JobRunner,
        OutboxListener,
        LiveEmitter,
        ...handlers,
        { provide: JOB_HANDLER_TYPES, useValue: handlers },
      ],
    };
  }
}
