import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config.js';

/** Returns the problems that loadConfig reports for `env`, and fails when it accepts `env`. */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}
