import { validatePlain, type FieldError } from '../http/validation';
import { DischargeDto } from './dto/discharge.dto';

export type DischargeCheck = { ok: true; body: DischargeDto } | { ok: false; errors: FieldError[] };

/**
 * Checks a `discharge` action body with DischargeDto's rules. `version` (the action's own
 * field) is ignored here; every other unknown field is refused.
 */
export function validateDischarge(plain: unknown): DischargeCheck {
  const rest =
    typeof plain === 'object' && plain !== null && !Array.isArray(plain)
      ? (({ version: _version, ...others }) => others)(plain as Record<string, unknown>)
      : plain;
  const check = validatePlain(DischargeDto, rest);
  return check.ok ? { ok: true, body: check.value } : check;
}
