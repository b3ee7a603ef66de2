// A refusal the server answers with: HTTP status, a stable code for the program, Thai for people.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Too many attempts from one address: the Thai answer and how long to wait (also `retry-after`). */
export const tooManyAttempts = (retryAfterS: number): HttpError =>
  new HttpError(429, 'rate_limited', `มีการลองมากเกินไป กรุณารอ ${retryAfterS} วินาทีแล้วลองใหม่`, { retryAfterSeconds: retryAfterS });
