import { Module } from '@nestjs/common';
import { TriageReplayController } from './triage-replay.controller';
import { TriageController } from './triage.controller';

@Module({ controllers: [TriageController, TriageReplayController] })
export class TriageApiModule {}
