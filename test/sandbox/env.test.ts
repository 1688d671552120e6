import { describe, expect, it } from 'vitest';
import { readSandboxSettings } from '../../src/sandbox/env.js';

describe('readSandboxSettings', () => {
  it('applies the defaults', () => {
    expect(readSandboxSettings({})).toEqual({
      ok: true,
      settings: { port: 4010, host: '127.0.0.1' },
    });
  });

  it('reads every setting', () => {
    const result = readSandboxSettings({
      SANDBOX_PORT: '0',
      SANDBOX_HOST: '::1',
      SANDBOX_API_KEY: 'local-admin-key',
      SANDBOX_LATENCY_MS: '25',
    });
    expect(result).toEqual({
      ok: true,
      settings: { port: 0, host: '::1', adminApiKey: 'local-admin-key', latencyMs: 25 },
    });
  });

  it('lists one message per bad value', () => {
    const result = readSandboxSettings({
      SANDBOX_PORT: '70000',
      SANDBOX_HOST: ' ',
      SANDBOX_API_KEY: '',
      SANDBOX_LATENCY_MS: '-3',
      SANDBOX_SEED: '/nonexistent/seed.json',
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([
      'SANDBOX_PORT must be an integer from 0 to 65535, got "70000"',
      'SANDBOX_HOST must not be empty; use an address such as 127.0.0.1',
      'SANDBOX_LATENCY_MS must be a non-negative integer of ms, got "-3"',
      'SANDBOX_API_KEY must not be empty; unset it to keep the seeded key',
      "SANDBOX_SEED: cannot read sandbox seed /nonexistent/seed.json: ENOENT: no such file or directory, open '/nonexistent/seed.json'",
    ]);
  });
});
