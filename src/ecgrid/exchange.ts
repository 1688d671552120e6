import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

export interface ExchangeRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ExchangeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A failed exchange: the underlying error, the status if one arrived, and who aborted it. */
export class ExchangeError extends Error {
  constructor(
    readonly original: unknown,
    readonly status: number | null,
    readonly abortedBy: 'deadline' | 'client' | null,
  ) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'ExchangeError';
  }
}

/**
 * Aborts every call in flight for one client signal with a single listener on it, because an
 * AbortController and a listener per upstream call were a measurable part of each call's cost.
 */
export class ClientAborts {
  private readonly inFlight = new WeakMap<AbortSignal, Set<() => void>>();

  /** Registers `abort` for `signal`; returns the function that unregisters it. */
  watch(signal: AbortSignal, abort: () => void): () => void {
    let aborts = this.inFlight.get(signal);
    if (!aborts) {
      const registered = new Set<() => void>();
      aborts = registered;
      this.inFlight.set(signal, registered);
      signal.addEventListener('abort', () => {
        for (const abortCall of registered) abortCall();
      });
    }
    aborts.add(abort);
    return () => aborts.delete(abort);
  }
}

/**
 * Performs one HTTP exchange over `dispatcher` with undici's dispatch API and collects the body
 * as text. `deadlineMs` bounds the whole exchange (connection, headers and body), and the
 * client's signal aborts it. Rejects with an ExchangeError.
 */
export function exchange(
  dispatcher: Dispatcher,
  request: ExchangeRequest,
  deadlineMs: number,
  clientSignal: AbortSignal | undefined,
  clientAborts: ClientAborts,
): Promise<ExchangeResponse> {
  if (clientSignal?.aborted) {
    // A client that left before this call started (it may have queued behind others of the
    // same request) costs no upstream work at all.
    return Promise.reject(new ExchangeError(new Error('aborted by the client'), null, 'client'));
  }
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | null = null;
    let abortedBy: 'deadline' | 'client' | null = null;
    let status: number | null = null;
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    const abort = (by: 'deadline' | 'client') => {
      if (abortedBy !== null) return;
      abortedBy = by;
      controller?.abort(new Error(`aborted by the ${by}`));
    };
    const timer = setTimeout(() => abort('deadline'), deadlineMs);
    const unwatch = clientSignal ? clientAborts.watch(clientSignal, () => abort('client')) : null;
    const settle = () => {
      clearTimeout(timer);
      unwatch?.();
    };
    dispatcher.dispatch(
      {
        method: request.method as Dispatcher.HttpMethod,
        path: request.path,
        headers: request.headers,
        body: request.body,
      },
      {
        onRequestStart(started) {
          controller = started;
          if (abortedBy !== null) started.abort(new Error(`aborted by the ${abortedBy}`));
        },
        onResponseStart(_controller, statusCode, responseHeaders) {
          status = statusCode;
          headers = responseHeaders;
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          settle();
          const text =
            chunks.length === 1
              ? (chunks[0] as Buffer).toString('utf8')
              : Buffer.concat(chunks).toString('utf8');
          resolve({ status: status ?? 0, headers, text });
        },
        onResponseError(_controller, error) {
          settle();
          reject(new ExchangeError(error, status, abortedBy));
        },
      },
    );
  });
}
