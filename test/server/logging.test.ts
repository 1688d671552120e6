import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEND_SMS } from '../helpers/operations.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

const SECRET_TEXT = 'Gate code 4417 for the night shift';

describe('gateway logs', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(async () => {
    await stack.reset();
    stack.logs.lines.length = 0;
    stack.logs.raw.length = 0;
  });

  const operationLines = () => stack.logs.lines.filter((line) => line.msg === 'graphql operation');
  const callLines = () => stack.logs.lines.filter((line) => line.msg === 'ecgrid call');

  it('logs each operation once', async () => {
    await stack.client().request('query OneUser { user(id: "1042") { id } }');
    const lines = operationLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, operation: 'OneUser' });
    expect(typeof lines[0]?.durationMs).toBe('number');
    expect(lines[0]?.errorCodes).toBeUndefined();
  });

  it('logs the error codes', async () => {
    await post(stack.endpoint, 'query Two { a: user(id: "0") { id } b: user(id: "1042") { id } }');
    await post(stack.endpoint, 'query Three { me { id } }', {}, { 'x-api-key': 'wrong-key-1' });
    expect(operationLines().map((line) => [line.operation, line.errorCodes])).toEqual([
      ['Two', ['BAD_USER_INPUT']],
      ['Three', ['UNAUTHENTICATED']],
    ]);
  });

  it('logs rejected documents', async () => {
    await post(stack.endpoint, 'query Broken { user { id } }');
    const rejected = stack.logs.lines.filter((line) => line.msg === 'graphql operation rejected');
    expect(rejected).toEqual([
      expect.objectContaining({ operation: 'Broken', errorCodes: ['GRAPHQL_VALIDATION_FAILED'] }),
    ]);
  });

  it('logs each upstream call at debug', async () => {
    await stack.client().request(SEND_SMS, { userId: '1042', message: 'Dock 2 is free.' });
    const lines = callLines();
    expect(lines.map((line) => [line.level, line.method, line.route, line.status])).toEqual([
      [20, 'GET', '/v2/users/{id}', 200],
      [20, 'POST', '/v2/users/send-sms', 200],
    ]);
    for (const line of lines) expect(typeof line.durationMs).toBe('number');
    expect(stack.logs.text()).not.toContain('/v2/users/1042');
  });

  it('logs how an upstream call failed', async () => {
    await stack.faults([{ kind: 'status', path: '/v2/users/{id}', status: 429, retryAfter: 0 }]);
    await post(stack.endpoint, '{ user(id: "1042") { id } }');
    // The read is tried three times, because a 429 may be retried.
    const failed = expect.objectContaining({
      route: '/v2/users/{id}',
      status: 429,
      failure: 'rejected',
      errorCode: 'RateLimitExceeded',
    });
    expect(callLines()).toEqual([failed, failed, failed]);
  });

  it('never logs credentials or message texts', async () => {
    const token = await stack.login('mailbox.admin', 'mailbox-admin-password');
    const variables = { userId: '1042', message: SECRET_TEXT };
    await stack
      .client({ 'x-api-key': 'parcel-ops-key' })
      .request(SEND_SMS, variables)
      .catch(() => {});
    await stack.client({ authorization: `Bearer ${token}` }).request(SEND_SMS, variables);
    await stack
      .client()
      .request(`mutation { sendSms(userId: "1042", message: "${SECRET_TEXT}") { __typename } }`);
    await post(stack.endpoint, SEND_SMS, { userId: '1042', message: `${SECRET_TEXT}\t` });
    await post(
      stack.endpoint,
      SEND_SMS,
      { userId: 'x', message: 5 },
      { 'x-api-key': 'bad-key-xyz' },
    );
    await post(stack.endpoint, SEND_SMS, variables, { authorization: 'Bearer forged.token.value' });
    expect(await stack.sms()).toHaveLength(2);

    const text = stack.logs.text();
    expect(operationLines().length).toBeGreaterThanOrEqual(5);
    for (const secret of [
      SECRET_TEXT,
      'Gate code',
      token,
      'parcel-ops-key',
      'sandbox-admin-key',
      'bad-key-xyz',
      'forged.token.value',
      'mailbox-admin-password',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('gateway logs at info', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'info' } });
  });
  afterAll(() => stack.close());

  it('leaves out debug lines', async () => {
    await stack.client().request('query Quiet { user(id: "1042") { id } }');
    expect(stack.logs.lines.map((line) => line.msg)).toEqual(['graphql operation']);
  });
});
