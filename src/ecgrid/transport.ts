import type { Context } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { Pool } from 'undici';
import { EcgridError, type EcgridFailureKind } from './errors.js';
import { ClientAborts, ExchangeError, exchange } from './exchange.js';
import { readEnvelope } from './wire.js';

/** The credential for one call, sent as the header ECGrid expects. */
export interface Credential {
  header: 'x-api-key' | 'authorization';
  value: string;
}

export interface UpstreamRequest {
  /** The call's name in logs and errors, such as `users.get`. */
  call: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /** The path template, such as `/v2/users/{id}`, so that logs carry no ids. */
  route: string;
  body?: unknown;
  /** Whether sending the call twice has the same effect as once; send-sms is not. */
  idempotent: boolean;
  credential: Credential | null;
  signal?: AbortSignal;
  requestId?: string;
  /** The GraphQL operation that made the call, for logs; null when it has no name. */
  operation?: string | null;
  /** Time limit for this attempt in ms, when shorter than the transport's; set by the policy. */
  timeoutMs?: number;
  /** The logger of the GraphQL request that makes the call, bound to its request id. */
  logger?: Logger;
  /** The span context of the operation that makes the call, for the call's own span. */
  traceContext?: Context;
}

/** What one finished call reports to the observer. */
export interface CallOutcome {
  /** The HTTP status of ECGrid's response, or null when no status arrived. */
  status: number | null;
  /** The failure, or null when the call returned data. */
  error: EcgridError | null;
  durationMs: number;
}

/**
 * Watches every upstream call: invoked when a call starts, it returns the function that the
 * transport invokes exactly once when the call ends. It must not throw.
 */
export type CallObserver = (request: UpstreamRequest) => (outcome: CallOutcome) => void;

export interface TransportOptions {
  /** Base URL of the ECGrid REST API, such as `https://rest.ecgrid.io`. */
  baseUrl: string;
  /** Time limit for one call, covering the connection, the headers and the whole body. */
  timeoutMs: number;
  /** Maximum open connections to ECGrid. */
  connections: number;
  logger: Logger;
  /** The one place that upstream measurements (logs, metrics, spans) hook in. */
  observe?: CallObserver;
}

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCodeOf(error: unknown): string | undefined {
  const withCode = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = withCode?.code ?? withCode?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Reads `Retry-After` as seconds or as an HTTP date. Returns null when it is absent, unreadable,
 * negative or a date in the past, so that the caller falls back to its own backoff.
 */
export function readRetryAfter(header: string | string[] | undefined): number | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '') return null;
  if (/^\d{1,9}$/.test(value)) return Number(value);
  if (/^[+-]?\d/.test(value)) return null;
  const date = Date.parse(value);
  if (Number.isNaN(date) || date < Date.now()) return null;
  return Math.ceil((date - Date.now()) / 1000);
}

/**
 * Performs every HTTP call to ECGrid over one pool of keep-alive connections, and turns every
 * failure into an EcgridError. Returns the envelope's `data` on success.
 */
export class EcgridTransport {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly clientAborts = new ClientAborts();

  constructor(private readonly options: TransportOptions) {
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  async send(request: UpstreamRequest): Promise<unknown> {
    const started = performance.now();
    const timeoutMs = Math.min(request.timeoutMs ?? this.options.timeoutMs, this.options.timeoutMs);
    const finish = this.options.observe?.(request);
    let status: number | null = null;
    let failure: EcgridError | undefined;
    try {
      const response = await exchange(
        this.pool,
        {
          method: request.method,
          path: this.basePath + request.path,
          headers: this.headersFor(request),
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
        },
        timeoutMs,
        request.signal,
        this.clientAborts,
      );
      status = response.status;
      return this.readAnswer(request.call, status, response.text, response.headers['retry-after']);
    } catch (error) {
      if (error instanceof ExchangeError) {
        status = error.status;
        const aborted = error.abortedBy !== null;
        failure = this.toEcgridError(request, status, error.original, aborted, timeoutMs);
      } else {
        failure = this.toEcgridError(request, status, error, false, timeoutMs);
      }
      throw failure;
    } finally {
      const durationMs = performance.now() - started;
      this.logCall(request, status, durationMs, failure);
      finish?.({ status, error: failure ?? null, durationMs });
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /** The logger that upstream calls and their readers write to. */
  get logger(): Logger {
    return this.options.logger;
  }

  private headersFor(request: UpstreamRequest): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.credential) headers[request.credential.header] = request.credential.value;
    if (request.requestId) headers['x-request-id'] = request.requestId;
    return headers;
  }

  private readAnswer(
    call: string,
    status: number,
    text: string,
    retryAfter: string | string[] | undefined,
  ): unknown {
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const envelope = readEnvelope(json);
    const errorCode = envelope?.errorCode || null;
    if (status >= 400 || envelope?.success === false) {
      const description = errorCode ?? (envelope ? 'an error' : 'a body that is not an envelope');
      throw new EcgridError(`ECGrid responded to ${call} with ${description} (HTTP ${status}).`, {
        kind: 'rejected',
        call,
        status,
        errorCode,
        retryAfterSeconds: status === 429 || status === 503 ? readRetryAfter(retryAfter) : null,
      });
    }
    if (envelope === null) {
      throw new EcgridError(`ECGrid responded to ${call} with a body that is not an envelope.`, {
        kind: 'malformed',
        call,
        status,
        errorCode: null,
      });
    }
    return envelope.data;
  }

  private toEcgridError(
    request: UpstreamRequest,
    status: number | null,
    error: unknown,
    aborted: boolean,
    timeoutMs: number,
  ): EcgridError {
    if (error instanceof EcgridError) return error;
    const { call } = request;
    const code = errorCodeOf(error);
    let kind: EcgridFailureKind = 'reset';
    let message = `The connection to ECGrid broke during ${call}.`;
    if (aborted && request.signal?.aborted) {
      kind = 'aborted';
      message = `The client went away, so ${call} was abandoned.`;
    } else if (aborted || (code !== undefined && TIMEOUT_CODES.has(code))) {
      kind = 'timeout';
      message = `ECGrid did not respond to ${call} within ${timeoutMs} ms.`;
    } else if (code !== undefined && NOT_SENT_CODES.has(code)) {
      kind = 'unreachable';
      message = `Could not connect to ECGrid for ${call}.`;
    }
    const outcomeUnknown = !request.idempotent && (kind === 'timeout' || kind === 'reset');
    if (outcomeUnknown) {
      message += ' ECGrid may have carried it out, so check before repeating it.';
    }
    return new EcgridError(message, {
      kind,
      call,
      status,
      errorCode: null,
      outcomeUnknown,
      cause: error,
    });
  }

  /** Logs one call at debug level; a failed call adds how it failed and ECGrid's errorCode. */
  private logCall(
    request: UpstreamRequest,
    status: number | null,
    durationMs: number,
    failure: EcgridError | undefined,
  ): void {
    const logger = request.logger ?? this.options.logger;
    if (!logger.isLevelEnabled('debug')) return;
    logger.debug(
      {
        call: request.call,
        method: request.method,
        route: request.route,
        status,
        durationMs: Math.round(durationMs * 10) / 10,
        failure: failure?.kind,
        errorCode: failure?.errorCode ?? undefined,
      },
      'ecgrid call',
    );
  }
}
