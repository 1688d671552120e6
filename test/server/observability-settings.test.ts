import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { problemsOf } from '../helpers/config.js';
import { startStack } from '../helpers/stack.js';

describe('observability settings', () => {
  it('defaults metrics on, tracing off', () => {
    const config = loadConfig({});
    expect(config.metricsEnabled).toBe(true);
    expect(config.metricsMaxOperationNames).toBe(100);
    expect(config.otelExporterEndpoint).toBeNull();
    expect(config.otelServiceName).toBe('ecgrid-graphql-gateway');
    expect(config.metricsPort).toBeNull();
    expect(config.metricsHost).toBe('127.0.0.1');
  });

  it('reads METRICS_PORT and METRICS_HOST', () => {
    const config = loadConfig({ HOST: '0.0.0.0', METRICS_PORT: '9464' });
    expect(config.metricsPort).toBe(9464);
    expect(config.metricsHost).toBe('0.0.0.0');
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '::1' }).metricsHost).toBe('::1');
    expect(loadConfig({ PORT: '0', METRICS_PORT: '0' }).metricsPort).toBe(0);
  });

  it('rejects invalid values by name', () => {
    expect(problemsOf({ METRICS_ENABLED: 'maybe' })).toEqual([
      'METRICS_ENABLED must be true or false, got "maybe".',
    ]);
    expect(problemsOf({ METRICS_MAX_OPERATION_NAMES: '-1' })).toEqual([
      'METRICS_MAX_OPERATION_NAMES must be an integer from 0 to 10000, got "-1".',
    ]);
    expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http or https URL.',
    ]);
    expect(problemsOf({ METRICS_PORT: '65536' })).toEqual([
      'METRICS_PORT must be an integer from 0 to 65535, got "65536".',
    ]);
    expect(problemsOf({ METRICS_PORT: 'prometheus' })).toEqual([
      'METRICS_PORT must be an integer from 0 to 65535, got "prometheus".',
    ]);
    expect(problemsOf({ PORT: '4000', METRICS_PORT: '4000' })).toEqual([
      'METRICS_PORT must differ from PORT (4000); leave it unset to serve /metrics on PORT.',
    ]);
  });

  it('serves /metrics only on METRICS_PORT when set', async () => {
    const stack = await startStack({ env: { METRICS_PORT: '0' } });
    try {
      const metricsUrl = stack.gateway.metricsUrl;
      expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(metricsUrl).not.toBe(stack.gateway.url);
      const user = await fetch(`${stack.gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'sandbox-admin-key' },
        body: JSON.stringify({ query: 'query Probe { user(id: "1042") { id } }' }),
      });
      expect(user.status).toBe(200);
      const scraped = await fetch(`${metricsUrl}/metrics`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain(
        'graphql_operations_total{operation="Probe",type="query",outcome="success"} 1',
      );
      expect((await fetch(`${stack.gateway.url}/metrics`)).status).toBe(404);
      expect(scraped.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const head = await fetch(`${metricsUrl}/metrics`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      const post = await fetch(`${metricsUrl}/metrics`, { method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
      expect(await post.json()).toEqual({
        error: 'Method not allowed: /metrics answers GET and HEAD.',
      });
      const other = await fetch(`${metricsUrl}/graphql`);
      expect(other.status).toBe(404);
      expect(await other.json()).toEqual({ error: 'Not found: this port serves only /metrics.' });
    } finally {
      await stack.close();
    }
  });

  it('leaves metricsUrl null without METRICS_PORT', async () => {
    const stack = await startStack();
    try {
      expect(stack.gateway.metricsUrl).toBeNull();
      expect((await fetch(`${stack.gateway.url}/metrics`)).status).toBe(200);
    } finally {
      await stack.close();
    }
  });

  it('hides /metrics when disabled', async () => {
    const stack = await startStack({ env: { METRICS_ENABLED: 'false' } });
    try {
      const response = await fetch(`${stack.gateway.url}/metrics`);
      expect(response.status).toBe(404);
    } finally {
      await stack.close();
    }
  });
});
