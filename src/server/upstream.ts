import type { Logger } from 'pino';
import { UpstreamPolicy } from '../ecgrid/policy.js';
import { type CallObserver, EcgridTransport } from '../ecgrid/transport.js';
import { IdempotencyGuard } from '../idempotency/guard.js';
import { MemoryIdempotencyStore } from '../idempotency/memory-store.js';
import { RedisIdempotencyStore } from '../idempotency/redis-store.js';
import type { IdempotencyStore } from '../idempotency/store.js';
import type { Config } from './config.js';

/** Time a claim's lease adds to the ECGrid deadline, for the store writes around a call, in ms. */
const LEASE_MARGIN_MS = 2_000;

export interface Upstream {
  transport: EcgridTransport;
  policy: UpstreamPolicy;
  store: IdempotencyStore;
  idempotency: IdempotencyGuard;
}

/**
 * Builds the ECGrid transport, its policy and the idempotency store from the settings;
 * `observe`, when given, watches every call the transport makes (for metrics and traces).
 */
export async function createUpstream(
  config: Config,
  ecgridBaseUrl: string,
  logger: Logger,
  observe?: CallObserver,
): Promise<Upstream> {
  const transport = new EcgridTransport({
    baseUrl: ecgridBaseUrl,
    timeoutMs: config.ecgridTimeoutMs,
    connections: config.ecgridConnections,
    logger,
    observe,
  });
  const policy = new UpstreamPolicy(
    transport,
    {
      attempts: config.retryAttempts,
      baseDelayMs: config.retryBaseDelayMs,
      maxDelayMs: config.retryMaxDelayMs,
      retryAfterMaxMs: config.retryAfterMaxMs,
      deadlineMs: config.deadlineMs,
      breakerThreshold: config.breakerThreshold,
      breakerCooldownMs: config.breakerCooldownMs,
      maxConcurrent: config.maxConcurrent,
      maxQueued: config.maxQueued,
    },
    logger,
  );
  const store =
    config.redisUrl === null
      ? new MemoryIdempotencyStore()
      : await RedisIdempotencyStore.connect(config.redisUrl, logger);
  // One lease covers one phase of a send (the user read, then the send-sms call).
  const leaseMs = config.deadlineMs + LEASE_MARGIN_MS;
  const idempotency = new IdempotencyGuard(
    store,
    { ttlMs: config.idempotencyTtlSeconds * 1000, leaseMs, waitMs: leaseMs },
    logger,
  );
  return { transport, policy, store, idempotency };
}
