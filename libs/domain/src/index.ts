export * from './codes';
export * from './geography';
