import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.js';

/**
 * The SHOULD audits the gateway fails on purpose, by audit name. docs/frontend-safety.md
 * explains each one; this list and that page change together.
 */
const SHOULDS_NOT_MET: string[] = [];

describe('GraphQL over HTTP audits', () => {
  let stack: Stack;
  let results: Awaited<ReturnType<typeof auditServer>>;
  beforeAll(async () => {
    stack = await startStack();
    // The audits send GET requests, which must carry the CSRF header like any browser's.
    const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('x-ecgrid-csrf', '1');
      return fetch(input, { ...init, headers });
    };
    results = await auditServer({ url: stack.endpoint, fetchFn });
  });
  afterAll(() => stack.close());

  it('passes every MUST audit', () => {
    const failed = results.filter(
      (result) => result.name.startsWith('MUST') && result.status !== 'ok',
    );
    expect(
      failed.map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`),
    ).toEqual([]);
    expect(results.filter((result) => result.name.startsWith('MUST')).length).toBeGreaterThan(10);
  });

  it('misses only the listed SHOULD audits', () => {
    const missed = results
      .filter((result) => result.name.startsWith('SHOULD') && result.status !== 'ok')
      .map((result) => result.name);
    expect(missed).toEqual(SHOULDS_NOT_MET);
  });
});
