import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { problemsOf } from '../helpers/config.js';

describe('frontend settings', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['Yes', true],
    ['false', false],
    ['0', false],
    ['OFF', false],
  ])('reads GRAPHIQL_ENABLED=%s', (value, expected) => {
    expect(loadConfig({ GRAPHIQL_ENABLED: value }).graphiqlEnabled).toBe(expected);
  });

  it.each([
    ['GRAPHIQL_ENABLED', 'maybe', 'GRAPHIQL_ENABLED must be true or false, got "maybe".'],
    [
      'LOGIN_MAX_FAILURES_PER_LOGIN',
      '0',
      'LOGIN_MAX_FAILURES_PER_LOGIN must be an integer from 1 to 1000, got "0".',
    ],
    [
      'LOGIN_MAX_FAILURES_PER_ADDRESS',
      'many',
      'LOGIN_MAX_FAILURES_PER_ADDRESS must be an integer from 1 to 1000000, got "many".',
    ],
    [
      'LOGIN_THROTTLE_WINDOW_SECONDS',
      '86401',
      'LOGIN_THROTTLE_WINDOW_SECONDS must be an integer from 1 to 86400, got "86401".',
    ],
    [
      'TRUSTED_PROXIES',
      'loopback, proxy.internal',
      'TRUSTED_PROXIES must list addresses, CIDR ranges, loopback, linklocal or uniquelocal: invalid IP address: proxy.internal.',
    ],
  ])('rejects %s=%s', (name, value, message) => {
    expect(problemsOf({ [name]: value })).toEqual([message]);
  });
});
