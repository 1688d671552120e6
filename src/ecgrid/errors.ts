/** ECGrid's own error codes, as sent in the envelope's `errorCode` field. */
export const EcgridErrorCode = {
  InvalidApiKey: 'InvalidAPIKey',
  InvalidSession: 'InvalidSession',
  AccessDenied: 'AccessDenied',
  ObjectNotFound: 'ObjectNotFound',
  InvalidParameter: 'InvalidParameter',
  DuplicateObject: 'DuplicateObject',
  RateLimitExceeded: 'RateLimitExceeded',
  InternalError: 'InternalError',
} as const;

/**
 * How an upstream call failed:
 * - `rejected`: ECGrid responded with an error envelope or an error status;
 * - `malformed`: the response was not the JSON envelope, or its data had the wrong shape;
 * - `timeout`: no complete response within the call's time limit;
 * - `unreachable`: the connection failed before the request was sent (refused, DNS);
 * - `reset`: the connection broke after the request may have been sent;
 * - `aborted`: the client that asked went away;
 * - `breakerOpen`: the gateway did not call ECGrid because its circuit breaker is open;
 * - `overloaded`: the gateway did not call ECGrid because too many calls were running and queued;
 * - `deadline`: the gateway did not call ECGrid because too little of the call's deadline was left.
 */
export type EcgridFailureKind =
  | 'rejected'
  | 'malformed'
  | 'timeout'
  | 'unreachable'
  | 'reset'
  | 'aborted'
  | 'breakerOpen'
  | 'overloaded'
  | 'deadline';

export interface EcgridErrorDetails {
  kind: EcgridFailureKind;
  /** The call that failed, such as `users.sendSms`. */
  call: string;
  /** The HTTP status of ECGrid's response, or null when no status arrived. */
  status: number | null;
  /** ECGrid's errorCode, or null when the response carried none. */
  errorCode: string | null;
  /** The delay that a `Retry-After` header asked for, or the breaker's cool-down left, in seconds. */
  retryAfterSeconds?: number | null;
  /**
   * True when a call that is not safe to repeat (send-sms) may have reached ECGrid and taken
   * effect before it failed, as after a timeout or a broken connection.
   */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

/**
 * The one error type that the ECGrid client throws. Its message is written by the gateway and
 * never contains an upstream body, a URL or a credential, so it is safe to log.
 */
export class EcgridError extends Error {
  readonly kind: EcgridFailureKind;
  readonly call: string;
  readonly status: number | null;
  readonly errorCode: string | null;
  readonly retryAfterSeconds: number | null;
  readonly outcomeUnknown: boolean;

  constructor(message: string, details: EcgridErrorDetails) {
    super(message, { cause: details.cause });
    this.name = 'EcgridError';
    this.kind = details.kind;
    this.call = details.call;
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }

  get isNotFound(): boolean {
    return this.errorCode === EcgridErrorCode.ObjectNotFound;
  }
}
