import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeMachine } from './machine.js';
import {
  API_KEY,
  type Measurement,
  measureLimit,
  measureSystem,
  median,
  probeUpstreamCalls,
} from './matrix.js';
import { parseOptions, type RunOptions } from './options.js';
import { type SystemProcess, sampleProcess, settle, startSystem } from './processes.js';
import { writeReport } from './report.js';
import {
  entitiesScenario,
  GRAPHQL_SYSTEMS,
  SCENARIOS,
  type Scenario,
  type SystemName,
} from './scenarios.js';
import { runSoak, type SoakResult } from './soak.js';
import { checkTargets } from './targets.js';

const RESULTS = new URL('results/', import.meta.url).pathname;
const SCRIPTS: Record<Exclude<SystemName, 'limit'>, string> = {
  proxy: 'proxy',
  floor: 'floor',
  gateway: 'gateway',
  'apollo-datasource-rest': 'apollo',
  'hive-gateway-openapi': 'hive',
};

export interface SystemResult {
  requestsPerSecond: number;
  latencyMeanMs: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  cpuMsPerOp: number;
  upstreamCallsPerOp: number;
  errors: number;
  peakRssMb: number;
  rounds: Measurement[];
}

export interface CellResult {
  scenario: string;
  latencyMs: number;
  connections: number;
  systems: Partial<Record<SystemName, SystemResult>>;
  skipped: Partial<Record<SystemName, string>>;
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Finds `_entities` and the User key field in a running gateway's schema, or returns null. */
async function federationKey(gateway: SystemProcess): Promise<string | null> {
  const query = '{ __schema { queryType { fields { name } } } }';
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as {
    data?: { __schema: { queryType: { fields: { name: string }[] } } };
  };
  const fields = body.data?.__schema.queryType.fields.map((field) => field.name) ?? [];
  if (!fields.includes('_entities')) return null;
  const sdl = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const text = ((await sdl.json()) as { data?: { _service?: { sdl?: string } } }).data?._service
    ?.sdl;
  const key = /type User[^{]*@key\(fields:\s*"(\w+)"/.exec(text ?? '')?.[1];
  return key ?? 'id';
}

function summarise(rounds: Measurement[], callsPerOp: number, peakRssMb: number): SystemResult {
  const pick = (key: keyof Measurement) => median(rounds.map((round) => round[key]));
  return {
    requestsPerSecond: pick('requestsPerSecond'),
    latencyMeanMs: pick('latencyMeanMs'),
    latencyP50Ms: pick('latencyP50Ms'),
    latencyP99Ms: pick('latencyP99Ms'),
    cpuMsPerOp: pick('cpuMsPerOp'),
    upstreamCallsPerOp: callsPerOp,
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    peakRssMb,
    rounds,
  };
}

/** Runs every scenario and connection count at one sandbox latency; returns the cells. */
async function runLatency(latencyMs: number, options: RunOptions, logDir: string) {
  const sandbox = await startSystem(
    `sandbox-${latencyMs}ms`,
    'sandbox',
    { BENCH_LATENCY_MS: String(latencyMs) },
    logDir,
  );
  const names = GRAPHQL_SYSTEMS.filter(
    (name) => !options.systems || options.systems.includes(name),
  );
  const systems = new Map<SystemName, SystemProcess>();
  for (const name of names) {
    const profiling = options.profile.includes(name);
    const profileDir = join(RESULTS, 'profiles');
    if (profiling) mkdirSync(profileDir, { recursive: true });
    const env = {
      BENCH_UPSTREAM: sandbox.url,
      BENCH_FAN_OUT: String(options.fanOut),
      LOADER_CONCURRENCY: String(options.fanOut),
    };
    const nodeOptions = profiling ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    systems.set(
      name,
      await startSystem(
        `${name}-${latencyMs}ms`,
        SCRIPTS[name as Exclude<SystemName, 'limit'>],
        env,
        logDir,
        nodeOptions,
      ),
    );
    log(`started ${name} on ${systems.get(name)?.url}`);
  }
  const scenarios: Scenario[] = [...SCENARIOS];
  const gateway = systems.get('gateway');
  const key = gateway ? await federationKey(gateway) : null;
  const entities = entitiesScenario(key ?? 'id');
  if (key !== null) scenarios.splice(4, 0, entities);
  const chosen = scenarios.filter((s) => !options.scenarios || options.scenarios.includes(s.name));

  const calls = new Map<string, number>();
  const failures = new Map<string, number>();
  for (const scenario of chosen) {
    for (const [name, system] of systems) {
      const request = scenario.requests[name as Exclude<SystemName, 'limit'>];
      if (!request) continue;
      const probe = await probeUpstreamCalls(system, sandbox, request);
      calls.set(`${scenario.name}/${name}`, probe.callsPerOp);
      failures.set(`${scenario.name}/${name}`, probe.failures);
      if (probe.failures > 0) log(`WARNING ${name} failed the check on ${scenario.name}`);
    }
  }
  // Warm-up after every probe, so that no warm-up call in flight lands in a probe's count.
  for (const scenario of chosen) {
    for (const [name, system] of systems) {
      const request = scenario.requests[name as Exclude<SystemName, 'limit'>];
      if (request) await measureSystem(system, request, 10, options.warmupSeconds);
    }
  }

  const useLimit = !options.systems || options.systems.includes('limit');
  const order: SystemName[] = [...(useLimit ? (['limit'] as SystemName[]) : []), ...systems.keys()];
  const rounds = new Map<string, Measurement[]>();
  for (let round = 0; round < options.rounds; round++) {
    log(`latency ${latencyMs} ms: round ${round + 1} of ${options.rounds}`);
    for (const scenario of chosen) {
      for (const connections of options.connections) {
        // Rotating the order each round spreads slow drifts of the shared machine over systems.
        const rotated = order.map((_, i) => order[(i + round) % order.length] as SystemName);
        for (const name of rotated) {
          const cell = `${scenario.name}/${connections}/${name}`;
          let measured: Measurement | null = null;
          if (name === 'limit') {
            measured = await measureLimit(sandbox, scenario, connections, options.durationSeconds);
          } else {
            const request = scenario.requests[name as Exclude<SystemName, 'limit'>];
            const system = systems.get(name);
            if (request && system) {
              measured = await measureSystem(system, request, connections, options.durationSeconds);
            }
          }
          if (measured) rounds.set(cell, [...(rounds.get(cell) ?? []), measured]);
          const waited = await settle([sandbox.pid, ...[...systems.values()].map((s) => s.pid)]);
          if (waited >= 15_000) log(`${cell}: still busy after 15 s`);
        }
      }
    }
  }

  const peak = new Map<SystemName, number>();
  for (const [name, system] of systems)
    peak.set(name, sampleProcess(system.pid).peakRssBytes / 2 ** 20);
  peak.set('limit', sampleProcess(sandbox.pid).peakRssBytes / 2 ** 20);
  const cells: CellResult[] = [];
  for (const scenario of chosen) {
    for (const connections of options.connections) {
      const cell: CellResult = {
        scenario: scenario.name,
        latencyMs,
        connections,
        systems: {},
        skipped: {},
      };
      for (const name of order) {
        const measured = rounds.get(`${scenario.name}/${connections}/${name}`);
        if (!measured) {
          cell.skipped[name] =
            name === 'gateway' ? 'not served' : 'no federation (_entities) in this system';
          continue;
        }
        const callsPerOp =
          name === 'limit'
            ? scenario.limitCalls.length
            : (calls.get(`${scenario.name}/${name}`) ?? 0);
        const result = summarise(measured, callsPerOp, peak.get(name) ?? 0);
        result.errors += failures.get(`${scenario.name}/${name}`) ?? 0;
        cell.systems[name] = result;
      }
      cells.push(cell);
    }
  }
  if (key === null && (!options.scenarios || options.scenarios.includes('entities-100'))) {
    for (const connections of options.connections) {
      const skipped = Object.fromEntries(
        order.map((name) => [name, 'the gateway schema has no _entities yet']),
      );
      cells.push({ scenario: 'entities-100', latencyMs, connections, systems: {}, skipped });
    }
  }
  for (const system of systems.values()) await system.stop();
  await sandbox.stop();
  return cells;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.reportOnly) {
    const saved = JSON.parse(readFileSync(join(RESULTS, 'latest.json'), 'utf8'));
    // The targets are checked again, so that a change to their rules reaches both files.
    saved.targets = checkTargets(saved.results, saved.soak, saved.options);
    writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(saved, null, 2)}\n`);
    writeReport(saved, new URL('../BENCHMARKS.md', import.meta.url).pathname);
    log('rewrote BENCHMARKS.md from bench/results/latest.json');
    return;
  }
  const logDir = join(RESULTS, 'logs');
  mkdirSync(logDir, { recursive: true });
  const started = Date.now();
  const machineBefore = describeMachine();
  const cells: CellResult[] = [];
  for (const latencyMs of options.latencies)
    cells.push(...(await runLatency(latencyMs, options, logDir)));
  let soak: SoakResult | null = null;
  if (options.soakMinutes > 0 && (!options.systems || options.systems.includes('gateway'))) {
    log(`memory soak: ${options.soakMinutes} min at 100 connections`);
    soak = await runSoak(options.soakMinutes, logDir);
  }
  const machine = { ...machineBefore, loadAverageAfter: describeMachine().loadAverageBefore };
  const run = {
    generatedAt: new Date().toISOString(),
    durationMinutes: Math.round((Date.now() - started) / 600) / 100,
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
  };
  let results = {
    ...run,
    options,
    targets: checkTargets(cells, soak, options),
    soak,
    results: cells,
  };
  if (options.update) {
    // The earlier run keeps its options, machine and soak; the new cells replace their matches.
    const earlier = JSON.parse(readFileSync(join(RESULTS, 'latest.json'), 'utf8'));
    const key = (cell: CellResult) => `${cell.scenario}/${cell.latencyMs}/${cell.connections}`;
    const replaced = new Set(cells.map(key));
    // Systems measured now replace their earlier numbers; the others of a cell stay.
    const fresh = new Map(cells.map((cell) => [key(cell), cell]));
    const merged = earlier.results.map((cell: CellResult) => {
      const update = fresh.get(key(cell));
      if (!update) return cell;
      fresh.delete(key(cell));
      const skipped = Object.entries({ ...cell.skipped, ...update.skipped }).filter(
        ([name]) => !(name in update.systems),
      );
      return {
        ...cell,
        systems: { ...cell.systems, ...update.systems },
        skipped: Object.fromEntries(skipped),
      };
    });
    merged.push(...fresh.values());
    const kept = earlier.soak ?? soak;
    results = {
      ...earlier,
      targets: checkTargets(merged, kept, earlier.options),
      soak: kept,
      results: merged,
      updates: [
        ...(earlier.updates ?? []),
        { ...run, cells: [...replaced], systems: options.systems ?? 'all' },
      ],
    };
  }
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeReport(results, new URL('../BENCHMARKS.md', import.meta.url).pathname);
  for (const target of results.targets) {
    process.stdout.write(`${target.met ? 'MET   ' : 'MISSED'} ${target.name}: ${target.detail}\n`);
  }
  log(`wrote bench/results/latest.json and BENCHMARKS.md in ${run.durationMinutes} min`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
