import { Module } from '@nestjs/common';
import { DevSignInController } from './dev-sign-in.controller';

/** Development and test only (never registered when NODE_ENV is production). */
@Module({ controllers: [DevSignInController] })
export class DevModule {}
