import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { RateLimitedError, type SmsRateLimitScope } from '../errors.js';
import type { SmsRateLimitConfig } from './config.js';
import type { BucketSpec, TokenBucketStore } from './token-bucket.js';

const KEY_PREFIX = 'ecgrid-gateway:sms-rate';

/**
 * The SMS rate limits: one token bucket per target user and one per credential. Each sendSms
 * field takes a token from both, so aliases and batches count message by message.
 */
export class SmsRateLimiter {
  constructor(
    private readonly store: TokenBucketStore,
    private readonly config: SmsRateLimitConfig,
    private readonly logger: Logger,
  ) {}

  /**
   * Takes a token for one message to `userId` sent with `credential`. Resolves null when the
   * message may go, else the RateLimitedError of the bucket that must refill first.
   */
  async take(userId: number, credential: string): Promise<RateLimitedError | null> {
    const buckets: BucketSpec[] = [];
    const scopes: SmsRateLimitScope[] = [];
    const { perUser, perCredential } = this.config;
    if (perUser.capacity > 0) {
      buckets.push({ key: `${KEY_PREFIX}:user:${userId}`, ...perUser });
      scopes.push('TARGET_USER');
    }
    if (perCredential.capacity > 0) {
      // A hash, so that no credential is stored in Redis or in memory dumps.
      const digest = createHash('sha256').update(credential).digest('hex');
      buckets.push({ key: `${KEY_PREFIX}:credential:${digest}`, ...perCredential });
      scopes.push('CREDENTIAL');
    }
    if (buckets.length === 0) return null;
    const result = await this.store.take(buckets);
    if (result.granted) return null;
    const scope = scopes[result.bucket] ?? 'TARGET_USER';
    const retryAfterSeconds = Math.max(1, Math.ceil(result.waitMs / 1000));
    this.logger.info({ userId, scope, retryAfterSeconds }, 'sms rate limit reached; not sent');
    return new RateLimitedError(userId, scope, retryAfterSeconds);
  }
}
