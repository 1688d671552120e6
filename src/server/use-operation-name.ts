import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from './context.js';

/** Puts the operation's name into the context before execution, for ECGrid call logs. */
export function useOperationName(): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      const context = args.contextValue as GatewayContext;
      const operation = getOperationAST(args.document, args.operationName);
      context.operation.name = operation?.name?.value ?? null;
    },
  };
}
