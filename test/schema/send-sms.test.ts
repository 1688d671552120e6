import { gql } from 'graphql-request';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.js';

const SEND_SMS = gql`
  mutation SendSms($userId: ID!, $message: String!) {
    sendSms(userId: $userId, message: $message) {
      __typename
      ... on SmsSubmitted {
        messageLength
        user {
          id
          login
        }
      }
      ... on EcgridError {
        message
      }
    }
  }
`;

type SendSmsData = {
  sendSms: { __typename: string; messageLength?: number; message?: string; user?: { id: string } };
};

describe('sendSms', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  it('sends the vendor example message', async () => {
    const message = 'Your ECGrid parcel download is ready.';
    const data = await stack.client().request<SendSmsData>(SEND_SMS, { userId: 1042, message });
    expect(data.sendSms).toEqual({
      __typename: 'SmsSubmitted',
      messageLength: 37,
      user: { id: '1042', login: 'parcel.ops' },
    });
    const sent = await stack.sms();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ userId: 1042, message });
  });
});
