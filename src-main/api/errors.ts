/**
 * Errors that cross the API boundary. Every transport maps an ApiError to the same
 * `{ error: { code, message } }` body; anything else becomes `internal` with no details.
 */
export const API_ERROR_STATUS = {
  invalid_json: 400,
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unavailable: 503,
  internal: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** Thrown by any service method called after its `close()`. */
export class ClosedError extends Error {
  override readonly name = 'ClosedError';
  constructor(what: string) {
    super(`${what} is closed`);
  }
}

/** Maps any thrown value to the body a client may see: never a stack trace. */
export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof ApiError) return err.toBody();
  return { code: 'internal', message: 'Internal error' };
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}
