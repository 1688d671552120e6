import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type OperationLimit, operationLimitExceeded } from '../errors.js';
import type { OperationLimits } from './config.js';

/**
 * Builds GraphQL Armor's reject handler for one limit. Armor's own error starts with
 * "Syntax Error:" and has no code, so the handler reports a coded error in its place. It is a
 * validation error where Armor runs as a validation rule. The token limit runs in the parser,
 * which has no validation context, so there the handler throws it.
 */
function rejectWith(limit: OperationLimit, max: number) {
  return (context: ValidationContext | null, armorError: GraphQLError): void => {
    const detail = armorError.message.replace(/^Syntax Error: /, '');
    const error = operationLimitExceeded(limit, max, `Operation rejected: ${detail}`);
    if (context === null) throw error;
    context.reportError(error);
  };
}

function armorOptions(limit: OperationLimit, max: number) {
  return { exposeLimits: true, propagateOnRejection: false, onReject: [rejectWith(limit, max)] };
}

/**
 * Checks the size and shape of every operation before it runs, with GraphQL Armor: the
 * tokens while parsing, and depth, aliases, directives and cost while validating. An
 * operation over a limit gets OPERATION_LIMIT_EXCEEDED, and no resolver runs.
 */
export function useOperationLimits(limits: OperationLimits): Plugin[] {
  return [
    maxTokensPlugin({ n: limits.maxTokens, ...armorOptions('tokens', limits.maxTokens) }),
    maxDepthPlugin({ n: limits.maxDepth, ...armorOptions('depth', limits.maxDepth) }),
    maxAliasesPlugin({ n: limits.maxAliases, ...armorOptions('aliases', limits.maxAliases) }),
    maxDirectivesPlugin({
      n: limits.maxDirectives,
      ...armorOptions('directives', limits.maxDirectives),
    }),
    costLimitPlugin({ maxCost: limits.maxCost, ...armorOptions('cost', limits.maxCost) }),
  ];
}
