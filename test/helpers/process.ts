import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The gateway's entry point running as a child process, with its output collected. */
export interface GatewayProcess {
  child: ChildProcess;
  /** Parsed JSON log lines from stdout, in order. */
  lines: Record<string, unknown>[];
  stdout(): string;
  stderr(): string;
  /** Resolves with the first log line that `match` accepts; rejects when the process exits. */
  waitForLine(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Resolves with the exit code, or the signal name when a signal ended the process. */
  exited: Promise<number | string>;
}

/** How the entry point runs: from src/ under tsx (`npm start`), or compiled in dist/. */
export type EntryPoint = 'src' | 'dist';

const ENTRY_ARGS: Record<EntryPoint, string[]> = {
  src: ['--import', 'tsx', 'src/server/main.ts'],
  dist: ['dist/server/main.js'],
};

/**
 * Spawns the gateway's entry point with only `env` and PATH in its environment, so that the
 * test runner's NODE_ENV and other settings do not leak into it.
 */
export function spawnGateway(
  env: Record<string, string>,
  entry: EntryPoint = 'src',
): GatewayProcess {
  const child = spawn(process.execPath, ENTRY_ARGS[entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const lines: Record<string, unknown>[] = [];
  const waiters: {
    match: (line: Record<string, unknown>) => boolean;
    resolve: (line: Record<string, unknown>) => void;
  }[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    const complete = out.split('\n').slice(0, -1);
    for (const text of complete.slice(lines.length)) {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      for (const waiter of waiters.filter((candidate) => candidate.match(line))) {
        waiter.resolve(line);
        waiters.splice(waiters.indexOf(waiter), 1);
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return {
    child,
    lines,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLine: (match) => {
      const found = lines.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void exited.then((code) =>
          reject(new Error(`gateway exited (${code}) first:\n${out}\n${err}`)),
        );
      });
    },
  };
}
