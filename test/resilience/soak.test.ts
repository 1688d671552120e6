import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { gql } from 'graphql-request';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/resilience.js';
import { readUser, SEND_SMS, type SendSmsResult, sendSms } from '../helpers/sms-documents.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

/** Operations in the run; SOAK_OPERATIONS overrides it for a longer soak by hand. */
const OPERATIONS = Number(process.env.SOAK_OPERATIONS ?? 2_000);
const WORKERS = 32;
const USER_IDS = [1042, 1043, 1044, 1050, 1101, 1102, 1103, 1104, 1105, 1106, 9999];
const ROUTES = [
  { method: 'GET', path: '/v2/users/{id}' },
  { method: 'POST', path: '/v2/users/send-sms' },
  { method: 'POST', path: '/v2/users/list' },
];
const RULES: Record<string, unknown>[] = [
  { kind: 'status', status: 429, retryAfter: 0 },
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503 },
  { kind: 'latency', ms: 100 },
  { kind: 'reset' },
  { kind: 'hang' },
  { kind: 'partial' },
  { kind: 'html', status: 502 },
  { kind: 'body', status: 200, body: 'not json' },
  { kind: 'processThenReset' },
];
const LIST_USERS = gql`
  query ListUsers {
    users(first: 5) {
      nodes {
        id
      }
    }
  }
`;
/** Codes a request may end with under faults; anything else, such as INTERNAL_SERVER_ERROR, fails. */
const EXPECTED_CODES = new Set([
  null,
  'UPSTREAM_ERROR',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_RATE_LIMITED',
]);

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

/** Open handles by type, such as TCPSocketWrap and Timeout. */
function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo())
    counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

function leaked(before: Map<string, number>): string[] {
  const after = resourceCounts();
  return [...after]
    .filter(([type, count]) => count > (before.get(type) ?? 0))
    .map(([type]) => type);
}

/** Replaces the sandbox's fault rules with one random rule every few milliseconds. */
async function injectFaults(stack: Stack, running: () => boolean): Promise<void> {
  const url = `${stack.sandbox.url}/_sandbox/faults`;
  while (running()) {
    await fetch(url, { method: 'DELETE' });
    const rule = { ...pick(ROUTES), ...pick(RULES), times: 1 + Math.floor(Math.random() * 3) };
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [rule] }),
    });
    await sleep(100);
  }
  await fetch(url, { method: 'DELETE' });
}

interface KeyedSend {
  userId: number;
  message: string;
  idempotencyKey: string;
  first: { result: SendSmsResult | null; code: string | null };
}

describe('soak under random faults', () => {
  it('loses and duplicates nothing', { timeout: 120_000 }, async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const before = resourceCounts();
    const stack = await startStack({
      env: {
        // Generous for a loaded machine: a healthy call there can take 100 ms.
        ECGRID_TIMEOUT_MS: '600',
        ECGRID_DEADLINE_MS: '1500',
        ECGRID_RETRY_BASE_DELAY_MS: '5',
        ECGRID_RETRY_MAX_DELAY_MS: '20',
        ECGRID_BREAKER_THRESHOLD: '30',
        ECGRID_BREAKER_COOLDOWN_MS: '300',
        LOG_LEVEL: 'warn',
      },
    });
    // Warm-up, so that the first compilations do not count as ECGrid timeouts.
    for (const id of USER_IDS) await readUser(stack.endpoint, id);
    const sends: KeyedSend[] = [];
    const codes: (string | null)[] = [];
    const mismatchedReplays: string[] = [];
    let remaining = OPERATIONS;
    let running = true;
    const faults = injectFaults(stack, () => running);

    const operate = async (): Promise<void> => {
      const roll = Math.random();
      if (roll < 0.4) {
        codes.push((await readUser(stack.endpoint, pick(USER_IDS))).code);
      } else if (roll < 0.5) {
        const body = await post(stack.endpoint, LIST_USERS);
        codes.push((body.errors?.[0]?.extensions?.code as string | undefined) ?? null);
      } else if (roll < 0.6 && sends.length > 0) {
        const earlier = pick(sends);
        const replay = await sendSms(stack.endpoint, earlier);
        const settled = ['SmsSubmitted', 'SmsOutcomeUnknownError'].includes(
          earlier.first.result?.__typename ?? '',
        );
        if (settled && earlier.first.result?.reason !== 'IN_PROGRESS') {
          if (JSON.stringify(replay) !== JSON.stringify(earlier.first)) {
            mismatchedReplays.push(earlier.idempotencyKey);
          }
        }
      } else if (roll < 0.97) {
        const idempotencyKey = randomUUID();
        const send = { userId: pick(USER_IDS), message: `soak ${idempotencyKey}`, idempotencyKey };
        const first = await sendSms(stack.endpoint, send);
        codes.push(first.code);
        sends.push({ ...send, first });
      } else {
        // A client that goes away mid-request; its key is not reused.
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 20);
        await fetch(stack.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: SEND_SMS,
            variables: {
              userId: 1042,
              message: `soak abort ${randomUUID()}`,
              idempotencyKey: randomUUID(),
            },
          }),
          signal: controller.signal,
        }).catch(() => undefined);
      }
    };
    const worker = async (): Promise<void> => {
      while (remaining > 0) {
        remaining -= 1;
        await operate();
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    running = false;
    await faults;

    const messages = await stack.sms();
    const sentPerText = new Map<string, number>();
    for (const message of messages) {
      sentPerText.set(message.message, (sentPerText.get(message.message) ?? 0) + 1);
    }
    const duplicates = [...sentPerText].filter(([, count]) => count > 1);
    const submittedButMissing = sends.filter(
      (send) =>
        send.first.result?.__typename === 'SmsSubmitted' && sentPerText.get(send.message) !== 1,
    );
    const unexpectedCodes = codes.filter((code) => !EXPECTED_CODES.has(code));
    await stack.close();
    await waitFor(() => leaked(before).length === 0, 10_000).catch(() => undefined);
    process.off('unhandledRejection', onRejection);

    expect(duplicates).toEqual([]);
    expect(submittedButMissing).toEqual([]);
    expect(mismatchedReplays).toEqual([]);
    expect(unexpectedCodes).toEqual([]);
    expect(rejections).toEqual([]);
    expect(leaked(before)).toEqual([]);
    expect(
      sends.filter((send) => send.first.result?.__typename === 'SmsSubmitted').length,
    ).toBeGreaterThan(50);
  });
});
