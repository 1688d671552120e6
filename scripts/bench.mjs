// Runs the benchmark harness (bench/run.ts), first installing bench/'s own dependencies when
// they are missing, so that `npm run bench` works on a fresh clone after `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!existsSync(new URL('../bench/node_modules/autocannon', import.meta.url))) {
  const install = spawnSync(npm, ['--prefix', 'bench', 'ci', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
  });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
// The harness runs the gateway and the sandbox from the compiled build, as a deployment does.
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', 'bench/run.ts', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(run.status ?? 1);
