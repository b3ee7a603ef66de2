// Every API call answers with a Result: a rejected promise never crosses a process boundary.

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'unknown_method'
  | 'internal';

export interface ApiError {
  code: ErrorCode;
  /** Thai, for the clerk. */
  message: string;
  /** Per-field Thai messages, keyed by the input's field path ("subject", "docDate"). */
  fields?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, fields?: Record<string, string>): { ok: false; error: ApiError } {
  return fields ? { ok: false, error: { code, message, fields } } : { ok: false, error: { code, message } };
}
