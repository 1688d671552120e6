import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  expectNoLeak,
  type MutationResult,
  SEND_SMS,
  upstreamCalls,
} from '../helpers/operations.js';
import { closedPortUrl, postText, type Stack, startStack } from '../helpers/stack.js';

const USER = 'query User { user(id: "1042") { id login } }';
const EXAMPLE = { userId: '1042', message: 'Your ECGrid parcel download is ready.' };

interface ErrorAnswer {
  data: unknown;
  errors: { message: string; path?: string[]; extensions: Record<string, unknown> }[];
}

/** Sends an operation and checks that the whole response text leaks nothing. */
async function failing(
  stack: Stack,
  query: string,
  variables?: Record<string, unknown>,
  secrets: string[] = [],
): Promise<ErrorAnswer> {
  const { status, text } = await postText(stack.endpoint, query, variables);
  expect(status).toBe(200);
  expectNoLeak(text, [stack.sandbox.url, stack.sandbox.adminApiKey, ...secrets]);
  const body = JSON.parse(text) as ErrorAnswer;
  expect(body.errors).toHaveLength(1);
  return body;
}

/** Sends the example sendSms, checks the response for leaks and returns its result. */
async function unknownOutcome(stack: Stack, secrets: string[] = []): Promise<MutationResult> {
  const { status, text } = await postText(stack.endpoint, SEND_SMS, EXAMPLE);
  expect(status).toBe(200);
  expectNoLeak(text, [stack.sandbox.url, stack.sandbox.adminApiKey, ...secrets]);
  const body = JSON.parse(text) as { data: { sendSms: MutationResult }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data.sendSms;
}

describe('upstream failures', () => {
  let stack: Stack;
  beforeAll(async () => {
    // One attempt per call, so that each test checks how a single failure reaches the client;
    // test/resilience covers the retries.
    stack = await startStack({
      env: {
        ECGRID_TIMEOUT_MS: '400',
        ECGRID_RETRY_ATTEMPTS: '1',
        ECGRID_BREAKER_THRESHOLD: '1000',
      },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  it('times out a slow answer', async () => {
    await stack.faults([{ kind: 'latency', path: '/v2/users/{id}', ms: 1500, times: 1 }]);
    const body = await failing(stack, USER);
    expect(body.data).toEqual({ user: null });
    expect(body.errors[0]).toMatchObject({
      message: 'ECGrid did not respond to users.get within 400 ms.',
      path: ['user'],
      extensions: {
        code: 'UPSTREAM_TIMEOUT',
        retryable: true,
        call: 'users.get',
        upstreamStatus: null,
        upstreamCode: null,
      },
    });
    // The sandbox logs the call when its delay ends; wait so that it cannot reach the next test.
    await expect
      .poll(() => upstreamCalls(stack), { timeout: 5000 })
      .toEqual(['GET /v2/users/{id}']);
  });

  it('times out a stalled body', async () => {
    // The headers and the start of the body arrive at once; the rest never does.
    await stack.faults([{ kind: 'partial', path: '/v2/users/{id}', times: 1 }]);
    const started = performance.now();
    const body = await failing(stack, USER, undefined, ['parcel.ops', '"par']);
    expect(body.errors[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      retryable: true,
      upstreamStatus: 200,
    });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('times out a hung connection', async () => {
    await stack.faults([{ kind: 'hang', path: '/v2/users/{id}', times: 1 }]);
    const body = await failing(stack, USER);
    expect(body.errors[0]?.extensions.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('reports a sendSms timeout as unknown', async () => {
    await stack.faults([{ kind: 'latency', path: '/v2/users/send-sms', ms: 1500, times: 1 }]);
    expect(await unknownOutcome(stack)).toEqual({
      __typename: 'SmsOutcomeUnknownError',
      message:
        'The text to user 1042 may have been sent: ECGrid did not respond in time after the request was sent. Ask the recipient whether it arrived before sending again, and send again only with a new idempotencyKey.',
      userId: '1042',
      unknownReason: 'TIMEOUT',
      idempotencyKey: null,
    });
    // The sandbox finishes the slow call after the gateway gave up, and the text goes out.
    await expect.poll(() => stack.sms(), { timeout: 5000 }).toHaveLength(1);
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}', 'POST /v2/users/send-sms']);
  });

  it('reports a reset connection', async () => {
    await stack.faults([{ kind: 'reset', path: '/v2/users/{id}', times: 1 }]);
    const body = await failing(stack, USER);
    expect(body.errors[0]).toMatchObject({
      message: 'The connection to ECGrid broke during users.get.',
      extensions: { code: 'UPSTREAM_UNAVAILABLE', retryable: true, upstreamStatus: null },
    });
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}']);
  });

  it('never repeats a reset sendSms', async () => {
    await stack.faults([{ kind: 'processThenReset', path: '/v2/users/send-sms', times: 1 }]);
    expect(await unknownOutcome(stack)).toMatchObject({ unknownReason: 'CONNECTION_LOST' });
    expect(await stack.sms()).toHaveLength(1);
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}', 'POST /v2/users/send-sms']);
  });

  it('reports an HTML 502 page', async () => {
    await stack.faults([{ kind: 'html', path: '/v2/users/{id}', status: 502 }]);
    const body = await failing(stack, USER, undefined, ['Bad Gateway', 'DOCTYPE']);
    expect(body.errors[0]).toMatchObject({
      message: 'ECGrid is unavailable: users.get returned HTTP 502.',
      extensions: { code: 'UPSTREAM_UNAVAILABLE', retryable: true, upstreamStatus: 502 },
    });
  });

  const malformedBodies: [string, string, string][] = [
    ['an empty 200 body', '', 'ECGrid responded to users.get with a body that is not an envelope.'],
    [
      'JSON that is no envelope',
      '{"secretUpstreamField":"internal detail"}',
      'ECGrid responded to users.get with a body that is not an envelope.',
    ],
    [
      'a truncated envelope',
      '{"success":true,"data":{"userId":10',
      'ECGrid responded to users.get with a body that is not an envelope.',
    ],
    [
      'a user without userId',
      '{"success":true,"data":{"login":"internal detail"}}',
      'ECGrid responded to users.get with a user without a valid userId.',
    ],
    [
      'a user as an array',
      '{"success":true,"data":[{"userId":1042}]}',
      'ECGrid responded to users.get with a user without a valid userId.',
    ],
  ];
  for (const [name, faultBody, message] of malformedBodies) {
    it(`reports ${name}`, async () => {
      await stack.faults([{ kind: 'body', path: '/v2/users/{id}', status: 200, body: faultBody }]);
      const body = await failing(stack, USER, undefined, ['internal detail', 'secretUpstream']);
      expect(body.errors[0]).toMatchObject({
        message,
        extensions: {
          code: 'UPSTREAM_ERROR',
          retryable: false,
          call: 'users.get',
          upstreamStatus: 200,
          upstreamCode: null,
        },
      });
    });
  }

  it('reports a list that is no list', async () => {
    const listBody = '{"success":true,"data":{"totalRecords":3}}';
    await stack.faults([{ kind: 'body', path: '/v2/users/list', status: 200, body: listBody }]);
    const body = await failing(stack, '{ users { nodes { id } } }');
    expect(body.errors[0]).toMatchObject({
      message: 'ECGrid responded to users.list with data that is not a list of users.',
      extensions: { code: 'UPSTREAM_ERROR', call: 'users.list' },
    });
  });

  it('reports a sendSms answer not boolean', async () => {
    const smsBody = '{"success":true,"data":"queued"}';
    await stack.faults([{ kind: 'body', path: '/v2/users/send-sms', status: 200, body: smsBody }]);
    // ECGrid may have sent the text before it wrote that body, so the outcome is unknown.
    expect(await unknownOutcome(stack, ['queued'])).toMatchObject({
      __typename: 'SmsOutcomeUnknownError',
      unknownReason: 'UPSTREAM_ERROR',
    });
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}', 'POST /v2/users/send-sms']);
  });
});

describe('unreachable upstream', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { ECGRID_BASE_URL: await closedPortUrl() } });
  });
  afterAll(() => stack.close());

  it('reports a refused connection', async () => {
    const { text } = await postText(stack.endpoint, USER);
    expectNoLeak(text, [stack.config.ecgridBaseUrl ?? 'unset', stack.sandbox.adminApiKey]);
    const body = JSON.parse(text) as ErrorAnswer;
    expect(body.errors[0]).toMatchObject({
      message: 'Could not connect to ECGrid for users.get.',
      extensions: {
        code: 'UPSTREAM_UNAVAILABLE',
        retryable: true,
        call: 'users.get',
        upstreamStatus: null,
        upstreamCode: null,
      },
    });
  });
});
