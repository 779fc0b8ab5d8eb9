import { Module } from '@nestjs/common';
import { ReferralIntakeService } from './referral-intake.service';
import { ReferralQueryService } from './referral-query.service';
import { ReferralsController } from './referrals.controller';

@Module({
  controllers: [ReferralsController],
  providers: [ReferralIntakeService, ReferralQueryService],
  exports: [ReferralIntakeService, ReferralQueryService],
})
export class ReferralsModule {}
