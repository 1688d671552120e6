import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIFTS_SDL } from './shifts-subgraph.js';

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the compose command (src/schema/compose.ts under tsx) and collects its output. */
function compose(args: string[]): Promise<CommandResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/schema/compose.ts', ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

// Each run starts Node and tsx and builds the schema, which takes seconds on a loaded machine.
describe('npm run compose', { timeout: 60_000 }, () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ecgrid-compose-'));
    await writeFile(join(directory, 'shifts.graphql'), SHIFTS_SDL);
    await writeFile(join(directory, 'clash.graphql'), 'type Query { me: String }');
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('prints the composed supergraph', async () => {
    const shifts = `${join(directory, 'shifts.graphql')}=http://127.0.0.1:4001/graphql`;
    const result = await compose(['--ecgrid-url', 'http://127.0.0.1:4000/graphql', shifts]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'ECGRID @join__graph(name: "ecgrid", url: "http://127.0.0.1:4000/graphql")',
    );
    expect(result.stdout).toContain(
      'SHIFTS @join__graph(name: "shifts", url: "http://127.0.0.1:4001/graphql")',
    );
  });

  it('prints composition errors and fails', async () => {
    const result = await compose([join(directory, 'clash.graphql')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'error FIELD_TYPE_MISMATCH: Type of field "Query.me" is incompatible across subgraphs: it has type "String" in subgraph "clash" but type "User!" in subgraph "ecgrid"',
      'error INVALID_FIELD_SHARING: Non-shareable field "Query.me" is resolved from multiple subgraphs: it is resolved from subgraphs "clash" and "ecgrid" and defined as non-shareable in subgraph "ecgrid"',
      '',
    ]);
  });
});
