import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function queryUser(stack: Stack, headers: Record<string, string>): Promise<Response> {
  const response = await fetch(stack.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: 'query User { user(id: "1042") { id } }' }),
  });
  expect(response.status).toBe(200);
  await response.json();
  return response;
}

describe('request id', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(async () => {
    await stack.reset();
    stack.logs.lines.length = 0;
  });

  it('travels from client to ECGrid', async () => {
    const response = await queryUser(stack, { 'x-request-id': 'order-7f3a' });
    expect(response.headers.get('x-request-id')).toBe('order-7f3a');
    const requests = await stack.requests();
    expect(requests.map((request) => request.requestId)).toEqual(['order-7f3a']);
    const lines = stack.logs.lines.filter((line) => line.msg !== undefined);
    expect(lines.map((line) => line.msg)).toEqual(['ecgrid call', 'graphql operation']);
    for (const line of lines) expect(line.requestId).toBe('order-7f3a');
  });

  it('generates one when absent', async () => {
    const response = await queryUser(stack, {});
    const id = response.headers.get('x-request-id') ?? '';
    expect(id).toMatch(UUID);
    expect((await stack.requests())[0]?.requestId).toBe(id);
    for (const line of stack.logs.lines) expect(line.requestId).toBe(id);
  });

  it('replaces an unsafe incoming id', async () => {
    const response = await queryUser(stack, { 'x-request-id': 'a b\tc' });
    const id = response.headers.get('x-request-id') ?? '';
    expect(id).toMatch(UUID);
    expect((await stack.requests())[0]?.requestId).toBe(id);
  });

  it('replaces an overlong incoming id', async () => {
    const response = await queryUser(stack, { 'x-request-id': 'x'.repeat(129) });
    expect(response.headers.get('x-request-id')).toMatch(UUID);
  });

  it('marks health responses too', async () => {
    const response = await fetch(`${stack.gateway.url}/health`, {
      headers: { 'x-request-id': 'probe-1' },
    });
    expect(response.headers.get('x-request-id')).toBe('probe-1');
  });
});
