import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/http.js';
import { SMS_RESULT, sendOne } from '../helpers/sms.js';
import { type Stack, startStack } from '../helpers/stack.js';

describe('SMS rate limits', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  async function start(env: Record<string, string>): Promise<Stack> {
    stack = await startStack({ env });
    return stack;
  }

  it('limits messages per target user', async () => {
    const { endpoint, sms } = await start({ SMS_USER_BURST: '2', SMS_USER_PER_HOUR: '1' });
    expect((await sendOne(endpoint, 1042)).__typename).toBe('SmsSubmitted');
    expect((await sendOne(endpoint, 1042)).__typename).toBe('SmsSubmitted');
    const limited = await sendOne(endpoint, 1042);
    expect(limited.__typename).toBe('RateLimitedError');
    expect(limited.scope).toBe('TARGET_USER');
    expect(limited.userId).toBe('1042');
    // One token per hour: the next one is due in an hour, less the milliseconds spent so far.
    expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(3590);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(limited.message).toBe(
      `Too many text messages to this user; nothing was sent. Retry after ${limited.retryAfterSeconds} s.`,
    );
    expect((await sendOne(endpoint, 1101)).__typename).toBe('SmsSubmitted');
    expect((await sms()).map((message) => message.userId)).toEqual([1042, 1042, 1101]);
    const logged = stack?.logs.lines.filter(
      (line) => line.msg === 'sms rate limit reached; not sent',
    );
    expect(logged?.map(({ userId, scope }) => ({ userId, scope }))).toEqual([
      { userId: 1042, scope: 'TARGET_USER' },
    ]);
  });

  it('limits messages per credential', async () => {
    const { endpoint, sms } = await start({
      SMS_CREDENTIAL_BURST: '2',
      SMS_CREDENTIAL_PER_HOUR: '1',
    });
    expect((await sendOne(endpoint, 1042)).__typename).toBe('SmsSubmitted');
    expect((await sendOne(endpoint, 1101)).__typename).toBe('SmsSubmitted');
    const limited = await sendOne(endpoint, 1102);
    expect(limited.__typename).toBe('RateLimitedError');
    expect(limited.scope).toBe('CREDENTIAL');
    const other = await sendOne(endpoint, 1042, { 'x-api-key': 'mailbox-5001-admin-key' });
    expect(other.__typename).toBe('SmsSubmitted');
    expect((await sms()).map((message) => message.userId)).toEqual([1042, 1101, 1042]);
  });

  it('counts every sendSms field', async () => {
    const { endpoint, sms } = await start({
      SMS_USER_BURST: '2',
      SMS_USER_PER_HOUR: '1',
      SMS_MAX_PER_OPERATION: '3',
    });
    const query = `mutation {
      a: sendSms(userId: 1042, message: "one") { ${SMS_RESULT} }
      b: sendSms(userId: 1042, message: "two") { ${SMS_RESULT} }
      c: sendSms(userId: 1042, message: "three") { ${SMS_RESULT} }
    }`;
    const response = await postJson(endpoint, { query });
    const data = response.json?.data as Record<string, { __typename: string }>;
    expect([data.a?.__typename, data.b?.__typename, data.c?.__typename]).toEqual([
      'SmsSubmitted',
      'SmsSubmitted',
      'RateLimitedError',
    ]);
    expect((await sms()).map((message) => message.message)).toEqual(['one', 'two']);
  });

  it('charges nothing for undeliverable messages', async () => {
    const { endpoint, sms } = await start({ SMS_CREDENTIAL_BURST: '1' });
    const undeliverable = await sendOne(endpoint, 1043);
    expect(undeliverable).toEqual({
      __typename: 'SmsNotDeliverableError',
      reason: 'NO_CELL_PHONE',
    });
    expect((await sendOne(endpoint, 1042)).__typename).toBe('SmsSubmitted');
    expect(await sms()).toHaveLength(1);
  });

  it('refills the bucket over time', async () => {
    const { endpoint, sms } = await start({ SMS_USER_BURST: '1', SMS_USER_PER_HOUR: '3600' });
    expect((await sendOne(endpoint, 1042)).__typename).toBe('SmsSubmitted');
    const limited = await sendOne(endpoint, 1042);
    expect(limited.__typename).toBe('RateLimitedError');
    expect(limited.retryAfterSeconds).toBe(1);
    await delay(1100);
    expect((await sendOne(endpoint, 1042)).__typename).toBe('SmsSubmitted');
    expect(await sms()).toHaveLength(2);
  });

  it('allows a burst of five', async () => {
    const { endpoint, sms } = await start({ SMS_USER_BURST: '5' });
    for (let sent = 0; sent < 5; sent += 1) {
      expect((await sendOne(endpoint, 1042)).__typename).toBe('SmsSubmitted');
    }
    expect((await sendOne(endpoint, 1042)).__typename).toBe('RateLimitedError');
    expect(await sms()).toHaveLength(5);
  });

  it('turns off with a zero burst', async () => {
    const { endpoint, sms } = await start({ SMS_USER_BURST: '0', SMS_CREDENTIAL_BURST: '0' });
    for (let sent = 0; sent < 8; sent += 1) {
      expect((await sendOne(endpoint, 1042)).__typename).toBe('SmsSubmitted');
    }
    expect(await sms()).toHaveLength(8);
  });
});
