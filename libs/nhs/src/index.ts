export * from './age';
export * from './frailty';
export * from './news2';
export * from './nhs-number';
export * from './ods-code';
export * from './postcode';
