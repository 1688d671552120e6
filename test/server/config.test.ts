import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { problemsOf } from '../helpers/config.js';

describe('loadConfig', () => {
  it('applies the defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: '127.0.0.1',
      ecgridBaseUrl: null,
      ecgridApiKey: null,
      ecgridTimeoutMs: 10_000,
      ecgridConnections: 128,
      retryAttempts: 3,
      deadlineMs: 20_000,
      retryBaseDelayMs: 200,
      retryMaxDelayMs: 5_000,
      retryAfterMaxMs: 10_000,
      breakerThreshold: 5,
      breakerCooldownMs: 10_000,
      maxConcurrent: 64,
      maxQueued: 256,
      readyCacheMs: 2_000,
      idempotencyTtlSeconds: 86_400,
      redisUrl: null,
      loaderConcurrency: 16,
      smsMaxLength: 160,
      logLevel: 'info',
      production: false,
      shutdownTimeoutMs: 10_000,
      metricsEnabled: true,
      metricsPort: null,
      metricsHost: '127.0.0.1',
      metricsMaxOperationNames: 100,
      otelExporterEndpoint: null,
      otelServiceName: 'ecgrid-graphql-gateway',
      graphiqlEnabled: true,
      loginMaxFailuresPerLogin: 5,
      loginMaxFailuresPerAddress: 20,
      loginThrottleWindowSeconds: 900,
      trustedProxies: [],
      limits: {
        maxDepth: 10,
        maxAliases: 15,
        maxTokens: 1000,
        maxDirectives: 50,
        maxCost: 20_000,
        maxSmsPerOperation: 1,
        batchLimit: 0,
        bodyMaxBytes: 102_400,
      },
      smsRateLimit: {
        perUser: { capacity: 5, refillPerHour: 10 },
        perCredential: { capacity: 30, refillPerHour: 120 },
      },
      corsOrigins: [],
      introspection: true,
      persistedOperationsFile: null,
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      ECGRID_BASE_URL: ' https://rest.ecgrid.io ',
      ECGRID_API_KEY: 'server-key',
      ECGRID_TIMEOUT_MS: '2500',
      ECGRID_CONNECTIONS: '8',
      ECGRID_RETRY_ATTEMPTS: '5',
      ECGRID_DEADLINE_MS: '9000',
      ECGRID_RETRY_BASE_DELAY_MS: '50',
      ECGRID_RETRY_MAX_DELAY_MS: '800',
      ECGRID_RETRY_AFTER_MAX_MS: '3000',
      ECGRID_BREAKER_THRESHOLD: '7',
      ECGRID_BREAKER_COOLDOWN_MS: '30000',
      ECGRID_MAX_CONCURRENT: '10',
      ECGRID_MAX_QUEUED: '0',
      READY_CACHE_MS: '500',
      IDEMPOTENCY_TTL_SECONDS: '3600',
      REDIS_URL: 'redis://127.0.0.1:6380',
      LOADER_CONCURRENCY: '4',
      SMS_MAX_LENGTH: '70',
      LOG_LEVEL: 'DEBUG',
      NODE_ENV: 'production',
      SHUTDOWN_TIMEOUT_MS: '0',
      METRICS_ENABLED: 'FALSE',
      METRICS_PORT: '9464',
      METRICS_HOST: '::1',
      METRICS_MAX_OPERATION_NAMES: '5',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_SERVICE_NAME: 'ecgrid-gateway-eu',
      GRAPHIQL_ENABLED: 'off',
      LOGIN_MAX_FAILURES_PER_LOGIN: '3',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '50',
      LOGIN_THROTTLE_WINDOW_SECONDS: '60',
      TRUSTED_PROXIES: 'loopback, 10.0.0.0/8',
      GRAPHQL_MAX_DEPTH: '6',
      GRAPHQL_MAX_ALIASES: '4',
      GRAPHQL_MAX_TOKENS: '500',
      GRAPHQL_MAX_DIRECTIVES: '3',
      GRAPHQL_MAX_COST: '900',
      SMS_MAX_PER_OPERATION: '2',
      GRAPHQL_BATCH_LIMIT: '5',
      REQUEST_BODY_MAX_BYTES: '4096',
      SMS_USER_BURST: '2',
      SMS_USER_PER_HOUR: '6',
      SMS_CREDENTIAL_BURST: '9',
      SMS_CREDENTIAL_PER_HOUR: '60',
      CORS_ORIGINS: 'https://app.example.com',
      GRAPHQL_INTROSPECTION: 'false',
      PERSISTED_OPERATIONS_FILE: '/srv/gateway/persisted-documents.json',
    });
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      ecgridBaseUrl: 'https://rest.ecgrid.io',
      ecgridApiKey: 'server-key',
      ecgridTimeoutMs: 2500,
      ecgridConnections: 8,
      retryAttempts: 5,
      deadlineMs: 9000,
      retryBaseDelayMs: 50,
      retryMaxDelayMs: 800,
      retryAfterMaxMs: 3000,
      breakerThreshold: 7,
      breakerCooldownMs: 30_000,
      maxConcurrent: 10,
      maxQueued: 0,
      readyCacheMs: 500,
      idempotencyTtlSeconds: 3600,
      redisUrl: 'redis://127.0.0.1:6380',
      loaderConcurrency: 4,
      smsMaxLength: 70,
      logLevel: 'debug',
      production: true,
      shutdownTimeoutMs: 0,
      metricsEnabled: false,
      metricsPort: 9464,
      metricsHost: '::1',
      metricsMaxOperationNames: 5,
      otelExporterEndpoint: 'http://127.0.0.1:4318',
      otelServiceName: 'ecgrid-gateway-eu',
      graphiqlEnabled: false,
      loginMaxFailuresPerLogin: 3,
      loginMaxFailuresPerAddress: 50,
      loginThrottleWindowSeconds: 60,
      trustedProxies: ['loopback', '10.0.0.0/8'],
      limits: {
        maxDepth: 6,
        maxAliases: 4,
        maxTokens: 500,
        maxDirectives: 3,
        maxCost: 900,
        maxSmsPerOperation: 2,
        batchLimit: 5,
        bodyMaxBytes: 4096,
      },
      smsRateLimit: {
        perUser: { capacity: 2, refillPerHour: 6 },
        perCredential: { capacity: 9, refillPerHour: 60 },
      },
      corsOrigins: ['https://app.example.com'],
      introspection: false,
      persistedOperationsFile: '/srv/gateway/persisted-documents.json',
    });
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ PORT: '', ECGRID_BASE_URL: '  ', ECGRID_API_KEY: '' });
    expect(config.port).toBe(4000);
    expect(config.ecgridBaseUrl).toBeNull();
    expect(config.ecgridApiKey).toBeNull();
  });

  const badValues: [string, string, string][] = [
    ['PORT', 'abc', 'PORT must be an integer from 0 to 65535, got "abc".'],
    ['PORT', '65536', 'PORT must be an integer from 0 to 65535, got "65536".'],
    ['PORT', '-1', 'PORT must be an integer from 0 to 65535, got "-1".'],
    ['PORT', '80.5', 'PORT must be an integer from 0 to 65535, got "80.5".'],
    ['ECGRID_TIMEOUT_MS', '0', 'ECGRID_TIMEOUT_MS must be an integer from 1 to 600000, got "0".'],
    [
      'ECGRID_TIMEOUT_MS',
      '10s',
      'ECGRID_TIMEOUT_MS must be an integer from 1 to 600000, got "10s".',
    ],
    ['SMS_MAX_LENGTH', '0', 'SMS_MAX_LENGTH must be an integer from 1 to 10000, got "0".'],
    [
      'ECGRID_RETRY_ATTEMPTS',
      '0',
      'ECGRID_RETRY_ATTEMPTS must be an integer from 1 to 10, got "0".',
    ],
    [
      'ECGRID_BREAKER_COOLDOWN_MS',
      '50',
      'ECGRID_BREAKER_COOLDOWN_MS must be an integer from 100 to 300000, got "50".',
    ],
    [
      'REDIS_URL',
      'http://127.0.0.1:6379',
      'REDIS_URL must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379.',
    ],
    [
      'ECGRID_CONNECTIONS',
      'many',
      'ECGRID_CONNECTIONS must be an integer from 1 to 10000, got "many".',
    ],
    ['LOADER_CONCURRENCY', '0', 'LOADER_CONCURRENCY must be an integer from 1 to 1000, got "0".'],
    [
      'SHUTDOWN_TIMEOUT_MS',
      'x',
      'SHUTDOWN_TIMEOUT_MS must be an integer from 0 to 600000, got "x".',
    ],
    [
      'LOG_LEVEL',
      'loud',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent.',
    ],
    ['ECGRID_API_KEY', 'two words', 'ECGRID_API_KEY must not contain white space.'],
    [
      'ECGRID_BASE_URL',
      'rest.ecgrid.io',
      'ECGRID_BASE_URL must be an http or https URL, such as https://rest.ecgrid.io.',
    ],
    [
      'ECGRID_BASE_URL',
      'ftp://rest.ecgrid.io',
      'ECGRID_BASE_URL must be an http or https URL, such as https://rest.ecgrid.io.',
    ],
    [
      'ECGRID_BASE_URL',
      'https://user:secret@rest.ecgrid.io',
      'ECGRID_BASE_URL must not contain a user name or password; set ECGRID_API_KEY for the key.',
    ],
    [
      'ECGRID_BASE_URL',
      'https://rest.ecgrid.io/?key=secret',
      'ECGRID_BASE_URL must not have a query or fragment, such as https://rest.ecgrid.io.',
    ],
  ];
  for (const [name, value, message] of badValues) {
    it(`rejects ${name}=${JSON.stringify(value)}`, () => {
      expect(problemsOf({ [name]: value })).toEqual([message]);
    });
  }

  it('never echoes a secret', () => {
    const [problem] = problemsOf({ ECGRID_BASE_URL: 'https://user:hunter2@rest.ecgrid.io' });
    expect(problem).not.toContain('hunter2');
    const [keyProblem] = problemsOf({ ECGRID_API_KEY: 'hunter2 x' });
    expect(keyProblem).not.toContain('hunter2');
  });

  it('lists every bad value at once', () => {
    const problems = problemsOf({ PORT: 'x', SMS_MAX_LENGTH: '0', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(3);
    let message = '';
    try {
      loadConfig({ PORT: 'x', SMS_MAX_LENGTH: '0', LOG_LEVEL: 'loud' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      [
        'Invalid configuration:',
        '  - PORT must be an integer from 0 to 65535, got "x".',
        '  - SMS_MAX_LENGTH must be an integer from 1 to 10000, got "0".',
        '  - LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent.',
      ].join('\n'),
    );
  });
});
