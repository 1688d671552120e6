import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { upstreamCalls } from '../helpers/operations.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

describe('per-request user loader', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Two sends in one operation, which the default of one sendSms field would reject.
    stack = await startStack({ env: { SMS_MAX_PER_OPERATION: '2' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  it('loads an aliased user once', async () => {
    const data = await stack.client().request(`{
      a: user(id: "1042") { id login }
      b: user(id: 1042) { firstName }
      c: user(id: "1042") { cellPhone smsReady }
    }`);
    expect(data).toEqual({
      a: { id: '1042', login: 'parcel.ops' },
      b: { firstName: 'Dana' },
      c: { cellPhone: '+12155550142', smsReady: true },
    });
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}']);
  });

  it('loads distinct users once each', async () => {
    await stack.client().request(`{
      a: user(id: "1042") { id } b: user(id: "1043") { id } c: user(id: "1042") { id }
    }`);
    const paths = (await stack.requests()).map((request) => request.path).sort();
    expect(paths).toEqual(['/v2/users/1042', '/v2/users/1043']);
  });

  it('reuses the read of sendSms', async () => {
    const data = await stack.client().request(`mutation {
      sendSms(userId: "1042", message: "Your ECGrid parcel download is ready.") {
        ... on SmsSubmitted { user { id login } }
      }
    }`);
    expect(data).toEqual({ sendSms: { user: { id: '1042', login: 'parcel.ops' } } });
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}', 'POST /v2/users/send-sms']);
  });

  it('reuses users of a list', async () => {
    await stack.client().request(`{
      users(first: 3) { nodes { id } }
      user(id: "1043") { login }
    }`);
    const calls = await upstreamCalls(stack);
    // Both fields start at once, so the list and the single read may overlap; at most one each.
    expect(calls.filter((call) => call === 'POST /v2/users/list')).toHaveLength(1);
    expect(calls.filter((call) => call === 'GET /v2/users/{id}').length).toBeLessThanOrEqual(1);
  });

  it('loads once for two sends', async () => {
    await stack.client().request(`mutation {
      a: sendSms(userId: "1042", message: "One") { __typename }
      b: sendSms(userId: "1042", message: "Two") { __typename }
    }`);
    expect(await upstreamCalls(stack)).toEqual([
      'GET /v2/users/{id}',
      'POST /v2/users/send-sms',
      'POST /v2/users/send-sms',
    ]);
    expect((await stack.sms()).map((sms) => sms.message)).toEqual(['One', 'Two']);
  });

  it('caches nothing across requests', async () => {
    await stack.client().request('{ user(id: "1042") { id } }');
    await stack.client().request('{ user(id: "1042") { id } }');
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}', 'GET /v2/users/{id}']);
  });

  it('caches nothing across credentials', async () => {
    const asAdmin = await post(stack.endpoint, '{ user(id: "1042") { id } }');
    expect(asAdmin).toEqual({ data: { user: { id: '1042' } } });
    const asOtherNetwork = await post(
      stack.endpoint,
      '{ user(id: "1042") { id } }',
      {},
      {
        'x-api-key': 'network-200-admin-key',
      },
    );
    expect(asOtherNetwork).toEqual({ data: { user: null } });
    const callers = (await stack.requests()).map((request) => request.callerUserId);
    expect(callers).toEqual([1, 2001]);
  });

  it('rereads a user after an update', async () => {
    const data = await stack.client().request(`mutation {
      updateUserSmsSettings(userId: "1043", cellPhone: "+12155550199") {
        ... on UserSmsSettingsUpdated { user { cellPhone } }
      }
    }`);
    expect(data).toEqual({ updateUserSmsSettings: { user: { cellPhone: '+12155550199' } } });
  });
});
