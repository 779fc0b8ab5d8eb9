/**
 * Fields that identify a patient (or carry a credential) and must never reach a log line.
 * pino's redact paths match one level per `*`, so each field is listed at every depth
 * a request, job or error object can plausibly nest it.
 */
const IDENTIFYING_FIELDS = [
  'nhsNumber',
  'nhs_number',
  'givenName',
  'familyName',
  'name',
  'dateOfBirth',
  'date_of_birth',
  'birthDate',
  'phone',
  'postcode',
  'address',
  'patient',
];

const DEPTHS = ['', '*.', '*.*.', '*.*.*.'];

export const REDACTED_PATHS: readonly string[] = [
  ...DEPTHS.flatMap((depth) => IDENTIFYING_FIELDS.map((field) => `${depth}${field}`)),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  // Free text a person writes to justify a read; it may name the patient.
  'req.headers["x-break-glass-reason"]',
  'res.headers["set-cookie"]',
];

export const REDACTION_CENSOR = '[redacted]';
