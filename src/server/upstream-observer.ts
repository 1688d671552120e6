import type { CallObserver } from '../ecgrid/transport.js';
import type { GatewayMetrics } from './metrics.js';
import { startUpstreamSpan, type Tracing } from './tracing.js';

const NOTHING_TO_FINISH = () => {};

/**
 * Builds the transport's one observer: it counts and times each ECGrid call in the metrics and
 * wraps it in a span. Returns undefined when neither is on, so the transport skips the hook.
 */
export function createUpstreamObserver(
  metrics: GatewayMetrics | null,
  tracing: Tracing | null,
): CallObserver | undefined {
  if (!metrics && !tracing) return undefined;
  return (request) => {
    const endSpan = tracing ? startUpstreamSpan(tracing.tracer, request) : NOTHING_TO_FINISH;
    return (outcome) => {
      metrics?.recordUpstreamCall(request, outcome);
      endSpan(outcome);
    };
  };
}
