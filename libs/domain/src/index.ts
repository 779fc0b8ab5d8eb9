export * from './codes';
export * from './geography';
export * from './referral-codes';
export * from './referral-submission';
export * from './reference';
export * from './errors';
export * from './patient-match';
export * from './referrer-view';
