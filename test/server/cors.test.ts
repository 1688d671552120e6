import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../helpers/http.js';
import { type Stack, startStack } from '../helpers/stack.js';

const APP = 'https://app.example.com';
const ADMIN = 'http://localhost:5173';
const QUERY = JSON.stringify({ query: '{ user(id: 1042) { id } }' });

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
];

function corsHeadersOf(headers: Headers): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of CORS_HEADERS) {
    const value = headers.get(name);
    if (value !== null) found[name] = value;
  }
  return found;
}

describe('CORS', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CORS_ORIGINS: `${APP}, ${ADMIN}` } });
  });
  afterAll(() => stack.close());

  const post = (origin?: string) =>
    send(stack.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
      body: QUERY,
    });

  const preflight = (origin: string) =>
    send(stack.endpoint, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });

  it('echoes each listed origin exactly', async () => {
    for (const origin of [APP, ADMIN]) {
      const response = await post(origin);
      expect(response.status).toBe(200);
      expect(corsHeadersOf(response.headers)).toEqual({
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
      });
      expect(response.headers.get('vary')).toBe('Origin');
    }
  });

  it('answers preflights for listed origins', async () => {
    const response = await preflight(APP);
    expect(response.status).toBe(204);
    expect(corsHeadersOf(response.headers)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'content-type, authorization',
      'access-control-max-age': '600',
    });
    expect(response.headers.get('vary')).toBe('Origin, Access-Control-Request-Headers');
  });

  it('sends no CORS headers to others', async () => {
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'null']) {
      const response = await post(origin);
      expect(corsHeadersOf(response.headers)).toEqual({});
      expect(response.headers.get('vary')).toBe('Origin');
      const answer = await preflight(origin);
      expect(answer.status).toBe(204);
      expect(corsHeadersOf(answer.headers)).toEqual({});
    }
  });

  it('sends no CORS headers without Origin', async () => {
    const response = await post();
    expect(response.status).toBe(200);
    expect(corsHeadersOf(response.headers)).toEqual({});
  });
});

describe('CORS by default', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('allows no origin at all', async () => {
    const response = await send(stack.endpoint, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST' },
    });
    expect(corsHeadersOf(response.headers)).toEqual({});
  });
});
