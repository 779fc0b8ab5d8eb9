import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { fieldErrors, STRICT_VALIDATION, type FieldError } from '../http/validation';
import { ReferralSubmissionDto } from './dto/referral-submission.dto';

export type SubmissionCheck =
  { ok: true; submission: ReferralSubmissionDto } | { ok: false; errors: FieldError[] };

/**
 * The same checks POST /api/v1/referrals applies, for submissions that arrive another way
 * (FHIR resources mapped into the contract's shape): one set of rules for every door.
 */
export function validateSubmission(plain: unknown): SubmissionCheck {
  const submission = plainToInstance(ReferralSubmissionDto, plain);
  if (typeof submission !== 'object' || submission === null || Array.isArray(submission)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] };
  }
  const errors = validateSync(submission, STRICT_VALIDATION);
  return errors.length ? { ok: false, errors: fieldErrors(errors) } : { ok: true, submission };
}
