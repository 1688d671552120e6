import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One system under test, or the sandbox, in a process of its own on a loopback port. */
export interface SystemProcess {
  name: string;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

const ROOT = new URL('..', import.meta.url).pathname;

/** Every child still running, so that the harness never leaves one behind when it ends. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

/**
 * Waits until the processes use less than 5% of a core over 200 ms, for at most `maxMs`, so that
 * work left over from one cell (calls of clients that already went away) does not run into the
 * next cell. Returns how long it waited.
 */
export async function settle(pids: number[], maxMs = 15_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < maxMs) {
    const before = pids.reduce((sum, pid) => sum + sampleProcess(pid).cpuMs, 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = pids.reduce((sum, pid) => sum + sampleProcess(pid).cpuMs, 0);
    if (after - before <= 10) break;
  }
  return Date.now() - started;
}

/**
 * Starts `bench/systems/<script>.ts` under tsx with `env`, sends its stdout (the system's log)
 * to `<logDir>/<name>.log`, and waits for the `READY <port>` line on stderr.
 */
export function startSystem(
  name: string,
  script: string,
  env: Record<string, string>,
  logDir: string,
  nodeOptions: string[] = [],
): Promise<SystemProcess> {
  const log = openSync(join(logDir, `${name}.log`), 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeOptions, '--import', 'tsx', join(ROOT, 'bench/systems', `${script}.ts`)],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, NO_UPDATE_NOTIFIER: '1', APOLLO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', log, 'pipe'],
    },
  );
  children.add(child);
  child.once('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in 120 s: ${stderr}`)),
      120_000,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /READY (\d+)/.exec(stderr);
      if (!match || child.pid === undefined) return;
      clearTimeout(timer);
      stderr = '';
      resolve({
        name,
        pid: child.pid,
        url: `http://127.0.0.1:${match[1]}`,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready: ${stderr}`));
    });
  });
}

/** CPU time and memory of a process, from /proc (Linux). */
export interface ProcessSample {
  cpuMs: number;
  rssBytes: number;
  peakRssBytes: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

export function sampleProcess(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return {
    cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND,
    rssBytes: kilobytes('VmRSS') * 1024,
    peakRssBytes: kilobytes('VmHWM') * 1024,
  };
}
