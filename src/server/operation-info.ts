import { type DocumentNode, getOperationAST } from 'graphql';

export interface OperationInfo {
  /** The operation's name, or null for an anonymous operation. */
  name: string | null;
  /** query, mutation or subscription; `unknown` when the document names no such operation. */
  type: string;
}

/** Reads the executed operation's name and type, as the plugins label and log them. */
export function operationInfo(
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationInfo {
  const operation = getOperationAST(document, operationName);
  return {
    name: operationName ?? operation?.name?.value ?? null,
    type: operation?.operation ?? 'unknown',
  };
}

/** The distinct `extensions.code` values of a result's errors, with a fallback for none. */
export function errorCodesOf(errors: readonly unknown[] | undefined, fallback: string): string[] {
  if (!errors || errors.length === 0) return [];
  const codeOf = (error: unknown) =>
    String((error as { extensions?: { code?: unknown } }).extensions?.code ?? fallback);
  return [...new Set(errors.map(codeOf))];
}
