import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { ADMIN_KEY, asAdmin, call, startTestSandbox } from './helpers.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

async function addFaults(rules: unknown[]) {
  const result = await call(sandbox, 'POST', '/_sandbox/faults', { body: { rules } });
  expect(result.status).toBe(200);
  return result.json.rules;
}

async function lastLogEntry() {
  const log = (await call(sandbox, 'GET', '/_sandbox/requests')).json.requests;
  return log.at(-1);
}

/** Sends a request and returns the error code that undici rejected it with. */
async function failureCode(
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; headersTimeout?: number } = {},
): Promise<string> {
  try {
    const response = await request(`${sandbox.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      headersTimeout: init.headersTimeout ?? 5000,
    });
    await response.body.text();
    return `no error, status ${response.statusCode}`;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('status faults', () => {
  it('returns the status with an envelope', async () => {
    await addFaults([{ path: '/v2/users/me', kind: 'status', status: 503 }]);
    const result = await asAdmin(sandbox, 'GET', '/v2/users/me');
    expect(result.status).toBe(503);
    expect(result.json).toEqual({
      success: false,
      data: null,
      errorCode: 'InternalError',
      message: 'fault rule returned HTTP 503',
    });
    expect(result.headers['retry-after']).toBeUndefined();
  });

  it('sends Retry-After seconds and dates verbatim', async () => {
    const date = 'Wed, 21 Oct 2026 07:28:00 GMT';
    await addFaults([
      { path: '/v2/users/me', kind: 'status', status: 429, retryAfter: 2, times: 1 },
      { path: '/v2/users/me', kind: 'status', status: 429, retryAfter: date, times: 1 },
    ]);
    const first = await asAdmin(sandbox, 'GET', '/v2/users/me');
    expect(first.status).toBe(429);
    expect(first.json.errorCode).toBe('RateLimitExceeded');
    expect(first.headers['retry-after']).toBe('2');
    const second = await asAdmin(sandbox, 'GET', '/v2/users/me');
    expect(second.headers['retry-after']).toBe(date);
    const third = await asAdmin(sandbox, 'GET', '/v2/users/me');
    expect(third.status).toBe(200);
  });

  it('uses the given code and message', async () => {
    await addFaults([
      { path: '/v2/users/{id}', kind: 'status', status: 400, errorCode: 'Odd', message: 'm' },
    ]);
    const result = await asAdmin(sandbox, 'GET', '/v2/users/1042');
    expect(result.status).toBe(400);
    expect(result.json).toEqual({ success: false, data: null, errorCode: 'Odd', message: 'm' });
    expect(await lastLogEntry()).toMatchObject({ status: 400, callerUserId: 1 });
  });
});

describe('rule matching', () => {
  it('matches a template segment', async () => {
    await addFaults([{ path: '/v2/users/{id}', kind: 'status', status: 500 }]);
    expect((await asAdmin(sandbox, 'GET', '/v2/users/1042')).status).toBe(500);
    expect((await asAdmin(sandbox, 'GET', '/v2/users/me')).status).toBe(500);
    expect((await asAdmin(sandbox, 'POST', '/v2/users/list', {})).status).toBe(500);
    expect((await asAdmin(sandbox, 'GET', '/v2/users/key/1042')).status).toBe(200);
    expect((await asAdmin(sandbox, 'GET', '/v2/users')).status).toBe(404);
  });

  it('matches the method', async () => {
    await addFaults([{ method: 'post', path: '/v2/users/list', kind: 'status', status: 500 }]);
    expect((await asAdmin(sandbox, 'POST', '/v2/users/list', {})).status).toBe(500);
    // GET /v2/users/list reaches GET /v2/users/{id}, which rejects "list" as an id.
    const other = await asAdmin(sandbox, 'GET', '/v2/users/list');
    expect(other.status).toBe(400);
    expect(other.json.errorCode).toBe('InvalidParameter');
  });

  it('fires the first matching rule', async () => {
    await addFaults([
      { path: '/v2/users/me', kind: 'status', status: 502, times: 2 },
      { path: '/v2/users/{id}', kind: 'status', status: 503 },
    ]);
    const statuses = [];
    for (let index = 0; index < 4; index++) {
      statuses.push((await asAdmin(sandbox, 'GET', '/v2/users/me')).status);
    }
    expect(statuses).toEqual([502, 502, 503, 503]);
  });

  it('lists fired and remaining counts', async () => {
    await addFaults([
      { path: '/v2/users/me', kind: 'status', status: 502, times: 3 },
      { path: '/v2/users/{id}', kind: 'latency', ms: 1 },
    ]);
    await asAdmin(sandbox, 'GET', '/v2/users/me');
    await asAdmin(sandbox, 'GET', '/v2/users/1042');
    await asAdmin(sandbox, 'GET', '/v2/users/1043');
    const result = await call(sandbox, 'GET', '/_sandbox/faults');
    expect(result.json).toEqual({
      rules: [
        { path: '/v2/users/me', kind: 'status', status: 502, times: 3, fired: 1, remaining: 2 },
        { path: '/v2/users/{id}', kind: 'latency', ms: 1, fired: 2, remaining: null },
      ],
    });
  });

  it('appends rules and clears them', async () => {
    await addFaults([{ path: '/v2/users/me', kind: 'status', status: 502 }]);
    const rules = await addFaults([{ path: '/v2/users/list', kind: 'hang' }]);
    expect(rules).toHaveLength(2);
    const cleared = await call(sandbox, 'DELETE', '/_sandbox/faults');
    expect(cleared.json).toEqual({ cleared: 2 });
    expect((await asAdmin(sandbox, 'GET', '/v2/users/me')).status).toBe(200);
  });

  it('clears rules on reset', async () => {
    await addFaults([{ path: '/v2/users/me', kind: 'status', status: 502 }]);
    sandbox.reset();
    expect((await call(sandbox, 'GET', '/_sandbox/faults')).json).toEqual({ rules: [] });
  });

  it('leaves control routes alone', async () => {
    await addFaults([{ path: '/_sandbox/sms', kind: 'status', status: 500 }]);
    expect((await call(sandbox, 'GET', '/_sandbox/sms')).status).toBe(200);
  });
});

describe('rule validation', () => {
  const cases: [unknown, string][] = [
    [{ rules: [{ path: '/v2/users/me', kind: 'explode' }] }, 'rules[0].kind: '],
    [{ rules: [{ path: 'v2/users/me', kind: 'hang' }] }, 'rules[0].path: '],
    [{ rules: [{ path: '/v2/users/me', kind: 'status' }] }, 'rules[0].status: '],
    [{ rules: [{ path: '/v2/users/me', kind: 'hang', times: 0 }] }, 'rules[0].times: '],
    [{ rules: [{ path: '/v2/users/me', kind: 'hang', time: 1 }] }, 'rules[0]: '],
    [{ rules: [{ path: '/v2/a', kind: 'latency', ms: -1 }] }, 'rules[0].ms: '],
    [{ rules: [{ path: '/v2/a', kind: 'body', status: 200 }] }, 'rules[0].body: '],
    [
      { rules: [{ path: '/v2/a', kind: 'status', status: 429, retryAfter: 'a\nb' }] },
      'rules[0].retryAfter: ',
    ],
    [{ rules: [] }, 'rules: '],
    [{}, 'rules: '],
  ];

  it('rejects each bad rule', async () => {
    for (const [body, prefix] of cases) {
      const result = await call(sandbox, 'POST', '/_sandbox/faults', { body });
      expect({ body, status: result.status }).toEqual({ body, status: 400 });
      expect(result.json.error).toContain(`invalid fault rules: ${prefix}`);
    }
    expect((await call(sandbox, 'GET', '/_sandbox/faults')).json).toEqual({ rules: [] });
  });

  it('rejects a body that is not JSON', async () => {
    const result = await call(sandbox, 'POST', '/_sandbox/faults', { rawBody: 'rules' });
    expect(result.status).toBe(400);
    expect(result.json).toEqual({ error: 'invalid fault rules: body is not valid JSON' });
  });
});

describe('connection faults', () => {
  it('latency delays a normal response', async () => {
    await addFaults([{ path: '/v2/users/me', kind: 'latency', ms: 200 }]);
    const started = performance.now();
    const result = await asAdmin(sandbox, 'GET', '/v2/users/me');
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    expect(result.status).toBe(200);
    expect(result.json.data.userId).toBe(1);
  });

  it('reset drops the call unperformed', async () => {
    await addFaults([{ path: '/v2/users/send-sms', kind: 'reset', times: 1 }]);
    const code = await failureCode('/v2/users/send-sms', {
      method: 'POST',
      body: { userId: 1042, message: 'lost' },
    });
    expect(code).toBe('ECONNRESET');
    expect((await call(sandbox, 'GET', '/_sandbox/sms')).json.messages).toEqual([]);
    expect(await lastLogEntry()).toMatchObject({ route: '/v2/users/send-sms', status: 0 });
  });

  it('processThenReset performs the call', async () => {
    await addFaults([{ path: '/v2/users/send-sms', kind: 'processThenReset', times: 1 }]);
    const code = await failureCode('/v2/users/send-sms', {
      method: 'POST',
      body: { userId: 1042, message: 'kept' },
    });
    expect(code).toBe('ECONNRESET');
    const messages = (await call(sandbox, 'GET', '/_sandbox/sms')).json.messages;
    expect(messages.map((entry: { message: string }) => entry.message)).toEqual(['kept']);
    expect(await lastLogEntry()).toMatchObject({ status: 0, callerUserId: 1 });
  });

  it('hang never sends headers', async () => {
    await addFaults([{ path: '/v2/users/me', kind: 'hang' }]);
    const code = await failureCode('/v2/users/me', { headersTimeout: 300 });
    expect(code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(await lastLogEntry()).toMatchObject({ route: '/v2/users/me', status: 0 });
  });

  it('partial stalls after some body', async () => {
    await addFaults([{ path: '/v2/users/list', kind: 'partial' }]);
    const response = await request(`${sandbox.url}/v2/users/list`, {
      method: 'POST',
      headers: { 'x-api-key': ADMIN_KEY },
      body: '{}',
      bodyTimeout: 300,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const failure = await response.body.text().catch((error) => error.code);
    expect(failure).toBe('UND_ERR_BODY_TIMEOUT');
    expect(await lastLogEntry()).toMatchObject({ route: '/v2/users/list', status: 200 });
  });

  it('html sends an HTML error page', async () => {
    await addFaults([{ path: '/v2/users/me', kind: 'html', status: 502 }]);
    const result = await asAdmin(sandbox, 'GET', '/v2/users/me');
    expect(result.status).toBe(502);
    expect(result.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(result.text).toMatch(/^<!DOCTYPE html>/);
    expect(result.text).toContain('<title>502 Bad Gateway</title>');
  });

  it('body sends the raw body', async () => {
    const paged = '{"success":true,"data":{"totalRecords":1,"users":[{"userId":9}]}}';
    await addFaults([
      { path: '/v2/users/me', kind: 'body', status: 200, body: '', times: 1 },
      { path: '/v2/users/list', kind: 'body', status: 200, body: paged },
      { path: '/v2/users/{id}', kind: 'body', status: 200, contentType: 'text/plain', body: 'ok' },
    ]);
    const empty = await asAdmin(sandbox, 'GET', '/v2/users/me');
    expect(empty.status).toBe(200);
    expect(empty.text).toBe('');
    expect(empty.headers['content-length']).toBe('0');
    const list = await asAdmin(sandbox, 'POST', '/v2/users/list', {});
    expect(list.text).toBe(paged);
    expect(list.headers['content-type']).toBe('application/json; charset=utf-8');
    const plain = await asAdmin(sandbox, 'GET', '/v2/users/1042');
    expect(plain.headers['content-type']).toBe('text/plain');
    expect(plain.text).toBe('ok');
  });
});

describe('stalled connections', () => {
  it('close ends a hung call', async () => {
    const own = await startTestSandbox();
    await call(own, 'POST', '/_sandbox/faults', {
      body: { rules: [{ path: '/v2/users/me', kind: 'hang' }] },
    });
    const pending = request(`${own.url}/v2/users/me`, { headers: { 'x-api-key': ADMIN_KEY } });
    const outcome = pending.then(
      () => 'answered',
      (error) => error.code,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await outcome).toBe('UND_ERR_SOCKET');
  });

  it('reset ends a hung call', async () => {
    await addFaults([{ path: '/v2/users/me', kind: 'hang' }]);
    const outcome = request(`${sandbox.url}/v2/users/me`, {
      headers: { 'x-api-key': ADMIN_KEY },
    }).then(
      () => 'answered',
      (error) => error.code,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    sandbox.reset();
    expect(await outcome).toBe('UND_ERR_SOCKET');
  });
});
