import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * Flattens class-validator's tree into `patient.nhsNumber`-style field errors, every one.
 * Messages say what is wrong without the field name (the `field` says where) and never
 * repeat the value.
 */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith(`${error.property} `)
        ? message.slice(error.property.length + 1)
        : message,
    }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** Unknown fields are rejected; values never travel with the errors. */
export const STRICT_VALIDATION = {
  whitelist: true,
  forbidNonWhitelisted: true,
  validationError: { target: false, value: false },
} as const;

/** Strict DTO validation: unknown fields are rejected, and the answer lists every problem. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...STRICT_VALIDATION,
    transform: true,
    exceptionFactory: (errors) => invalidFields(fieldErrors(errors)),
  });
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * A plain object checked against a DTO class with the same strict rules as the global pipe,
 * for bodies the pipe cannot see (chosen at run time, or mapped from FHIR).
 */
export function validatePlain<T extends object>(type: new () => T, plain: unknown): Checked<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] };
  }
  const value = plainToInstance(type, plain);
  const errors = validateSync(value, STRICT_VALIDATION);
  return errors.length ? { ok: false, errors: fieldErrors(errors) } : { ok: true, value };
}

/** The 400 every door answers with: every invalid field, at once. */
export function invalidFields(errors: FieldError[]): BadRequestException {
  return new BadRequestException({ message: 'The request has invalid fields', details: errors });
}
