import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { toClientError } from '../errors.js';
import type { GatewayContext } from './context.js';

/**
 * Turns every error of an execution result into its client form while the operation runs,
 * so that later plugins (the operation log) see the final codes, and yoga's masking step,
 * which logs every error it rewrites together with the query text, has nothing to rewrite.
 */
export function useErrorNormalizer(fallback: Logger): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      const logger = args.contextValue.logger ?? fallback;
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result || !result.errors) return;
          setResult({
            ...result,
            errors: result.errors.map((error) => toClientError(error, logger)),
          });
        },
      };
    },
  };
}
