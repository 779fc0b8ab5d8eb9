import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

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
    exceptionFactory: (errors) =>
      new BadRequestException({
        message: 'The request has invalid fields',
        details: fieldErrors(errors),
      }),
  });
}
