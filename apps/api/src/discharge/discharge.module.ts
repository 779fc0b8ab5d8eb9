import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { DischargeService } from './discharge.service';
import { GpDeliveriesController } from './gp-deliveries.controller';
import { GpDeliveriesService } from './gp-deliveries.service';

/** Discharge back to general practice: the letter, its delivery, the admin list. */
@Module({
  imports: [ReferralsModule],
  controllers: [GpDeliveriesController],
  providers: [DischargeService, GpDeliveriesService],
  exports: [DischargeService],
})
export class DischargeModule {}
