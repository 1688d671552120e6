import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { problemsOf } from '../helpers/config.js';

describe('guard settings', () => {
  it('read origins and switches', () => {
    const config = loadConfig({
      CORS_ORIGINS: ' https://app.example.com ,http://localhost:5173,',
      GRAPHQL_INTROSPECTION: 'false',
      REDIS_URL: 'redis://127.0.0.1:6390/2',
    });
    expect(config.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(config.introspection).toBe(false);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6390/2');
  });

  it('reject origins that are not exact', () => {
    for (const origin of ['*', 'https://app.example.com/', 'app.example.com', 'ftp://x.example']) {
      expect(problemsOf({ CORS_ORIGINS: origin })).toEqual([
        `CORS_ORIGINS entries must be origins such as https://app.example.com (scheme, host and optional port; no path, no "*"), got "${origin}".`,
      ]);
    }
  });

  it('name every bad value', () => {
    expect(
      problemsOf({
        GRAPHQL_INTROSPECTION: 'maybe',
        REDIS_URL: 'localhost:6379',
        GRAPHQL_MAX_DEPTH: '0',
        REQUEST_BODY_MAX_BYTES: '10',
      }),
    ).toEqual([
      'REDIS_URL must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379.',
      'GRAPHQL_MAX_DEPTH must be an integer from 1 to 1000, got "0".',
      'REQUEST_BODY_MAX_BYTES must be an integer from 1024 to 100000000, got "10".',
      'GRAPHQL_INTROSPECTION must be true or false, got "maybe".',
    ]);
  });
});
