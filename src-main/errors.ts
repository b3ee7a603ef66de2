import type { ErrorCode } from '../src-shared/result.js';

/** A refusal the clerk should read: code for the program, Thai message for the person. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export function invalid(field: string, message: string): DomainError {
  return new DomainError('invalid_input', message, { [field]: message });
}
