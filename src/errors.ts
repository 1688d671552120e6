import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { EcgridError, EcgridErrorCode } from './ecgrid/errors.js';

/**
 * The `extensions.code` values this gateway sends. This module is the only place that names
 * them; everything else throws one of the classes below or an EcgridError, and
 * `toClientError` turns each thrown value into what the client sees.
 */
export const ErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  BadUserInput: 'BAD_USER_INPUT',
  UpstreamRateLimited: 'UPSTREAM_RATE_LIMITED',
  UpstreamTimeout: 'UPSTREAM_TIMEOUT',
  UpstreamUnavailable: 'UPSTREAM_UNAVAILABLE',
  UpstreamError: 'UPSTREAM_ERROR',
  GatewayOverloaded: 'GATEWAY_OVERLOADED',
  IdempotencyStoreUnavailable: 'IDEMPOTENCY_STORE_UNAVAILABLE',
  InternalServerError: 'INTERNAL_SERVER_ERROR',
  /** The operation broke a limit checked before execution; nothing ran. */
  OperationLimitExceeded: 'OPERATION_LIMIT_EXCEEDED',
  /** The HTTP request body is larger than REQUEST_BODY_MAX_BYTES. */
  RequestTooLarge: 'REQUEST_TOO_LARGE',
  /** The allow-list of persisted operations has no operation with the hash sent. */
  PersistedOperationNotFound: 'PERSISTED_QUERY_NOT_IN_LIST',
  /** The allow-list is on and the request named no operation hash. */
  PersistedOperationRequired: 'PERSISTED_QUERY_ID_REQUIRED',
  /** The allow-list is on and the request sent a query text. */
  PersistedOperationOnly: 'CANNOT_SEND_PQ_ID_AND_BODY',
  /** The POST body's Content-Type is not application/json. */
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One invalid argument: its path from the field's arguments, and the rule it broke. */
export interface ValidationIssue {
  path: string[];
  message: string;
}

/** Arguments that failed validation; no upstream call was made. */
export class ValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    const first = issues[0];
    super(
      first ? `Invalid argument ${first.path.join('.')}: ${first.message}` : 'Invalid arguments.',
    );
    this.name = 'ValidationError';
  }
}

/** ECGrid has no such user, or the caller's credential may not see it. */
export class UserNotFoundError extends Error {
  constructor(readonly userId: number) {
    super(`No user ${userId} is visible to this credential.`);
    this.name = 'UserNotFoundError';
  }
}

export type SmsNotDeliverableReason = 'NO_CELL_PHONE' | 'NO_CELL_CARRIER' | 'NOT_SUBMITTED';

const NOT_DELIVERABLE_MESSAGES: Record<SmsNotDeliverableReason, string> = {
  NO_CELL_PHONE: 'has no cell phone number configured',
  NO_CELL_CARRIER: 'has no cell carrier configured',
  NOT_SUBMITTED: 'could not be texted: ECGrid reported that it did not submit the message',
};

/** ECGrid would not deliver a text message to this user. */
export class SmsNotDeliverableError extends Error {
  constructor(
    readonly userId: number,
    readonly reason: SmsNotDeliverableReason,
  ) {
    super(`User ${userId} ${NOT_DELIVERABLE_MESSAGES[reason]}.`);
    this.name = 'SmsNotDeliverableError';
  }
}

/**
 * Why sendSms cannot tell whether ECGrid sent the message:
 * - `TIMEOUT`: ECGrid did not respond in time after the request was sent;
 * - `CONNECTION_LOST`: the connection broke after the request was sent;
 * - `UPSTREAM_ERROR`: ECGrid, or a proxy before it, returned a server error or an unreadable body;
 * - `IN_PROGRESS`: another request with this idempotency key is still sending;
 * - `ABANDONED`: the gateway instance that was sending with this key stopped mid-call.
 */
export type SmsOutcomeUnknownReason =
  | 'TIMEOUT'
  | 'CONNECTION_LOST'
  | 'UPSTREAM_ERROR'
  | 'IN_PROGRESS'
  | 'ABANDONED';

const UNKNOWN_MESSAGES: Record<SmsOutcomeUnknownReason, string> = {
  TIMEOUT: 'ECGrid did not respond in time after the request was sent',
  CONNECTION_LOST: 'the connection to ECGrid broke after the request was sent',
  UPSTREAM_ERROR: 'ECGrid returned a server error after the request was sent',
  IN_PROGRESS: 'another request with this idempotency key is still sending it',
  ABANDONED: 'the gateway instance that was sending it with this idempotency key stopped',
};

/**
 * ECGrid may or may not have sent the text, and the gateway did not send it again. With the
 * same idempotency key a repeat returns this outcome (or, for IN_PROGRESS, the first call's
 * result once it ends) and never sends a second text.
 */
export class SmsOutcomeUnknownError extends Error {
  constructor(
    readonly userId: number,
    readonly reason: SmsOutcomeUnknownReason,
    readonly idempotencyKey: string | null,
  ) {
    const next =
      reason === 'IN_PROGRESS'
        ? 'Retry with the same idempotencyKey to get its result.'
        : 'Ask the recipient whether it arrived before sending again, and send again only with a new idempotencyKey.';
    super(`The text to user ${userId} may have been sent: ${UNKNOWN_MESSAGES[reason]}. ${next}`);
    this.name = 'SmsOutcomeUnknownError';
  }
}

/** An idempotency key was first used with other arguments, so nothing was sent. */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly idempotencyKey: string) {
    super(
      `The idempotencyKey "${idempotencyKey}" was already used with another userId or message; use a new key for a new text.`,
    );
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The shared idempotency store (Redis) failed, so the gateway did not send the text. */
export class IdempotencyStoreError extends Error {
  constructor(operation: string, cause: unknown) {
    super(`The idempotency store failed to ${operation}.`, { cause });
    this.name = 'IdempotencyStoreError';
  }
}

/** ECGrid rejected the login name and password; it does not say which one was wrong. */
export class InvalidCredentialsError extends Error {
  constructor() {
    super('The login or password is incorrect.');
    this.name = 'InvalidCredentialsError';
  }
}

/** Too many failed logins for this login name or from this client; ECGrid was not called. */
export class LoginThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed logins. Try again in ${retryAfterSeconds} seconds.`);
    this.name = 'LoginThrottledError';
  }
}

/** ECGrid does not accept the session token: it expired, was refreshed or was logged out. */
export class InvalidSessionError extends Error {
  constructor() {
    super('The session token is invalid, expired or logged out. Sign in again with login.');
    this.name = 'InvalidSessionError';
  }
}

/** logout ends a Bearer session, and the request carried none. */
export class NotSignedInError extends Error {
  constructor() {
    super('No session to end: send the session token as an Authorization: Bearer header.');
    this.name = 'NotSignedInError';
  }
}

/** The SMS rate limit that a sendSms field ran into. */
export type SmsRateLimitScope = 'TARGET_USER' | 'CREDENTIAL';

const SCOPE_PHRASES: Record<SmsRateLimitScope, string> = {
  TARGET_USER: 'to this user',
  CREDENTIAL: 'with this credential',
};

/** Too many text messages in a short time; nothing was sent. */
export class RateLimitedError extends Error {
  constructor(
    readonly userId: number,
    readonly scope: SmsRateLimitScope,
    readonly retryAfterSeconds: number,
  ) {
    super(
      `Too many text messages ${SCOPE_PHRASES[scope]}; nothing was sent. Retry after ${retryAfterSeconds} s.`,
    );
    this.name = 'RateLimitedError';
  }
}

/** Names of the limits that OPERATION_LIMIT_EXCEEDED reports in `extensions.limit`. */
export type OperationLimit =
  | 'depth'
  | 'aliases'
  | 'tokens'
  | 'directives'
  | 'cost'
  | 'sendSmsFields';

/** Creates the error for an operation over a limit checked before execution; no resolver ran. */
export function operationLimitExceeded(
  limit: OperationLimit,
  max: number,
  message: string,
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.OperationLimitExceeded, retryable: false, limit, max },
  });
}

/**
 * Builds the body of an HTTP error response for a request rejected before GraphQL parsing.
 * The body has the GraphQL over HTTP shape, so clients read it like any other error.
 */
export function requestErrorBody(code: ErrorCode, message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code, retryable: false } }] });
}

/** A request that ECGrid calls cannot be made for, because its credential is absent or bad. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.Unauthenticated, retryable: false },
  });
}

interface ClientErrorShape {
  code: ErrorCode;
  retryable: boolean;
  message: string;
}

function shapeEcgridError(error: EcgridError): ClientErrorShape {
  const { call, status, errorCode } = error;
  const named = errorCode ? ` (${errorCode})` : '';
  // A repeat of a call whose outcome is unknown could, for send-sms, text the user twice.
  const retryable = !error.outcomeUnknown;
  if (error.kind === 'timeout' || error.kind === 'deadline') {
    return { code: ErrorCode.UpstreamTimeout, retryable, message: error.message };
  }
  if (error.kind === 'unreachable' || error.kind === 'reset' || error.kind === 'aborted') {
    return { code: ErrorCode.UpstreamUnavailable, retryable, message: error.message };
  }
  if (error.kind === 'breakerOpen') {
    const message = `${error.message} Retry after ${error.retryAfterSeconds} s.`;
    return { code: ErrorCode.UpstreamUnavailable, retryable: true, message };
  }
  if (error.kind === 'overloaded') {
    return { code: ErrorCode.GatewayOverloaded, retryable: true, message: error.message };
  }
  if (error.kind === 'malformed') {
    return { code: ErrorCode.UpstreamError, retryable: false, message: error.message };
  }
  if (
    status === 401 ||
    errorCode === EcgridErrorCode.InvalidApiKey ||
    errorCode === EcgridErrorCode.InvalidSession
  ) {
    const message = `ECGrid rejected the credential for ${call}${named}. Send a valid X-API-Key or Authorization: Bearer header.`;
    return { code: ErrorCode.Unauthenticated, retryable: false, message };
  }
  if (status === 403 || errorCode === EcgridErrorCode.AccessDenied) {
    const message = `The credential's AuthLevel does not allow ${call}${named}.`;
    return { code: ErrorCode.Forbidden, retryable: false, message };
  }
  if (status === 429 || errorCode === EcgridErrorCode.RateLimitExceeded) {
    const wait =
      error.retryAfterSeconds === null ? '' : ` Retry after ${error.retryAfterSeconds} s.`;
    const message = `ECGrid rate-limited ${call}.${wait}`;
    return { code: ErrorCode.UpstreamRateLimited, retryable: true, message };
  }
  if (status === 502 || status === 503 || status === 504) {
    const message = `ECGrid is unavailable: ${call} returned HTTP ${status}.`;
    return { code: ErrorCode.UpstreamUnavailable, retryable: true, message };
  }
  return {
    code: ErrorCode.UpstreamError,
    retryable: status !== null && status >= 500,
    message: error.message,
  };
}

function extensionsFor(error: EcgridError, shape: ClientErrorShape): Record<string, unknown> {
  const extensions: Record<string, unknown> = {
    code: shape.code,
    retryable: shape.retryable,
    call: error.call,
    upstreamStatus: error.status,
    upstreamCode: error.errorCode,
  };
  if (shape.code === ErrorCode.UpstreamRateLimited || error.kind === 'breakerOpen') {
    extensions.retryAfterSeconds = error.retryAfterSeconds;
  }
  if (error.outcomeUnknown) extensions.outcomeUnknown = true;
  return extensions;
}

/**
 * Turns any error in a result into what the client sees. Coded errors keep their code; an
 * unexpected error is logged with its stack and reaches the client only as a fixed message,
 * because its text may hold internal details. This function must not throw.
 */
export function toClientError(error: unknown, logger: Logger): GraphQLError {
  const graphQLError =
    error instanceof GraphQLError
      ? error
      : new GraphQLError('Unexpected error.', { originalError: error as Error });
  const original = graphQLError.originalError;
  const location = {
    nodes: graphQLError.nodes,
    source: graphQLError.source,
    positions: graphQLError.positions,
    path: graphQLError.path,
  };
  // An error that is already in client form is returned as it is: yoga logs every error that
  // its masking step replaces, and a request error's message can quote a variable's value.
  if ((original === undefined || original === null) && graphQLError.extensions.code !== undefined) {
    return graphQLError;
  }
  if (original === undefined || original === null || original instanceof GraphQLError) {
    const extensions = { ...original?.extensions, ...graphQLError.extensions };
    // graphql-js reports a request error, such as a variable value that its type rejects,
    // without a code. The outer message names the variable, so it is kept.
    if (extensions.code === undefined) {
      extensions.code = ErrorCode.BadUserInput;
      extensions.retryable = false;
    }
    return new GraphQLError(graphQLError.message, { ...location, extensions });
  }
  if (original instanceof EcgridError) {
    const shape = shapeEcgridError(original);
    return new GraphQLError(shape.message, {
      ...location,
      extensions: extensionsFor(original, shape),
    });
  }
  if (original instanceof ValidationError) {
    const first = original.issues[0];
    return new GraphQLError(original.message, {
      ...location,
      extensions: {
        code: ErrorCode.BadUserInput,
        retryable: false,
        argument: first?.path[0] ?? null,
        issues: original.issues,
      },
    });
  }
  if (original instanceof IdempotencyStoreError) {
    logger.error({ err: original.cause, path: graphQLError.path }, original.message);
    return new GraphQLError(`${original.message} Nothing was sent; retry later.`, {
      ...location,
      extensions: { code: ErrorCode.IdempotencyStoreUnavailable, retryable: true },
    });
  }
  logger.error({ err: original, path: graphQLError.path }, 'unexpected error in a resolver');
  return new GraphQLError('Unexpected error.', {
    ...location,
    extensions: { code: ErrorCode.InternalServerError, retryable: false },
  });
}
