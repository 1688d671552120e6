// Compiles src/ to dist/ with tsc and copies the files that src/ reads at run time (the sandbox's
// default seed and GraphiQL's boot script), so that `node dist/server/main.js` runs without tsx.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';

const root = new URL('..', import.meta.url);
const dist = new URL('dist/', root);
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compile = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (compile.status !== 0) process.exit(compile.status ?? 1);
const RUNTIME_FILES = new Set(['.json', '.js']);
cpSync(new URL('src/', root), dist, {
  recursive: true,
  filter: (source) => extname(source) === '' || RUNTIME_FILES.has(extname(source)),
});
