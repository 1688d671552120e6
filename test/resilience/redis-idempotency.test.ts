import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisIdempotencyStore } from '../../src/idempotency/redis-store.js';
import { smsFingerprint } from '../../src/schema/send-sms.js';
import { credentialScope } from '../../src/server/credentials.js';
import { type RunningRedis, startRedis } from '../helpers/redis.js';
import { callsTo, FAST_POLICY, logLines, SEND_SMS_ROUTE, waitFor } from '../helpers/resilience.js';
import { sendSms } from '../helpers/sms-documents.js';
import { type Stack, startStack } from '../helpers/stack.js';

const MESSAGE = 'Parcel 7781 is ready for pickup.';
const ADMIN_SCOPE = credentialScope({ header: 'x-api-key', value: 'sandbox-admin-key' });

describe('idempotency keys shared through Redis', () => {
  let redis: RunningRedis;
  let first: Stack;
  let second: Stack;
  /** A store client of its own, acting as an instance that claims a key and then dies. */
  let store: RedisIdempotencyStore;

  beforeAll(async () => {
    redis = await startRedis();
    first = await startStack({ env: { ...FAST_POLICY, REDIS_URL: redis.url } });
    second = await startStack({
      env: { ...FAST_POLICY, REDIS_URL: redis.url, ECGRID_BASE_URL: first.sandbox.url },
    });
    store = await RedisIdempotencyStore.connect(redis.url, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await store?.close();
    await second?.close();
    await first?.close();
    await redis?.stop();
  });
  beforeEach(() => first.reset());

  it('sends concurrent duplicates once', async () => {
    const idempotencyKey = randomUUID();
    await first.faults([{ method: 'POST', path: SEND_SMS_ROUTE, kind: 'latency', ms: 300 }]);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        sendSms((index % 2 === 0 ? first : second).endpoint, {
          userId: 1042,
          message: MESSAGE,
          idempotencyKey,
        }),
      ),
    );
    expect(answers[0]?.result?.__typename).toBe('SmsSubmitted');
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await first.sms()).toHaveLength(1);
    expect(await callsTo(first, SEND_SMS_ROUTE)).toBe(1);
  });

  it('replays on the other instance', async () => {
    const idempotencyKey = randomUUID();
    const sent = await sendSms(first.endpoint, { userId: 1042, message: MESSAGE, idempotencyKey });
    const replayed = await sendSms(second.endpoint, {
      userId: 1042,
      message: MESSAGE,
      idempotencyKey,
    });
    expect(sent.result?.__typename).toBe('SmsSubmitted');
    expect(replayed).toEqual(sent);
    expect(await callsTo(first, SEND_SMS_ROUTE)).toBe(1);
  });

  it('takes over a dead claim', async () => {
    const idempotencyKey = randomUUID();
    const claim = await store.claim({
      key: `${ADMIN_SCOPE}:${idempotencyKey}`,
      fingerprint: smsFingerprint(1042, MESSAGE),
      owner: 'instance-that-died',
      leaseMs: 300,
      ttlMs: 60_000,
      abandonedOutcome: '{}',
    });
    expect(claim).toEqual({ status: 'claimed' });
    const answer = await sendSms(second.endpoint, {
      userId: 1042,
      message: MESSAGE,
      idempotencyKey,
    });
    expect(answer.result?.__typename).toBe('SmsSubmitted');
    expect(await first.sms()).toHaveLength(1);
  });

  it('reports a send that died', async () => {
    const idempotencyKey = randomUUID();
    const key = `${ADMIN_SCOPE}:${idempotencyKey}`;
    await store.claim({
      key,
      fingerprint: smsFingerprint(1042, MESSAGE),
      owner: 'instance-that-died',
      leaseMs: 60_000,
      ttlMs: 60_000,
      abandonedOutcome: '{}',
    });
    expect(await store.markSending(key, 'instance-that-died', 300)).toBe(true);
    const answer = await sendSms(first.endpoint, {
      userId: 1042,
      message: MESSAGE,
      idempotencyKey,
    });
    expect(answer.result).toMatchObject({
      __typename: 'SmsOutcomeUnknownError',
      reason: 'ABANDONED',
      idempotencyKey,
    });
    const again = await sendSms(second.endpoint, {
      userId: 1042,
      message: MESSAGE,
      idempotencyKey,
    });
    expect(again).toEqual(answer);
    expect(await first.sms()).toHaveLength(0);
  });

  it('shutdown waits for a send', async () => {
    const third = await startStack({
      env: {
        ...FAST_POLICY,
        REDIS_URL: redis.url,
        ECGRID_BASE_URL: first.sandbox.url,
        SHUTDOWN_TIMEOUT_MS: '0',
      },
    });
    const idempotencyKey = randomUUID();
    // Shorter than ECGRID_TIMEOUT_MS, so that the send succeeds while the gateway stops.
    await first.faults([{ method: 'POST', path: SEND_SMS_ROUTE, kind: 'latency', ms: 400 }]);
    const cut = sendSms(third.endpoint, { userId: 1042, message: MESSAGE, idempotencyKey }).catch(
      () => null,
    );
    // The user read before the send ends with a debug line; the send starts right after it.
    await waitFor(() => logLines(third, 'ecgrid call').some((line) => line.call === 'users.get'));
    await sleep(100);
    await third.close();
    expect(await first.sms()).toHaveLength(1);
    expect(logLines(third, 'shutdown waits for in-flight sendSms calls')).toHaveLength(1);
    await cut;
    const replayed = await sendSms(second.endpoint, {
      userId: 1042,
      message: MESSAGE,
      idempotencyKey,
    });
    expect(replayed.result?.__typename).toBe('SmsSubmitted');
    expect(await callsTo(first, SEND_SMS_ROUTE)).toBe(1);
  });

  it('refuses to send without Redis', async () => {
    await redis.stop();
    const answer = await sendSms(first.endpoint, {
      userId: 1042,
      message: MESSAGE,
      idempotencyKey: randomUUID(),
    });
    expect(answer.code).toBe('IDEMPOTENCY_STORE_UNAVAILABLE');
    expect(await first.sms()).toHaveLength(0);
    const ready = await fetch(`${first.gateway.url}/ready`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).idempotencyStore).toEqual({ kind: 'redis', reachable: false });
  });
});
