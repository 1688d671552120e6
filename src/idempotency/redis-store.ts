import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ClaimRequest, ClaimResult, IdempotencyStore } from './store.js';

/**
 * Each script reads and writes one record atomically, and takes the time from Redis so that
 * leases do not depend on the clocks of the gateway instances. A record is a JSON object
 * { state, fingerprint, owner, leaseUntil, outcome }; `outcome` is an opaque string.
 */
const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

const CLAIM = `${NOW_MS}
local raw = redis.call('GET', KEYS[1])
local record = raw and cjson.decode(raw)
if record and record.fingerprint ~= ARGV[1] then return {'mismatch'} end
if record and record.state == 'done' then return {'done', record.outcome} end
if record and record.leaseUntil > now then return {'pending'} end
if record and record.state == 'sending' then
  record.state = 'done'
  record.outcome = ARGV[5]
  redis.call('SET', KEYS[1], cjson.encode(record), 'PX', ARGV[4])
  return {'done', record.outcome}
end
local claim = {state = 'claimed', fingerprint = ARGV[1], owner = ARGV[2],
  leaseUntil = now + tonumber(ARGV[3])}
redis.call('SET', KEYS[1], cjson.encode(claim), 'PX', ARGV[4])
return {'claimed'}`;

const MARK_SENDING = `${NOW_MS}
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local record = cjson.decode(raw)
if record.owner ~= ARGV[1] or record.state ~= 'claimed' then return 0 end
record.state = 'sending'
record.leaseUntil = now + tonumber(ARGV[2])
redis.call('SET', KEYS[1], cjson.encode(record), 'KEEPTTL')
return 1`;

const COMPLETE = `local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local record = cjson.decode(raw)
if record.owner ~= ARGV[1] then return 0 end
record.state = 'done'
record.outcome = ARGV[2]
redis.call('SET', KEYS[1], cjson.encode(record), 'PX', ARGV[3])
return 1`;

const RELEASE = `local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local record = cjson.decode(raw)
if record.owner ~= ARGV[1] or record.state == 'done' then return 0 end
return redis.call('DEL', KEYS[1])`;

/** Prefix of every key this gateway writes, so that it can share a Redis database. */
export const REDIS_KEY_PREFIX = 'ecgrid-gateway:sms-idempotency:';

/** Idempotency records in Redis, shared by every gateway instance that uses the same Redis. */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly kind = 'redis';

  private constructor(private readonly redis: Redis) {}

  /**
   * Connects to `url` (redis:// or rediss://) and fails when Redis does not respond. Commands
   * fail at once while the connection is down instead of queueing, so that a request never
   * waits for Redis longer than one command.
   */
  static async connect(url: string, logger: Logger): Promise<RedisIdempotencyStore> {
    const redis = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 5_000,
    });
    let lastError = '';
    redis.on('error', (error: Error) => {
      // ioredis reconnects by itself and emits every failed attempt; log each cause once.
      if (error.message === lastError) return;
      lastError = error.message;
      logger.error({ err: error }, 'Redis connection failed; ioredis is reconnecting');
    });
    redis.on('ready', () => {
      lastError = '';
    });
    await redis.connect();
    return new RedisIdempotencyStore(redis);
  }

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const reply = (await this.redis.eval(
      CLAIM,
      1,
      REDIS_KEY_PREFIX + request.key,
      request.fingerprint,
      request.owner,
      request.leaseMs,
      request.ttlMs,
      request.abandonedOutcome,
    )) as [string, string?];
    const [status, outcome] = reply;
    if (status === 'done') return { status, outcome: outcome ?? '' };
    if (status === 'claimed' || status === 'pending' || status === 'mismatch') return { status };
    throw new Error(`unexpected claim reply ${status}`);
  }

  async markSending(key: string, owner: string, leaseMs: number): Promise<boolean> {
    return (await this.redis.eval(MARK_SENDING, 1, REDIS_KEY_PREFIX + key, owner, leaseMs)) === 1;
  }

  async complete(key: string, owner: string, outcome: string, ttlMs: number): Promise<void> {
    await this.redis.eval(COMPLETE, 1, REDIS_KEY_PREFIX + key, owner, outcome, ttlMs);
  }

  async release(key: string, owner: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, REDIS_KEY_PREFIX + key, owner);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  /** Closes the connection after pending commands; drops it at once when Redis is gone. */
  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}
