import type { ApiErrorCode } from '../../src-main/api/errors';

/** Codes the engine sends, plus those only a client can observe. */
export type ApiClientErrorCode = ApiErrorCode | 'disconnected' | 'timeout' | 'closed' | 'bad_message';

/** Every failure the renderer sees from the API: a code to branch on and a message to show. */
export class ApiClientError extends Error {
  override readonly name = 'ApiClientError';

  constructor(
    readonly code: ApiClientErrorCode,
    message: string,
    /** The procedure or topic the failure belongs to, when there is one. */
    readonly target?: string,
  ) {
    super(message);
  }
}

export function isApiClientError(value: unknown): value is ApiClientError {
  return value instanceof ApiClientError;
}

/** The message to show an operator for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
