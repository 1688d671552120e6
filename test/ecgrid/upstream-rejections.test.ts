import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectNoLeak, SEND_SMS, upstreamCalls } from '../helpers/operations.js';
import { postText, type Stack, startStack } from '../helpers/stack.js';

const USER = 'query User { user(id: "1042") { id } }';
const UPSTREAM_MESSAGE = 'internal upstream wording 7f3a';

interface ErrorAnswer {
  data: unknown;
  errors: { message: string; extensions: Record<string, unknown> }[];
}

describe('upstream rejections', () => {
  let stack: Stack;
  beforeAll(async () => {
    // One attempt per call, so that a fault that fires once is the answer the client gets.
    stack = await startStack({
      env: { ECGRID_RETRY_ATTEMPTS: '1', ECGRID_BREAKER_THRESHOLD: '1000' },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  /** Runs `query` against one fault rule and returns its single error, checked for leaks. */
  const rejectedWith = async (rule: Record<string, unknown>, query = USER) => {
    const message = rule.kind === 'status' ? { message: UPSTREAM_MESSAGE } : {};
    await stack.faults([{ path: '/v2/users/{id}', ...message, ...rule }]);
    const { text } = await postText(stack.endpoint, query);
    expectNoLeak(text, [UPSTREAM_MESSAGE, stack.sandbox.adminApiKey, stack.sandbox.url]);
    const body = JSON.parse(text) as ErrorAnswer;
    expect(body.errors).toHaveLength(1);
    return body.errors[0];
  };

  it('passes Retry-After seconds on', async () => {
    const error = await rejectedWith({ kind: 'status', status: 429, retryAfter: 30 });
    expect(error).toEqual(
      expect.objectContaining({
        message: 'ECGrid rate-limited users.get. Retry after 30 s.',
        extensions: {
          code: 'UPSTREAM_RATE_LIMITED',
          retryable: true,
          call: 'users.get',
          upstreamStatus: 429,
          upstreamCode: 'RateLimitExceeded',
          retryAfterSeconds: 30,
        },
      }),
    );
  });

  it('reads a Retry-After date', async () => {
    const retryAfter = new Date(Date.now() + 120_000).toUTCString();
    const error = await rejectedWith({ kind: 'status', status: 429, retryAfter });
    const seconds = error?.extensions.retryAfterSeconds as number;
    expect(seconds).toBeGreaterThanOrEqual(110);
    expect(seconds).toBeLessThanOrEqual(121);
  });

  it('rate-limits without Retry-After', async () => {
    const error = await rejectedWith({ kind: 'status', status: 429 });
    expect(error?.message).toBe('ECGrid rate-limited users.get.');
    expect(error?.extensions).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      retryAfterSeconds: null,
    });
  });

  it('reports InternalError as retryable', async () => {
    const error = await rejectedWith({ kind: 'status', status: 500 });
    expect(error).toEqual(
      expect.objectContaining({
        message: 'ECGrid responded to users.get with InternalError (HTTP 500).',
        extensions: {
          code: 'UPSTREAM_ERROR',
          retryable: true,
          call: 'users.get',
          upstreamStatus: 500,
          upstreamCode: 'InternalError',
        },
      }),
    );
  });

  it('reports 503 as unavailable', async () => {
    const error = await rejectedWith({ kind: 'status', status: 503 });
    expect(error?.message).toBe('ECGrid is unavailable: users.get returned HTTP 503.');
    expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
  });

  it('reports InvalidParameter without its text', async () => {
    const error = await rejectedWith({
      kind: 'status',
      status: 400,
      errorCode: 'InvalidParameter',
    });
    expect(error?.message).toBe('ECGrid responded to users.get with InvalidParameter (HTTP 400).');
    expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false });
  });

  it('reports a failed envelope on 200', async () => {
    const body = JSON.stringify({
      success: false,
      data: null,
      errorCode: 'DuplicateObject',
      message: UPSTREAM_MESSAGE,
    });
    const error = await rejectedWith({ kind: 'body', status: 200, body });
    expect(error?.message).toBe('ECGrid responded to users.get with DuplicateObject (HTTP 200).');
    expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstreamStatus: 200 });
  });

  it('maps a 401 to UNAUTHENTICATED', async () => {
    const error = await rejectedWith({ kind: 'status', status: 401, errorCode: 'InvalidAPIKey' });
    expect(error).toEqual(
      expect.objectContaining({
        message:
          'ECGrid rejected the credential for users.get (InvalidAPIKey). Send a valid X-API-Key or Authorization: Bearer header.',
        extensions: {
          code: 'UNAUTHENTICATED',
          retryable: false,
          call: 'users.get',
          upstreamStatus: 401,
          upstreamCode: 'InvalidAPIKey',
        },
      }),
    );
  });

  it('maps a 403 to FORBIDDEN', async () => {
    const error = await rejectedWith({ kind: 'status', status: 403, errorCode: 'AccessDenied' });
    expect(error?.message).toBe(
      "The credential's AuthLevel does not allow users.get (AccessDenied).",
    );
    expect(error?.extensions).toMatchObject({ code: 'FORBIDDEN', retryable: false });
  });

  it('sends no text when rate-limited', async () => {
    await stack.faults([
      { kind: 'status', path: '/v2/users/send-sms', status: 429, retryAfter: 5 },
    ]);
    const { text } = await postText(stack.endpoint, SEND_SMS, {
      userId: '1042',
      message: 'Your ECGrid parcel download is ready.',
    });
    const body = JSON.parse(text) as ErrorAnswer;
    expect(body.data).toBeNull();
    expect(body.errors[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      call: 'users.sendSms',
      retryAfterSeconds: 5,
    });
    expect(await stack.sms()).toEqual([]);
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}', 'POST /v2/users/send-sms']);
  });
});
