/**
 * `npm run bench`: measures the pipeline on generated projects and prints figures.
 * Not a test: it asserts nothing, it reports.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAndCompile } from '../src/compile';
import { loadProject } from '../src/compose/load';
import { renderModel } from '../src/render/render';
import { validateTemplates } from '../src/render/validate';
import { generateComposeYaml, GeneratedProjectOptions } from './generate';

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

/** The projects measured: the sizes, with backing services on the larger ones. */
export const BENCH_PROJECTS: readonly GeneratedProjectOptions[] = [
  { services: 10 },
  { services: 100, queues: 50, topics: 20, databases: 10 },
  { services: 1000, queues: 500, topics: 200, databases: 50 },
];

/** Load + compile + synth, then validation on its own; wall time, output size, peak RSS. */
function benchRender(options: GeneratedProjectOptions): void {
  const services = options.services;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-bench-'));
  const file = path.join(dir, 'compose.yaml');
  fs.writeFileSync(file, generateComposeYaml(options));
  const compiled = time(() => loadAndCompile({ files: [file], env: {} }));
  const model = compiled.value.model;
  if (!model) throw new Error(`generated project did not compile: ${compiled.value.diagnostics.find((d) => d.severity === 'error')?.message}`);
  const rendered = time(() => renderModel(model));
  const validated = time(() => validateTemplates(rendered.value.files));
  const errors = validated.value.filter((d) => d.severity === 'error').length;
  const bytes = rendered.value.files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
  const maxResources = Math.max(...rendered.value.manifest.templates.map((t) => t.resources));
  console.log(
    `render ${String(services).padStart(5)} services (${options.queues ?? 0} queues, ${options.topics ?? 0} topics, ${options.databases ?? 0} databases)\n` +
      `       load+compile ${compiled.ms.toFixed(0).padStart(5)} ms  ` +
      `synth ${rendered.ms.toFixed(0).padStart(6)} ms  validate ${validated.ms.toFixed(0).padStart(6)} ms  ` +
      `total without validation ${(compiled.ms + rendered.ms).toFixed(0).padStart(6)} ms, with ${(compiled.ms + rendered.ms + validated.ms).toFixed(0).padStart(6)} ms  ` +
      `${rendered.value.files.length} templates, ${(bytes / 2 ** 20).toFixed(1)} MiB, max ${maxResources} resources/template, ` +
      `validator errors ${errors}  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

function main(): void {
  console.log(`composex benchmark — node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
  for (const n of [10, 100, 1000]) benchLoad(n, 5);
  // The validator engine starts once (~1.5 s); warm it so per-size figures compare.
  time(() => validateTemplates([{ path: 'warm.json', content: '{"Resources":{}}' }]));
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const projects = sizes.length > 0 ? sizes.map((n) => BENCH_PROJECTS.find((p) => p.services === n) ?? { services: n }) : BENCH_PROJECTS;
  for (const p of projects) benchRender(p);
}

main();
