import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { callsTo, FAST_POLICY, logLines } from '../helpers/resilience.js';
import { GET_USER, readUser, sendSms } from '../helpers/sms-documents.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

const USER_ROUTE = '/v2/users/{id}';
const VERSION_ROUTE = '/v2/auth/version';
const BREAKER = {
  ...FAST_POLICY,
  ECGRID_BREAKER_THRESHOLD: '3',
  ECGRID_BREAKER_COOLDOWN_MS: '1000',
  ECGRID_RETRY_ATTEMPTS: '1',
  READY_CACHE_MS: '0',
};

async function ready(stack: Stack): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${stack.gateway.url}/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function openBreaker(stack: Stack): Promise<void> {
  await stack.faults([{ method: 'GET', path: USER_ROUTE, kind: 'status', status: 500 }]);
  for (let failure = 0; failure < 3; failure++) {
    expect(await readUser(stack.endpoint, 1042)).toEqual({ login: null, code: 'UPSTREAM_ERROR' });
  }
}

describe('the circuit breaker', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('fails fast once open', async () => {
    stack = await startStack({ env: BREAKER });
    await openBreaker(stack);
    const body = await post(stack.endpoint, GET_USER, { id: 1042 });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      retryable: true,
      retryAfterSeconds: 1,
    });
    expect(await callsTo(stack, USER_ROUTE)).toBe(3);
    const opened = logLines(
      stack,
      'ECGrid circuit breaker opened; calls fail fast until the cool-down ends',
    );
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      operation: 'GetUser',
      call: 'users.get',
      reason: 'HTTP 500 InternalError',
    });
    expect(logLines(stack, 'ECGrid call dropped').at(-1)).toMatchObject({ reason: 'breakerOpen' });
    const metrics = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/^ecgrid_breaker_state 2$/m);
  });

  it('sends no text while open', async () => {
    stack = await startStack({ env: BREAKER });
    await openBreaker(stack);
    await stack.reset();
    const answer = await sendSms(stack.endpoint, { userId: 1042, message: 'Parcel ready' });
    expect(answer.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(await stack.sms()).toHaveLength(0);
    expect(await stack.requests()).toHaveLength(0);
  });

  it('closes after a good trial', async () => {
    stack = await startStack({ env: BREAKER });
    await openBreaker(stack);
    await stack.reset();
    expect((await ready(stack)).body.breaker).toBe('open');
    await sleep(1_100);
    expect(await readUser(stack.endpoint, 1042)).toEqual({ login: 'parcel.ops', code: null });
    expect(logLines(stack, 'ECGrid circuit breaker closed')).toHaveLength(1);
    expect((await ready(stack)).body.breaker).toBe('closed');
  });

  it('reopens after a failed trial', async () => {
    stack = await startStack({ env: BREAKER });
    await openBreaker(stack);
    await sleep(1_100);
    expect(await readUser(stack.endpoint, 1042)).toEqual({ login: null, code: 'UPSTREAM_ERROR' });
    expect(await readUser(stack.endpoint, 1042)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(await callsTo(stack, USER_ROUTE)).toBe(4);
    const opened = logLines(
      stack,
      'ECGrid circuit breaker opened; calls fail fast until the cool-down ends',
    );
    expect(opened).toHaveLength(2);
  });

  it('ignores client errors', async () => {
    stack = await startStack({ env: BREAKER });
    await stack.faults([{ method: 'GET', path: USER_ROUTE, kind: 'status', status: 404 }]);
    for (let call = 0; call < 5; call++) await readUser(stack.endpoint, 1042);
    expect(await callsTo(stack, USER_ROUTE)).toBe(5);
    expect((await ready(stack)).body.breaker).toBe('closed');
  });
});

describe('the /ready endpoint', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('reports a healthy ECGrid', async () => {
    stack = await startStack({ env: BREAKER });
    expect(await ready(stack)).toEqual({
      status: 200,
      body: {
        ready: true,
        ecgrid: { reachable: true, version: '2.6', failure: null },
        breaker: 'closed',
        idempotencyStore: { kind: 'memory', reachable: true },
      },
    });
  });

  it('reports a failing ECGrid', async () => {
    stack = await startStack({ env: BREAKER });
    await stack.faults([{ method: 'GET', path: VERSION_ROUTE, kind: 'status', status: 503 }]);
    const { status, body } = await ready(stack);
    expect(status).toBe(503);
    expect(body.ecgrid).toEqual({
      reachable: false,
      version: null,
      failure: 'HTTP 503 InternalError',
    });
    expect(await callsTo(stack, VERSION_ROUTE)).toBe(1);
  });

  it('reports not ready while open', async () => {
    stack = await startStack({ env: BREAKER });
    await openBreaker(stack);
    const { status, body } = await ready(stack);
    expect(status).toBe(503);
    expect(body).toMatchObject({ ready: false, breaker: 'open', ecgrid: { reachable: true } });
  });

  it('caches the ECGrid check', async () => {
    stack = await startStack({ env: { ...BREAKER, READY_CACHE_MS: '60000' } });
    expect((await ready(stack)).status).toBe(200);
    await stack.faults([{ method: 'GET', path: VERSION_ROUTE, kind: 'status', status: 503 }]);
    expect((await ready(stack)).status).toBe(200);
    expect(await callsTo(stack, VERSION_ROUTE)).toBe(1);
  });

  it('keeps /health free of ECGrid', async () => {
    stack = await startStack({ env: BREAKER });
    const response = await fetch(`${stack.gateway.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(await stack.requests()).toHaveLength(0);
  });
});
