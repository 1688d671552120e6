/** How long a stopped process waits for leftover handles before it is made to exit, in ms. */
const EXIT_BACKSTOP_MS = 5_000;

/**
 * Ends the process with `code` once its event loop is idle, so that pino's asynchronous log
 * writes finish in order. `process.exit()` would write pino's buffered lines ahead of a write
 * still in flight. A handle that outlives the shutdown holds the process for at most
 * EXIT_BACKSTOP_MS.
 */
export function exitWhenIdle(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), EXIT_BACKSTOP_MS).unref();
}
