export * from './logger.options';
export * from './redaction';
