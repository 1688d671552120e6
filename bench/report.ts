import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { RunOptions } from './options.js';
import type { CellResult, SystemResult } from './run.js';
import type { SystemName } from './scenarios.js';
import type { SoakResult } from './soak.js';
import type { TargetResult } from './targets.js';

interface Results {
  generatedAt: string;
  durationMinutes: number;
  command: string;
  options: RunOptions;
  machine: Record<string, unknown>;
  targets: TargetResult[];
  soak: SoakResult | null;
  results: CellResult[];
  updates?: {
    generatedAt: string;
    command: string;
    cells: string[];
    machine: Record<string, unknown>;
  }[];
}

const SYSTEMS: SystemName[] = [
  'limit',
  'proxy',
  'floor',
  'gateway',
  'apollo-datasource-rest',
  'hive-gateway-openapi',
];
const BASELINES: SystemName[] = SYSTEMS.filter((name) => name !== 'gateway');

const fixed = (value: number, digits: number) => value.toFixed(digits);

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function throughputTable(cells: CellResult[]): string[] {
  const header = row(['scenario', ...SYSTEMS]);
  const rule = row(['---', ...SYSTEMS.map(() => '---:')]);
  const lines = cells.map((cell) =>
    row([
      cell.scenario,
      ...SYSTEMS.map((name) => {
        const result = cell.systems[name];
        return result ? fixed(result.requestsPerSecond, 0) : '–';
      }),
    ]),
  );
  return [header, rule, ...lines];
}

function latencyTable(cells: CellResult[]): string[] {
  const header = row(['scenario', ...SYSTEMS.map((name) => `${name} p50 / p99`)]);
  const rule = row(['---', ...SYSTEMS.map(() => '---:')]);
  const lines = cells.map((cell) =>
    row([
      cell.scenario,
      ...SYSTEMS.map((name) => {
        const result = cell.systems[name];
        return result ? `${fixed(result.latencyP50Ms, 1)} / ${fixed(result.latencyP99Ms, 1)}` : '–';
      }),
    ]),
  );
  return [header, rule, ...lines];
}

function ratioTable(cells: CellResult[]): string[] {
  const header = row(['scenario', ...BASELINES.map((name) => `gateway ÷ ${name}`)]);
  const rule = row(['---', ...BASELINES.map(() => '---:')]);
  const lines = cells.map((cell) => {
    const gateway = cell.systems.gateway?.requestsPerSecond;
    return row([
      cell.scenario,
      ...BASELINES.map((name) => {
        const other = cell.systems[name]?.requestsPerSecond;
        return gateway === undefined || !other ? '–' : `${fixed(gateway / other, 2)}×`;
      }),
    ]);
  });
  return [header, rule, ...lines];
}

function costTable(cells: CellResult[]): string[] {
  const cost = (result: SystemResult | undefined) =>
    result
      ? `${fixed(result.cpuMsPerOp, 3)} / ${fixed(result.upstreamCallsPerOp, 1)} / ${result.errors}`
      : '–';
  const header = row(['scenario', ...SYSTEMS]);
  const rule = row(['---', ...SYSTEMS.map(() => '---:')]);
  return [
    header,
    rule,
    ...cells.map((cell) =>
      row([cell.scenario, ...SYSTEMS.map((name) => cost(cell.systems[name]))]),
    ),
  ];
}

function section(results: Results, latency: number, connections: number): string[] {
  const cells = results.results.filter(
    (cell) =>
      cell.latencyMs === latency &&
      cell.connections === connections &&
      Object.keys(cell.systems).length > 0,
  );
  if (cells.length === 0) return [];
  return [
    `### Sandbox latency ${latency} ms, ${connections} connection${connections === 1 ? '' : 's'}`,
    '',
    'Operations per second (median of rounds):',
    '',
    ...throughputTable(cells),
    '',
    'Latency in ms, p50 / p99:',
    '',
    ...latencyTable(cells),
    '',
    'Ratios of the gateway to each baseline and peer (operations per second):',
    '',
    ...ratioTable(cells),
    '',
    'CPU ms per operation / upstream calls per operation / errors:',
    '',
    ...costTable(cells),
    '',
  ];
}

function memory(results: Results): string[] {
  const peak = new Map<string, number>();
  for (const cell of results.results) {
    for (const [name, result] of Object.entries(cell.systems)) {
      if (result) peak.set(name, Math.max(peak.get(name) ?? 0, result.peakRssMb));
    }
  }
  const lines = ['| system | peak RSS (MB) |', '| --- | ---: |'];
  for (const name of SYSTEMS) {
    const value = peak.get(name);
    if (value !== undefined)
      lines.push(row([name === 'limit' ? 'limit (the sandbox)' : name, fixed(value, 0)]));
  }
  const soak = results.soak;
  if (soak) {
    lines.push(
      '',
      `Memory soak: the gateway on ${soak.scenario} at ${soak.connections} connections for ${soak.minutes} min, RSS sampled every ${soak.sampleSeconds} s: median ${soak.warmRssMb} MB in the second fifth of the run and ${soak.finalRssMb} MB in the last (${soak.steady ? 'steady within 10%' : 'NOT steady within 10%'}), single samples after the first fifth from ${soak.minRssAfterWarmMb} to ${soak.maxRssAfterWarmMb} MB; ${soak.requests} requests, ${soak.errors} errors.`,
      '',
      `Samples (MB): ${soak.rssMb.join(', ')}`,
    );
  }
  return lines;
}

/** Writes BENCHMARKS.md from a run's results, keeping bench/analysis.md as its closing part. */
export function writeReport(results: Results, path: string): void {
  const machine = results.machine;
  const skipped = results.results.filter((cell) => Object.keys(cell.systems).length === 0);
  const analysisPath = new URL('analysis.md', import.meta.url).pathname;
  const analysis = existsSync(analysisPath) ? readFileSync(analysisPath, 'utf8').trim() : '';
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`${results.command}\` on ${results.generatedAt} in ${results.durationMinutes} min; the raw numbers are in [bench/results/latest.json](bench/results/latest.json). Each cell ran ${results.options.rounds} interleaved round(s) of ${results.options.durationSeconds} s; the tables quote the median.`,
    '',
    ...(results.updates ?? []).map(
      (update) =>
        `The ${update.systems === 'all' ? '' : `${update.systems.join(', ')} `}numbers of cells ${update.cells.join(', ')} come from a later run, \`${update.command}\` on ${update.generatedAt} (load average ${JSON.stringify(update.machine.loadAverageBefore)} before it).\n`,
    ),
    '## Reproduce',
    '',
    '```sh',
    'npm install',
    'npm run bench            # the full run, about 30 minutes',
    'npm run bench -- --quick # one round and a short soak, a few minutes',
    'npm run bench -- --help  # select systems, scenarios, latencies, connections; profile',
    '```',
    '',
    '## Machine',
    '',
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}. Load average (1, 5, 15 min) ${JSON.stringify(machine.loadAverageBefore)} before and ${JSON.stringify(machine.loadAverageAfter)} after. ${machine.note}`,
    '',
    `Busiest processes at the start (%CPU, command): ${(machine.busiestProcessesBefore as string[]).join('; ')}.`,
    '',
    '## Systems',
    '',
    "- `limit`: autocannon straight at the sandbox, each connection sending the operation's ECGrid calls in turn. Operations per second are calls per second over calls per operation; the latency of an operation is a call's latency times the calls that must run one after another (2 for send-sms, else 1), so fan-out scenarios get the ideal of fully parallel calls.",
    '- `proxy`: a hand-written node:http + undici proxy that makes exactly the calls of each scenario and answers in the GraphQL response shape, without parsing GraphQL.',
    '- `floor`: graphql-yoga + Pothos with the same fields, one resolver per ECGrid call over an undici pool, no loader and no plugins (so same-id aliases cost one call each).',
    '- `gateway`: this gateway as deployed: compiled by `npm run build` and run from dist/, log level info (one line per operation), metrics on, tracing off, loader fan-out 16, 64 concurrent ECGrid calls over 128 upstream connections. The sandbox runs from dist/ too; the proxy and the floor run their small TypeScript files under tsx.',
    '- `apollo-datasource-rest`: Apollo Server 5 with RESTDataSource (which deduplicates GETs within a request), usage and schema reporting off.',
    "- `hive-gateway-openapi`: Hive Gateway runtime 2 over a supergraph composed by GraphQL Mesh from the sandbox's OpenAPI description. Its schema is the generic OpenAPI one (envelope types, POST calls as mutations), and it sends SMS in one call without the readiness read.",
    '',
    "Every response is checked (status 200, no `errors`, the expected ids and values); failures are counted in the errors column. Upstream calls per operation are counted from the sandbox's request log over three sequential operations.",
    '',
    '## Targets',
    '',
    ...results.targets.map(
      (target) => `- ${target.met ? '**met**' : '**missed**'}: ${target.name}. ${target.detail}.`,
    ),
    '',
    '## Results',
    '',
    ...results.options.latencies.flatMap((latency) =>
      results.options.connections.flatMap((connections) => section(results, latency, connections)),
    ),
    ...(skipped.length > 0
      ? [
          `Skipped: ${[...new Set(skipped.map((cell) => `${cell.scenario} (${Object.values(cell.skipped)[0]})`))].join(', ')}.`,
          '',
        ]
      : []),
    '## Memory',
    '',
    ...memory(results),
    '',
    ...(analysis ? [analysis, ''] : []),
  ];
  writeFileSync(path, lines.join('\n'));
}
