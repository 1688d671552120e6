import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { EcgridAuth } from '../ecgrid/auth.js';
import { EcgridError } from '../ecgrid/errors.js';
import type { UpstreamPolicy } from '../ecgrid/policy.js';
import type { Credential, EcgridTransport } from '../ecgrid/transport.js';
import { EcgridUsers } from '../ecgrid/users.js';
import type { UserRecord } from '../ecgrid/wire.js';
import { type RateLimitedError, unauthenticated } from '../errors.js';
import type { IdempotencyGuard } from '../idempotency/guard.js';
import { credentialScope, resolveCredential } from './credentials.js';
import type { InFlightTracker } from './in-flight.js';
import type { LoginThrottle } from './login-throttle.js';
import type { SmsRateLimiter } from './sms-rate-limit.js';

/** What every resolver receives. One is made per GraphQL request, so nothing in it is shared. */
export interface GatewayContext {
  /** ECGrid's user calls with this request's credential; throws UNAUTHENTICATED without one. */
  ecgrid(): EcgridUsers;
  /**
   * Loads a user once per request, however often the operation names it. Resolves null when
   * ECGrid answers ObjectNotFound, and rejects with the EcgridError for any other failure.
   */
  userLoader: DataLoader<number, UserRecord | null>;
  smsMaxLength: number;
  /**
   * Takes one message from the SMS rate limits of `userId` and of this request's credential;
   * resolves null when the message may go. Throws UNAUTHENTICATED without a credential.
   */
  takeSmsToken(userId: number): Promise<RateLimitedError | null>;
  logger: Logger;
  /**
   * The GraphQL operation's name, set when execution starts; null when it has none. It is an
   * object because yoga copies the context's fields, and the ECGrid client must see the update.
   */
  operation: { name: string | null };
  /** The hash that scopes idempotency keys to this request's credential. */
  credentialScope(): string;
  idempotency: IdempotencyGuard;
  /** Counts running sendSms calls, so that a shutdown waits for them. */
  sendTracker: InFlightTracker;
  /** ECGrid's session calls (login, refresh, logout), made for this request. */
  auth(): EcgridAuth;
  /** ECGrid's user calls made with another credential, such as a token that login returned. */
  ecgridWith(credential: Credential): EcgridUsers;
  /** The request's own Authorization: Bearer credential, or null when it sent none. */
  bearer: Credential | null;
  /** The client's address (or IPv6 /64), the key of the per-address login throttle. */
  clientAddress: string;
  loginThrottle: LoginThrottle;
}

export interface ContextDependencies {
  /** The raw transport, for the session calls (login, refresh, logout). */
  transport: EcgridTransport;
  policy: UpstreamPolicy;
  idempotency: IdempotencyGuard;
  sendTracker: InFlightTracker;
  serverApiKey: string | null;
  loaderConcurrency: number;
  smsMaxLength: number;
  smsRateLimiter: SmsRateLimiter;
  logger: Logger;
  loginThrottle: LoginThrottle;
  /** Names the client of a request from the node:http request in yoga's server context. */
  clientAddress: (serverRequest: unknown) => string;
}

/** Request ids that are passed on to ECGrid; anything else is dropped rather than forwarded. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function forwardableRequestId(value: string | null): string | undefined {
  return value !== null && REQUEST_ID.test(value) ? value : undefined;
}

/** Builds the context of one request from its headers, abort signal and node:http request. */
export function createContext(
  request: Request,
  dependencies: ContextDependencies,
  serverRequest?: unknown,
): GatewayContext {
  const { headers } = request;
  const resolved = resolveCredential(
    headers.get('x-api-key'),
    headers.get('authorization'),
    dependencies.serverApiKey,
  );
  let users: EcgridUsers | undefined;
  const ecgrid = (): EcgridUsers => {
    if (resolved.problem !== undefined) throw unauthenticated(resolved.problem);
    users ??= new EcgridUsers(dependencies.policy, {
      credential: resolved.credential,
      signal: request.signal,
      requestId: forwardableRequestId(headers.get('x-request-id')),
      operation: context.operation.name,
    });
    return users;
  };
  const limit = pLimit(dependencies.loaderConcurrency);
  const loadOne = (userId: number): Promise<UserRecord | null | Error> =>
    limit(() => ecgrid().get(userId)).catch((error: unknown) => {
      if (error instanceof EcgridError && error.isNotFound) return null;
      return error instanceof Error ? error : new Error(String(error));
    });
  const userLoader = new DataLoader<number, UserRecord | null>((ids) =>
    Promise.all(ids.map(loadOne)),
  );
  const caller = {
    signal: request.signal,
    requestId: forwardableRequestId(headers.get('x-request-id')),
  };
  const takeSmsToken = (userId: number): Promise<RateLimitedError | null> => {
    if (resolved.problem !== undefined) throw unauthenticated(resolved.problem);
    return dependencies.smsRateLimiter.take(userId, resolved.credential.value);
  };
  const context: GatewayContext = {
    ecgrid,
    userLoader,
    smsMaxLength: dependencies.smsMaxLength,
    takeSmsToken,
    logger: dependencies.logger,
    operation: { name: null },
    credentialScope: () => {
      if (resolved.problem !== undefined) throw unauthenticated(resolved.problem);
      return credentialScope(resolved.credential);
    },
    idempotency: dependencies.idempotency,
    sendTracker: dependencies.sendTracker,
    auth: () => new EcgridAuth(dependencies.transport, caller),
    ecgridWith: (credential) =>
      new EcgridUsers(dependencies.policy, {
        ...caller,
        credential,
        operation: context.operation.name,
      }),
    bearer: resolved.credential?.header === 'authorization' ? resolved.credential : null,
    clientAddress: dependencies.clientAddress(serverRequest),
    loginThrottle: dependencies.loginThrottle,
  };
  return context;
}
