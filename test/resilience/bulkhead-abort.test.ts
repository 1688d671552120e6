import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { callsTo, FAST_POLICY, logLines, SEND_SMS_ROUTE, waitFor } from '../helpers/resilience.js';
import { GET_USER, readUser, SEND_SMS, sendSms } from '../helpers/sms-documents.js';
import { type Stack, startStack } from '../helpers/stack.js';

const USER_ROUTE = '/v2/users/{id}';

/** Starts a GraphQL request that the test can cut off like a client that goes away. */
function startRequest(stack: Stack, query: string, variables: Record<string, unknown>) {
  const controller = new AbortController();
  const done = fetch(stack.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  }).then(
    () => 'answered',
    () => 'aborted',
  );
  return { abort: () => controller.abort(), done };
}

describe('the bulkhead', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('rejects calls past the queue', async () => {
    stack = await startStack({
      env: {
        ...FAST_POLICY,
        ECGRID_TIMEOUT_MS: '5000',
        ECGRID_DEADLINE_MS: '8000',
        ECGRID_MAX_CONCURRENT: '2',
        ECGRID_MAX_QUEUED: '2',
      },
    });
    await stack.faults([{ method: 'GET', path: USER_ROUTE, kind: 'latency', ms: 1_000 }]);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => readUser(stack.endpoint, 1042)),
    );
    const codes = answers.map((answer) => answer.code);
    expect(codes.filter((code) => code === null)).toHaveLength(4);
    expect(codes.filter((code) => code === 'GATEWAY_OVERLOADED')).toHaveLength(2);
    expect(await callsTo(stack, USER_ROUTE)).toBe(4);
    const dropped = logLines(stack, 'ECGrid call dropped');
    expect(dropped.map((line) => line.reason)).toEqual(['overloaded', 'overloaded']);
  });
});

describe('a client that goes away', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('aborts its pending reads', async () => {
    stack = await startStack({ env: FAST_POLICY });
    await stack.faults([{ method: 'GET', path: USER_ROUTE, kind: 'hang' }]);
    const request = startRequest(stack, GET_USER, { id: 1042 });
    await waitFor(async () => (await callsTo(stack, USER_ROUTE)) === 1);
    request.abort();
    expect(await request.done).toBe('aborted');
    await waitFor(() => logLines(stack, 'ECGrid call dropped').length === 1);
    expect(logLines(stack, 'ECGrid call dropped')[0]).toMatchObject({
      operation: 'GetUser',
      call: 'users.get',
      reason: 'aborted',
    });
    // Without the abort, the gateway would time out after 500 ms and retry twice.
    await sleep(1_500);
    expect(await callsTo(stack, USER_ROUTE)).toBe(1);
    expect(logLines(stack, 'retrying ECGrid call')).toHaveLength(0);
  });

  it('finishes a send in flight', async () => {
    stack = await startStack({ env: FAST_POLICY });
    await stack.faults([{ method: 'POST', path: SEND_SMS_ROUTE, kind: 'latency', ms: 400 }]);
    const idempotencyKey = randomUUID();
    const variables = { userId: 1042, message: 'Parcel ready', idempotencyKey };
    const request = startRequest(stack, SEND_SMS, variables);
    await waitFor(() => logLines(stack, 'ecgrid call').some((line) => line.call === 'users.get'));
    request.abort();
    await waitFor(async () => (await stack.sms()).length === 1);
    const replayed = await sendSms(stack.endpoint, variables);
    expect(replayed.result?.__typename).toBe('SmsSubmitted');
    expect(await callsTo(stack, SEND_SMS_ROUTE)).toBe(1);
    expect(await stack.sms()).toHaveLength(1);
  });
});
