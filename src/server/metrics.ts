import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState } from '../ecgrid/policy.js';
import type { CallOutcome, UpstreamRequest } from '../ecgrid/transport.js';

/** Why a sendSms request sent no text message; the label values of `sms_rejected_total`. */
export type SmsRejectionReason =
  | 'NO_CELL_PHONE'
  | 'NO_CELL_CARRIER'
  | 'NOT_SUBMITTED'
  | 'USER_NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'RATE_LIMITED'
  | 'OUTCOME_UNKNOWN'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'UNAUTHENTICATED'
  | 'UPSTREAM_FAILURE';

/** The outcome label of an operation: it ran without errors, ran with some, or never ran. */
export type OperationOutcome = 'success' | 'error' | 'rejected';

/** Circuit breaker states as the `ecgrid_breaker_state` gauge reports them. */
export const BREAKER_STATE = { closed: 0, halfOpen: 1, open: 2 } as const;

export const OTHER_OPERATION = '__other';
export const ANONYMOUS_OPERATION = '__anonymous';

/** Seconds; from a fast in-memory response to the default 10 s upstream time limit. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** GraphQL names are at most this long here; a longer one is labelled `__other`. */
const MAX_NAME_LENGTH = 64;
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * The gateway's Prometheus metrics, in a registry of its own so that two gateways in one
 * process (as in the tests) never share counts. Label values come from fixed sets (ECGrid call
 * names, HTTP statuses, error codes, failure kinds, SMS reasons) or, for operation names, from
 * the first `maxOperationNames` distinct names seen; no label carries a credential, an id or a
 * message text.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly operations: Counter<'operation' | 'type' | 'outcome'>;
  private readonly operationDuration: Histogram<'operation' | 'type' | 'outcome'>;
  private readonly errors: Counter<'code'>;
  private readonly upstreamCalls: Counter<'call' | 'status'>;
  private readonly upstreamDuration: Histogram<'call' | 'status'>;
  private readonly breakerState: Gauge;
  private readBreakerState: (() => BreakerState) | null = null;
  private readonly smsSubmitted: Counter;
  private readonly smsRejected: Counter<'reason'>;

  constructor(private readonly maxOperationNames: number) {
    const registers = [this.registry];
    const operationLabels = ['operation', 'type', 'outcome'] as const;
    this.operations = new Counter({
      name: 'graphql_operations_total',
      help: 'GraphQL operations by operation name, type and outcome (success, error, rejected).',
      labelNames: operationLabels,
      registers,
    });
    this.operationDuration = new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'Time from the start of execution to its result, in seconds.',
      labelNames: operationLabels,
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'graphql_errors_total',
      help: 'Errors in the errors list of GraphQL results, by extensions.code.',
      labelNames: ['code'],
      registers,
    });
    this.upstreamCalls = new Counter({
      name: 'ecgrid_calls_total',
      help: 'ECGrid calls by call name and HTTP status, or failure kind when no status arrived.',
      labelNames: ['call', 'status'],
      registers,
    });
    this.upstreamDuration = new Histogram({
      name: 'ecgrid_call_duration_seconds',
      help: 'Duration of ECGrid calls including the response body, in seconds.',
      labelNames: ['call', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.breakerState = new Gauge({
      name: 'ecgrid_breaker_state',
      help: 'State of the ECGrid circuit breaker: 0 closed, 1 half-open, 2 open.',
      registers,
      collect: () => {
        const read = this.readBreakerState;
        if (read) this.breakerState.set(BREAKER_STATE[read()]);
      },
    });
    this.smsSubmitted = new Counter({
      name: 'sms_submitted_total',
      help: 'Text messages that ECGrid accepted for delivery.',
      registers,
    });
    this.smsRejected = new Counter({
      name: 'sms_rejected_total',
      help: 'sendSms requests that sent no text message, by reason.',
      labelNames: ['reason'],
      registers,
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Maps a client-chosen operation name to a label value from a bounded set. */
  operationLabel(name: string | null | undefined): string {
    if (name === null || name === undefined || name === '') return ANONYMOUS_OPERATION;
    if (this.operationNames.has(name)) return name;
    const acceptable = name.length <= MAX_NAME_LENGTH && GRAPHQL_NAME.test(name);
    if (!acceptable || this.operationNames.size >= this.maxOperationNames) return OTHER_OPERATION;
    this.operationNames.add(name);
    return name;
  }

  recordOperation(
    name: string | null | undefined,
    type: string,
    outcome: OperationOutcome,
    durationSeconds: number | null,
  ): void {
    const labels = { operation: this.operationLabel(name), type, outcome };
    this.operations.inc(labels);
    if (durationSeconds !== null) this.operationDuration.observe(labels, durationSeconds);
  }

  recordError(code: string): void {
    this.errors.inc({ code });
  }

  recordUpstreamCall(request: UpstreamRequest, outcome: CallOutcome): void {
    // The status label is the HTTP status, else the failure kind, else 'none'.
    let status = outcome.error?.kind ?? 'none';
    if (outcome.status !== null) status = String(outcome.status);
    const labels = { call: request.call, status };
    this.upstreamCalls.inc(labels);
    this.upstreamDuration.observe(labels, outcome.durationMs / 1000);
  }

  /** Reports the breaker's state, read at each scrape, as `ecgrid_breaker_state`. */
  watchBreaker(read: () => BreakerState): void {
    this.readBreakerState = read;
  }

  recordSmsSubmitted(): void {
    this.smsSubmitted.inc();
  }

  recordSmsRejected(reason: SmsRejectionReason): void {
    this.smsRejected.inc({ reason });
  }

  /** The exposition text and its content type, for GET /metrics. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
