import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, type Stack, startStack } from '../helpers/stack.js';
import { LOGOUT, login, PARCEL_OPS, REFRESH } from './auth-helpers.js';

const WRONG_PASSWORD = 'wrong-password-5d1c';

describe('sign-in logging', () => {
  let stack: Stack;
  const secrets: string[] = [PARCEL_OPS.password, WRONG_PASSWORD];

  beforeAll(async () => {
    stack = await startStack({
      env: { LOGIN_MAX_FAILURES_PER_LOGIN: '1', LOGIN_MAX_FAILURES_PER_ADDRESS: '100' },
    });
    const session = await login(stack.endpoint, PARCEL_OPS);
    const refreshed = await post(stack.endpoint, REFRESH, { token: session.token });
    const token = (refreshed.data as { refreshSession: { token: string } }).refreshSession.token;
    secrets.push(session.token as string, token);
    await post(stack.endpoint, LOGOUT, {}, { authorization: `Bearer ${token}` });
    // The password as a literal in the query text, not in variables.
    await post(
      stack.endpoint,
      `mutation { login(login: "night.shift", password: "${WRONG_PASSWORD}") { __typename } }`,
    );
    await login(stack.endpoint, { login: 'night.shift', password: WRONG_PASSWORD });
    // A type error makes GraphQL quote the value in its error message.
    await post(
      stack.endpoint,
      'mutation ($p: String!) { login(login: "x", password: $p) { __typename } }',
      {
        p: { secret: WRONG_PASSWORD },
      },
    );
  });
  afterAll(() => stack.close());

  it('writes no password or token', () => {
    const text = stack.logs.text();
    expect(stack.logs.lines.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('records failures without the login', () => {
    const failed = stack.logs.lines.filter((line) => line.msg === 'login failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 30, clientAddress: '127.0.0.1' });
    expect(JSON.stringify(failed[0])).not.toContain('night.shift');
    const throttled = stack.logs.lines.filter((line) => line.msg === 'login throttled');
    expect(throttled).toHaveLength(1);
    expect(throttled[0]).toMatchObject({ level: 40, clientAddress: '127.0.0.1' });
  });
});
