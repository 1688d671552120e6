import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Connects to the Redis at REDIS_URL. A command fails after one reconnect attempt or 2 s
 * instead of waiting in a queue, so that a Redis outage turns into an error for the request
 * at hand rather than a hung request. Connection errors are logged once each until the
 * connection is ready again; the URL is never logged, because it may hold a password.
 */
export function createRedisClient(url: string, logger: Logger): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
  });
  let lastError: string | undefined;
  client.on('error', (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    logger.warn({ err: error }, 'redis connection failed; retrying');
  });
  client.on('ready', () => {
    lastError = undefined;
    logger.info('redis connection ready');
  });
  return client;
}
