import { gql } from 'graphql-request';
import { post } from './stack.js';

export const SEND_SMS = gql`
  mutation SendSms($userId: ID!, $message: String!, $idempotencyKey: String) {
    sendSms(userId: $userId, message: $message, idempotencyKey: $idempotencyKey) {
      __typename
      ... on SmsSubmitted {
        messageLength
        submittedAt
      }
      ... on SmsOutcomeUnknownError {
        reason
        idempotencyKey
      }
      ... on IdempotencyKeyReusedError {
        reusedKey: idempotencyKey
      }
      ... on SmsNotDeliverableError {
        notDeliverableReason: reason
      }
      ... on EcgridError {
        message
      }
    }
  }
`;

export const GET_USER = gql`
  query GetUser($id: ID!) {
    user(id: $id) {
      id
      login
    }
  }
`;

export interface SendSmsResult {
  __typename: string;
  messageLength?: number;
  submittedAt?: string;
  reason?: string;
  idempotencyKey?: string | null;
  reusedKey?: string;
  notDeliverableReason?: string;
  message?: string;
}

/** Sends sendSms as a raw request; returns the result or the first error's code. */
export async function sendSms(
  endpoint: string,
  variables: { userId: number | string; message: string; idempotencyKey?: string },
  headers: Record<string, string> = {},
): Promise<{ result: SendSmsResult | null; code: string | null }> {
  const body = await post(endpoint, SEND_SMS, variables, headers);
  const code = (body.errors?.[0]?.extensions?.code as string | undefined) ?? null;
  const result = (body.data?.sendSms as SendSmsResult | undefined) ?? null;
  return { result, code };
}

/** Reads one user as a raw request; returns the login or the first error's code. */
export async function readUser(
  endpoint: string,
  id: number,
  headers: Record<string, string> = {},
): Promise<{ login: string | null; code: string | null }> {
  const body = await post(endpoint, GET_USER, { id }, headers);
  const code = (body.errors?.[0]?.extensions?.code as string | undefined) ?? null;
  const user = body.data?.user as { login: string } | null | undefined;
  return { login: user?.login ?? null, code };
}
