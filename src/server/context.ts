import type { Context as TraceContext } from '@opentelemetry/api';
import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { EcgridError } from '../ecgrid/errors.js';
import type { EcgridTransport } from '../ecgrid/transport.js';
import { EcgridUsers } from '../ecgrid/users.js';
import type { UserRecord } from '../ecgrid/wire.js';
import { unauthenticated } from '../errors.js';
import { resolveCredential } from './credentials.js';
import type { GatewayMetrics } from './metrics.js';
import { chooseRequestId } from './request-id.js';

/** The per-request context of every resolver; only its metrics are shared between requests. */
export interface GatewayContext {
  /** ECGrid's user calls with this request's credential; throws UNAUTHENTICATED without one. */
  ecgrid(): EcgridUsers;
  /**
   * Loads a user once per request, however often the operation names it. Resolves null when
   * ECGrid answers ObjectNotFound, and rejects with the EcgridError for any other failure.
   */
  userLoader: DataLoader<number, UserRecord | null>;
  smsMaxLength: number;
  /** The request's id: the incoming X-Request-Id when acceptable, else a generated one. */
  requestId: string;
  /** A child of the gateway's logger that adds `requestId` to every line. */
  logger: Logger;
  /** The gateway's metrics, or null when they are off. */
  metrics: GatewayMetrics | null;
  /**
   * The operation span's context, which the tracing plugin sets before resolvers run. It is a
   * holder because yoga copies the context object's fields into the one resolvers receive.
   */
  trace: { context?: TraceContext };
}

export interface ContextDependencies {
  transport: EcgridTransport;
  serverApiKey: string | null;
  loaderConcurrency: number;
  smsMaxLength: number;
  logger: Logger;
  metrics: GatewayMetrics | null;
}

/** Builds the context of one request from its headers and abort signal. */
export function createContext(request: Request, dependencies: ContextDependencies): GatewayContext {
  const { headers } = request;
  const resolved = resolveCredential(
    headers.get('x-api-key'),
    headers.get('authorization'),
    dependencies.serverApiKey,
  );
  const requestId = chooseRequestId(headers.get('x-request-id'));
  const logger = dependencies.logger.child({ requestId });
  const trace: GatewayContext['trace'] = {};
  let users: EcgridUsers | undefined;
  const ecgrid = (): EcgridUsers => {
    if (resolved.problem !== undefined) throw unauthenticated(resolved.problem);
    users ??= new EcgridUsers(dependencies.transport, {
      credential: resolved.credential,
      signal: request.signal,
      requestId,
      logger,
      traceContext: trace.context,
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
  return {
    ecgrid,
    userLoader,
    smsMaxLength: dependencies.smsMaxLength,
    requestId,
    logger,
    metrics: dependencies.metrics,
    trace,
  };
}
