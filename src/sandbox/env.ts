import { loadSeedFile, type SandboxOptions } from './server.js';

export interface SandboxSettings extends SandboxOptions {
  port: number;
  host: string;
}

export type SettingsResult =
  | { ok: true; settings: SandboxSettings }
  | { ok: false; errors: string[] };

/**
 * Reads the sandbox settings from environment variables. It collects one message per invalid
 * value, so a misconfigured start lists every problem at once. The variables are:
 * - SANDBOX_PORT: TCP port, default 4010 (0 picks a free port);
 * - SANDBOX_HOST: listen address, default 127.0.0.1;
 * - SANDBOX_SEED: path to a seed JSON file, default the shipped default-seed.json;
 * - SANDBOX_API_KEY: replaces the administrator's seeded key;
 * - SANDBOX_LATENCY_MS: delay in ms before every /v2/ response, default 0.
 */
export function readSandboxSettings(env: NodeJS.ProcessEnv): SettingsResult {
  const errors: string[] = [];
  const settings: SandboxSettings = { port: 4010, host: '127.0.0.1' };

  const port = env.SANDBOX_PORT;
  if (port !== undefined) {
    if (/^[0-9]{1,5}$/.test(port) && Number(port) <= 65535) settings.port = Number(port);
    else errors.push(`SANDBOX_PORT must be an integer from 0 to 65535, got "${port}"`);
  }
  const host = env.SANDBOX_HOST;
  if (host !== undefined) {
    if (host.trim() !== '') settings.host = host;
    else errors.push('SANDBOX_HOST must not be empty; use an address such as 127.0.0.1');
  }
  const latency = env.SANDBOX_LATENCY_MS;
  if (latency !== undefined) {
    if (/^[0-9]{1,7}$/.test(latency)) settings.latencyMs = Number(latency);
    else errors.push(`SANDBOX_LATENCY_MS must be a non-negative integer of ms, got "${latency}"`);
  }
  const apiKey = env.SANDBOX_API_KEY;
  if (apiKey !== undefined) {
    // The key itself stays out of the message, because messages are logged.
    if (apiKey.trim() !== '') settings.adminApiKey = apiKey;
    else errors.push('SANDBOX_API_KEY must not be empty; unset it to keep the seeded key');
  }
  const seedPath = env.SANDBOX_SEED;
  if (seedPath !== undefined) {
    try {
      settings.seed = loadSeedFile(seedPath);
    } catch (error) {
      errors.push(`SANDBOX_SEED: ${(error as Error).message}`);
    }
  }
  return errors.length === 0 ? { ok: true, settings } : { ok: false, errors };
}
