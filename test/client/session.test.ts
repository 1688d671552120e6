import { afterEach, describe, expect, it } from 'vitest';
import { GatewaySession } from '../../client/session.js';
import { runExample } from '../../examples/typed-client.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

let stack: Stack;
afterEach(() => stack.close());

async function meWith(token: string | null): Promise<unknown> {
  const body = await post(
    stack.endpoint,
    'query { me { id } }',
    {},
    {
      authorization: `Bearer ${token}`,
    },
  );
  return body.data ?? body.errors?.[0]?.extensions?.code;
}

describe('GatewaySession', () => {
  it('refreshes before the token expires', async () => {
    stack = await startStack({ sandbox: { tokenTtlSeconds: 3 } });
    const session = new GatewaySession({ endpoint: stack.endpoint });
    expect(await session.login('parcel.ops', 'parcel-ops-password')).toEqual({ ok: true });
    const first = session.currentToken;
    // The refresh is due at 80 % of the 3 s lifetime; poll rather than assume a time.
    const deadline = Date.now() + 10_000;
    while (session.currentToken === first && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(session.currentToken).not.toBe(first);
    expect(await meWith(session.currentToken)).toEqual({ me: { id: '1042' } });
    expect(await meWith(first)).toBe('UNAUTHENTICATED');
    await session.logout();
    expect(session.currentToken).toBeNull();
  }, 20_000);

  it('returns a wrong password', async () => {
    stack = await startStack();
    const session = new GatewaySession({ endpoint: stack.endpoint });
    expect(await session.login('parcel.ops', 'guess')).toEqual({
      ok: false,
      typename: 'InvalidCredentialsError',
      message: 'The login or password is incorrect.',
    });
    expect(session.currentToken).toBeNull();
  });
});

describe('typed client example', () => {
  it('signs in, texts, logs out', async () => {
    stack = await startStack();
    const lines: string[] = [];
    await runExample(stack.endpoint, (line) => lines.push(line));
    expect(lines).toEqual([
      'user: parcel.ops, can be texted: true',
      'sent 37 characters to parcel.ops',
    ]);
    expect(await stack.sms()).toHaveLength(1);
    const calls = (await stack.requests()).map((call) => `${call.method} ${call.path}`);
    expect(calls.at(-1)).toBe('POST /v2/auth/logout');
  });
});
