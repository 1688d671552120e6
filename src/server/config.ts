import proxyAddr from 'proxy-addr';
import { z } from 'zod';

/** Gateway settings, read from the environment once at start. */
export interface Config {
  /** TCP port to listen on; 0 picks a free one. Default 4000. */
  port: number;
  /** Address to listen on. Default 127.0.0.1; set 0.0.0.0 to accept other hosts. */
  host: string;
  /** ECGrid REST base URL; null starts the in-process sandbox (not allowed in production). */
  ecgridBaseUrl: string | null;
  /** API key used when a request brings no credential of its own; null means none. */
  ecgridApiKey: string | null;
  /** Time limit for one ECGrid call, including its body, in milliseconds. Default 10000. */
  ecgridTimeoutMs: number;
  /** Maximum keep-alive connections to ECGrid. Default 128. */
  ecgridConnections: number;
  /** Attempts per ECGrid call, the first included (ECGRID_RETRY_ATTEMPTS). Default 3. */
  retryAttempts: number;
  /** Time limit of one ECGrid call with all its retries and waits, in ms. Default 20000. */
  deadlineMs: number;
  /** Backoff before the first retry, in ms; it doubles per retry, with full jitter. Default 200. */
  retryBaseDelayMs: number;
  /** Cap of the exponential backoff, in ms. Default 5000. */
  retryMaxDelayMs: number;
  /** Cap of a delay that ECGrid's Retry-After header requests, in ms. Default 10000. */
  retryAfterMaxMs: number;
  /** Consecutive ECGrid failures that open the circuit breaker. Default 5. */
  breakerThreshold: number;
  /** How long the open circuit breaker fails calls fast, in ms. Default 10000. */
  breakerCooldownMs: number;
  /** Maximum ECGrid calls in flight at once, over all requests. Default 64. */
  maxConcurrent: number;
  /** Maximum ECGrid calls waiting for a free slot; more are rejected. Default 256. */
  maxQueued: number;
  /** How long /ready reuses its last ECGrid check, in ms. Default 2000. */
  readyCacheMs: number;
  /** How long an idempotency key returns its first sendSms result, in seconds. Default 86400. */
  idempotencyTtlSeconds: number;
  /**
   * Redis (redis:// or rediss://) that gateway instances share for idempotency keys and SMS rate
   * limit counters; null keeps both in memory.
   */
  redisUrl: string | null;
  /** Maximum concurrent ECGrid calls that one GraphQL operation's user loader makes. Default 16. */
  loaderConcurrency: number;
  /** Maximum length of a text message, in Unicode code points. Default 160. */
  smsMaxLength: number;
  /** pino log level. Default info. */
  logLevel: string;
  /** True when NODE_ENV is production. */
  production: boolean;
  /** How long a stop waits for in-flight requests before closing connections, in ms. Default 10000. */
  shutdownTimeoutMs: number;
  /** Whether GET /metrics serves Prometheus metrics. Default true. */
  metricsEnabled: boolean;
  /**
   * Port of a separate listener that serves only /metrics, so that the public port does not.
   * 0 picks a free one, and null (the default) serves /metrics on the gateway's port.
   */
  metricsPort: number | null;
  /** Interface of the metrics listener. Default: HOST. */
  metricsHost: string;
  /**
   * Maximum distinct operation names that metrics label by name; later names share the label
   * `__other`, so that clients cannot grow the label set without bound. Default 100.
   */
  metricsMaxOperationNames: number;
  /** OTLP/HTTP base URL that traces go to (`/v1/traces` is appended); null turns tracing off. */
  otelExporterEndpoint: string | null;
  /** `service.name` of the spans. Default ecgrid-graphql-gateway. */
  otelServiceName: string;
  /** Serve GraphiQL to browsers at /graphql (GRAPHIQL_ENABLED). Default true. */
  graphiqlEnabled: boolean;
  /** Failed logins per login name within the window before login is throttled. Default 5. */
  loginMaxFailuresPerLogin: number;
  /** Failed logins per client address within the window before login is throttled. Default 20. */
  loginMaxFailuresPerAddress: number;
  /** Window of the failed-login counters, in seconds, from the first failure. Default 900. */
  loginThrottleWindowSeconds: number;
  /**
   * Reverse proxies whose X-Forwarded-For entry names the client (TRUSTED_PROXIES, a comma-
   * separated list of addresses, CIDR ranges, or loopback, linklocal, uniquelocal). Default none:
   * the client is the socket's peer.
   */
  trustedProxies: string[];
  /** Limits checked before an operation runs. */
  limits: OperationLimits;
  /** Token buckets for text messages, taken per sendSms field. */
  smsRateLimit: SmsRateLimitConfig;
  /** Origins whose browser pages may call the gateway (CORS), exactly as the Origin header. */
  corsOrigins: string[];
  /** Whether introspection (`__schema`, `__type`) is served. Default true: GraphiQL needs it. */
  introspection: boolean;
  /** JSON file mapping operation hashes to documents; when set, only those operations run. */
  persistedOperationsFile: string | null;
}

/** Limits on one HTTP request and the operations in it. */
export interface OperationLimits {
  /** Maximum selection depth, introspection excluded. Default 10. */
  maxDepth: number;
  /** Maximum aliases in one operation. Default 15. */
  maxAliases: number;
  /** Maximum lexical tokens in one document. Default 1000. */
  maxTokens: number;
  /** Maximum directives in one operation. Default 50. */
  maxDirectives: number;
  /** Maximum cost as GraphQL Armor's cost-limit plugin computes it. Default 20000. */
  maxCost: number;
  /** Maximum sendSms fields in one operation. Default 1. */
  maxSmsPerOperation: number;
  /** Maximum operations in one batched HTTP request; 0 rejects batches. Default 0. */
  batchLimit: number;
  /** Maximum HTTP request body size, in bytes. Default 102400 (100 KiB). */
  bodyMaxBytes: number;
}

/** One token bucket: a burst of `capacity`, refilled steadily at `refillPerHour`. */
export interface BucketConfig {
  /** Messages that may go at once; 0 turns this limit off. */
  capacity: number;
  /** Tokens added back per hour. */
  refillPerHour: number;
}

export interface SmsRateLimitConfig {
  /** Per target user. Default 5 at once, 10 per hour. */
  perUser: BucketConfig;
  /** Per credential (API key or Bearer token). Default 30 at once, 120 per hour. */
  perCredential: BucketConfig;
}

/** Reads an integer setting from `min` to `max`, and returns `fallback` when it is unset or blank. */
function integer<Fallback extends number | null>(
  name: string,
  fallback: Fallback,
  min: number,
  max: number,
) {
  return z
    .string()
    .optional()
    .transform((value, context): number | Fallback => {
      if (value === undefined || value.trim() === '') return fallback;
      const parsed = Number(value);
      if (!/^\d+$/.test(value.trim()) || parsed < min || parsed > max) {
        context.addIssue({
          code: 'custom',
          message: `${name} must be an integer from ${min} to ${max}, got "${value}".`,
        });
        return z.NEVER;
      }
      return parsed;
    });
}

/** A true/false setting; also accepts 1/0, yes/no and on/off, in any case. */
function flag(name: string, fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((value, context) => {
      const normalized = value?.trim().toLowerCase() ?? '';
      if (normalized === '') return fallback;
      if (['true', '1', 'yes', 'on'].includes(normalized)) return true;
      if (['false', '0', 'no', 'off'].includes(normalized)) return false;
      context.addIssue({
        code: 'custom',
        message: `${name} must be true or false, got "${value}".`,
      });
      return z.NEVER;
    });
}

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? null : value.trim()));

/** A comma-separated list of addresses and ranges in the form that proxy-addr accepts. */
const proxyList = z
  .string()
  .optional()
  .transform((value, context) => {
    const entries = (value ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    try {
      proxyAddr.compile(entries);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      context.addIssue({
        code: 'custom',
        message: `TRUSTED_PROXIES must list addresses, CIDR ranges, loopback, linklocal or uniquelocal: ${reason}.`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** A comma-separated list of origins, each exactly `scheme://host[:port]`. */
const originList = z
  .string()
  .optional()
  .transform((value, context) => {
    const origins = (value ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    for (const origin of origins) {
      if (!isOrigin(origin)) {
        context.addIssue({
          code: 'custom',
          message: `CORS_ORIGINS entries must be origins such as https://app.example.com (scheme, host and optional port; no path, no "*"), got "${origin}".`,
        });
        return z.NEVER;
      }
    }
    return origins;
  });

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}

/** Says what is wrong with an ECGrid base URL, or returns undefined when it is usable. */
function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an http or https URL, such as https://rest.ecgrid.io.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'must be an http or https URL, such as https://rest.ecgrid.io.';
  }
  // A credential in the URL would reach logs and errors; ECGrid takes it as a header.
  if (url.username !== '' || url.password !== '') {
    return 'must not contain a user name or password; set ECGRID_API_KEY for the key.';
  }
  if (url.search !== '' || url.hash !== '') {
    return 'must not have a query or fragment, such as https://rest.ecgrid.io.';
  }
  return undefined;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const environmentSchema = z.object({
  PORT: integer('PORT', 4000, 0, 65535),
  HOST: z
    .string()
    .optional()
    .transform((value) => value?.trim() || '127.0.0.1'),
  ECGRID_BASE_URL: optionalText.superRefine((value, context) => {
    const problem = value === null ? undefined : baseUrlProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: `ECGRID_BASE_URL ${problem}` });
  }),
  ECGRID_API_KEY: optionalText.refine((value) => value === null || !/\s/.test(value), {
    message: 'ECGRID_API_KEY must not contain white space.',
  }),
  ECGRID_TIMEOUT_MS: integer('ECGRID_TIMEOUT_MS', 10_000, 1, 600_000),
  ECGRID_CONNECTIONS: integer('ECGRID_CONNECTIONS', 128, 1, 10_000),
  ECGRID_RETRY_ATTEMPTS: integer('ECGRID_RETRY_ATTEMPTS', 3, 1, 10),
  ECGRID_DEADLINE_MS: integer('ECGRID_DEADLINE_MS', 20_000, 100, 600_000),
  ECGRID_RETRY_BASE_DELAY_MS: integer('ECGRID_RETRY_BASE_DELAY_MS', 200, 0, 60_000),
  ECGRID_RETRY_MAX_DELAY_MS: integer('ECGRID_RETRY_MAX_DELAY_MS', 5_000, 0, 600_000),
  ECGRID_RETRY_AFTER_MAX_MS: integer('ECGRID_RETRY_AFTER_MAX_MS', 10_000, 0, 600_000),
  ECGRID_BREAKER_THRESHOLD: integer('ECGRID_BREAKER_THRESHOLD', 5, 1, 1_000),
  ECGRID_BREAKER_COOLDOWN_MS: integer('ECGRID_BREAKER_COOLDOWN_MS', 10_000, 100, 300_000),
  ECGRID_MAX_CONCURRENT: integer('ECGRID_MAX_CONCURRENT', 64, 1, 10_000),
  ECGRID_MAX_QUEUED: integer('ECGRID_MAX_QUEUED', 256, 0, 100_000),
  READY_CACHE_MS: integer('READY_CACHE_MS', 2_000, 0, 60_000),
  IDEMPOTENCY_TTL_SECONDS: integer('IDEMPOTENCY_TTL_SECONDS', 86_400, 1, 2_592_000),
  REDIS_URL: optionalText.refine((value) => value === null || /^rediss?:\/\/\S+$/.test(value), {
    message: 'REDIS_URL must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379.',
  }),
  LOADER_CONCURRENCY: integer('LOADER_CONCURRENCY', 16, 1, 1_000),
  SMS_MAX_LENGTH: integer('SMS_MAX_LENGTH', 160, 1, 10_000),
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((value) => value?.trim().toLowerCase() || 'info')
    .refine((value) => (LOG_LEVELS as readonly string[]).includes(value), {
      message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`,
    }),
  SHUTDOWN_TIMEOUT_MS: integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
  METRICS_ENABLED: flag('METRICS_ENABLED', true),
  METRICS_PORT: integer('METRICS_PORT', null, 0, 65_535),
  METRICS_HOST: optionalText,
  METRICS_MAX_OPERATION_NAMES: integer('METRICS_MAX_OPERATION_NAMES', 100, 0, 10_000),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.refine(
    (value) => value === null || /^https?:\/\/[^\s/]+/.test(value),
    { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http or https URL.' },
  ),
  OTEL_SERVICE_NAME: z
    .string()
    .optional()
    .transform((value) => value?.trim() || 'ecgrid-graphql-gateway'),
  GRAPHQL_MAX_DEPTH: integer('GRAPHQL_MAX_DEPTH', 10, 1, 1_000),
  GRAPHQL_MAX_ALIASES: integer('GRAPHQL_MAX_ALIASES', 15, 0, 10_000),
  GRAPHQL_MAX_TOKENS: integer('GRAPHQL_MAX_TOKENS', 1_000, 1, 1_000_000),
  GRAPHQL_MAX_DIRECTIVES: integer('GRAPHQL_MAX_DIRECTIVES', 50, 0, 10_000),
  GRAPHQL_MAX_COST: integer('GRAPHQL_MAX_COST', 20_000, 1, 100_000_000),
  SMS_MAX_PER_OPERATION: integer('SMS_MAX_PER_OPERATION', 1, 0, 100),
  GRAPHQL_BATCH_LIMIT: integer('GRAPHQL_BATCH_LIMIT', 0, 0, 100),
  REQUEST_BODY_MAX_BYTES: integer('REQUEST_BODY_MAX_BYTES', 102_400, 1_024, 100_000_000),
  SMS_USER_BURST: integer('SMS_USER_BURST', 5, 0, 1_000_000),
  SMS_USER_PER_HOUR: integer('SMS_USER_PER_HOUR', 10, 1, 1_000_000),
  SMS_CREDENTIAL_BURST: integer('SMS_CREDENTIAL_BURST', 30, 0, 1_000_000),
  SMS_CREDENTIAL_PER_HOUR: integer('SMS_CREDENTIAL_PER_HOUR', 120, 1, 1_000_000),
  CORS_ORIGINS: originList,
  GRAPHQL_INTROSPECTION: flag('GRAPHQL_INTROSPECTION', true),
  PERSISTED_OPERATIONS_FILE: optionalText,
  NODE_ENV: z.string().optional(),
  GRAPHIQL_ENABLED: flag('GRAPHIQL_ENABLED', true),
  LOGIN_MAX_FAILURES_PER_LOGIN: integer('LOGIN_MAX_FAILURES_PER_LOGIN', 5, 1, 1_000),
  LOGIN_MAX_FAILURES_PER_ADDRESS: integer('LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 1_000_000),
  LOGIN_THROTTLE_WINDOW_SECONDS: integer('LOGIN_THROTTLE_WINDOW_SECONDS', 900, 1, 86_400),
  TRUSTED_PROXIES: proxyList,
});

/** Invalid settings; the message has one line per bad value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the settings; throws ConfigError naming every bad value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  }
  const settings = parsed.data;
  // Port 0 picks a free port for each listener, so only a fixed port can clash.
  if (settings.METRICS_PORT !== 0 && settings.METRICS_PORT === settings.PORT) {
    throw new ConfigError([
      `METRICS_PORT must differ from PORT (${settings.PORT}); leave it unset to serve /metrics on PORT.`,
    ]);
  }
  return {
    port: settings.PORT,
    host: settings.HOST,
    ecgridBaseUrl: settings.ECGRID_BASE_URL,
    ecgridApiKey: settings.ECGRID_API_KEY,
    ecgridTimeoutMs: settings.ECGRID_TIMEOUT_MS,
    ecgridConnections: settings.ECGRID_CONNECTIONS,
    retryAttempts: settings.ECGRID_RETRY_ATTEMPTS,
    deadlineMs: settings.ECGRID_DEADLINE_MS,
    retryBaseDelayMs: settings.ECGRID_RETRY_BASE_DELAY_MS,
    retryMaxDelayMs: settings.ECGRID_RETRY_MAX_DELAY_MS,
    retryAfterMaxMs: settings.ECGRID_RETRY_AFTER_MAX_MS,
    breakerThreshold: settings.ECGRID_BREAKER_THRESHOLD,
    breakerCooldownMs: settings.ECGRID_BREAKER_COOLDOWN_MS,
    maxConcurrent: settings.ECGRID_MAX_CONCURRENT,
    maxQueued: settings.ECGRID_MAX_QUEUED,
    readyCacheMs: settings.READY_CACHE_MS,
    idempotencyTtlSeconds: settings.IDEMPOTENCY_TTL_SECONDS,
    redisUrl: settings.REDIS_URL,
    loaderConcurrency: settings.LOADER_CONCURRENCY,
    smsMaxLength: settings.SMS_MAX_LENGTH,
    logLevel: settings.LOG_LEVEL,
    production: settings.NODE_ENV === 'production',
    shutdownTimeoutMs: settings.SHUTDOWN_TIMEOUT_MS,
    metricsEnabled: settings.METRICS_ENABLED,
    metricsPort: settings.METRICS_PORT,
    metricsHost: settings.METRICS_HOST ?? settings.HOST,
    metricsMaxOperationNames: settings.METRICS_MAX_OPERATION_NAMES,
    otelExporterEndpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT,
    otelServiceName: settings.OTEL_SERVICE_NAME,
    graphiqlEnabled: settings.GRAPHIQL_ENABLED,
    loginMaxFailuresPerLogin: settings.LOGIN_MAX_FAILURES_PER_LOGIN,
    loginMaxFailuresPerAddress: settings.LOGIN_MAX_FAILURES_PER_ADDRESS,
    loginThrottleWindowSeconds: settings.LOGIN_THROTTLE_WINDOW_SECONDS,
    trustedProxies: settings.TRUSTED_PROXIES,
    limits: {
      maxDepth: settings.GRAPHQL_MAX_DEPTH,
      maxAliases: settings.GRAPHQL_MAX_ALIASES,
      maxTokens: settings.GRAPHQL_MAX_TOKENS,
      maxDirectives: settings.GRAPHQL_MAX_DIRECTIVES,
      maxCost: settings.GRAPHQL_MAX_COST,
      maxSmsPerOperation: settings.SMS_MAX_PER_OPERATION,
      batchLimit: settings.GRAPHQL_BATCH_LIMIT,
      bodyMaxBytes: settings.REQUEST_BODY_MAX_BYTES,
    },
    smsRateLimit: {
      perUser: { capacity: settings.SMS_USER_BURST, refillPerHour: settings.SMS_USER_PER_HOUR },
      perCredential: {
        capacity: settings.SMS_CREDENTIAL_BURST,
        refillPerHour: settings.SMS_CREDENTIAL_PER_HOUR,
      },
    },
    corsOrigins: settings.CORS_ORIGINS,
    introspection: settings.GRAPHQL_INTROSPECTION,
    persistedOperationsFile: settings.PERSISTED_OPERATIONS_FILE,
  };
}
