export * from './live-events';
export * from './queue-item';
export * from './live-board';
