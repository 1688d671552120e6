import {
  type FragmentDefinitionNode,
  Kind,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { operationLimitExceeded } from '../errors.js';

const SMS_FIELD = 'sendSms';

/**
 * Collects the response keys of the root sendSms fields, through inline fragments and
 * fragment spreads. Fields with the same response key merge into one execution, so the
 * number of distinct keys is the number of messages the operation can send.
 */
function collectSmsKeys(
  selectionSet: SelectionSetNode,
  fragments: (name: string) => FragmentDefinitionNode | null | undefined,
  keys: Set<string>,
  visited: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === SMS_FIELD) keys.add(selection.alias?.value ?? SMS_FIELD);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectSmsKeys(selection.selectionSet, fragments, keys, visited);
    } else if (!visited.has(selection.name.value)) {
      visited.add(selection.name.value);
      const fragment = fragments(selection.name.value);
      if (fragment) collectSmsKeys(fragment.selectionSet, fragments, keys, visited);
    }
  }
}

function smsFieldLimitRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      if (operation.operation !== 'mutation') return;
      const keys = new Set<string>();
      collectSmsKeys(operation.selectionSet, (name) => context.getFragment(name), keys, new Set());
      if (keys.size <= max) return;
      context.reportError(
        operationLimitExceeded(
          'sendSmsFields',
          max,
          `Operation rejected: it has ${keys.size} sendSms fields, and at most ${max} may run in one operation. Send each message in its own operation.`,
        ),
      );
    },
  });
}

/** Rejects a mutation with more than `max` sendSms fields before any of them runs. */
export function useSmsFieldLimit(max: number): Plugin {
  const rule = smsFieldLimitRule(max);
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}
