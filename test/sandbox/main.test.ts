import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Starts `npm run sandbox`'s entry point and returns its parsed stdout lines as they come. */
function startMain(env: Record<string, string>) {
  const started = spawn(tsx, ['src/sandbox/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = started;
  const lines = createInterface({ input: started.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => JSON.parse((await lines.next()).value as string);
  return { process: started, nextLine };
}

describe('sandbox entry point', () => {
  it('starts, serves and stops on SIGTERM', async () => {
    const main = startMain({ SANDBOX_PORT: '0', SANDBOX_API_KEY: 'entry-point-key' });
    const start = await main.nextLine();
    expect(start.msg).toBe('sandbox started');
    expect(start.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.stringify(start)).not.toContain('entry-point-key');
    const response = await request(`${start.url}/v2/users/me`, {
      headers: { 'x-api-key': 'entry-point-key' },
    });
    expect(response.statusCode).toBe(200);
    await response.body.dump();
    const exited = once(main.process, 'exit');
    main.process.kill('SIGTERM');
    const stop = await main.nextLine();
    expect(stop.msg).toBe('sandbox stopped');
    expect(stop.signal).toBe('SIGTERM');
    expect(await exited).toEqual([0, null]);
  });

  it('exits 1 listing bad settings', async () => {
    const main = startMain({ SANDBOX_PORT: 'http', SANDBOX_LATENCY_MS: 'slow' });
    const exited = once(main.process, 'exit');
    const first = await main.nextLine();
    const second = await main.nextLine();
    expect(first.level).toBe(50);
    expect(first.msg).toBe('SANDBOX_PORT must be an integer from 0 to 65535, got "http"');
    expect(second.level).toBe(50);
    expect(second.msg).toBe('SANDBOX_LATENCY_MS must be a non-negative integer of ms, got "slow"');
    expect(await exited).toEqual([1, null]);
  });
});
