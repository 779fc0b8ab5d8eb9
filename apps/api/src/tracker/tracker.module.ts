import { Module } from '@nestjs/common';
import { DischargeModule } from '../discharge/discharge.module';
import { ReferralActionsController } from './referral-actions.controller';
import { ReferralActionsService } from './referral-actions.service';

@Module({
  imports: [DischargeModule],
  controllers: [ReferralActionsController],
  providers: [ReferralActionsService],
  exports: [ReferralActionsService],
})
export class TrackerModule {}
