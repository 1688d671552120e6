import { createServer } from 'node:net';
import { gql } from 'graphql-request';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANSWER_WITHIN_MS, callsTo, FAST_POLICY, logLines } from '../helpers/resilience.js';
import { GET_USER, readUser } from '../helpers/sms-documents.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

const USER_ROUTE = '/v2/users/{id}';

interface ReadCase {
  name: string;
  rule: Record<string, unknown>;
  login: string | null;
  code: string | null;
  calls: number;
}

const CASES: ReadCase[] = [
  {
    name: 'two 503s then success',
    rule: { kind: 'status', status: 503, times: 2 },
    login: 'parcel.ops',
    code: null,
    calls: 3,
  },
  {
    name: 'constant 500 gives up',
    rule: { kind: 'status', status: 500 },
    login: null,
    code: 'UPSTREAM_ERROR',
    calls: 3,
  },
  {
    name: 'one 502 then success',
    rule: { kind: 'status', status: 502, times: 1 },
    login: 'parcel.ops',
    code: null,
    calls: 2,
  },
  {
    name: 'one 504 then success',
    rule: { kind: 'status', status: 504, times: 1 },
    login: 'parcel.ops',
    code: null,
    calls: 2,
  },
  {
    name: 'status 400 is final',
    rule: { kind: 'status', status: 400 },
    login: null,
    code: 'UPSTREAM_ERROR',
    calls: 1,
  },
  {
    name: 'status 401 is final',
    rule: { kind: 'status', status: 401 },
    login: null,
    code: 'UNAUTHENTICATED',
    calls: 1,
  },
  {
    name: 'status 403 is final',
    rule: { kind: 'status', status: 403 },
    login: null,
    code: 'FORBIDDEN',
    calls: 1,
  },
  {
    name: 'status 404 is final',
    rule: { kind: 'status', status: 404 },
    login: null,
    code: null,
    calls: 1,
  },
  {
    name: 'one reset then success',
    rule: { kind: 'reset', times: 1 },
    login: 'parcel.ops',
    code: null,
    calls: 2,
  },
  {
    name: 'constant hang times out',
    rule: { kind: 'hang' },
    login: null,
    code: 'UPSTREAM_TIMEOUT',
    calls: 3,
  },
  {
    name: 'one hang then success',
    rule: { kind: 'hang', times: 1 },
    login: 'parcel.ops',
    code: null,
    calls: 2,
  },
  {
    name: 'partial body times out',
    rule: { kind: 'partial' },
    login: null,
    code: 'UPSTREAM_TIMEOUT',
    calls: 3,
  },
  {
    name: 'HTML 503 page retried',
    rule: { kind: 'html', status: 503, times: 1 },
    login: 'parcel.ops',
    code: null,
    calls: 2,
  },
  {
    name: 'unreadable body is final',
    rule: { kind: 'body', status: 200, body: '<html>' },
    login: null,
    code: 'UPSTREAM_ERROR',
    calls: 1,
  },
  {
    name: 'processThenReset retried',
    rule: { kind: 'processThenReset', times: 1 },
    login: 'parcel.ops',
    code: null,
    calls: 2,
  },
];

describe('reads under upstream faults', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { ...FAST_POLICY, ECGRID_RETRY_AFTER_MAX_MS: '1500' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  it.each(CASES)('$name', async (fault) => {
    await stack.faults([{ method: 'GET', path: USER_ROUTE, ...fault.rule }]);
    const started = Date.now();
    const answer = await readUser(stack.endpoint, 1042);
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    expect(answer).toEqual({ login: fault.login, code: fault.code });
    expect(await callsTo(stack, USER_ROUTE)).toBe(fault.calls);

    await stack.reset();
    expect(await readUser(stack.endpoint, 1042)).toEqual({ login: 'parcel.ops', code: null });
  });

  it('logs each retry once', async () => {
    await stack.faults([
      { method: 'GET', path: USER_ROUTE, kind: 'status', status: 503, times: 2 },
    ]);
    const before = logLines(stack, 'retrying ECGrid call').length;
    const headers = { 'x-request-id': 'retry-trace-0001' };
    await post(stack.endpoint, GET_USER, { id: 1042 }, headers);
    const retries = logLines(stack, 'retrying ECGrid call').slice(before);
    expect(retries.map((line) => line.attempt)).toEqual([1, 2]);
    expect(retries[0]).toMatchObject({
      operation: 'GetUser',
      call: 'users.get',
      reason: 'HTTP 503 InternalError',
      requestId: 'retry-trace-0001',
    });
  });

  it('honours Retry-After in seconds', async () => {
    await stack.faults([
      { method: 'GET', path: USER_ROUTE, kind: 'status', status: 429, times: 1, retryAfter: 1 },
    ]);
    const before = logLines(stack, 'retrying ECGrid call').length;
    expect(await readUser(stack.endpoint, 1042)).toEqual({ login: 'parcel.ops', code: null });
    const retry = logLines(stack, 'retrying ECGrid call')[before];
    expect(retry?.delayMs).toBe(1_000);
  });

  it('clamps a long Retry-After', async () => {
    await stack.faults([
      { method: 'GET', path: USER_ROUTE, kind: 'status', status: 503, times: 1, retryAfter: 3600 },
    ]);
    const before = logLines(stack, 'retrying ECGrid call').length;
    expect(await readUser(stack.endpoint, 1042)).toEqual({ login: 'parcel.ops', code: null });
    expect(logLines(stack, 'retrying ECGrid call')[before]?.delayMs).toBe(1_500);
  });

  it('ignores an unreadable Retry-After', async () => {
    await stack.faults([
      {
        method: 'GET',
        path: USER_ROUTE,
        kind: 'status',
        status: 429,
        times: 1,
        retryAfter: 'soon',
      },
    ]);
    const before = logLines(stack, 'retrying ECGrid call').length;
    expect(await readUser(stack.endpoint, 1042)).toEqual({ login: 'parcel.ops', code: null });
    const delay = logLines(stack, 'retrying ECGrid call')[before]?.delayMs as number;
    expect(delay).toBeLessThan(40);
  });

  it('retries update-config as idempotent', async () => {
    const path = '/v2/users/update-config';
    await stack.faults([{ method: 'POST', path, kind: 'status', status: 503, times: 1 }]);
    const body = await post(
      stack.endpoint,
      gql`
        mutation Update {
          updateUserSmsSettings(userId: "1043", cellPhone: "+12155550143") {
            __typename
          }
        }
      `,
    );
    expect(body.data?.updateUserSmsSettings).toEqual({ __typename: 'UserSmsSettingsUpdated' });
    expect(await callsTo(stack, path)).toBe(2);
  });
});

describe('the overall deadline', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { ...FAST_POLICY, ECGRID_DEADLINE_MS: '800' } });
  });
  afterAll(() => stack.close());

  it('cuts the last attempt short', async () => {
    await stack.faults([{ method: 'GET', path: USER_ROUTE, kind: 'hang' }]);
    const started = Date.now();
    expect(await readUser(stack.endpoint, 1042)).toEqual({ login: null, code: 'UPSTREAM_TIMEOUT' });
    // Two attempts fit in 800 ms: the first takes its full 500 ms, the second the rest.
    expect(await callsTo(stack, USER_ROUTE)).toBe(2);
    expect(Date.now() - started).toBeLessThan(800 + 1_000);
  });
});

describe('an unreachable ECGrid', () => {
  let stack: Stack;
  beforeAll(async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    stack = await startStack({
      env: { ...FAST_POLICY, ECGRID_BASE_URL: `http://127.0.0.1:${port}` },
    });
  });
  afterAll(() => stack.close());

  it('retries refused connections', async () => {
    expect(await readUser(stack.endpoint, 1042)).toEqual({
      login: null,
      code: 'UPSTREAM_UNAVAILABLE',
    });
    const retries = logLines(stack, 'retrying ECGrid call');
    expect(retries.map((line) => line.reason)).toEqual(['unreachable', 'unreachable']);
  });
});
