import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { post, type Stack, startStack } from '../helpers/stack.js';

const TWO_USERS = 'query TwoUsers { a: user(id: "1042") { id } b: user(id: "999999") { id } }';

describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ spanExporter: exporter });
  });
  afterAll(() => stack.close());
  beforeEach(() => exporter.reset());

  it('spans an operation and its calls', async () => {
    const body = await post(stack.endpoint, TWO_USERS, undefined, { 'x-request-id': 'trace-1' });
    expect(body.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name).sort()).toEqual([
      'ECGrid users.get',
      'ECGrid users.get',
      'query TwoUsers',
    ]);
    const operation = spans.find((span) => span.name === 'query TwoUsers');
    expect(operation?.kind).toBe(SpanKind.SERVER);
    expect(operation?.attributes['graphql.operation.name']).toBe('TwoUsers');
    expect(operation?.attributes['request.id']).toBe('trace-1');
    const calls = spans.filter((span) => span.name === 'ECGrid users.get');
    for (const call of calls) {
      expect(call.kind).toBe(SpanKind.CLIENT);
      expect(call.parentSpanContext?.spanId).toBe(operation?.spanContext().spanId);
      expect(call.spanContext().traceId).toBe(operation?.spanContext().traceId);
      expect(call.attributes['url.template']).toBe('/v2/users/{id}');
      expect(call.attributes['request.id']).toBe('trace-1');
    }
    const statuses = calls.map((call) => call.attributes['http.response.status_code']).sort();
    expect(statuses).toEqual([200, 404]);
  });

  it('marks a failed operation as an error', async () => {
    await post(stack.endpoint, 'query Me { me { id } }', undefined, { 'x-api-key': 'revoked' });
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((span) => span.name === 'query Me');
    expect(operation?.status.code).toBe(SpanStatusCode.ERROR);
    expect(operation?.attributes['graphql.error.codes']).toEqual(['UNAUTHENTICATED']);
    const call = spans.find((span) => span.name === 'ECGrid users.me');
    expect(call?.status.code).toBe(SpanStatusCode.ERROR);
    expect(call?.attributes['error.type']).toBe('InvalidAPIKey');
  });
});
