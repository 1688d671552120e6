import type { Context as TraceContext } from '@opentelemetry/api';
import DataLoader from 'dataloader';
import pLimit, { type LimitFunction } from 'p-limit';
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
import type { GatewayMetrics } from './metrics.js';
import { chooseRequestId } from './request-id.js';
import type { SmsRateLimiter } from './sms-rate-limit.js';

/** The per-request context of every resolver; only its metrics are shared between requests. */
export interface GatewayContext {
  /** ECGrid's user calls with this request's credential; throws UNAUTHENTICATED without one. */
  ecgrid(): EcgridUsers;
  /**
   * Loads a user once per request, however often the operation names it. Resolves null when
   * ECGrid returns ObjectNotFound, and rejects with the EcgridError for any other failure.
   */
  userLoader: DataLoader<number, UserRecord | null>;
  smsMaxLength: number;
  /** The request's id: the incoming X-Request-Id when acceptable, else a generated one. */
  requestId: string;
  /** A child of the gateway's logger that adds `requestId` to every line. */
  /**
   * Takes one message from the SMS rate limits of `userId` and of this request's credential;
   * resolves null when the message may go. Throws UNAUTHENTICATED without a credential.
   */
  takeSmsToken(userId: number): Promise<RateLimitedError | null>;
  logger: Logger;
  /** The gateway's metrics, or null when they are off. */
  metrics: GatewayMetrics | null;
  /**
   * The operation span's context, which the tracing plugin sets before resolvers run. It is a
   * holder because yoga copies the context object's fields into the one resolvers receive.
   */
  trace: { context?: TraceContext };
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
  clientAddress(): string;
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
  metrics: GatewayMetrics | null;
  loginThrottle: LoginThrottle;
  /** Names the client of a request from the node:http request in yoga's server context. */
  clientAddress: (serverRequest: unknown) => string;
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
  const requestId = chooseRequestId(headers.get('x-request-id'));
  const logger = dependencies.logger.child({ requestId });
  const trace: GatewayContext['trace'] = {};
  // Read when a call is made, because the tracing plugin sets the span after this runs.
  const caller = () => ({
    signal: request.signal,
    requestId,
    logger,
    traceContext: trace.context,
  });
  let users: EcgridUsers | undefined;
  let address: string | undefined;
  const ecgrid = (): EcgridUsers => {
    if (resolved.problem !== undefined) throw unauthenticated(resolved.problem);
    users ??= new EcgridUsers(dependencies.policy, {
      ...caller(),
      credential: resolved.credential,
      operation: context.operation.name,
    });
    return users;
  };
  // The limiter and the client's address are made on first use: only operations that load users
  // need the one, and only sign-in needs the other.
  let limit: LimitFunction | undefined;
  const limited = <T>(task: () => Promise<T>): Promise<T> => {
    limit ??= pLimit(dependencies.loaderConcurrency);
    return limit(task);
  };
  const loadOne = (userId: number): Promise<UserRecord | null | Error> =>
    limited(() => ecgrid().get(userId)).catch((error: unknown) => {
      if (error instanceof EcgridError && error.isNotFound) return null;
      return error instanceof Error ? error : new Error(String(error));
    });
  const userLoader = new DataLoader<number, UserRecord | null>((ids) =>
    Promise.all(ids.map(loadOne)),
  );
  const takeSmsToken = (userId: number): Promise<RateLimitedError | null> => {
    if (resolved.problem !== undefined) throw unauthenticated(resolved.problem);
    return dependencies.smsRateLimiter.take(userId, resolved.credential.value);
  };
  const context: GatewayContext = {
    ecgrid,
    userLoader,
    smsMaxLength: dependencies.smsMaxLength,
    requestId,
    logger,
    metrics: dependencies.metrics,
    trace,
    takeSmsToken,
    operation: { name: null },
    credentialScope: () => {
      if (resolved.problem !== undefined) throw unauthenticated(resolved.problem);
      return credentialScope(resolved.credential);
    },
    idempotency: dependencies.idempotency,
    sendTracker: dependencies.sendTracker,
    auth: () => new EcgridAuth(dependencies.transport, caller()),
    ecgridWith: (credential) =>
      new EcgridUsers(dependencies.policy, {
        ...caller(),
        credential,
        operation: context.operation.name,
      }),
    bearer: resolved.credential?.header === 'authorization' ? resolved.credential : null,
    clientAddress: () => {
      address ??= dependencies.clientAddress(serverRequest);
      return address;
    },
    loginThrottle: dependencies.loginThrottle,
  };
  return context;
}
