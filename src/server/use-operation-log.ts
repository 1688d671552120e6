import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';

function errorCodes(
  errors: readonly unknown[] | undefined,
  fallback: string,
): string[] | undefined {
  if (!errors || errors.length === 0) return undefined;
  const codeOf = (error: unknown) =>
    String((error as { extensions?: { code?: unknown } }).extensions?.code ?? fallback);
  return [...new Set(errors.map(codeOf))];
}

/**
 * Logs one line per operation: its name, duration and the error codes of its result, and one
 * line per operation that fails validation. Variables and the query text are never logged,
 * because they may hold message texts and credentials.
 */
export function useOperationLog(logger: Logger): Plugin {
  return {
    onValidate({ params }) {
      return ({ result }) => {
        if (result.length === 0 || !logger.isLevelEnabled('info')) return;
        const operation = getOperationAST(params.documentAST)?.name?.value ?? null;
        const codes = errorCodes(result, 'GRAPHQL_VALIDATION_FAILED');
        logger.info({ operation, errorCodes: codes }, 'graphql operation rejected');
      };
    },
    onExecute({ args }) {
      const started = performance.now();
      return {
        onExecuteDone({ result }) {
          if (!logger.isLevelEnabled('info')) return;
          const operation =
            args.operationName ?? getOperationAST(args.document)?.name?.value ?? null;
          const errors = Symbol.asyncIterator in result ? undefined : result.errors;
          logger.info(
            {
              operation,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              errorCodes: errorCodes(errors, 'GRAPHQL_ERROR'),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
