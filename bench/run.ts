/**
 * `npm run bench`: measures the pipeline on generated projects and prints figures.
 * Not a test: it asserts nothing, it reports.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadProject } from '../src/compose/load';
import { generateComposeYaml } from './generate';

function time<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function benchLoad(services: number, runs: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-bench-'));
  const file = path.join(dir, 'compose.yaml');
  fs.writeFileSync(file, generateComposeYaml({ services }));
  const timings: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { value, ms } = time(() => loadProject({ files: [file], env: {} }));
    if (!value.project) throw new Error(`generated project did not load: ${value.diagnostics[0]?.message}`);
    timings.push(ms);
  }
  const size = fs.statSync(file).size;
  console.log(
    `load  ${String(services).padStart(5)} services  ${(size / 1024).toFixed(0).padStart(6)} KiB  ` +
      `first ${timings[0].toFixed(0).padStart(5)} ms  median ${median(timings).toFixed(0).padStart(5)} ms  ` +
      `heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

function main(): void {
  console.log(`composex benchmark — node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
  for (const n of [10, 100, 1000]) benchLoad(n, 5);
}

main();
