export * from './config.module';
export * from './database.module';
export * from './redis.module';
export * from './triage.module';
