import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';
import { enforceBodyLimit } from './body-limit.js';
import { clientAddressResolver } from './client-address.js';
import type { Config } from './config.js';
import { InFlightTracker } from './in-flight.js';
import { LoginThrottle } from './login-throttle.js';
import { GatewayMetrics } from './metrics.js';
import { ReadyCheck } from './ready-check.js';
import { createRedisClient } from './redis.js';
import { chooseRequestId, REQUEST_ID_HEADER } from './request-id.js';
import { SmsRateLimiter } from './sms-rate-limit.js';
import { MemoryTokenBuckets, RedisTokenBuckets } from './token-bucket.js';
import { createTracing } from './tracing.js';
import { createUpstream } from './upstream.js';
import { createUpstreamObserver } from './upstream-observer.js';
import { loadPersistedOperations } from './use-persisted-operations.js';
import { createGatewayYoga, type GatewayYoga } from './yoga.js';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface GatewayOptions {
  config: Config;
  logger: Logger;
  /** The ECGrid base URL in use: the configured one, or the in-process sandbox's. */
  ecgridBaseUrl: string;
  /** Credential for requests that bring none; null means such requests are UNAUTHENTICATED. */
  serverApiKey: string | null;
  /** Serves `/_sandbox/` on the gateway's port, for the in-process sandbox of `npm start`. */
  sandboxControl?: RequestHandler;
  /** Exports spans here (tests use an in-memory exporter); else OTEL_EXPORTER_OTLP_ENDPOINT. */
  spanExporter?: SpanExporter;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** The metrics listener's base URL when METRICS_PORT is set, else null. */
  metricsUrl: string | null;
  /** Stops accepting connections, lets in-flight requests finish, then releases everything. */
  close(): Promise<void>;
}

async function serveMetrics(
  metrics: GatewayMetrics,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { contentType, body } = await metrics.render();
  response
    .writeHead(200, { 'content-type': contentType })
    .end(request.method === 'HEAD' ? undefined : body);
}

/**
 * Puts the request id (the incoming X-Request-Id when acceptable, else a new one) on the response
 * and back on the request, where yoga's context reads the cleaned value.
 */
function stampRequestId(request: IncomingMessage, response: ServerResponse): void {
  const requestId = chooseRequestId(request.headers[REQUEST_ID_HEADER]);
  request.headers[REQUEST_ID_HEADER] = requestId;
  response.setHeader(REQUEST_ID_HEADER, requestId);
}

function isReadMethod(method: string | undefined): boolean {
  return method === 'GET' || method === 'HEAD';
}

const METRICS_PORT_NOT_FOUND = '{"error":"Not found: this port serves only /metrics."}';
const METRICS_PORT_METHOD = '{"error":"Method not allowed: /metrics answers GET and HEAD."}';

/** Starts the listener of METRICS_PORT, which serves /metrics (GET and HEAD) and nothing else. */
async function startMetricsServer(metrics: GatewayMetrics, config: Config): Promise<Server> {
  const server = createServer((request, response) => {
    stampRequestId(request, response);
    const path = (request.url ?? '/').split('?', 1)[0];
    if (path !== '/metrics') {
      response.writeHead(404, JSON_NO_STORE).end(METRICS_PORT_NOT_FOUND);
    } else if (isReadMethod(request.method)) {
      void serveMetrics(metrics, request, response);
    } else {
      response.writeHead(405, { ...JSON_NO_STORE, allow: 'GET, HEAD' }).end(METRICS_PORT_METHOD);
    }
  });
  const port = config.metricsPort ?? 0;
  try {
    await listen(server, port, config.metricsHost);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`The metrics listener (METRICS_PORT=${port}) failed: ${reason}`);
  }
  return server;
}

/** Listens on `host:port`, and rejects with the listen error (such as EADDRINUSE). */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

/** Builds the base URL of a listener, with brackets around an IPv6 host. */
function baseUrl(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

async function handleGraphql(
  yoga: GatewayYoga,
  request: IncomingMessage,
  response: ServerResponse,
  bodyMaxBytes: number,
): Promise<void> {
  try {
    if (await enforceBodyLimit(request, response, bodyMaxBytes))
      await yoga.handle(request, response);
  } catch {
    // Reading the body failed: the client went away or broke the chunked encoding.
    request.destroy();
  }
}

const JSON_NO_STORE = { 'content-type': 'application/json', 'cache-control': 'no-store' };

function serveReady(readyCheck: ReadyCheck, request: IncomingMessage, response: ServerResponse) {
  readyCheck.report().then(
    (report) => {
      const body = request.method === 'HEAD' ? undefined : JSON.stringify(report);
      response.writeHead(report.ready ? 200 : 503, JSON_NO_STORE).end(body);
    },
    () => response.writeHead(500, JSON_NO_STORE).end('{"ready":false}'),
  );
}

/**
 * Starts the gateway's HTTP server: /graphql, /health (liveness, no upstream call), /ready
 * (ECGrid, the breaker and the idempotency store), /metrics (unless METRICS_ENABLED=false)
 * and, with a sandbox, /_sandbox/.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, logger } = options;
  const metrics = config.metricsEnabled
    ? new GatewayMetrics(config.metricsMaxOperationNames)
    : null;
  const tracing = await createTracing({
    serviceName: config.otelServiceName,
    endpoint: config.otelExporterEndpoint,
    exporter: options.spanExporter,
  });
  const { transport, policy, store, idempotency } = await createUpstream(
    config,
    options.ecgridBaseUrl,
    logger,
    createUpstreamObserver(metrics, tracing),
  );
  metrics?.watchBreaker(() => policy.breakerState);
  const persistedOperations =
    config.persistedOperationsFile === null
      ? null
      : loadPersistedOperations(config.persistedOperationsFile);
  // TODO: share one Redis connection with the idempotency store, which opens its own with the
  // offline queue off; this one is for the SMS rate-limit buckets.
  const redis = config.redisUrl === null ? null : createRedisClient(config.redisUrl, logger);
  const buckets = redis === null ? new MemoryTokenBuckets() : new RedisTokenBuckets(redis);
  const sendTracker = new InFlightTracker();
  const readyCheck = new ReadyCheck(transport, policy, store, config.readyCacheMs, logger);
  const yoga = createGatewayYoga({
    transport,
    policy,
    idempotency,
    sendTracker,
    logger,
    serverApiKey: options.serverApiKey,
    loaderConcurrency: config.loaderConcurrency,
    smsMaxLength: config.smsMaxLength,
    metrics,
    tracing,
    graphiqlEnabled: config.graphiqlEnabled,
    loginThrottle: new LoginThrottle({
      maxFailuresPerLogin: config.loginMaxFailuresPerLogin,
      maxFailuresPerAddress: config.loginMaxFailuresPerAddress,
      windowSeconds: config.loginThrottleWindowSeconds,
    }),
    clientAddress: clientAddressResolver(config.trustedProxies),
    smsRateLimiter: new SmsRateLimiter(buckets, config.smsRateLimit, logger),
    config,
    persistedOperations,
  });
  // With METRICS_PORT set, /metrics is served there only, off the public port.
  const metricsServer =
    metrics && config.metricsPort !== null ? await startMetricsServer(metrics, config) : null;
  const servesMetrics = metrics !== null && metricsServer === null;
  let closing = false;
  let inFlight = 0;
  const server = createServer((request, response) => {
    inFlight += 1;
    if (closing) response.setHeader('connection', 'close');
    response.once('close', () => {
      inFlight -= 1;
      if (closing && inFlight === 0) server.closeIdleConnections();
    });
    stampRequestId(request, response);
    const url = request.url ?? '/';
    const path = url.split('?', 1)[0] ?? url;
    if (path === '/health') {
      const body = request.method === 'HEAD' ? undefined : '{"status":"ok"}';
      response
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(body);
    } else if (path === '/ready') {
      serveReady(readyCheck, request, response);
    } else if (servesMetrics && path === '/metrics' && isReadMethod(request.method)) {
      void serveMetrics(metrics, request, response);
    } else if (options.sandboxControl && path.startsWith('/_sandbox/')) {
      options.sandboxControl(request, response);
    } else {
      void handleGraphql(yoga, request, response, config.limits.bodyMaxBytes);
    }
  });
  try {
    await listen(server, config.port, config.host);
  } catch (error) {
    metricsServer?.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  const close = async (): Promise<void> => {
    closing = true;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = setTimeout(() => {
      logger.warn({ inFlight }, 'shutdown deadline passed; closing open connections');
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    deadline.unref();
    await stopped;
    clearTimeout(deadline);
    if (metricsServer) {
      const metricsStopped = new Promise((resolve) => metricsServer.close(resolve));
      metricsServer.closeAllConnections();
      await metricsStopped;
    }
    if (sendTracker.size > 0) {
      // A text whose request is cut off still ends, so that its outcome is stored.
      logger.info({ sendSms: sendTracker.size }, 'shutdown waits for in-flight sendSms calls');
    }
    await sendTracker.drain();
    await transport.close();
    await store.close();
    await yoga.dispose();
    await tracing?.shutdown();
    await redis?.quit().catch(() => redis.disconnect());
  };
  const metricsUrl = metricsServer && baseUrl(metricsServer, config.metricsHost);
  return { url: baseUrl(server, config.host), port, metricsUrl, close };
}
