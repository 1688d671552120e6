import { postJson } from './http.js';

/** The sendSms selection the rate limit tests read: the member type and its error fields. */
export const SMS_RESULT = `__typename
  ... on RateLimitedError { message scope retryAfterSeconds userId }
  ... on SmsNotDeliverableError { reason }`;

export interface SmsResult {
  __typename: string;
  message?: string;
  scope?: string;
  retryAfterSeconds?: number;
  userId?: string;
  reason?: string;
}

/** Sends one text in its own operation and returns its sendSms result. */
export async function sendOne(
  endpoint: string,
  userId: number,
  headers: Record<string, string> = {},
): Promise<SmsResult> {
  const query = `mutation { sendSms(userId: ${userId}, message: "Parcel ready.") { ${SMS_RESULT} } }`;
  const response = await postJson(endpoint, { query }, headers);
  const data = response.json?.data as { sendSms?: SmsResult } | null | undefined;
  if (response.json?.errors || !data?.sendSms) throw new Error(`sendSms failed: ${response.text}`);
  return data.sendSms;
}
