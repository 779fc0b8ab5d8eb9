export * from './job-queue';
export * from './job-registry';
export * from './jobs';
export * from './queue-names';
