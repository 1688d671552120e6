import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MutationResult, SEND_SMS, upstreamCalls } from '../helpers/operations.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

const EXAMPLE_MESSAGE = 'Your ECGrid parcel download is ready.';

describe('sendSms', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  const sendSms = async (userId: string | number, message: string, apiKey?: string) => {
    const headers: Record<string, string> = apiKey ? { 'x-api-key': apiKey } : {};
    const data = await stack
      .client(headers)
      .request<{ sendSms: MutationResult }>(SEND_SMS, { userId, message });
    return data.sendSms;
  };

  it('sends the vendor example message', async () => {
    const before = Date.now();
    const result = await sendSms('1042', EXAMPLE_MESSAGE);
    expect(result).toMatchObject({
      __typename: 'SmsSubmitted',
      messageLength: 37,
      user: { id: '1042', login: 'parcel.ops', cellPhone: '+12155550142' },
    });
    expect(Date.parse(result.submittedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    const sent = await stack.sms();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      userId: 1042,
      message: EXAMPLE_MESSAGE,
      cellPhone: '+12155550142',
      cellCarrier: 'Verizon',
    });
  });

  it('accepts the id as a number', async () => {
    const result = await sendSms(1042, EXAMPLE_MESSAGE);
    expect(result.__typename).toBe('SmsSubmitted');
    expect(await stack.sms()).toHaveLength(1);
  });

  it('keeps line breaks in the message', async () => {
    const message = 'Parcel 7 is ready.\nPick it up at dock 3.\r\nThanks.';
    const result = await sendSms('1042', message);
    expect(result.__typename).toBe('SmsSubmitted');
    expect((await stack.sms()).map((sms) => sms.message)).toEqual([message]);
  });

  it('returns UserNotFoundError for a missing user', async () => {
    const result = await sendSms('999999', EXAMPLE_MESSAGE);
    expect(result).toEqual({
      __typename: 'UserNotFoundError',
      message: 'No user 999999 is visible to this credential.',
      userId: '999999',
    });
    expect(await stack.sms()).toEqual([]);
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}']);
  });

  it('returns UserNotFoundError for an invisible user', async () => {
    const result = await sendSms('1042', EXAMPLE_MESSAGE, 'network-200-admin-key');
    expect(result.__typename).toBe('UserNotFoundError');
    expect(await stack.sms()).toEqual([]);
  });

  it('rejects a user without a cell phone', async () => {
    const result = await sendSms('1043', EXAMPLE_MESSAGE);
    expect(result).toEqual({
      __typename: 'SmsNotDeliverableError',
      message: 'User 1043 has no cell phone number configured.',
      userId: '1043',
      reason: 'NO_CELL_PHONE',
    });
    expect(await stack.sms()).toEqual([]);
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}']);
  });

  it('rejects a user without a carrier', async () => {
    const result = await sendSms('1044', EXAMPLE_MESSAGE);
    expect(result).toEqual({
      __typename: 'SmsNotDeliverableError',
      message: 'User 1044 has no cell carrier configured.',
      userId: '1044',
      reason: 'NO_CELL_CARRIER',
    });
    expect(await stack.sms()).toEqual([]);
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}']);
  });

  it('sends when ECGrid omits the SMS fields', async () => {
    // The user record from ECGrid leaves out cellPhone and cellCarrier, so the gateway cannot
    // tell and lets ECGrid decide. The sandbox's stored user can be texted, so it records one.
    const data = JSON.stringify({ success: true, data: { userId: 1042, login: 'parcel.ops' } });
    await stack.faults([
      { kind: 'body', method: 'GET', path: '/v2/users/1042', status: 200, body: data, times: 1 },
    ]);
    const result = await sendSms('1042', EXAMPLE_MESSAGE);
    expect(result.__typename).toBe('SmsSubmitted');
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}', 'POST /v2/users/send-sms']);
    expect(await stack.sms()).toHaveLength(1);
  });

  it('returns NOT_SUBMITTED when ECGrid answers false', async () => {
    const body = JSON.stringify({ success: true, data: false, errorCode: null, message: null });
    await stack.faults([{ kind: 'body', path: '/v2/users/send-sms', status: 200, body }]);
    const result = await sendSms('1042', EXAMPLE_MESSAGE);
    expect(result).toEqual({
      __typename: 'SmsNotDeliverableError',
      message: 'User 1042 could not be texted: ECGrid reported that it did not submit the message.',
      userId: '1042',
      reason: 'NOT_SUBMITTED',
    });
  });

  it('answers FORBIDDEN below MailboxAdmin', async () => {
    const body = await post(
      stack.endpoint,
      SEND_SMS,
      { userId: '1050', message: EXAMPLE_MESSAGE },
      { 'x-api-key': 'parcel-ops-key' },
    );
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: "The credential's AuthLevel does not allow users.sendSms (AccessDenied).",
        path: ['sendSms'],
        extensions: {
          code: 'FORBIDDEN',
          retryable: false,
          call: 'users.sendSms',
          upstreamStatus: 403,
          upstreamCode: 'AccessDenied',
        },
      }),
    ]);
    expect(await stack.sms()).toEqual([]);
  });

  it('lets a MailboxAdmin text its mailbox', async () => {
    const result = await sendSms('1042', EXAMPLE_MESSAGE, 'mailbox-5001-admin-key');
    expect(result.__typename).toBe('SmsSubmitted');
    expect(await stack.sms()).toHaveLength(1);
  });
});

describe('sendSms with unknown carriers', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      sandbox: {
        seed: {
          users: [
            { userId: 1, authLevel: 'Root', apiKey: 'root-key', networkId: 1 },
            { userId: 7, cellPhone: '+12155550107', cellCarrier: 'Verizon5G', networkId: 1 },
            { userId: 8, networkId: 1 },
          ],
        },
      },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  it('sends and lets ECGrid decide', async () => {
    const data = await stack
      .client()
      .request<{ sendSms: MutationResult }>(SEND_SMS, { userId: '7', message: 'Hello' });
    expect(data.sendSms.__typename).toBe('SmsSubmitted');
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}', 'POST /v2/users/send-sms']);
    // The sandbox, like ECGrid, returns true and drops a text for a carrier it cannot use.
    expect(await stack.sms()).toEqual([]);
  });

  it('sends for a user without SMS fields', async () => {
    const data = await stack
      .client()
      .request<{ sendSms: MutationResult }>(SEND_SMS, { userId: '8', message: 'Hello' });
    expect(data.sendSms.__typename).toBe('SmsSubmitted');
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}', 'POST /v2/users/send-sms']);
  });
});
