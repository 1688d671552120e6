import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectNoLeak, upstreamCalls } from '../helpers/operations.js';
import { postText, type Stack, startStack } from '../helpers/stack.js';

const ME = 'query Me { me { id login } }';

interface Answer {
  data: unknown;
  errors?: { message: string; extensions: Record<string, unknown> }[];
}

async function ask(stack: Stack, headers: Record<string, string>, query = ME): Promise<Answer> {
  const { text } = await postText(stack.endpoint, query, undefined, headers);
  // Short values such as "Bearer" occur in the gateway's own messages, so only longer ones count.
  const sent = Object.values(headers).filter((value) => value.trim().length >= 8);
  expectNoLeak(text, [stack.sandbox.adminApiKey, ...sent]);
  return JSON.parse(text) as Answer;
}

describe('credential forwarding', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  /** The callers ECGrid saw for the gateway's calls, leaving out the tests' own logins. */
  const callers = async () =>
    (await stack.requests())
      .filter((request) => request.route !== '/v2/auth/login')
      .map((request) => request.callerUserId);

  it('forwards the caller X-API-Key', async () => {
    const body = await ask(stack, { 'x-api-key': 'parcel-ops-key' });
    expect(body).toEqual({ data: { me: { id: '1042', login: 'parcel.ops' } } });
    expect(await callers()).toEqual([1042]);
  });

  it('forwards the caller Bearer token', async () => {
    const token = await stack.login('mailbox.admin', 'mailbox-admin-password');
    const body = await ask(stack, { authorization: `Bearer ${token}` });
    expect(body).toEqual({ data: { me: { id: '1050', login: 'mailbox.admin' } } });
    expect(await callers()).toEqual([1050]);
  });

  it('forwards a lowercase bearer scheme', async () => {
    const token = await stack.login('parcel.ops', 'parcel-ops-password');
    const body = await ask(stack, { authorization: `bearer ${token}` });
    expect(body).toEqual({ data: { me: { id: '1042', login: 'parcel.ops' } } });
  });

  it('uses the server key without a header', async () => {
    const body = await ask(stack, {});
    expect(body).toEqual({ data: { me: { id: '1', login: 'sandbox.admin' } } });
    expect(await callers()).toEqual([1]);
  });

  it('rejects an unknown key', async () => {
    const body = await ask(stack, { 'x-api-key': 'not-a-real-key' });
    expect(body.errors?.[0]?.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      retryable: false,
      call: 'users.me',
      upstreamStatus: 401,
      upstreamCode: 'InvalidAPIKey',
    });
    expect(await callers()).toEqual([null]);
  });

  it('rejects an unknown token', async () => {
    const body = await ask(stack, { authorization: 'Bearer not.a.token' });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      upstreamStatus: 401,
      upstreamCode: 'InvalidSession',
    });
  });

  it('rejects a logged-out token', async () => {
    const token = await stack.login('parcel.ops', 'parcel-ops-password');
    await fetch(`${stack.sandbox.url}/v2/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await ask(stack, { authorization: `Bearer ${token}` });
    expect(body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  const malformed: [string, Record<string, string>, string][] = [
    [
      'an empty X-API-Key',
      { 'x-api-key': '' },
      'The X-API-Key header is empty or not a valid API key.',
    ],
    [
      'a blank X-API-Key',
      { 'x-api-key': '   ' },
      'The X-API-Key header is empty or not a valid API key.',
    ],
    [
      'a key with spaces',
      { 'x-api-key': 'two words' },
      'The X-API-Key header is empty or not a valid API key.',
    ],
    [
      'an empty Authorization',
      { authorization: '' },
      'The Authorization header must be "Bearer <token>".',
    ],
    [
      'a Basic Authorization',
      { authorization: 'Basic dXNlcjpwYXNz' },
      'The Authorization header must be "Bearer <token>".',
    ],
    [
      'a Bearer without token',
      { authorization: 'Bearer' },
      'The Authorization header must be "Bearer <token>".',
    ],
    [
      'both headers',
      { 'x-api-key': 'parcel-ops-key', authorization: 'Bearer abc' },
      'Send one credential, X-API-Key or Authorization, not both.',
    ],
  ];
  for (const [name, headers, message] of malformed) {
    it(`rejects ${name} without calling`, async () => {
      const body = await ask(stack, headers);
      expect(body).toEqual({
        data: null,
        errors: [
          expect.objectContaining({
            message,
            extensions: { code: 'UNAUTHENTICATED', retryable: false },
          }),
        ],
      });
      expect(await upstreamCalls(stack)).toEqual([]);
    });
  }

  it('forwards a valid X-Request-Id', async () => {
    await ask(stack, { 'x-request-id': 'trace-42.a:b' });
    await ask(stack, { 'x-request-id': 'x'.repeat(129) });
    await ask(stack, { 'x-request-id': 'two words' });
    const ids = (await stack.requests()).map((request) => request.requestId);
    // A malformed id is replaced by a generated UUID, never forwarded as sent.
    const generated = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe('trace-42.a:b');
    expect(ids[1]).toMatch(generated);
    expect(ids[2]).toMatch(generated);
  });

  it('rejects a bad header in mutations', async () => {
    const send = 'mutation { sendSms(userId: "1042", message: "Hello") { __typename } }';
    const body = await ask(stack, { 'x-api-key': '' }, send);
    expect(body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(await stack.sms()).toEqual([]);
    expect(await upstreamCalls(stack)).toEqual([]);
  });
});

describe('gateway without a server key', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ serverApiKey: null });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  it('rejects a request without credential', async () => {
    const body = await ask(stack, {});
    expect(body.errors).toEqual([
      expect.objectContaining({
        message:
          'No ECGrid credential: send an X-API-Key or Authorization: Bearer header, or set ECGRID_API_KEY on the server.',
        extensions: { code: 'UNAUTHENTICATED', retryable: false },
      }),
    ]);
    expect(await upstreamCalls(stack)).toEqual([]);
  });

  it('still forwards a caller key', async () => {
    const body = await ask(stack, { 'x-api-key': 'parcel-ops-key' });
    expect(body).toEqual({ data: { me: { id: '1042', login: 'parcel.ops' } } });
  });
});
