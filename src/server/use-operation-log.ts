import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { GatewayContext } from './context.js';
import { errorCodesOf, operationInfo } from './operation-info.js';

/**
 * Logs one line per operation: its name, duration and the error codes of its result, and one
 * line per operation that fails validation. Lines go to the request's logger, so they carry
 * its request id. Variables and the query text are never logged, because they may hold
 * message texts and credentials.
 */
export function useOperationLog(fallback: Logger): Plugin<GatewayContext> {
  return {
    onValidate({ params, context }) {
      return ({ result }) => {
        const logger = (context as Partial<GatewayContext>).logger ?? fallback;
        if (result.length === 0 || !logger.isLevelEnabled('info')) return;
        const operation = operationInfo(params.documentAST, undefined).name;
        const codes = errorCodesOf(result, 'GRAPHQL_VALIDATION_FAILED');
        logger.info({ operation, errorCodes: codes }, 'graphql operation rejected');
      };
    },
    onExecute({ args }) {
      const started = performance.now();
      const logger = args.contextValue.logger;
      return {
        onExecuteDone({ result }) {
          if (!logger.isLevelEnabled('info')) return;
          const operation = operationInfo(args.document, args.operationName).name;
          const errors = Symbol.asyncIterator in result ? undefined : result.errors;
          const codes = errorCodesOf(errors, 'GRAPHQL_ERROR');
          logger.info(
            {
              operation,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              errorCodes: codes.length > 0 ? codes : undefined,
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
