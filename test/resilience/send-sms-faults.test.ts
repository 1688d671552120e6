import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ANSWER_WITHIN_MS,
  callsTo,
  FAST_POLICY,
  logLines,
  SEND_SMS_ROUTE,
} from '../helpers/resilience.js';
import { sendSms } from '../helpers/sms-documents.js';
import { type Stack, startStack } from '../helpers/stack.js';

const MESSAGE = 'Parcel 7781 is ready for pickup.';

interface FaultCase {
  name: string;
  rule: Record<string, unknown>;
  typename: string | null;
  reason?: string;
  code?: string;
  /** Messages the sandbox records: the fault's own count, never two. */
  sent: 0 | 1;
  /** send-sms calls the sandbox receives. */
  calls: number;
  /** Time to let a delayed sandbox finish before counting, in ms. */
  settleMs?: number;
}

const CASES: FaultCase[] = [
  {
    name: 'status 500 sends nothing',
    rule: { kind: 'status', status: 500 },
    typename: 'SmsOutcomeUnknownError',
    reason: 'UPSTREAM_ERROR',
    sent: 0,
    calls: 1,
  },
  {
    name: 'status 503 sends nothing',
    rule: { kind: 'status', status: 503 },
    typename: 'SmsOutcomeUnknownError',
    reason: 'UPSTREAM_ERROR',
    sent: 0,
    calls: 1,
  },
  {
    name: 'one 429 retries then sends',
    rule: { kind: 'status', status: 429, times: 1, retryAfter: 0 },
    typename: 'SmsSubmitted',
    sent: 1,
    calls: 2,
  },
  {
    name: 'constant 429 sends nothing',
    rule: { kind: 'status', status: 429 },
    typename: null,
    code: 'UPSTREAM_RATE_LIMITED',
    sent: 0,
    calls: 3,
  },
  {
    name: 'status 400 sends nothing',
    rule: { kind: 'status', status: 400 },
    typename: null,
    code: 'UPSTREAM_ERROR',
    sent: 0,
    calls: 1,
  },
  {
    name: 'short latency sends once',
    rule: { kind: 'latency', ms: 50 },
    typename: 'SmsSubmitted',
    sent: 1,
    calls: 1,
  },
  {
    name: 'slow ECGrid sends once',
    rule: { kind: 'latency', ms: 1_000 },
    typename: 'SmsOutcomeUnknownError',
    reason: 'TIMEOUT',
    sent: 1,
    calls: 1,
    settleMs: 1_000,
  },
  {
    name: 'reset sends nothing',
    rule: { kind: 'reset' },
    typename: 'SmsOutcomeUnknownError',
    reason: 'CONNECTION_LOST',
    sent: 0,
    calls: 1,
  },
  {
    name: 'hang sends nothing',
    rule: { kind: 'hang' },
    typename: 'SmsOutcomeUnknownError',
    reason: 'TIMEOUT',
    sent: 0,
    calls: 1,
  },
  {
    name: 'partial body sends nothing',
    rule: { kind: 'partial' },
    typename: 'SmsOutcomeUnknownError',
    reason: 'TIMEOUT',
    sent: 0,
    calls: 1,
  },
  {
    name: 'HTML 502 page sends nothing',
    rule: { kind: 'html', status: 502 },
    typename: 'SmsOutcomeUnknownError',
    reason: 'UPSTREAM_ERROR',
    sent: 0,
    calls: 1,
  },
  {
    name: 'unreadable body sends nothing',
    rule: { kind: 'body', status: 200, body: 'not json' },
    typename: 'SmsOutcomeUnknownError',
    reason: 'UPSTREAM_ERROR',
    sent: 0,
    calls: 1,
  },
  {
    name: 'processThenReset sends exactly once',
    rule: { kind: 'processThenReset' },
    typename: 'SmsOutcomeUnknownError',
    reason: 'CONNECTION_LOST',
    sent: 1,
    calls: 1,
  },
];

describe('sendSms under upstream faults', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: FAST_POLICY });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  it.each(CASES)('$name', async (fault) => {
    await stack.faults([{ method: 'POST', path: SEND_SMS_ROUTE, ...fault.rule }]);
    const started = Date.now();
    const { result, code } = await sendSms(stack.endpoint, { userId: 1042, message: MESSAGE });
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    expect(result?.__typename ?? null).toBe(fault.typename);
    if (fault.reason !== undefined) expect(result?.reason).toBe(fault.reason);
    expect(code).toBe(fault.code ?? null);
    if (fault.settleMs !== undefined) await sleep(fault.settleMs);
    expect(await stack.sms()).toHaveLength(fault.sent);
    expect(await callsTo(stack, SEND_SMS_ROUTE)).toBe(fault.calls);

    await stack.reset();
    const next = await sendSms(stack.endpoint, { userId: 1042, message: MESSAGE });
    expect(next.result?.__typename).toBe('SmsSubmitted');
    expect(await stack.sms()).toHaveLength(1);
  });

  it('logs an unknown outcome once', async () => {
    await stack.faults([{ method: 'POST', path: SEND_SMS_ROUTE, kind: 'reset' }]);
    const before = logLines(
      stack,
      'the outcome of a text message is unknown; it is not sent again',
    );
    await sendSms(stack.endpoint, { userId: 1042, message: MESSAGE });
    const after = logLines(stack, 'the outcome of a text message is unknown; it is not sent again');
    expect(after.length - before.length).toBe(1);
    expect(after.at(-1)).toMatchObject({
      operation: 'SendSms',
      call: 'users.sendSms',
      reason: 'reset',
    });
    expect(stack.logs.text()).not.toContain(MESSAGE);
  });

  it('retries 429 after Retry-After date', async () => {
    const retryAt = new Date(Date.now() + 1_500).toUTCString();
    await stack.faults([
      {
        method: 'POST',
        path: SEND_SMS_ROUTE,
        kind: 'status',
        status: 429,
        times: 1,
        retryAfter: retryAt,
      },
    ]);
    const { result } = await sendSms(stack.endpoint, { userId: 1042, message: MESSAGE });
    expect(result?.__typename).toBe('SmsSubmitted');
    expect(await stack.sms()).toHaveLength(1);
    const retry = logLines(stack, 'retrying ECGrid call').at(-1);
    expect(retry).toMatchObject({
      call: 'users.sendSms',
      attempt: 1,
      reason: 'HTTP 429 RateLimitExceeded',
    });
    expect(retry?.delayMs).toBeGreaterThan(0);
    expect(retry?.delayMs).toBeLessThanOrEqual(2_000);
  });
});
