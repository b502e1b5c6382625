export const domainErrorCodes = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'TOO_MANY_REQUESTS',
  'STEP_UP_REQUIRED',
  'PRECONDITION_FAILED',
] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

export type FieldErrors = Record<string, string[]>;

/**
 * The one error type services throw. The message is meant for a person; `fieldErrors` name the form
 * fields it is about, so the UI can show them beside the field.
 */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly fieldErrors: FieldErrors | undefined;

  constructor(code: DomainErrorCode, message: string, fieldErrors?: FieldErrors) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

export function fieldError(field: string, message: string): DomainError {
  return new DomainError('BAD_REQUEST', message, { [field]: [message] });
}
