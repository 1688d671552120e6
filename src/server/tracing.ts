import {
  type Context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type Tracer,
} from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { CallOutcome, UpstreamRequest } from '../ecgrid/transport.js';

/** The span attribute that carries the gateway's request id. */
export const REQUEST_ID_ATTRIBUTE = 'request.id';

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces` in batches. */
  endpoint?: string | null;
  /** An exporter to use instead, such as an in-memory one; spans are exported one by one. */
  exporter?: SpanExporter;
}

/**
 * The gateway's tracer. Its provider is not registered globally, so tracing stays with this
 * gateway instance, and parent spans travel explicitly in the request context rather than
 * through async context tracking.
 */
export interface Tracing {
  tracer: Tracer;
  /** Flushes pending spans and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * Creates the tracer, or returns null when neither an endpoint nor an exporter is given. The
 * OTLP exporter is imported only when an endpoint is set, so a gateway without tracing never
 * loads it.
 */
export async function createTracing(options: TracingOptions): Promise<Tracing | null> {
  let processor: SimpleSpanProcessor | BatchSpanProcessor;
  if (options.exporter) {
    processor = new SimpleSpanProcessor(options.exporter);
  } else if (options.endpoint) {
    const url = `${options.endpoint.replace(/\/+$/, '')}/v1/traces`;
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    processor = new BatchSpanProcessor(new OTLPTraceExporter({ url }));
  } else {
    return null;
  }
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [processor],
  });
  return {
    tracer: provider.getTracer('ecgrid-graphql-gateway'),
    shutdown: () => provider.shutdown(),
  };
}

/** Starts a client span for one ECGrid call, under the operation's span when there is one. */
export function startUpstreamSpan(
  tracer: Tracer,
  request: UpstreamRequest,
): (outcome: CallOutcome) => void {
  const parent: Context = request.traceContext ?? ROOT_CONTEXT;
  const span = tracer.startSpan(
    `ECGrid ${request.call}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': request.method,
        'url.template': request.route,
        'ecgrid.call': request.call,
        ...(request.requestId ? { [REQUEST_ID_ATTRIBUTE]: request.requestId } : {}),
      },
    },
    parent,
  );
  return (outcome) => {
    if (outcome.status !== null) span.setAttribute('http.response.status_code', outcome.status);
    if (outcome.error) {
      span.setAttribute('error.type', outcome.error.errorCode ?? outcome.error.kind);
      span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error.message });
    }
    span.end();
  };
}
