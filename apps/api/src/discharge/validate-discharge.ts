import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { fieldErrors, STRICT_VALIDATION, type FieldError } from '../http/validation';
import { DischargeDto } from './dto/discharge.dto';

export type DischargeCheck = { ok: true; body: DischargeDto } | { ok: false; errors: FieldError[] };

/**
 * Checks a `discharge` action body with DischargeDto's rules. `version` (the action's own
 * field) is ignored here; every other unknown field is refused.
 */
export function validateDischarge(plain: unknown): DischargeCheck {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] };
  }
  const { version: _version, ...rest } = plain as Record<string, unknown>;
  const body = plainToInstance(DischargeDto, rest);
  const errors = validateSync(body, STRICT_VALIDATION);
  return errors.length ? { ok: false, errors: fieldErrors(errors) } : { ok: true, body };
}
