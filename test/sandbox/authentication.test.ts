import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { call, errorOf, startTestSandbox } from './helpers.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

describe('credentials', () => {
  it('serves the version without credentials', async () => {
    const result = await call(sandbox, 'GET', '/v2/auth/version');
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      success: true,
      data: { version: '2.6' },
      errorCode: null,
      message: null,
    });
  });

  it('rejects a missing key', async () => {
    const result = await call(sandbox, 'GET', '/v2/users/me');
    expect(result.status).toBe(401);
    expect(result.json).toEqual(
      errorOf('InvalidAPIKey', 'X-API-Key is missing; send it or an Authorization: Bearer token'),
    );
  });

  it('rejects an unknown key', async () => {
    const result = await call(sandbox, 'GET', '/v2/users/me', { apiKey: 'no-such-key' });
    expect(result.status).toBe(401);
    expect(result.json).toEqual(errorOf('InvalidAPIKey', 'X-API-Key is not valid'));
    expect(result.text).not.toContain('no-such-key');
  });

  it('rejects an unknown bearer token', async () => {
    const result = await call(sandbox, 'GET', '/v2/users/me', { token: 'forged' });
    expect(result.status).toBe(401);
    expect(result.json).toEqual(
      errorOf('InvalidSession', 'Bearer token is invalid, expired or logged out'),
    );
  });

  it('rejects a non-bearer authorization', async () => {
    const result = await call(sandbox, 'GET', '/v2/users/me', {
      headers: { authorization: 'Basic c2FuZGJveDp4' },
    });
    expect(result.status).toBe(401);
    expect(result.json.errorCode).toBe('InvalidSession');
  });

  it('checks credentials before parameters', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/send-sms', { body: {} });
    expect(result.status).toBe(401);
    expect(result.json.errorCode).toBe('InvalidAPIKey');
  });

  it('reports unknown routes as ObjectNotFound', async () => {
    for (const [method, path] of [
      ['GET', '/v2/nothing'],
      ['DELETE', '/v2/users/1042'],
      ['GET', '/elsewhere'],
    ] as const) {
      const result = await call(sandbox, method, path, { apiKey: 'sandbox-admin-key' });
      expect(result.status).toBe(404);
      expect(result.json).toEqual(errorOf('ObjectNotFound', `no route ${method} ${path}`));
    }
  });
});
