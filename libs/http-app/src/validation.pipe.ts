import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

export type FieldError = { field: string; message: string };

/**
 * Request bodies, params and queries validated into DTOs. Unknown fields are refused rather than
 * silently dropped, and every problem names its field (`events.0`, `channels.email.subject`).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: fieldErrors.map((error) => error.message).join('; '),
        errors: fieldErrors,
      });
    },
  });
}

export function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(error.property, field),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** A 400 for one field, in the same shape the validation pipe answers: for checks DTOs cannot make. */
export function invalidField(field: string, message: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, errors: [{ field, message }] });
}
