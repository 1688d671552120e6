import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** What the numbers were measured on, and what else was using the machine at the start. */
export function describeMachine() {
  const cores = cpus();
  let busiest: string[] = [];
  try {
    const output = execFileSync('ps', ['-eo', 'pcpu,comm', '--sort=-pcpu', '--no-headers'], {
      encoding: 'utf8',
    });
    busiest = output
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .slice(0, 6);
  } catch {
    busiest = ['(ps not available)'];
  }
  return {
    cpuModel: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageBefore: loadavg().map((value) => Math.round(value * 100) / 100),
    busiestProcessesBefore: busiest,
    note: 'Load generator, sandbox and system under test share these cores with other users of the machine.',
  };
}
