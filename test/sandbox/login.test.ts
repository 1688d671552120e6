import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { call, errorOf, PARCEL_OPS_KEY, startTestSandbox } from './helpers.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

async function login(body: unknown) {
  return call(sandbox, 'POST', '/v2/auth/login', { body });
}

async function loginParcelOps(): Promise<string> {
  const result = await login({ login: 'parcel.ops', password: 'parcel-ops-password' });
  expect(result.status).toBe(200);
  return result.json.data.token;
}

const INVALID_TOKEN = errorOf('InvalidSession', 'Bearer token is invalid, expired or logged out');

describe('POST /v2/auth/login', () => {
  it('issues a token for the user', async () => {
    const before = Date.now();
    const result = await login({ login: 'parcel.ops', password: 'parcel-ops-password' });
    expect(result.status).toBe(200);
    expect(result.json.success).toBe(true);
    const { token, expiresAt, userId } = result.json.data;
    expect(userId).toBe(1042);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const lifetime = Date.parse(expiresAt) - before;
    expect(lifetime).toBeGreaterThan(3_595_000);
    expect(lifetime).toBeLessThanOrEqual(3_601_000);
    const me = await call(sandbox, 'GET', '/v2/users/me', { token });
    expect(me.status).toBe(200);
    expect(me.json.data.userId).toBe(1042);
  });

  it('accepts email in place of login', async () => {
    const result = await login({
      email: 'edi.admin@northwind-parcel.test',
      password: 'mailbox-admin-password',
    });
    expect(result.status).toBe(200);
    expect(result.json.data.userId).toBe(1050);
  });

  it('issues distinct tokens per login', async () => {
    const first = await loginParcelOps();
    const second = await loginParcelOps();
    expect(first).not.toBe(second);
  });

  it('rejects a wrong password', async () => {
    const result = await login({ login: 'parcel.ops', password: 'guess' });
    expect(result.status).toBe(401);
    expect(result.json).toEqual(errorOf('InvalidSession', 'login or password is incorrect'));
  });

  it('rejects an unknown login alike', async () => {
    const result = await login({ login: 'nobody', password: 'parcel-ops-password' });
    expect(result.status).toBe(401);
    expect(result.json).toEqual(errorOf('InvalidSession', 'login or password is incorrect'));
  });

  it('rejects users without a password', async () => {
    const result = await login({ login: 'receiving.desk', password: 'anything' });
    expect(result.status).toBe(401);
  });

  it('requires login and password', async () => {
    const missingLogin = await login({ password: 'x' });
    expect(missingLogin.status).toBe(400);
    expect(missingLogin.json).toEqual(
      errorOf('InvalidParameter', 'login is missing; send login (or email) and password'),
    );
    const missingPassword = await login({ login: 'parcel.ops' });
    expect(missingPassword.status).toBe(400);
    expect(missingPassword.json).toEqual(
      errorOf('InvalidParameter', 'password is missing; it must be a string'),
    );
  });

  it('keeps credentials out of the log', async () => {
    await loginParcelOps();
    const log = await call(sandbox, 'GET', '/_sandbox/requests');
    expect(log.json.requests).toHaveLength(1);
    expect(log.json.requests[0]).toMatchObject({ route: '/v2/auth/login', status: 200 });
    expect(log.text).not.toContain('parcel-ops-password');
  });
});

describe('POST /v2/auth/refresh', () => {
  it('replaces the token', async () => {
    const old = await loginParcelOps();
    const result = await call(sandbox, 'POST', '/v2/auth/refresh', { body: { token: old } });
    expect(result.status).toBe(200);
    expect(result.json.data.userId).toBe(1042);
    const fresh = result.json.data.token;
    expect(fresh).not.toBe(old);
    expect((await call(sandbox, 'GET', '/v2/users/me', { token: fresh })).status).toBe(200);
    const stale = await call(sandbox, 'GET', '/v2/users/me', { token: old });
    expect(stale.status).toBe(401);
    expect(stale.json).toEqual(INVALID_TOKEN);
  });

  it('rejects an unknown token', async () => {
    const result = await call(sandbox, 'POST', '/v2/auth/refresh', { body: { token: 'forged' } });
    expect(result.status).toBe(401);
    expect(result.json).toEqual(
      errorOf('InvalidSession', 'token is invalid, expired or logged out'),
    );
  });

  it('requires the token', async () => {
    const result = await call(sandbox, 'POST', '/v2/auth/refresh', { body: {} });
    expect(result.status).toBe(400);
    expect(result.json.errorCode).toBe('InvalidParameter');
  });
});

describe('POST /v2/auth/logout', () => {
  it('invalidates the bearer token', async () => {
    const token = await loginParcelOps();
    const result = await call(sandbox, 'POST', '/v2/auth/logout', { token });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ success: true, data: true, errorCode: null, message: null });
    const after = await call(sandbox, 'GET', '/v2/users/me', { token });
    expect(after.status).toBe(401);
    expect(after.json).toEqual(INVALID_TOKEN);
  });

  it('leaves an API key valid', async () => {
    const result = await call(sandbox, 'POST', '/v2/auth/logout', { apiKey: PARCEL_OPS_KEY });
    expect(result.json.data).toBe(true);
    const after = await call(sandbox, 'GET', '/v2/users/me', { apiKey: PARCEL_OPS_KEY });
    expect(after.status).toBe(200);
  });

  it('requires a credential', async () => {
    const result = await call(sandbox, 'POST', '/v2/auth/logout');
    expect(result.status).toBe(401);
    expect(result.json.errorCode).toBe('InvalidAPIKey');
  });

  it('reset forgets every token', async () => {
    const token = await loginParcelOps();
    sandbox.reset();
    expect((await call(sandbox, 'GET', '/v2/users/me', { token })).status).toBe(401);
  });
});

describe('token lifetime', () => {
  it('expires after tokenTtlSeconds', async () => {
    const shortLived = await startTestSandbox({ tokenTtlSeconds: 0.2 });
    try {
      const result = await call(shortLived, 'POST', '/v2/auth/login', {
        body: { login: 'parcel.ops', password: 'parcel-ops-password' },
      });
      const { token } = result.json.data;
      expect((await call(shortLived, 'GET', '/v2/users/me', { token })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const expired = await call(shortLived, 'GET', '/v2/users/me', { token });
      expect(expired.status).toBe(401);
      expect(expired.json).toEqual(INVALID_TOKEN);
      const refreshed = await call(shortLived, 'POST', '/v2/auth/refresh', { body: { token } });
      expect(refreshed.status).toBe(401);
    } finally {
      await shortLived.close();
    }
  });

  it('records the bearer caller', async () => {
    const token = await loginParcelOps();
    await call(sandbox, 'GET', '/v2/users/me', { token });
    const log = (await call(sandbox, 'GET', '/_sandbox/requests')).json.requests;
    expect(log.at(-1)).toMatchObject({ route: '/v2/users/me', callerUserId: 1042 });
    expect(JSON.stringify(log)).not.toContain(token);
  });
});
