import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import { startStack } from '../helpers/stack.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('observability settings', () => {
  it('defaults metrics on, tracing off', () => {
    const config = loadConfig({});
    expect(config.metricsEnabled).toBe(true);
    expect(config.metricsMaxOperationNames).toBe(100);
    expect(config.otelExporterEndpoint).toBeNull();
    expect(config.otelServiceName).toBe('ecgrid-graphql-gateway');
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
