import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callsTo, FAST_POLICY, SEND_SMS_ROUTE } from '../helpers/resilience.js';
import { sendSms } from '../helpers/sms-documents.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

const MESSAGE = 'Parcel 7781 is ready for pickup.';
const MAILBOX_ADMIN = { 'x-api-key': 'mailbox-5001-admin-key' };

describe('sendSms idempotency keys', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { ...FAST_POLICY, IDEMPOTENCY_TTL_SECONDS: '2' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  it('replays the first result', async () => {
    const idempotencyKey = randomUUID();
    const first = await sendSms(stack.endpoint, { userId: 1042, message: MESSAGE, idempotencyKey });
    const second = await sendSms(stack.endpoint, {
      userId: 1042,
      message: MESSAGE,
      idempotencyKey,
    });
    expect(first.result?.__typename).toBe('SmsSubmitted');
    expect(second).toEqual(first);
    expect(await stack.sms()).toHaveLength(1);
    expect(await callsTo(stack, SEND_SMS_ROUTE)).toBe(1);
  });

  it('sends concurrent duplicates once', async () => {
    const idempotencyKey = randomUUID();
    await stack.faults([{ method: 'POST', path: SEND_SMS_ROUTE, kind: 'latency', ms: 200 }]);
    const answers = await Promise.all(
      Array.from({ length: 25 }, () =>
        sendSms(stack.endpoint, { userId: 1042, message: MESSAGE, idempotencyKey }),
      ),
    );
    expect(answers[0]?.result?.__typename).toBe('SmsSubmitted');
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await stack.sms()).toHaveLength(1);
    expect(await callsTo(stack, SEND_SMS_ROUTE)).toBe(1);
  });

  it('rejects a key with other arguments', async () => {
    const idempotencyKey = randomUUID();
    await sendSms(stack.endpoint, { userId: 1042, message: MESSAGE, idempotencyKey });
    const other = await sendSms(stack.endpoint, {
      userId: 1042,
      message: 'Other text',
      idempotencyKey,
    });
    expect(other.result).toMatchObject({
      __typename: 'IdempotencyKeyReusedError',
      reusedKey: idempotencyKey,
    });
    const otherUser = await sendSms(stack.endpoint, {
      userId: 1050,
      message: MESSAGE,
      idempotencyKey,
    });
    expect(otherUser.result?.__typename).toBe('IdempotencyKeyReusedError');
    expect(await stack.sms()).toHaveLength(1);
  });

  it('scopes keys to the credential', async () => {
    const idempotencyKey = randomUUID();
    await sendSms(stack.endpoint, { userId: 1042, message: MESSAGE, idempotencyKey });
    const other = await sendSms(
      stack.endpoint,
      { userId: 1042, message: MESSAGE, idempotencyKey },
      MAILBOX_ADMIN,
    );
    expect(other.result?.__typename).toBe('SmsSubmitted');
    expect(await stack.sms()).toHaveLength(2);
    expect(stack.logs.text()).not.toContain('mailbox-5001-admin-key');
  });

  it('replays an unknown outcome', async () => {
    const idempotencyKey = randomUUID();
    await stack.faults([
      { method: 'POST', path: SEND_SMS_ROUTE, kind: 'processThenReset', times: 1 },
    ]);
    const first = await sendSms(stack.endpoint, { userId: 1042, message: MESSAGE, idempotencyKey });
    const second = await sendSms(stack.endpoint, {
      userId: 1042,
      message: MESSAGE,
      idempotencyKey,
    });
    expect(first.result).toMatchObject({
      __typename: 'SmsOutcomeUnknownError',
      reason: 'CONNECTION_LOST',
      idempotencyKey,
    });
    expect(second).toEqual(first);
    expect(await stack.sms()).toHaveLength(1);
    expect(await callsTo(stack, SEND_SMS_ROUTE)).toBe(1);
  });

  it('frees the key when nothing was sent', async () => {
    const idempotencyKey = randomUUID();
    await stack.faults([{ method: 'POST', path: SEND_SMS_ROUTE, kind: 'status', status: 429 }]);
    const limited = await sendSms(stack.endpoint, {
      userId: 1042,
      message: MESSAGE,
      idempotencyKey,
    });
    expect(limited.code).toBe('UPSTREAM_RATE_LIMITED');
    await stack.reset();
    const retried = await sendSms(stack.endpoint, {
      userId: 1042,
      message: MESSAGE,
      idempotencyKey,
    });
    expect(retried.result?.__typename).toBe('SmsSubmitted');
    expect(await stack.sms()).toHaveLength(1);
  });

  it('replays NOT_SUBMITTED answers', async () => {
    const idempotencyKey = randomUUID();
    const body = JSON.stringify({ success: true, data: false, errorCode: null, message: null });
    await stack.faults([
      { method: 'POST', path: SEND_SMS_ROUTE, kind: 'body', status: 200, body, times: 1 },
    ]);
    const first = await sendSms(stack.endpoint, { userId: 1042, message: MESSAGE, idempotencyKey });
    const second = await sendSms(stack.endpoint, {
      userId: 1042,
      message: MESSAGE,
      idempotencyKey,
    });
    expect(first.result?.notDeliverableReason).toBe('NOT_SUBMITTED');
    expect(second).toEqual(first);
    expect(await callsTo(stack, SEND_SMS_ROUTE)).toBe(1);
  });

  it('forgets keys after the TTL', async () => {
    const idempotencyKey = randomUUID();
    await sendSms(stack.endpoint, { userId: 1042, message: MESSAGE, idempotencyKey });
    await sleep(2_100);
    const again = await sendSms(stack.endpoint, { userId: 1042, message: MESSAGE, idempotencyKey });
    expect(again.result?.__typename).toBe('SmsSubmitted');
    expect(await stack.sms()).toHaveLength(2);
  });

  it.each([
    ['too short', 'abc1234'],
    ['too long', 'k'.repeat(129)],
    ['a space', 'order 7781 text'],
    ['a slash', 'order/7781/text'],
    ['non-ASCII', 'bestellung-größe'],
  ])('rejects a key with %s', async (_case, idempotencyKey) => {
    const body = await post(
      stack.endpoint,
      `mutation { sendSms(userId: "1042", message: "Hi there", idempotencyKey: ${JSON.stringify(idempotencyKey)}) {
        __typename ... on EcgridValidationError { issues { path message } } } }`,
    );
    expect(body.data?.sendSms).toEqual({
      __typename: 'EcgridValidationError',
      issues: [
        {
          path: ['idempotencyKey'],
          message: 'must be 8 to 128 characters from A-Z, a-z, 0-9 and - _ . :, such as a UUID',
        },
      ],
    });
    expect(await callsTo(stack, SEND_SMS_ROUTE)).toBe(0);
  });
});
