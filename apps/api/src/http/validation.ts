import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** Flattens class-validator's tree into `patient.nhsNumber`-style field errors, every one. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator starts messages with the bare property name; say the full path instead.
      message: message.startsWith(error.property)
        ? `${field}${message.slice(error.property.length)}`
        : message,
    }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** Strict DTO validation: unknown fields are rejected, and the answer lists every problem. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new BadRequestException({
        message: 'The request has invalid fields',
        details: fieldErrors(errors),
      }),
  });
}
