/**
 * ECGrid error codes with the HTTP status that the REST API v2 sends for each. Every error
 * response of the sandbox takes its status from this table.
 */
export const ERROR_STATUS = {
  InvalidAPIKey: 401,
  InvalidSession: 401,
  AccessDenied: 403,
  ObjectNotFound: 404,
  InvalidParameter: 400,
  DuplicateObject: 400,
  RateLimitExceeded: 429,
  InternalError: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure of a /v2/ call; the dispatcher turns it into an error envelope. */
export class SandboxError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxError';
    this.status = ERROR_STATUS[code];
  }
}

export interface Envelope {
  success: boolean;
  data: unknown;
  errorCode: string | null;
  message: string | null;
}

export function successEnvelope(data: unknown): Envelope {
  return { success: true, data, errorCode: null, message: null };
}

export function errorEnvelope(errorCode: string, message: string): Envelope {
  return { success: false, data: null, errorCode, message };
}

export function invalidParameter(message: string): SandboxError {
  return new SandboxError('InvalidParameter', message);
}

export function notFound(message: string): SandboxError {
  return new SandboxError('ObjectNotFound', message);
}

export function accessDenied(message: string): SandboxError {
  return new SandboxError('AccessDenied', message);
}

/** Picks the ECGrid code a fault rule sends when the rule names only an HTTP status. */
export function errorCodeForStatus(status: number): ErrorCode {
  const match = (Object.keys(ERROR_STATUS) as ErrorCode[]).find(
    (code) => ERROR_STATUS[code] === status,
  );
  return match ?? 'InternalError';
}
