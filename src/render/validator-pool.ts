/**
 * Validator engines in worker threads, so their ~1.5 s start overlaps load, resolve and synth,
 * and a large project's templates are validated on several cores.
 *
 * The interface stays synchronous, like the rest of the pipeline: templates are laid out in shared
 * memory, each worker takes the next index from a shared counter, validates that template with its
 * own engine (the same engine, configuration and finding reduction as in-process validation:
 * validate.ts hands us all three) and posts the findings on its own port; the main thread sleeps in
 * `Atomics.wait` until the done-counter moves and reads the ports with `receiveMessageOnPort`.
 *
 * Workers are unref'd: they never keep the process alive. If a worker cannot start, or stops
 * answering, `validate` returns what it has and the caller validates the rest in-process.
 */
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import type { StoredFinding } from './validation-cache';

export type WorkerResult = { readonly findings: StoredFinding[] } | { readonly failure: string };

export interface PoolTemplate {
  readonly path: string;
  readonly content: string;
}

export interface ValidatorPoolOptions {
  /** Absolute path of `@aws/cloudformation-validate`'s entry module. */
  readonly modulePath: string;
  /** The ValidateConfig passed with every template. */
  readonly config: object;
  /** Source of a function `(finding) => StoredFinding`, shared with in-process validation. */
  readonly reduceSource: string;
}

/** The worker's program: one engine, then templates by index from the shared counter. */
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { modulePath, config, reduceSource, port } = workerData;
const reduce = (0, eval)('(' + reduceSource + ')');
let validator, engine, startFailure;
try {
  validator = require(modulePath);
  engine = new validator.CompositeEngine();
} catch (e) {
  startFailure = String(e);
}
port.on('message', (job) => {
  const control = new Int32Array(job.control);
  const offsets = new Int32Array(job.offsets);
  const data = new Uint8Array(job.data);
  for (;;) {
    const i = Atomics.add(control, 0, 1);
    if (i >= job.names.length) break;
    let result;
    if (startFailure !== undefined) {
      result = { i, failure: startFailure };
    } else {
      try {
        const bytes = data.slice(offsets[i], offsets[i + 1]);
        const report = engine.validateTemplate(new validator.TemplateContent(bytes, job.names[i]), config);
        result = { i, findings: report.diagnostics.map(reduce) };
      } catch (e) {
        if (e instanceof Error && e.name === 'RuntimeError') {
          try { engine = new validator.CompositeEngine(); } catch (e2) { startFailure = String(e2); }
        }
        result = { i, failure: String(e) };
      }
    }
    port.postMessage(result);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }
});
`;

/**
 * V8 flags for the validator's WebAssembly engine, set at run time before the first engine (V8
 * reads them when a marking cycle starts and when a module is compiled, so they also cover the
 * worker isolates created after). Measured in docs/performance.md:
 * - `--no-concurrent-marking`: while the engine starts, its memory grows some 300 times; V8 counts
 *   each grown buffer as new external memory and answers with a full GC (of a 3 MB heap), each one
 *   starting concurrent-marking helper threads. Without them the engine's start costs ~30% less
 *   CPU and is no slower. `COMPOSEX_CONCURRENT_MARKING=1` leaves V8's default.
 * - `--wasm-tiering-budget`: V8 recompiles a WebAssembly function with its optimizing compiler
 *   once it has run for a budget (default 1,800,000, "a rough approximation of bytes executed").
 *   The validator's 9 MB module has large functions that reach it while one template is checked,
 *   and optimizing them costs more CPU than a render of up to a few hundred templates ever wins
 *   back; with a budget of `WASM_TIERING_BUDGET` only the functions that stay hot over hundreds of
 *   templates are optimized. Findings are the same (test/render/validation-cache.test.ts).
 *   `COMPOSEX_WASM_TIERING_BUDGET=<n>` sets another budget (`default`: V8's).
 */
export const WASM_TIERING_BUDGET = 300_000_000;

let flagsSet = false;
export function setValidatorFlags(): void {
  if (flagsSet) return;
  flagsSet = true;
  const flags: string[] = [];
  if (process.env.COMPOSEX_CONCURRENT_MARKING !== '1') flags.push('--no-concurrent-marking');
  const budget = process.env.COMPOSEX_WASM_TIERING_BUDGET;
  if (budget !== 'default') flags.push(`--wasm-tiering-budget=${budget !== undefined && /^\d+$/.test(budget) ? budget : WASM_TIERING_BUDGET}`);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const v8 = require('v8') as typeof import('v8');
    for (const flag of flags) v8.setFlagsFromString(flag);
  } catch {
    // an optimization only
  }
}

interface PoolWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/** Longest wait without a template finishing before the pool gives up (a worker died). */
const STALL_MS = 180_000;

export class ValidatorPool {
  private readonly workers: PoolWorker[] = [];
  private closed = false;

  constructor(private readonly options: ValidatorPoolOptions) {}

  get size(): number {
    return this.workers.length;
  }

  /** Starts workers until there are `count` (their engines start right away). */
  grow(count: number): void {
    if (this.workers.length === 0) setValidatorFlags();
    while (!this.closed && this.workers.length < count) {
      const { port1, port2 } = new MessageChannel();
      let worker: Worker;
      try {
        worker = new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: { ...this.options, port: port2 },
          transferList: [port2],
          stdout: false,
          stderr: false,
        });
      } catch {
        port1.close();
        return;
      }
      worker.unref();
      port1.unref();
      worker.on('error', () => undefined);
      this.workers.push({ worker, port: port1 });
    }
  }

  /**
   * Validates every template on the pool's workers. A template without a result (no worker, or
   * the pool stalled) is `undefined`: validate it in-process.
   */
  validate(templates: readonly PoolTemplate[]): (WorkerResult | undefined)[] {
    const results: (WorkerResult | undefined)[] = new Array(templates.length).fill(undefined);
    if (templates.length === 0 || this.workers.length === 0) return results;
    const encoded = templates.map((t) => Buffer.from(t.content, 'utf8'));
    const offsets = new Int32Array(new SharedArrayBuffer(4 * (templates.length + 1)));
    let total = 0;
    encoded.forEach((b, i) => {
      offsets[i] = total;
      total += b.length;
    });
    offsets[templates.length] = total;
    const data = new Uint8Array(new SharedArrayBuffer(Math.max(total, 1)));
    encoded.forEach((b, i) => data.set(b, offsets[i]));
    const control = new Int32Array(new SharedArrayBuffer(8)); // [next index, templates done]
    const job = { control: control.buffer, offsets: offsets.buffer, data: data.buffer, names: templates.map((t) => t.path) };
    for (const w of this.workers) w.port.postMessage(job);

    let received = 0;
    let lastProgress = Date.now();
    while (received < templates.length) {
      const done = Atomics.load(control, 1);
      for (const w of this.workers) {
        for (let m = receiveMessageOnPort(w.port); m; m = receiveMessageOnPort(w.port)) {
          const { i, ...result } = m.message as { i: number } & WorkerResult;
          results[i] = result as WorkerResult;
          received++;
        }
      }
      if (received >= templates.length) break;
      if (received >= done) {
        if (Atomics.wait(control, 1, done, 1000) === 'timed-out' && Date.now() - lastProgress > STALL_MS) {
          // Claim every index not yet taken, so a late worker stops; the caller does the rest.
          Atomics.store(control, 0, templates.length);
          this.close();
          break;
        }
      }
      if (Atomics.load(control, 1) !== done) lastProgress = Date.now();
    }
    return results;
  }

  /** Stops the workers (the engines are freed with their threads). */
  close(): void {
    this.closed = true;
    for (const w of this.workers.splice(0)) {
      w.port.close();
      void w.worker.terminate();
    }
  }
}
