import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { z } from 'zod';
import { ErrorCode } from '../errors.js';

/** The format GraphQL Code Generator writes with `persistedDocuments`: hash to document. */
const manifestSchema = z.record(z.string().min(1), z.string().min(1));

/**
 * Reads a persisted-operations manifest, a JSON object from operation hash to document, and
 * parses every document, so that a broken manifest stops the start rather than a request.
 */
export function loadPersistedOperations(path: string): Map<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`PERSISTED_OPERATIONS_FILE ${path} could not be read as JSON: ${reason}`);
  }
  const manifest = manifestSchema.safeParse(json);
  if (!manifest.success) {
    throw new Error(
      `PERSISTED_OPERATIONS_FILE ${path} must be a JSON object from operation hash to GraphQL document.`,
    );
  }
  for (const [hash, document] of Object.entries(manifest.data)) {
    try {
      parse(document);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`PERSISTED_OPERATIONS_FILE ${path}: operation ${hash} is invalid: ${reason}`);
    }
  }
  return new Map(Object.entries(manifest.data));
}

/**
 * Runs only the operations of the manifest. A request names one by its hash, as
 * `extensions.persistedQuery.sha256Hash` with `version: 1`; a request with a `query` text
 * is rejected, and so is an unknown hash.
 */
export function usePersistedOperationList(operations: Map<string, string>): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: false,
    getPersistedOperation: (hash) => operations.get(hash) ?? null,
    // The codes are the plugin's own, and each message names what to send instead.
    customErrors: {
      notFound: {
        message: 'No persisted operation has this hash; only the operations of the allow-list run.',
        extensions: { code: ErrorCode.PersistedOperationNotFound },
      },
      keyNotFound: {
        message:
          'Send the hash of a persisted operation as extensions.persistedQuery.sha256Hash, with version 1.',
        extensions: { code: ErrorCode.PersistedOperationRequired },
      },
      persistedQueryOnly: {
        message:
          'This gateway runs only persisted operations: send the hash instead of the query text.',
        extensions: { code: ErrorCode.PersistedOperationOnly },
      },
    },
  });
}
