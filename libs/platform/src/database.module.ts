import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Config } from '@frontdoor/config';
import { dataSourceOptions } from '@frontdoor/persistence';
import { CONFIG } from './config.module';

/** The TypeORM DataSource, built from the same options the CLI and scripts use. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: Config) => ({
        ...dataSourceOptions({ url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE }),
        // Fail fast at boot instead of TypeORM's default of retrying for 27 seconds.
        retryAttempts: 2,
        retryDelay: 1_000,
      }),
    }),
  ],
})
export class DatabaseModule {}
