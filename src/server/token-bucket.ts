import type { Redis } from 'ioredis';

/** One bucket to take a token from: its key, its burst size and its refill rate. */
export interface BucketSpec {
  key: string;
  capacity: number;
  refillPerHour: number;
}

/** The outcome of a take: granted, or the first bucket that was empty and the wait in ms. */
export type TakeResult = { granted: true } | { granted: false; bucket: number; waitMs: number };

/**
 * Token buckets that several requests share. `take` removes one token from every bucket, or
 * from none when any of them is empty, so that a rejected message costs no bucket a token.
 */
export interface TokenBucketStore {
  take(buckets: BucketSpec[]): Promise<TakeResult>;
}

const MS_PER_HOUR = 3_600_000;
/** The memory store deletes full buckets once it contains more than this many. */
const MEMORY_PRUNE_SIZE = 10_000;

interface BucketState {
  spec: BucketSpec;
  tokens: number;
  updatedMs: number;
}

/** Buckets in this process's memory, for a single gateway process. */
export class MemoryTokenBuckets implements TokenBucketStore {
  private readonly states = new Map<string, BucketState>();

  constructor(private readonly now: () => number = Date.now) {}

  async take(buckets: BucketSpec[]): Promise<TakeResult> {
    const now = this.now();
    const levels = buckets.map((bucket) => this.level(bucket, now));
    let rejected: TakeResult = { granted: true };
    buckets.forEach((bucket, index) => {
      const tokens = levels[index] ?? 0;
      if (tokens >= 1) return;
      const waitMs = Math.ceil(((1 - tokens) * MS_PER_HOUR) / bucket.refillPerHour);
      if (rejected.granted || waitMs > rejected.waitMs)
        rejected = { granted: false, bucket: index, waitMs };
    });
    if (!rejected.granted) return rejected;
    buckets.forEach((bucket, index) => {
      const tokens = (levels[index] ?? 0) - 1;
      this.states.set(bucket.key, { spec: bucket, tokens, updatedMs: now });
    });
    if (this.states.size > MEMORY_PRUNE_SIZE) this.prune(now);
    return rejected;
  }

  private level(bucket: BucketSpec, now: number): number {
    const state = this.states.get(bucket.key);
    if (state === undefined) return bucket.capacity;
    const refilled = ((now - state.updatedMs) * bucket.refillPerHour) / MS_PER_HOUR;
    return Math.min(bucket.capacity, state.tokens + Math.max(0, refilled));
  }

  /** Drops buckets that have refilled completely, since a missing bucket reads as full. */
  private prune(now: number): void {
    for (const [key, state] of this.states) {
      if (this.level(state.spec, now) >= state.spec.capacity) this.states.delete(key);
    }
  }
}

/**
 * Checks and takes in one script, so that concurrent requests on any number of gateway
 * processes never both take the last token. The time comes from Redis, so that the clocks of
 * the gateway hosts do not matter. ARGV contains the capacity and the tokens per millisecond of each key.
 */
const TAKE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local levels = {}
local worst, worstWait = 0, 0
for i = 1, #KEYS do
  local capacity, rate = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'updated')
  local tokens, updated = tonumber(state[1]), tonumber(state[2])
  if tokens == nil or updated == nil then
    tokens = capacity
  else
    tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate)
  end
  levels[i] = tokens
  if tokens < 1 then
    local wait = math.ceil((1 - tokens) / rate)
    if wait > worstWait then worst, worstWait = i, wait end
  end
end
if worst > 0 then return {0, worst - 1, worstWait} end
for i = 1, #KEYS do
  local capacity, rate = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local tokens = levels[i] - 1
  redis.call('HSET', KEYS[i], 'tokens', tostring(tokens), 'updated', tostring(now))
  redis.call('PEXPIRE', KEYS[i], math.ceil((capacity - tokens) / rate) + 1000)
end
return {1, 0, 0}
`;

type TakeCommand = (
  keyCount: number,
  ...keysAndArgs: string[]
) => Promise<[number, number, number]>;

/**
 * Buckets in Redis, shared by every gateway process that uses the same REDIS_URL.
 * NOTE: the script touches two keys at once, so it needs a single Redis or a primary with
 * replicas. A Redis Cluster rejects it, because the keys hash to different slots.
 */
export class RedisTokenBuckets implements TokenBucketStore {
  private readonly takeCommand: TakeCommand;

  constructor(client: Redis) {
    client.defineCommand('ecgridTakeTokens', { lua: TAKE_SCRIPT });
    const command = (client as unknown as Record<string, TakeCommand>).ecgridTakeTokens;
    if (command === undefined) throw new Error('ioredis did not define ecgridTakeTokens');
    this.takeCommand = command.bind(client);
  }

  async take(buckets: BucketSpec[]): Promise<TakeResult> {
    const args = buckets.flatMap((bucket) => [
      String(bucket.capacity),
      String(bucket.refillPerHour / MS_PER_HOUR),
    ]);
    const keys = buckets.map((bucket) => bucket.key);
    const [granted, bucket, waitMs] = await this.takeCommand(keys.length, ...keys, ...args);
    return granted === 1 ? { granted: true } : { granted: false, bucket, waitMs };
  }
}
