import { validatePlain, type FieldError } from '../http/validation';
import { ReferralSubmissionDto } from './dto/referral-submission.dto';

export type SubmissionCheck =
  { ok: true; submission: ReferralSubmissionDto } | { ok: false; errors: FieldError[] };

/**
 * The same checks POST /api/v1/referrals applies, for submissions that arrive another way
 * (FHIR resources mapped into the contract's shape): one set of rules for every door.
 */
export function validateSubmission(plain: unknown): SubmissionCheck {
  const check = validatePlain(ReferralSubmissionDto, plain);
  return check.ok ? { ok: true, submission: check.value } : check;
}
