import { afterEach, describe, expect, it } from 'vitest';
import { post, type Stack, startStack } from '../helpers/stack.js';
import { codes, LOGIN, login, PARCEL_OPS } from './auth-helpers.js';

const LIMITS = {
  LOGIN_MAX_FAILURES_PER_LOGIN: '2',
  LOGIN_MAX_FAILURES_PER_ADDRESS: '4',
  LOGIN_THROTTLE_WINDOW_SECONDS: '900',
};
const WRONG = { login: 'parcel.ops', password: 'wrong' };

let stack: Stack;
afterEach(() => stack.close());

async function loginCalls(): Promise<number> {
  return (await stack.requests()).filter((request) => request.path === '/v2/auth/login').length;
}

async function typenames(
  attempts: { login: string; password: string }[],
  headers: Record<string, string>[] = [],
): Promise<string[]> {
  const names: string[] = [];
  for (const [index, attempt] of attempts.entries()) {
    names.push((await login(stack.endpoint, attempt, headers[index])).__typename);
  }
  return names;
}

describe('login throttle', () => {
  it('throttles a login name', async () => {
    stack = await startStack({ env: LIMITS });
    expect(await typenames([WRONG, WRONG])).toEqual([
      'InvalidCredentialsError',
      'InvalidCredentialsError',
    ]);
    const throttled = await login(stack.endpoint, PARCEL_OPS);
    expect(throttled.__typename).toBe('LoginThrottledError');
    expect(throttled.retryAfterSeconds).toBeGreaterThan(890);
    expect(throttled.retryAfterSeconds).toBeLessThanOrEqual(900);
    expect(throttled.message).toBe(
      `Too many failed logins. Try again in ${throttled.retryAfterSeconds} seconds.`,
    );
    expect(await loginCalls()).toBe(2);
  });

  it('counts case variants together', async () => {
    stack = await startStack({ env: LIMITS });
    const upper = { login: 'PARCEL.OPS', password: 'wrong' };
    expect(await typenames([upper, WRONG, PARCEL_OPS])).toEqual([
      'InvalidCredentialsError',
      'InvalidCredentialsError',
      'LoginThrottledError',
    ]);
  });

  it('forgets failures after a success', async () => {
    stack = await startStack({ env: LIMITS });
    expect(await typenames([WRONG, PARCEL_OPS, WRONG, WRONG, PARCEL_OPS])).toEqual([
      'InvalidCredentialsError',
      'Session',
      'InvalidCredentialsError',
      'InvalidCredentialsError',
      'LoginThrottledError',
    ]);
  });

  it('throttles an address across logins', async () => {
    stack = await startStack({ env: LIMITS });
    const names = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ login: name, password: 'wrong' }));
    expect(await typenames(names)).toEqual([
      'InvalidCredentialsError',
      'InvalidCredentialsError',
      'InvalidCredentialsError',
      'InvalidCredentialsError',
      'LoginThrottledError',
    ]);
    expect(await loginCalls()).toBe(4);
  });

  it('admits no concurrent guesses past limit', async () => {
    stack = await startStack({ env: LIMITS });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => login(stack.endpoint, WRONG)),
    );
    const counts = new Map<string, number>();
    for (const result of results) {
      counts.set(result.__typename, (counts.get(result.__typename) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({
      InvalidCredentialsError: 2,
      LoginThrottledError: 4,
    });
    expect(await loginCalls()).toBe(2);
  });

  it('does not count upstream outages', async () => {
    stack = await startStack({ env: LIMITS });
    await stack.faults([{ kind: 'status', path: '/v2/auth/login', status: 503, times: 3 }]);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const body = await post(stack.endpoint, LOGIN, WRONG);
      expect(codes(body.errors)).toEqual(['UPSTREAM_UNAVAILABLE']);
    }
    expect((await login(stack.endpoint, PARCEL_OPS)).__typename).toBe('Session');
  });

  it('ignores X-Forwarded-For by default', async () => {
    stack = await startStack({ env: LIMITS });
    const names = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ login: name, password: 'wrong' }));
    const forwarded = names.map((_, index) => ({ 'x-forwarded-for': `203.0.113.${index + 1}` }));
    expect((await typenames(names, forwarded)).at(-1)).toBe('LoginThrottledError');
  });

  it('reads the client behind trusted proxies', async () => {
    stack = await startStack({ env: { ...LIMITS, TRUSTED_PROXIES: 'loopback' } });
    const names = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ login: name, password: 'wrong' }));
    const sameClient = names.map(() => ({ 'x-forwarded-for': '203.0.113.7' }));
    expect((await typenames(names, sameClient)).at(-1)).toBe('LoginThrottledError');
    const otherClient = { 'x-forwarded-for': '203.0.113.8' };
    const result = await login(stack.endpoint, { login: 'f', password: 'wrong' }, otherClient);
    expect(result.__typename).toBe('InvalidCredentialsError');
  });
});
