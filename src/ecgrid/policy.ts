import { setTimeout as sleep } from 'node:timers/promises';
import {
  BrokenCircuitError,
  BulkheadPolicy,
  BulkheadRejectedError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  TaskCancelledError,
} from 'cockatiel';
import type { Logger } from 'pino';
import { EcgridError } from './errors.js';
import { ClientAborts } from './exchange.js';
import {
  isRetryable,
  isUpstreamFailure,
  type RetryClass,
  type RetrySettings,
  retryDelayMs,
} from './retry.js';
import type { EcgridTransport, UpstreamRequest } from './transport.js';

export interface PolicySettings extends RetrySettings {
  /** Overall time limit of one call with all its retries and waits, in ms. */
  deadlineMs: number;
  /** Consecutive upstream failures that open the circuit breaker. */
  breakerThreshold: number;
  /** How long the open breaker rejects calls before it lets a trial call through, in ms. */
  breakerCooldownMs: number;
  /** Maximum ECGrid calls in flight at once. */
  maxConcurrent: number;
  /** Maximum calls waiting for a free slot; calls past it are rejected at once. */
  maxQueued: number;
}

/** `halfOpen` covers both a running trial call and a cool-down that has passed. */
export type BreakerState = 'closed' | 'open' | 'halfOpen';

/** An attempt shorter than this is not started, because it could not finish in time. */
const MIN_ATTEMPT_MS = 50;

/** Describes a failure for logs in a few words, such as `HTTP 503` or `timeout`, never a body. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof EcgridError)) return 'unexpected error';
  if (error.kind === 'rejected')
    return `HTTP ${error.status}${error.errorCode ? ` ${error.errorCode}` : ''}`;
  return error.kind;
}

/**
 * The gateway's upstream policy around EcgridTransport.send: retries by the call's retry
 * class within an overall deadline, one circuit breaker and one bulkhead for all of ECGrid.
 * Every failure it throws is an EcgridError.
 */
export class UpstreamPolicy {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;
  private openedAt = 0;
  private lastFailure: { operation: string | null; call: string; reason: string } | null = null;
  /** One abort listener per request signal for all of its queued calls. */
  private readonly queuedAborts = new ClientAborts();

  constructor(
    private readonly transport: EcgridTransport,
    private readonly settings: PolicySettings,
    /** The logger that upstream calls and their readers write to. */
    readonly logger: Logger,
  ) {
    // NOTE: cockatiel 3 closes a half-open breaker when the trial fails with an error it does not
    // count. For a client abort, that closes the breaker without proof that ECGrid recovered.
    this.breaker = circuitBreaker(handleWhen(isUpstreamFailure), {
      halfOpenAfter: settings.breakerCooldownMs,
      breaker: new ConsecutiveBreaker(settings.breakerThreshold),
    });
    this.bulkhead = new BulkheadPolicy(settings.maxConcurrent, settings.maxQueued);
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
      this.logger.warn(
        { ...this.lastFailure, cooldownMs: settings.breakerCooldownMs },
        'ECGrid circuit breaker opened; calls fail fast until the cool-down ends',
      );
    });
    this.breaker.onHalfOpen(() => this.logger.info('ECGrid circuit breaker half-open; trial call'));
    this.breaker.onReset(() => this.logger.info('ECGrid circuit breaker closed'));
  }

  get breakerState(): BreakerState {
    const state = this.breaker.state;
    if (state === CircuitState.Closed) return 'closed';
    if (state === CircuitState.HalfOpen) return 'halfOpen';
    return this.cooldownLeftMs() > 0 ? 'open' : 'halfOpen';
  }

  /** Sends one call, retrying it as its retry class allows; resolves the envelope's data. */
  async send(request: UpstreamRequest, retryClass: RetryClass): Promise<unknown> {
    const deadline = performance.now() + this.settings.deadlineMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(request, deadline);
      } catch (error) {
        const delayMs = this.retryDelay(error, attempt, retryClass, deadline);
        if (delayMs === null) throw this.dropped(request, error);
        // The request's own logger, when it has one, adds its request id to the line.
        (request.logger ?? this.logger).warn(
          {
            operation: request.operation ?? null,
            call: request.call,
            attempt,
            delayMs,
            reason: describeFailure(error),
          },
          'retrying ECGrid call',
        );
        await this.wait(request, delayMs);
      }
    }
  }

  /** The delay before the next attempt, or null when the failure is final. */
  private retryDelay(
    error: unknown,
    attempt: number,
    retryClass: RetryClass,
    deadline: number,
  ): number | null {
    if (attempt >= this.settings.attempts || !isRetryable(error, retryClass)) return null;
    const delayMs = retryDelayMs(error, attempt, this.settings);
    return performance.now() + delayMs + MIN_ATTEMPT_MS > deadline ? null : delayMs;
  }

  private async wait(request: UpstreamRequest, delayMs: number): Promise<void> {
    try {
      await sleep(delayMs, undefined, { signal: request.signal });
    } catch {
      throw this.dropped(request, abortedError(request.call));
    }
  }

  private async attempt(request: UpstreamRequest, deadline: number): Promise<unknown> {
    if (request.signal?.aborted) throw abortedError(request.call);
    try {
      return await this.breaker.execute(() => this.throughBulkhead(request, deadline));
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        const seconds = Math.max(1, Math.ceil(this.cooldownLeftMs() / 1000));
        throw new EcgridError(
          `ECGrid is failing, so ${request.call} was not sent (circuit open).`,
          {
            kind: 'breakerOpen',
            call: request.call,
            status: null,
            errorCode: null,
            retryAfterSeconds: seconds,
          },
        );
      }
      if (isUpstreamFailure(error)) {
        const reason = describeFailure(error);
        this.lastFailure = { operation: request.operation ?? null, call: request.call, reason };
      }
      throw error;
    }
  }

  /** Runs the call in a bulkhead slot; a call that must queue waits at most until the deadline. */
  private throughBulkhead(request: UpstreamRequest, deadline: number): Promise<unknown> {
    const run = () => {
      const timeoutMs = Math.floor(deadline - performance.now());
      if (timeoutMs < MIN_ATTEMPT_MS) return Promise.reject(deadlineError(request));
      return this.transport.send({ ...request, timeoutMs });
    };
    if (this.bulkhead.executionSlots > 0) return this.bulkhead.execute(run);
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stopWatching?.();
        settle();
      };
      const onAbort = () => finish(() => reject(abortedError(request.call)));
      const timer = setTimeout(
        () => finish(() => reject(queueTimeoutError(request))),
        Math.max(0, deadline - performance.now()),
      );
      const stopWatching = request.signal && this.queuedAborts.watch(request.signal, onAbort);
      this.bulkhead
        .execute(() => {
          if (settled) return Promise.reject(abortedError(request.call));
          clearTimeout(timer);
          return run();
        })
        .then(
          (data) => finish(() => resolve(data)),
          (error: unknown) => finish(() => reject(error)),
        );
    });
  }

  /** Turns a final failure into an EcgridError and logs it when the gateway dropped the call. */
  private dropped(request: UpstreamRequest, error: unknown): unknown {
    let failure = error;
    if (error instanceof BulkheadRejectedError) {
      failure = new EcgridError(
        `Too many ECGrid calls are in flight (${this.settings.maxConcurrent}) and queued (${this.settings.maxQueued}), so ${request.call} was not sent.`,
        { kind: 'overloaded', call: request.call, status: null, errorCode: null },
      );
    } else if (error instanceof TaskCancelledError) {
      failure = abortedError(request.call);
    }
    if (failure instanceof EcgridError && DROPPED_KINDS.has(failure.kind)) {
      const level = failure.kind === 'aborted' ? 'info' : 'warn';
      (request.logger ?? this.logger)[level](
        { operation: request.operation ?? null, call: request.call, reason: failure.kind },
        'ECGrid call dropped',
      );
    }
    return failure;
  }

  private cooldownLeftMs(): number {
    return this.openedAt + this.settings.breakerCooldownMs - Date.now();
  }
}

const DROPPED_KINDS = new Set(['aborted', 'breakerOpen', 'overloaded']);

function abortedError(call: string): EcgridError {
  return new EcgridError(`The client went away, so ${call} was abandoned.`, {
    kind: 'aborted',
    call,
    status: null,
    errorCode: null,
  });
}

/** Builds the error of a call whose deadline left too little time to send it. */
function deadlineError(request: UpstreamRequest): EcgridError {
  return new EcgridError(`The deadline for ${request.call} passed before it could be sent.`, {
    kind: 'deadline',
    call: request.call,
    status: null,
    errorCode: null,
  });
}

/** Builds the error of a call that waited for a bulkhead slot until its deadline, unsent. */
function queueTimeoutError(request: UpstreamRequest): EcgridError {
  return new EcgridError(
    `The deadline for ${request.call} passed while it waited behind other ECGrid calls.`,
    { kind: 'overloaded', call: request.call, status: null, errorCode: null },
  );
}
