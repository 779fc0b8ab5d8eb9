export * from './codes';
export * from './geography';
export * from './referral-codes';
export * from './referral-submission';
