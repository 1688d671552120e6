import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { send } from '../helpers/http.js';
import { type Stack, startStack } from '../helpers/stack.js';

const SEND_SMS = 'mutation { sendSms(userId: 1042, message: "Forged.") { __typename } }';
const CSRF = { 'x-ecgrid-csrf': '1' };

describe('CSRF prevention', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  async function expectNothingRan() {
    expect(await stack.sms()).toEqual([]);
    expect(await stack.requests()).toEqual([]);
  }

  it('never runs a mutation over GET', async () => {
    const url = `${stack.endpoint}?query=${encodeURIComponent(SEND_SMS)}`;
    const response = await send(url, { headers: CSRF });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(response.json?.errors?.[0]?.message).toBe(
      'Can only perform a mutation operation from a POST request.',
    );
    await expectNothingRan();
  });

  it('rejects GET without the header', async () => {
    stack.logs.lines.length = 0;
    const url = `${stack.endpoint}?query=${encodeURIComponent('{ user(id: 1042) { id } }')}`;
    const response = await send(url);
    expect(response.status).toBe(403);
    expect(response.json?.errors?.[0]?.message).toBe('Required CSRF header(s) not present');
    await expectNothingRan();
    // A client mistake is not a server error, so it must not reach the error log.
    const errorLines = stack.logs.lines.filter((line) => Number(line.level) >= 50);
    expect(errorLines).toEqual([]);
    const debugLines = stack.logs.lines.filter(
      (line) => line.msg === 'Required CSRF header(s) not present',
    );
    expect(debugLines.map((line) => line.level)).toEqual([20, 20]);
  });

  it('runs GET queries with the header', async () => {
    const url = `${stack.endpoint}?query=${encodeURIComponent('{ user(id: 1042) { id } }')}`;
    const response = await send(url, { headers: CSRF });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ data: { user: { id: '1042' } } });
  });

  it('rejects every form content type', async () => {
    const bodies: [string, BodyInit][] = [
      ['text/plain', JSON.stringify({ query: SEND_SMS })],
      ['text/plain;charset=UTF-8', JSON.stringify({ query: SEND_SMS })],
      ['application/x-www-form-urlencoded', new URLSearchParams({ query: SEND_SMS }).toString()],
      [
        'multipart/form-data; boundary=x',
        `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${SEND_SMS}\r\n--x--\r\n`,
      ],
      ['application/graphql', SEND_SMS],
    ];
    for (const [contentType, body] of bodies) {
      for (const headers of [{}, CSRF]) {
        const response = await send(stack.endpoint, {
          method: 'POST',
          headers: { 'content-type': contentType, ...headers },
          body,
        });
        expect(response.status, contentType).toBe(415);
        expect(response.json?.errors?.[0]?.extensions?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      }
    }
    await expectNothingRan();
  });

  it('rejects a POST without Content-Type', async () => {
    const response = await send(stack.endpoint, {
      method: 'POST',
      body: new Blob([JSON.stringify({ query: SEND_SMS })]),
    });
    expect(response.status).toBe(415);
    await expectNothingRan();
  });

  it('runs JSON POSTs without the header', async () => {
    const response = await send(stack.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ query: SEND_SMS.replace('Forged.', 'Parcel ready.') }),
    });
    expect(response.json).toEqual({ data: { sendSms: { __typename: 'SmsSubmitted' } } });
    expect(await stack.sms()).toHaveLength(1);
  });
});
