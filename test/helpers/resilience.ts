import { setTimeout as sleep } from 'node:timers/promises';
import type { Stack } from './stack.js';

/**
 * Gateway settings for fault tests: short time limits so that a hung ECGrid call ends fast,
 * short backoff, and a breaker that only opens where a test wants it to.
 */
export const FAST_POLICY: Record<string, string> = {
  ECGRID_TIMEOUT_MS: '500',
  ECGRID_DEADLINE_MS: '4000',
  ECGRID_RETRY_BASE_DELAY_MS: '10',
  ECGRID_RETRY_MAX_DELAY_MS: '40',
  ECGRID_BREAKER_THRESHOLD: '1000',
};

/** The generous bound within which every response under a fault must arrive, in ms. */
export const ANSWER_WITHIN_MS = 5_000;

export const SEND_SMS_ROUTE = '/v2/users/send-sms';

/** How many calls to `route` the sandbox received. */
export async function callsTo(stack: Stack, route: string): Promise<number> {
  return (await stack.requests()).filter((request) => request.route === route).length;
}

/** Log lines of the gateway with this message. */
export function logLines(stack: Stack, message: string): Record<string, unknown>[] {
  return stack.logs.lines.filter((line) => line.msg === message);
}

/** Waits until `check` holds, polling; throws after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
