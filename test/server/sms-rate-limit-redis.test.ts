import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRedis, startRedis } from '../helpers/redis.js';
import { sendOne } from '../helpers/sms.js';
import { type Stack, startStack } from '../helpers/stack.js';

describe('SMS rate limits in Redis', () => {
  let redis: RunningRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  it('shares counters between gateways', async () => {
    const env = { REDIS_URL: redis.url, SMS_USER_BURST: '2', SMS_USER_PER_HOUR: '1' };
    const first = await startStack({ env });
    // The second gateway uses the first one's sandbox, so that one log shows every message.
    const second = await startStack({ env: { ...env, ECGRID_BASE_URL: first.sandbox.url } });
    try {
      expect((await sendOne(first.endpoint, 2002)).__typename).toBe('SmsSubmitted');
      expect((await sendOne(second.endpoint, 2002)).__typename).toBe('SmsSubmitted');
      const limited = await sendOne(first.endpoint, 2002);
      expect(limited.__typename).toBe('RateLimitedError');
      expect(limited.scope).toBe('TARGET_USER');
      expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(3590);
      expect(limited.retryAfterSeconds).toBeLessThanOrEqual(3600);
      expect((await sendOne(second.endpoint, 2002)).__typename).toBe('RateLimitedError');
      expect(await first.sms()).toHaveLength(2);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('keeps counters across gateway restarts', async () => {
    const env = { REDIS_URL: redis.url, SMS_CREDENTIAL_BURST: '1', SMS_CREDENTIAL_PER_HOUR: '1' };
    const headers = { 'x-api-key': 'network-200-admin-key' };
    const before = await startStack({ env });
    expect((await sendOne(before.endpoint, 2003, headers)).__typename).toBe('SmsSubmitted');
    await before.close();
    const after = await startStack({ env });
    try {
      const limited = await sendOne(after.endpoint, 2003, headers);
      expect(limited.__typename).toBe('RateLimitedError');
      expect(limited.scope).toBe('CREDENTIAL');
      expect(await after.sms()).toEqual([]);
    } finally {
      await after.close();
    }
  });
});

describe('SMS rate limits without Redis', () => {
  let stack: Stack;
  let redis: RunningRedis;
  beforeAll(async () => {
    redis = await startRedis();
    stack = await startStack({
      env: { REDIS_URL: redis.url, NODE_ENV: 'production', SMS_USER_BURST: '5' },
    });
    expect((await sendOne(stack.endpoint, 1042)).__typename).toBe('SmsSubmitted');
    await redis.stop();
  });
  afterAll(() => stack.close());

  it('sends nothing while Redis is down', async () => {
    const query = 'mutation { sendSms(userId: 1101, message: "Parcel ready.") { __typename } }';
    const response = await fetch(stack.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors: { message: string; extensions: unknown }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.message).toBe('Unexpected error.');
    expect(body.errors[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', retryable: false });
    expect(JSON.stringify(body)).not.toContain('127.0.0.1');
    expect(await stack.sms()).toHaveLength(1);
    const logged = stack.logs.lines.find((line) => line.msg === 'unexpected error in a resolver');
    expect(logged).toBeDefined();
  });
});
