// Development helper: CPU ms per operation of the gateway and the floor over a fixed number of
// operations, which stays comparable on a busy machine where requests per second do not.
// The gateway and the sandbox run from dist/, so run `npm run build` after changing src/.
import { mkdirSync } from 'node:fs';
import autocannon from 'autocannon';
import { sampleProcess, startSystem } from './processes.js';
import { SCENARIOS } from './scenarios.js';

const names = (process.argv[2] ?? 'user-3-fields,aliases-50-distinct').split(',');
const systems = (process.argv[3] ?? 'gateway,floor').split(',') as ('gateway' | 'floor')[];
const amount = Number(process.argv[4] ?? 3000);
const logDir = new URL('results/logs/', import.meta.url).pathname;
mkdirSync(logDir, { recursive: true });
const sandbox = await startSystem('ab-sandbox', 'sandbox', { BENCH_LATENCY_MS: '0' }, logDir);
const running = [];
for (const name of systems) {
  const profile = process.env.AB_PROFILE === name ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`] : [];
  running.push(
    await startSystem(`ab-${name}`, name, { BENCH_UPSTREAM: sandbox.url }, logDir, profile),
  );
}
for (const scenario of SCENARIOS.filter((s) => names.includes(s.name))) {
  for (const [index, system] of running.entries()) {
    const request = scenario.requests[systems[index] as 'gateway'];
    if (!request) continue;
    const run = (count: number) =>
      autocannon({
        url: system.url,
        connections: 20,
        amount: count,
        headers: { 'content-type': 'application/json', 'x-api-key': 'sandbox-admin-key' },
        requests: [{ method: request.method, path: request.path, body: request.body }],
      });
    const ops = scenario.name.startsWith('aliases') ? Math.ceil(amount / 20) : amount;
    await run(Math.ceil(ops / 3));
    const before = sampleProcess(system.pid).cpuMs;
    const result = await run(ops);
    const cpu = sampleProcess(system.pid).cpuMs - before;
    process.stdout.write(
      `${scenario.name.padEnd(22)} ${systems[index]?.padEnd(8)} ${(cpu / ops).toFixed(3)} ms/op  ${result.non2xx} non-2xx\n`,
    );
  }
}
for (const system of running) await system.stop();
await sandbox.stop();
