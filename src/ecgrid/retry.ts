import { EcgridError } from './errors.js';

/**
 * How a call may be repeated after a failure, declared by each call in users.ts:
 * - `idempotent`: repeating it changes nothing more (reads, and update-config, which sets
 *   values), so it is retried after 429, 500, 502, 503, 504, resets and timeouts;
 * - `at-most-once`: repeating it could act twice (send-sms), so it is retried only when
 *   ECGrid certainly did not process it: a 429, or a connection that failed before the request
 *   was sent.
 */
export type RetryClass = 'idempotent' | 'at-most-once';

export interface RetrySettings {
  /** Attempts per call, the first included. */
  attempts: number;
  /** Backoff before the first retry, in ms; it doubles with each retry. */
  baseDelayMs: number;
  /** Cap of the exponential backoff, in ms. */
  maxDelayMs: number;
  /** Cap of a delay that `Retry-After` requests, in ms. */
  retryAfterMaxMs: number;
}

const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Checks whether ECGrid certainly did not act on the request that failed with `error`. */
export function certainlyNotProcessed(error: EcgridError): boolean {
  if (error.kind === 'unreachable' || error.kind === 'breakerOpen') return true;
  if (error.kind === 'overloaded' || error.kind === 'deadline') return true;
  if (error.kind !== 'rejected' || error.status === null) return false;
  // A 4xx envelope means ECGrid refused the request; a 5xx may come after it acted.
  return error.status >= 400 && error.status < 500;
}

/** Checks whether a failed attempt of a call of `retryClass` may be repeated. */
export function isRetryable(error: unknown, retryClass: RetryClass): error is EcgridError {
  if (!(error instanceof EcgridError)) return false;
  if (retryClass === 'at-most-once') {
    return error.kind === 'unreachable' || (error.kind === 'rejected' && error.status === 429);
  }
  if (error.kind === 'timeout' || error.kind === 'reset' || error.kind === 'unreachable') {
    return true;
  }
  return error.kind === 'rejected' && error.status !== null && RETRIED_STATUSES.has(error.status);
}

/**
 * Checks whether a failure counts toward opening the circuit breaker, because it shows that
 * ECGrid is failing. Client errors (4xx, including 429), aborts and the gateway's own
 * rejections do not count.
 */
export function isUpstreamFailure(error: unknown): boolean {
  if (!(error instanceof EcgridError)) return false;
  switch (error.kind) {
    case 'timeout':
    case 'reset':
    case 'unreachable':
    case 'malformed':
      return true;
    case 'rejected':
      return error.status !== null && error.status >= 500;
    default:
      return false;
  }
}

/**
 * Computes the delay before retry number `retry` (1 for the first), in ms. When ECGrid sent a
 * readable `Retry-After`, it is that delay, clamped to `retryAfterMaxMs`. Otherwise it is
 * exponential backoff with full jitter: a uniform random delay from 0 to
 * `baseDelayMs * 2^(retry - 1)`, capped at `maxDelayMs`.
 */
export function retryDelayMs(error: EcgridError, retry: number, settings: RetrySettings): number {
  if (error.retryAfterSeconds !== null && error.retryAfterSeconds >= 0) {
    return Math.min(error.retryAfterSeconds * 1000, settings.retryAfterMaxMs);
  }
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(Math.random() * ceiling);
}
