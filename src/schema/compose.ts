import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { composeWithEcgrid, ECGRID_SUBGRAPH_NAME, type SubgraphSource } from './supergraph.js';

const USAGE = `Usage: npm run compose -- [--ecgrid-url URL] FILE[=URL] ...

Prints the supergraph SDL composed from this gateway's subgraph and the subgraph SDL files
given, with @apollo/composition. Each subgraph is named after its file (shifts.graphql is
"shifts"); URL is where routers reach it, and may be left out when the router's own
configuration sets it.

  --ecgrid-url URL  where routers reach this gateway's /graphql (default: none)
`;

/** Reads `FILE[=URL]` into a subgraph named after the file. */
function readSubgraph(argument: string): SubgraphSource {
  const separator = argument.indexOf('=');
  const path = separator === -1 ? argument : argument.slice(0, separator);
  const url = separator === -1 ? '' : argument.slice(separator + 1);
  const name = basename(path, extname(path)).replace(/[^A-Za-z0-9_]/g, '_');
  return { name, url, sdl: readFileSync(path, 'utf8') };
}

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'ecgrid-url': { type: 'string', default: '' }, help: { type: 'boolean' } },
  });
  if (values.help || positionals.length === 0) {
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
  }
  const others = positionals.map(readSubgraph);
  const names = [ECGRID_SUBGRAPH_NAME, ...others.map((subgraph) => subgraph.name)];
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) {
    process.stderr.write(`Two subgraphs would be named "${repeated}". Rename one of the files.\n`);
    return 2;
  }
  const outcome = composeWithEcgrid(values['ecgrid-url'], others);
  for (const problem of [...outcome.errors, ...outcome.hints]) {
    const kind = outcome.supergraphSdl === null ? 'error' : 'hint';
    process.stderr.write(`${kind} ${problem.code ?? ''}: ${problem.message}\n`);
  }
  if (outcome.supergraphSdl === null) return 1;
  process.stdout.write(`${outcome.supergraphSdl}\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  // A missing file or an unknown option: the message names it.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
