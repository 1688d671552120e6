import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from './context.js';
import type { GatewayMetrics } from './metrics.js';
import { operationInfo } from './operation-info.js';

function codeOf(error: unknown, fallback: string): string {
  return String((error as { extensions?: { code?: unknown } }).extensions?.code ?? fallback);
}

/**
 * Counts and times every operation by name, type and outcome, and counts the errors of each
 * result by code. Runs after the error normalizer, so that it sees the final codes.
 */
export function useMetrics(metrics: GatewayMetrics): Plugin<GatewayContext> {
  return {
    onParse() {
      return ({ result }) => {
        if (!(result instanceof Error)) return;
        metrics.recordOperation(null, 'unknown', 'rejected', null);
        metrics.recordError('GRAPHQL_PARSE_FAILED');
      };
    },
    onValidate({ params }) {
      return ({ result }) => {
        if (result.length === 0) return;
        const operation = operationInfo(params.documentAST, undefined);
        metrics.recordOperation(operation.name, operation.type, 'rejected', null);
        for (const error of result) metrics.recordError(codeOf(error, 'GRAPHQL_VALIDATION_FAILED'));
      };
    },
    onExecute({ args }) {
      const started = performance.now();
      return {
        onExecuteDone({ result }) {
          const operation = operationInfo(args.document, args.operationName);
          const errors = Symbol.asyncIterator in result ? undefined : result.errors;
          const outcome = errors && errors.length > 0 ? 'error' : 'success';
          const seconds = (performance.now() - started) / 1000;
          metrics.recordOperation(operation.name, operation.type, outcome, seconds);
          for (const error of errors ?? []) metrics.recordError(codeOf(error, 'GRAPHQL_ERROR'));
        },
      };
    },
  };
}
