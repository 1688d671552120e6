import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MutationResult, UPDATE_SMS_SETTINGS, upstreamCalls } from '../helpers/operations.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

const READ_BACK = `query ReadBack($id: ID!) {
  user(id: $id) { id cellPhone cellCarrier cellCarrierRaw smsReady }
}`;

describe('updateUserSmsSettings', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  const update = async (variables: Record<string, unknown>, apiKey?: string) => {
    const headers: Record<string, string> = apiKey ? { 'x-api-key': apiKey } : {};
    const data = await stack
      .client(headers)
      .request<{ updateUserSmsSettings: MutationResult }>(UPDATE_SMS_SETTINGS, variables);
    return data.updateUserSmsSettings;
  };
  /** Reads the user in a new request, so the result is the sandbox's stored record. */
  const readBack = async (id: string) =>
    (await stack.client().request<{ user: Record<string, unknown> }>(READ_BACK, { id })).user;

  it('sets phone and carrier', async () => {
    const result = await update({
      userId: '1043',
      cellPhone: ' +1 (267) 555-0199 ',
      cellCarrier: 'ATT_CINGULAR',
    });
    const expected = {
      id: '1043',
      cellPhone: '+1 (267) 555-0199',
      cellCarrier: 'ATT_CINGULAR',
      cellCarrierRaw: 'ATTCingular',
      smsReady: true,
    };
    expect(result).toEqual({ __typename: 'UserSmsSettingsUpdated', user: expected });
    expect(await readBack('1043')).toEqual(expected);
    expect(await upstreamCalls(stack)).toEqual([
      'POST /v2/users/update-config',
      'GET /v2/users/{id}',
      'GET /v2/users/{id}',
    ]);
  });

  it('keeps an omitted phone', async () => {
    await update({ userId: '1042', cellCarrier: 'T_MOBILE' });
    expect(await readBack('1042')).toEqual({
      id: '1042',
      cellPhone: '+12155550142',
      cellCarrier: 'T_MOBILE',
      cellCarrierRaw: 'TMobile',
      smsReady: true,
    });
  });

  it('keeps an omitted carrier', async () => {
    await update({ userId: '1042', cellPhone: '+12155550999' });
    expect(await readBack('1042')).toEqual({
      id: '1042',
      cellPhone: '+12155550999',
      cellCarrier: 'VERIZON',
      cellCarrierRaw: 'Verizon',
      smsReady: true,
    });
  });

  it('clears the phone with null', async () => {
    const result = await update({ userId: '1042', cellPhone: null });
    expect(result.user).toMatchObject({ cellPhone: null, smsReady: false });
    expect(await readBack('1042')).toEqual({
      id: '1042',
      cellPhone: null,
      cellCarrier: 'VERIZON',
      cellCarrierRaw: 'Verizon',
      smsReady: false,
    });
  });

  it('clears the carrier with null', async () => {
    await update({ userId: '1042', cellCarrier: null });
    expect(await readBack('1042')).toEqual({
      id: '1042',
      cellPhone: '+12155550142',
      cellCarrier: null,
      cellCarrierRaw: 'Undefined',
      smsReady: false,
    });
  });

  it('makes a user textable', async () => {
    await update({ userId: '1044', cellCarrier: 'US_CELLULAR' });
    const message = 'Dock 4 is open.';
    const data = await stack
      .client()
      .request<{ sendSms: MutationResult }>(
        'mutation { sendSms(userId: "1044", message: "Dock 4 is open.") { __typename } }',
      );
    expect(data.sendSms.__typename).toBe('SmsSubmitted');
    expect(await stack.sms()).toEqual([
      expect.objectContaining({ userId: 1044, message, cellCarrier: 'USCellular' }),
    ]);
  });

  it('returns UserNotFoundError for a missing user', async () => {
    const result = await update({ userId: '999999', cellCarrier: 'VERIZON' });
    expect(result).toEqual({
      __typename: 'UserNotFoundError',
      message: 'No user 999999 is visible to this credential.',
      userId: '999999',
    });
  });

  it('returns UserNotFoundError for an invisible user', async () => {
    const result = await update(
      { userId: '1042', cellCarrier: 'VERIZON' },
      'network-200-admin-key',
    );
    expect(result.__typename).toBe('UserNotFoundError');
    expect((await readBack('1042')).cellCarrierRaw).toBe('Verizon');
  });

  it('answers FORBIDDEN below MailboxAdmin', async () => {
    const body = await post(
      stack.endpoint,
      UPDATE_SMS_SETTINGS,
      { userId: '1043', cellCarrier: 'VERIZON' },
      { 'x-api-key': 'parcel-ops-key' },
    );
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      retryable: false,
      call: 'users.updateConfig',
      upstreamStatus: 403,
      upstreamCode: 'AccessDenied',
    });
    expect((await readBack('1043')).cellCarrierRaw).toBe('TMobile');
  });
});
