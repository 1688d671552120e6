import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from './context.js';
import { errorCodesOf, operationInfo } from './operation-info.js';
import { REQUEST_ID_ATTRIBUTE, type Tracing } from './tracing.js';

/**
 * Wraps each executed operation in a server span named like `query User`, and puts the span's
 * context where the ECGrid calls of the operation find it, so that their spans are its children.
 */
export function useTracing(tracing: Tracing): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      const context = args.contextValue;
      const operation = operationInfo(args.document, args.operationName);
      const span = tracing.tracer.startSpan(
        operation.name ? `${operation.type} ${operation.name}` : operation.type,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'graphql.operation.type': operation.type,
            ...(operation.name ? { 'graphql.operation.name': operation.name } : {}),
            [REQUEST_ID_ATTRIBUTE]: context.requestId,
          },
        },
      );
      context.trace.context = trace.setSpan(ROOT_CONTEXT, span);
      return {
        onExecuteDone({ result }) {
          const errors = Symbol.asyncIterator in result ? undefined : result.errors;
          const codes = errorCodesOf(errors, 'GRAPHQL_ERROR');
          if (codes.length > 0) {
            span.setAttribute('graphql.error.codes', codes);
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          span.end();
        },
      };
    },
  };
}
