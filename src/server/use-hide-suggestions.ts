import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * graphql-js appends hints such as `Did you mean "user"?` (fields, arguments, types) or
 * `Did you mean the enum value "ATT"?` to its errors; graphql 16 has no switch for them.
 */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

function withoutSuggestion<T extends Error>(error: T): T | GraphQLError {
  if (!(error instanceof GraphQLError)) return error;
  const message = error.message.replace(SUGGESTION, '');
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    // A GraphQLError cause would bring its message, hint included, back in toClientError.
    originalError: error.originalError instanceof GraphQLError ? undefined : error.originalError,
    extensions: error.extensions,
  });
}

/**
 * Removes "Did you mean …" hints from validation errors and from the variable errors of
 * execution, because with introspection off they would still reveal the schema's names.
 */
export function useHideSuggestions(): Plugin {
  return {
    onValidate() {
      return ({ valid, result, setResult }) => {
        if (!valid) setResult(result.map(withoutSuggestion));
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result || !result.errors) return;
          setResult({ ...result, errors: result.errors.map(withoutSuggestion) });
        },
      };
    },
  };
}
