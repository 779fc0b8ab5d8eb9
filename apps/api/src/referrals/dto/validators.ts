import { Type } from 'class-transformer';
import { isObject, ValidateBy, ValidateNested, type ValidationOptions } from 'class-validator';
import {
  ageInYears,
  isGpPracticeCode,
  isValidIsoDate,
  isValidNhsNumber,
  isValidOdsCode,
  isValidPostcode,
  normaliseNhsNumber,
} from '@frontdoor/nhs';

/**
 * Field validators for NHS identifiers. Messages never repeat the value: it may be an NHS
 * number or a date of birth, and errors travel to logs and screens.
 */
const is = (
  name: string,
  test: (value: string) => boolean,
  message: string,
  options?: ValidationOptions,
): PropertyDecorator =>
  ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && test(value),
        defaultMessage: () => message,
      },
    },
    options,
  );

/**
 * Spaces and hyphens are allowed ("999 000 0018") and stored without. Two messages, neither
 * with the value: not 10 digits at all (letters, too short or long), or 10 digits whose
 * Modulus 11 check digit does not match (a typing slip). Leaving it out is never an error.
 */
export const IsNhsNumber = (): PropertyDecorator =>
  ValidateBy({
    name: 'isNhsNumber',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidNhsNumber(value),
      defaultMessage: (args) =>
        typeof args?.value === 'string' && /^\d{10}$/.test(normaliseNhsNumber(args.value))
          ? 'must be a valid 10-digit NHS number (the check digit does not match)'
          : 'must be a valid 10-digit NHS number (10 digits, spaces allowed; leave it out if not known)',
    },
  });

export const IsUkPostcode = (): PropertyDecorator =>
  is(
    'isUkPostcode',
    isValidPostcode,
    'must be a UK postcode such as ME7 1AA, or an NHS pseudo-postcode such as ZZ99 3VZ',
  );

export const IsOdsCode = (): PropertyDecorator =>
  is('isOdsCode', isValidOdsCode, 'must be an ODS code: 1 to 9 capital letters and digits');

export const IsGpPracticeCode = (): PropertyDecorator =>
  is(
    'isGpPracticeCode',
    isGpPracticeCode,
    'must be a GP practice ODS code: a letter and five digits, e.g. G82001 (V81999 if not known)',
  );

export const MAX_AGE_YEARS = 120;

/** A real date, not in the future, and not more than 120 years ago. */
export const IsDateOfBirth = (now: () => Date = () => new Date()): PropertyDecorator =>
  is(
    'isDateOfBirth',
    (value) => {
      const today = now();
      if (!isValidIsoDate(value) || new Date(`${value}T00:00:00Z`) > today) return false;
      return ageInYears(value, today) < MAX_AGE_YEARS;
    },
    `must be a real date (YYYY-MM-DD), not in the future, and under ${MAX_AGE_YEARS} years ago`,
  );

/**
 * An object checked against its DTO. `ValidateNested` alone takes an array too (it checks
 * each element), which would let `"patient": []` through. Absent is left to `IsDefined` or
 * `IsOptional`, so a missing object is one error, not two.
 */
export const Nested =
  (type: () => new () => object): PropertyDecorator =>
  (target, key) => {
    ValidateBy({
      name: 'isObject',
      validator: {
        validate: (value: unknown) => value === undefined || isObject(value),
        defaultMessage: () => 'must be an object',
      },
    })(target, key);
    ValidateNested()(target, key);
    Type(type)(target, key);
  };
