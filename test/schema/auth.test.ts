import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { post, type Stack, startStack } from '../helpers/stack.js';
import { codes, LOGOUT, login, ME, PARCEL_OPS, REFRESH } from './auth-helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.reset());

function bearer(token: string | undefined): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

async function upstreamCalls(path: string): Promise<number> {
  return (await stack.requests()).filter((request) => request.path === path).length;
}

describe('login', () => {
  it('returns a Bearer session', async () => {
    const before = Date.now();
    const result = await login(stack.endpoint, PARCEL_OPS);
    expect(result.__typename).toBe('Session');
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.user).toEqual({ id: '1042', login: 'parcel.ops' });
    const lifetimeMs = Date.parse(result.expiresAt ?? '') - before;
    expect(lifetimeMs).toBeGreaterThan(3_590_000);
    expect(lifetimeMs).toBeLessThanOrEqual(3_601_000);
    expect(result.expiresInSeconds).toBeGreaterThan(3_590);
    expect(result.expiresInSeconds).toBeLessThanOrEqual(3_600);
  });

  it('reads the user with the token', async () => {
    await login(stack.endpoint, PARCEL_OPS);
    const calls = await stack.requests();
    expect(calls.map((call) => [call.method, call.path, call.callerUserId])).toEqual([
      ['POST', '/v2/auth/login', null],
      ['GET', '/v2/users/me', 1042],
    ]);
  });

  it('issues a token that works', async () => {
    const { token } = await login(stack.endpoint, PARCEL_OPS);
    const body = await post(stack.endpoint, ME, {}, bearer(token));
    expect(body).toEqual({ data: { me: { id: '1042', login: 'parcel.ops' } } });
  });

  it('rejects a wrong password', async () => {
    const result = await login(stack.endpoint, { login: 'parcel.ops', password: 'guess' });
    expect(result).toEqual({
      __typename: 'InvalidCredentialsError',
      message: 'The login or password is incorrect.',
    });
    expect(await upstreamCalls('/v2/users/me')).toBe(0);
  });

  it('rejects an unknown login alike', async () => {
    const result = await login(stack.endpoint, { login: 'nobody', password: 'guess' });
    expect(result).toEqual({
      __typename: 'InvalidCredentialsError',
      message: 'The login or password is incorrect.',
    });
  });

  it('validates before calling ECGrid', async () => {
    const result = await login(stack.endpoint, { login: ' ', password: '' });
    expect(result.__typename).toBe('EcgridValidationError');
    expect(result.issues).toEqual([
      { path: ['login'], message: 'must not be empty or only white space' },
      { path: ['password'], message: 'must not be empty' },
    ]);
    expect(await upstreamCalls('/v2/auth/login')).toBe(0);
  });

  it('reports an upstream outage as an error', async () => {
    await stack.faults([{ kind: 'status', path: '/v2/auth/login', status: 503, times: 1 }]);
    const body = await post(
      stack.endpoint,
      'mutation { login(login: "a", password: "b") { __typename } }',
    );
    expect(body.data).toBeNull();
    expect(codes(body.errors)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });
});

describe('refreshSession', () => {
  it('replaces the token', async () => {
    const first = await login(stack.endpoint, PARCEL_OPS);
    const body = await post(stack.endpoint, REFRESH, { token: first.token });
    const refreshed = (body.data as { refreshSession: { __typename: string; token: string } })
      .refreshSession;
    expect(refreshed.__typename).toBe('Session');
    expect(refreshed.token).not.toBe(first.token);
    expect(refreshed).toMatchObject({ user: { id: '1042' } });
    const withNew = await post(stack.endpoint, ME, {}, bearer(refreshed.token));
    expect(withNew.data).toEqual({ me: { id: '1042', login: 'parcel.ops' } });
    const withOld = await post(stack.endpoint, ME, {}, bearer(first.token));
    expect(codes(withOld.errors)).toEqual(['UNAUTHENTICATED']);
  });

  it('rejects a dead token', async () => {
    const body = await post(stack.endpoint, REFRESH, { token: 'not-a-live-token' });
    expect(body.data).toEqual({
      refreshSession: {
        __typename: 'InvalidSessionError',
        message: 'The session token is invalid, expired or logged out. Sign in again with login.',
      },
    });
  });

  it('validates the token shape', async () => {
    const body = await post(stack.endpoint, REFRESH, { token: 'has spaces' });
    expect(body.data).toEqual({
      refreshSession: {
        __typename: 'EcgridValidationError',
        message: 'Invalid argument token: must be a token that login or refreshSession returned',
      },
    });
    expect(await upstreamCalls('/v2/auth/refresh')).toBe(0);
  });
});

describe('logout', () => {
  it('ends the bearer session', async () => {
    const { token } = await login(stack.endpoint, PARCEL_OPS);
    const first = await post(stack.endpoint, LOGOUT, {}, bearer(token));
    expect(first.data).toEqual({ logout: { __typename: 'SignedOut', sessionWasActive: true } });
    const after = await post(stack.endpoint, ME, {}, bearer(token));
    expect(codes(after.errors)).toEqual(['UNAUTHENTICATED']);
    const again = await post(stack.endpoint, LOGOUT, {}, bearer(token));
    expect(again.data).toEqual({ logout: { __typename: 'SignedOut', sessionWasActive: false } });
  });

  it('needs a bearer token', async () => {
    const body = await post(stack.endpoint, LOGOUT, {}, { 'x-api-key': 'parcel-ops-key' });
    expect(body.data).toEqual({
      logout: {
        __typename: 'NotSignedInError',
        message: 'No session to end: send the session token as an Authorization: Bearer header.',
      },
    });
    expect(await upstreamCalls('/v2/auth/logout')).toBe(0);
  });
});
