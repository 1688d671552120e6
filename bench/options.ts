/** Settings of one benchmark run, from the command line. */
export interface RunOptions {
  quick: boolean;
  rounds: number;
  durationSeconds: number;
  warmupSeconds: number;
  latencies: number[];
  connections: number[];
  systems: string[] | null;
  scenarios: string[] | null;
  soakMinutes: number;
  /** Systems to run under `node --cpu-prof`; profiles go to bench/results/profiles. */
  profile: string[];
  /** Loader fan-out of the gateway and the proxy, as LOADER_CONCURRENCY sets it. */
  fanOut: number;
  /** Only rewrite BENCHMARKS.md from bench/results/latest.json, measuring nothing. */
  reportOnly: boolean;
  /** Replace only the measured cells in bench/results/latest.json, keeping the others. */
  update: boolean;
}

const HELP = `Usage: npm run bench -- [options]
  --quick              one round of 1 s per cell and a 30 s memory soak (a few minutes)
  --rounds N           interleaved rounds per cell (default 3)
  --duration S         seconds per cell and round (default 1)
  --latency 0,20       sandbox latency settings in ms (default 0,20)
  --connections 1,10   autocannon connection counts (default 1,10,100)
  --systems a,b        only these systems (default all)
  --scenarios a,b      only these scenarios (default all)
  --soak-minutes M     length of the memory soak at 100 connections (default 10, 0 skips it)
  --profile gateway    run these systems under node --cpu-prof
  --report             only rewrite BENCHMARKS.md from bench/results/latest.json
  --update             replace only the measured cells of bench/results/latest.json`;

function list(value: string | undefined, name: string): string[] {
  if (value === undefined || value === '') throw new Error(`${name} needs a value\n${HELP}`);
  return value.split(',').map((item) => item.trim());
}

function numbers(value: string | undefined, name: string): number[] {
  const items = list(value, name).map(Number);
  if (items.some((item) => !Number.isFinite(item) || item < 0)) {
    throw new Error(`${name} must be non-negative numbers, got "${value}"`);
  }
  return items;
}

export function parseOptions(argv: string[]): RunOptions {
  const options: RunOptions = {
    quick: false,
    rounds: 3,
    durationSeconds: 1,
    warmupSeconds: 1,
    latencies: [0, 20],
    connections: [1, 10, 100],
    systems: null,
    scenarios: null,
    soakMinutes: 10,
    profile: [],
    fanOut: 16,
    reportOnly: false,
    update: false,
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = argv[index + 1];
    const take = () => {
      index += 1;
      return value;
    };
    if (flag === '--quick') {
      options.quick = true;
      options.rounds = 1;
      options.soakMinutes = 0.5;
    } else if (flag === '--rounds') options.rounds = numbers(take(), flag)[0] ?? 1;
    else if (flag === '--duration') options.durationSeconds = numbers(take(), flag)[0] ?? 1;
    else if (flag === '--latency') options.latencies = numbers(take(), flag);
    else if (flag === '--connections') options.connections = numbers(take(), flag);
    else if (flag === '--systems') options.systems = list(take(), flag);
    else if (flag === '--scenarios') options.scenarios = list(take(), flag);
    else if (flag === '--soak-minutes') options.soakMinutes = numbers(take(), flag)[0] ?? 0;
    else if (flag === '--profile') options.profile = list(take(), flag);
    else if (flag === '--report') options.reportOnly = true;
    else if (flag === '--update') options.update = true;
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${HELP}\n`);
      process.exit(0);
    } else throw new Error(`unknown option ${flag}\n${HELP}`);
  }
  return options;
}
