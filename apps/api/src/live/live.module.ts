import { Module } from '@nestjs/common';
import { LiveGateway } from './live.gateway';

/** The socket.io live feed; the api's bootstrap installs LiveIoAdapter for it. */
@Module({ providers: [LiveGateway] })
export class LiveModule {}
