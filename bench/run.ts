/**
 * `npm run bench`: whole-CLI figures (`composex render` as a user runs it: node start-up, load,
 * resolve, synth, validation, write) for examples/shop and the generated 10-, 100- and
 * 1,000-service projects: wall time, CPU time (user + system, every thread) and peak RSS, median
 * of several runs, without validation, validated with an empty cache (cold) and validated with
 * the cache filled by an earlier run (warm).
 *
 *   npm run bench                          # every project, 5 runs (3 for 1,000 services)
 *   npm run bench -- --runs 3 shop 100     # some projects
 *   npm run bench -- --stages              # in-process stage timings instead (load, synth, validate)
 *
 * Not a test: it asserts nothing, it reports. CPU and memory come from the child's own
 * `process.resourceUsage()` at exit (bench/usage.ts, preloaded), wall time from this process.
 */
import { spawnSync } from 'child_process';
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


const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'composex.js');
const USAGE = path.join(__dirname, 'usage.js');

interface RunFigures {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMiB: number;
  readonly code: number | null;
}

/** One `composex render` in a child process. */
/**
 * The V8 code cache of the CLI's modules (src/cli/compile-cache.ts) is kept apart from the
 * validation cache, for every run: "cold" is about validation, not about Node compiling
 * composex's JavaScript again (a first run after installing pays that once, ~2% more).
 */
const COMPILE_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-bench-compile-'));
process.once('exit', () => fs.rmSync(COMPILE_CACHE, { recursive: true, force: true }));

function runCli(args: readonly string[], cacheDir: string): RunFigures {
  const usageFile = path.join(os.tmpdir(), `composex-bench-usage-${process.pid}.json`);
  fs.rmSync(usageFile, { force: true });
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--require', USAGE, CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, COMPOSEX_CACHE_DIR: cacheDir, COMPOSEX_COMPILE_CACHE_DIR: COMPILE_CACHE, COMPOSEX_BENCH_USAGE: usageFile },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 2 ** 20,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  let usage = { userCPUTime: NaN, systemCPUTime: NaN, maxRSS: NaN };
  try {
    usage = JSON.parse(fs.readFileSync(usageFile, 'utf8'));
  } catch {
    // the child died before exit: figures unknown
  }
  fs.rmSync(usageFile, { force: true });
  return { wall, cpu: (usage.userCPUTime + usage.systemCPUTime) / 1e6, rssMiB: usage.maxRSS / 1024, code: child.status };
}

interface BenchProject {
  readonly name: string;
  readonly files: readonly string[];
  readonly runs: number;
}

const MODES = ['no validation', 'validated, cold', 'validated, warm'] as const;

function benchProject(project: BenchProject, out: string): void {
  const base = ['render', ...project.files.flatMap((f) => ['-f', f]), '-q', '-o', out];
  const untimed = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-bench-cache-'));
  runCli([...base, '--no-validate'], untimed); // fills the compile cache, not timed
  fs.rmSync(untimed, { recursive: true, force: true });
  for (const mode of MODES) {
    const figures: RunFigures[] = [];
    const warmCache = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-bench-cache-'));
    if (mode === 'validated, warm') runCli(base, warmCache); // fills the cache, not timed
    for (let i = 0; i < project.runs; i++) {
      const cache = mode === 'validated, cold' ? fs.mkdtempSync(path.join(os.tmpdir(), 'composex-bench-cache-')) : warmCache;
      figures.push(runCli(mode === 'no validation' ? [...base, '--no-validate'] : base, cache));
      if (cache !== warmCache) fs.rmSync(cache, { recursive: true, force: true });
    }
    fs.rmSync(warmCache, { recursive: true, force: true });
    const codes = [...new Set(figures.map((f) => f.code))].join(',');
    console.log(
      `${project.name.padEnd(14)} ${mode.padEnd(16)} ` +
        `wall ${median(figures.map((f) => f.wall)).toFixed(2).padStart(6)} s  ` +
        `cpu ${median(figures.map((f) => f.cpu)).toFixed(2).padStart(6)} s  ` +
        `peak ${median(figures.map((f) => f.rssMiB)).toFixed(0).padStart(5)} MiB  ` +
        `(median of ${figures.length}; wall min ${Math.min(...figures.map((f) => f.wall)).toFixed(2)} max ${Math.max(...figures.map((f) => f.wall)).toFixed(2)}; exit ${codes})`,
    );
  }
}

function main(): void {
  const argv = process.argv.slice(2);
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : undefined;
  const names = argv.filter((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1));
  console.log(`composex benchmark — node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, load average ${os.loadavg()[0].toFixed(1)}`);
  if (argv.includes('--stages')) {
    for (const n of [10, 100, 1000]) benchLoad(n, 5);
    // The validator engine starts once (~1.5 s); warm it so per-size figures compare.
    time(() => validateTemplates([{ path: 'warm.json', content: '{"Resources":{}}' }]));
    const sizes = names.map(Number).filter((n) => n > 0);
    const projects = sizes.length > 0 ? sizes.map((n) => BENCH_PROJECTS.find((p) => p.services === n) ?? { services: n }) : BENCH_PROJECTS;
    for (const p of projects) benchRender(p);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-bench-'));
  const projects: BenchProject[] = [{ name: 'shop', files: [path.join(ROOT, 'examples', 'shop', 'compose.yaml')], runs: runs ?? 5 }];
  for (const p of BENCH_PROJECTS) {
    const file = path.join(dir, `gen${p.services}.yaml`);
    fs.writeFileSync(file, generateComposeYaml(p));
    projects.push({ name: `${p.services} services`, files: [file], runs: runs ?? (p.services >= 1000 ? 3 : 5) });
  }
  const chosen = names.length > 0 ? projects.filter((p) => names.some((n) => p.name === n || p.name.startsWith(`${n} `))) : projects;
  for (const p of chosen) benchProject(p, path.join(dir, 'out'));
  fs.rmSync(dir, { recursive: true, force: true });
}

main();
