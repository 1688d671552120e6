import { expect } from 'vitest';
import type { RequestRecord, Stack } from './stack.js';

/** Every scalar and enum field of User, for tests that compare whole records. */
export const USER_FIELDS = `
  id login email firstName lastName company phone cellPhone cellCarrier cellCarrierRaw
  timeZoneOffset networkId mailboxId authLevel authLevelRaw status statusRaw createdAt
  modifiedAt lastLoginAt lockedOut openSessions smsReady
`;

export const SEND_SMS = `
  mutation SendSms($userId: ID!, $message: String!) {
    sendSms(userId: $userId, message: $message) {
      __typename
      ... on SmsSubmitted { messageLength submittedAt user { id login cellPhone } }
      ... on EcgridError { message }
      ... on EcgridValidationError { issues { path message } }
      ... on UserNotFoundError { userId }
      ... on SmsNotDeliverableError { userId reason }
      ... on SmsOutcomeUnknownError { userId unknownReason: reason idempotencyKey }
    }
  }
`;

export const UPDATE_SMS_SETTINGS = `
  mutation UpdateSettings($userId: ID!, $cellPhone: String, $cellCarrier: CellCarrier) {
    updateUserSmsSettings(userId: $userId, cellPhone: $cellPhone, cellCarrier: $cellCarrier) {
      __typename
      ... on UserSmsSettingsUpdated { user { id cellPhone cellCarrier cellCarrierRaw smsReady } }
      ... on EcgridError { message }
      ... on EcgridValidationError { issues { path message } }
      ... on UserNotFoundError { userId }
    }
  }
`;

/** The result union of sendSms and updateUserSmsSettings, with every field the tests select. */
export interface MutationResult {
  __typename: string;
  message?: string;
  issues?: { path: string[]; message: string }[];
  userId?: string;
  reason?: string;
  unknownReason?: string;
  idempotencyKey?: string | null;
  messageLength?: number;
  submittedAt?: string;
  user?: Record<string, unknown>;
}

/** Lists the ECGrid calls the sandbox received, as `METHOD route` strings in arrival order. */
export async function upstreamCalls(stack: Stack): Promise<string[]> {
  const requests: RequestRecord[] = await stack.requests();
  return requests.map((request) => `${request.method} ${request.route}`);
}

/**
 * Asserts that a response text carries no upstream body, URL, credential or stack: the
 * things that must never leave the gateway. `secrets` are further strings that must not
 * appear, such as the credential a test sent or a body a fault rule returned.
 */
export function expectNoLeak(text: string, secrets: string[] = []): void {
  const forbidden = ['http://', 'https://', '127.0.0.1', 'localhost', 'node_modules', '<html'];
  for (const fragment of [...forbidden, ...secrets]) expect(text).not.toContain(fragment);
  expect(text).not.toMatch(/\bat .+:\d+:\d+/);
  expect(text).not.toMatch(/"stack"|stacktrace|originalError/i);
}
