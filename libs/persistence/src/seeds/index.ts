export * from './load-reference-data';
export * from './reference-data';
export * from './triage-rules';
