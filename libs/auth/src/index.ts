export * from './authorise';
export * from './claims';
export * from './permissions';
export * from './principal';
export * from './sign-token';
