import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type MutationResult,
  SEND_SMS,
  UPDATE_SMS_SETTINGS,
  upstreamCalls,
} from '../helpers/operations.js';
import { type Stack, startStack } from '../helpers/stack.js';

const ID_RULE = 'must be an integer from 1 to 2147483647';

/** Checks that a rejected mutation sent nothing and made no ECGrid call at all. */
async function expectNothingSent(stack: Stack): Promise<void> {
  expect(await stack.sms()).toEqual([]);
  expect(await upstreamCalls(stack)).toEqual([]);
}

describe('sendSms validation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { SMS_MAX_LENGTH: '20' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  const sendSms = async (userId: unknown, message: string) =>
    (await stack.client().request<{ sendSms: MutationResult }>(SEND_SMS, { userId, message }))
      .sendSms;

  const invalidIds: unknown[] = [
    '0',
    '-1',
    '2147483648',
    '99999999999',
    'abc',
    '1.5',
    '01042',
    ' 1042',
    '',
    0,
    -1,
    2147483648,
  ];
  for (const userId of invalidIds) {
    it(`rejects userId ${JSON.stringify(userId)}`, async () => {
      const result = await sendSms(userId, 'Hello');
      expect(result).toEqual({
        __typename: 'EcgridValidationError',
        message: `Invalid argument userId: ${ID_RULE}`,
        issues: [{ path: ['userId'], message: ID_RULE }],
      });
      await expectNothingSent(stack);
    });
  }

  it('accepts the largest id', async () => {
    const result = await sendSms(2147483647, 'Hello');
    expect(result.__typename).toBe('UserNotFoundError');
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}']);
  });

  for (const message of ['', '   ', '\n\r\n', ' \n ']) {
    it(`rejects blank message ${JSON.stringify(message)}`, async () => {
      const result = await sendSms('1042', message);
      expect(result.issues).toEqual([
        { path: ['message'], message: 'must not be empty or only white space' },
      ]);
      await expectNothingSent(stack);
    });
  }

  for (const message of ['a\tb', 'a\u0000b', 'ring\u0007', 'del\u007f', 'c1\u0085', '\u001b[2J']) {
    it(`rejects control character ${JSON.stringify(message)}`, async () => {
      const result = await sendSms('1042', message);
      expect(result.__typename).toBe('EcgridValidationError');
      expect(result.issues).toEqual([
        {
          path: ['message'],
          message: 'must not contain control characters other than line breaks',
        },
      ]);
      await expectNothingSent(stack);
    });
  }

  it('reports every invalid argument', async () => {
    const result = await sendSms('0', '');
    expect(result.issues).toEqual([
      { path: ['userId'], message: ID_RULE },
      { path: ['message'], message: 'must not be empty or only white space' },
    ]);
    await expectNothingSent(stack);
  });

  it('accepts SMS_MAX_LENGTH characters', async () => {
    const result = await sendSms('1042', 'x'.repeat(20));
    expect(result.__typename).toBe('SmsSubmitted');
    expect(result.messageLength).toBe(20);
    expect(await stack.sms()).toHaveLength(1);
  });

  it('rejects one over SMS_MAX_LENGTH', async () => {
    const result = await sendSms('1042', 'x'.repeat(21));
    expect(result).toEqual({
      __typename: 'EcgridValidationError',
      message: 'Invalid argument message: must be at most 20 characters',
      issues: [{ path: ['message'], message: 'must be at most 20 characters' }],
    });
    await expectNothingSent(stack);
  });

  it('counts an emoji as one character', async () => {
    for (const emoji of ['👍', '👍🏽', '🇺🇸', '👩‍👩‍👧']) {
      await stack.reset();
      const fits = await sendSms('1042', emoji.repeat(20));
      expect(fits.__typename, emoji).toBe('SmsSubmitted');
      expect(fits.messageLength, emoji).toBe(20);
      const tooLong = await sendSms('1042', emoji.repeat(21));
      expect(tooLong.issues, emoji).toEqual([
        { path: ['message'], message: 'must be at most 20 characters' },
      ]);
      expect(await stack.sms(), emoji).toHaveLength(1);
    }
  });

  it('counts CR LF as one character', async () => {
    // 'a\r\nb\rc\nd' is eight code units and seven characters (a lone CR or LF counts as one),
    // so three copies make 21.
    const line = 'a\r\nb\rc\nd';
    const fits = await sendSms('1042', `${line.repeat(2)}abcdef`);
    expect(fits.__typename).toBe('SmsSubmitted');
    expect(fits.messageLength).toBe(20);
    const tooLong = await sendSms('1042', line.repeat(3));
    expect(tooLong.issues).toEqual([
      { path: ['message'], message: 'must be at most 20 characters' },
    ]);
    expect(await stack.sms()).toHaveLength(1);
  });

  it('rejects a huge message quickly', async () => {
    // 90,000 characters stay under the 100 KiB request body limit, so they reach validation.
    const result = await sendSms('1042', 'x'.repeat(90_000));
    expect(result.issues).toEqual([
      { path: ['message'], message: 'must be at most 20 characters' },
    ]);
    await expectNothingSent(stack);
  });
});

describe('updateUserSmsSettings validation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  const update = async (variables: Record<string, unknown>) =>
    (
      await stack
        .client()
        .request<{ updateUserSmsSettings: MutationResult }>(UPDATE_SMS_SETTINGS, variables)
    ).updateUserSmsSettings;

  for (const userId of ['0', '2147483648', 'abc', -5]) {
    it(`rejects userId ${JSON.stringify(userId)}`, async () => {
      const result = await update({ userId, cellCarrier: 'VERIZON' });
      expect(result.issues).toEqual([{ path: ['userId'], message: ID_RULE }]);
      await expectNothingSent(stack);
    });
  }

  for (const cellPhone of ['abc', '123', '', '+1 555', '2155550142999999', 'call me']) {
    it(`rejects cellPhone ${JSON.stringify(cellPhone)}`, async () => {
      const result = await update({ userId: '1042', cellPhone });
      expect(result).toEqual({
        __typename: 'EcgridValidationError',
        message:
          'Invalid argument cellPhone: must be a phone number, such as +12155550142 or (215) 555-0142',
        issues: [
          {
            path: ['cellPhone'],
            message: 'must be a phone number, such as +12155550142 or (215) 555-0142',
          },
        ],
      });
      await expectNothingSent(stack);
    });
  }

  it('rejects UNKNOWN as carrier', async () => {
    const result = await update({ userId: '1042', cellCarrier: 'UNKNOWN' });
    expect(result.issues).toEqual([
      { path: ['cellCarrier'], message: 'UNKNOWN is not valid as input' },
    ]);
    await expectNothingSent(stack);
  });

  it('rejects an empty change', async () => {
    const result = await update({ userId: '1042' });
    expect(result.issues).toEqual([
      { path: ['cellPhone'], message: 'give cellPhone, cellCarrier or both' },
    ]);
    await expectNothingSent(stack);
  });
});
