import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, type Stack, startStack } from '../helpers/stack.js';

const USER = 'query User($id: ID!) { user(id: $id) { id login } }';
const SEND_SMS = `mutation SendSms($userId: ID!, $message: String!, $key: String) {
  sendSms(userId: $userId, message: $message, idempotencyKey: $key) { __typename }
}`;
const KEY = 'metrics-key-0001';

/** Reads the exposition text into `name{labels}` → value, labels in the order printed. */
function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

async function scrape(stack: Stack): Promise<Map<string, number>> {
  const response = await fetch(`${stack.gateway.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parseMetrics(await response.text());
}

describe('metrics', () => {
  let stack: Stack;
  let metrics: Map<string, number>;
  let text: string;

  beforeAll(async () => {
    stack = await startStack({ env: { METRICS_MAX_OPERATION_NAMES: '3' } });
    const endpoint = stack.endpoint;
    await post(endpoint, USER, { id: '1042' });
    await post(endpoint, USER, { id: '999999' });
    await post(endpoint, SEND_SMS, { userId: '1042', message: 'Parcel 7 is ready.' });
    await post(endpoint, SEND_SMS, { userId: '1043', message: 'Parcel 8 is ready.' });
    await post(endpoint, SEND_SMS, { userId: '1042', message: 'Parcel 9 is ready.', key: KEY });
    await post(endpoint, SEND_SMS, { userId: '1042', message: 'Parcel 10 is ready.', key: KEY });
    await post(endpoint, '{ nope }');
    await post(endpoint, '{ me { id } }', undefined, { 'x-api-key': 'revoked-key' });
    await post(endpoint, 'query Third { me { id } }');
    await post(endpoint, 'query Fourth { me { id } }');
    text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    metrics = await scrape(stack);
  });
  afterAll(() => stack.close());

  it('counts operations by name and outcome', () => {
    const count = (labels: string) => metrics.get(`graphql_operations_total{${labels}}`);
    expect(count('operation="User",type="query",outcome="success"')).toBe(2);
    expect(count('operation="SendSms",type="mutation",outcome="success"')).toBe(4);
    expect(count('operation="__anonymous",type="query",outcome="rejected"')).toBe(1);
    expect(count('operation="__anonymous",type="query",outcome="error"')).toBe(1);
    expect(count('operation="Third",type="query",outcome="success"')).toBe(1);
    expect(count('operation="__other",type="query",outcome="success"')).toBe(1);
    expect(count('operation="Fourth",type="query",outcome="success"')).toBeUndefined();
  });

  it('times executed operations', () => {
    const labels = 'operation="User",type="query",outcome="success"';
    expect(metrics.get(`graphql_operation_duration_seconds_count{${labels}}`)).toBe(2);
    expect(metrics.get(`graphql_operation_duration_seconds_bucket{le="+Inf",${labels}}`)).toBe(2);
  });

  it('counts errors by code', () => {
    expect(metrics.get('graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(metrics.get('graphql_errors_total{code="UNAUTHENTICATED"}')).toBe(1);
  });

  it('counts upstream calls by status', () => {
    const calls = (labels: string) => metrics.get(`ecgrid_calls_total{${labels}}`);
    expect(calls('call="users.get",status="200"')).toBe(4);
    expect(calls('call="users.get",status="404"')).toBe(1);
    expect(calls('call="users.sendSms",status="200"')).toBe(2);
    expect(calls('call="users.me",status="401"')).toBe(1);
    expect(calls('call="users.me",status="200"')).toBe(2);
    const duration = 'ecgrid_call_duration_seconds_count{call="users.get",status="200"}';
    expect(metrics.get(duration)).toBe(4);
  });

  it('counts submitted and rejected texts', () => {
    expect(metrics.get('sms_submitted_total')).toBe(2);
    expect(metrics.get('sms_rejected_total{reason="NO_CELL_PHONE"}')).toBe(1);
    expect(metrics.get('sms_rejected_total{reason="IDEMPOTENCY_KEY_REUSED"}')).toBe(1);
  });

  it('reports the closed breaker', () => {
    expect(metrics.get('ecgrid_breaker_state')).toBe(0);
  });

  it('keeps credentials and ids out', () => {
    const ours = text
      .split('\n')
      .filter((line) => /^(graphql|ecgrid|sms)_/.test(line))
      .map((line) => line.slice(0, line.lastIndexOf(' ')))
      .join('\n');
    expect(ours).toContain('users.get');
    expect(ours).not.toContain('revoked-key');
    expect(ours).not.toContain('sandbox-admin-key');
    expect(ours).not.toContain('1042');
    expect(ours).not.toContain('999999');
  });
});
