import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/http.js';
import { type Stack, startStack } from '../helpers/stack.js';

const TWO_MESSAGES = `mutation {
  first: sendSms(userId: 1042, message: "one") { __typename }
  second: sendSms(userId: 1101, message: "two") { __typename }
}`;

const SMS_LIMIT_EXTENSIONS = {
  code: 'OPERATION_LIMIT_EXCEEDED',
  retryable: false,
  limit: 'sendSmsFields',
  max: 1,
};

/** Sends a body with chunked transfer encoding, which declares no Content-Length. */
function postChunked(url: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    // The gateway may close the connection before the rest of the body is written.
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

describe('sendSms fields per operation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  it('rejects two aliased sendSms fields', async () => {
    const response = await postJson(stack.endpoint, { query: TWO_MESSAGES });
    expect(response.json?.data).toBeUndefined();
    expect(response.json?.errors?.[0]?.extensions).toEqual(SMS_LIMIT_EXTENSIONS);
    expect(response.json?.errors?.[0]?.message).toBe(
      'Operation rejected: it has 2 sendSms fields, and at most 1 may run in one operation. Send each message in its own operation.',
    );
    expect(await stack.sms()).toEqual([]);
    expect(await stack.requests()).toEqual([]);
  });

  it('counts sendSms inside fragments', async () => {
    const query = `mutation { ...One ... on Mutation { other: sendSms(userId: 1101, message: "b") { __typename } } }
      fragment One on Mutation { sendSms(userId: 1042, message: "a") { __typename } }`;
    const response = await postJson(stack.endpoint, { query });
    expect(response.json?.errors?.[0]?.extensions).toEqual(SMS_LIMIT_EXTENSIONS);
    expect(await stack.sms()).toEqual([]);
  });

  it('sends one sendSms field', async () => {
    const query = 'mutation { sendSms(userId: 1042, message: "one") { __typename } }';
    const response = await postJson(stack.endpoint, { query });
    expect(response.json).toEqual({ data: { sendSms: { __typename: 'SmsSubmitted' } } });
    expect(await stack.sms()).toHaveLength(1);
  });
});

describe('batched requests', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  it('rejects a batch by default', async () => {
    const operation = { query: 'mutation { sendSms(userId: 1042, message: "x") { __typename } }' };
    const response = await postJson(stack.endpoint, [operation, operation]);
    expect(response.status).toBe(400);
    expect(response.json?.errors?.[0]?.message).toBe('Batching is not supported.');
    expect(await stack.sms()).toEqual([]);
    expect(await stack.requests()).toEqual([]);
  });
});

describe('batched requests when enabled', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPHQL_BATCH_LIMIT: '2' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  it('runs a batch within the limit', async () => {
    const query = '{ user(id: 1042) { id } }';
    const response = await fetch(stack.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query }, { query }]),
    });
    expect(await response.json()).toEqual([
      { data: { user: { id: '1042' } } },
      { data: { user: { id: '1042' } } },
    ]);
  });

  it('rejects a batch over the limit', async () => {
    const query = '{ user(id: 1042) { id } }';
    const response = await postJson(stack.endpoint, [{ query }, { query }, { query }]);
    expect(response.status).toBe(413);
    expect(response.json?.errors?.[0]?.message).toBe(
      'Batching is limited to 2 operations per request.',
    );
    expect(await stack.requests()).toEqual([]);
  });
});

describe('request body limit', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { REQUEST_BODY_MAX_BYTES: '2048' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  const padded = (size: number) =>
    JSON.stringify({ query: '{ user(id: 1042) { id } }', variables: { pad: 'x'.repeat(size) } });

  it('rejects a long Content-Length', async () => {
    const response = await fetch(stack.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: padded(3000),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [
        {
          message:
            'The request body is larger than 2048 bytes, the limit REQUEST_BODY_MAX_BYTES sets.',
          extensions: { code: 'REQUEST_TOO_LARGE', retryable: false },
        },
      ],
    });
    expect(await stack.requests()).toEqual([]);
  });

  it('rejects a long chunked body', async () => {
    const body = padded(3000);
    const response = await postChunked(stack.endpoint, [body.slice(0, 1500), body.slice(1500)]);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
    expect(await stack.requests()).toEqual([]);
  });

  it('runs a chunked body within the limit', async () => {
    const body = padded(500);
    const response = await postChunked(stack.endpoint, [body.slice(0, 300), body.slice(300)]);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ data: { user: { id: '1042' } } });
  });
});
