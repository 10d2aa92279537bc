/**
 * Every rendered template through the CloudFormation validator that ships inside aws-cdk-lib
 * (`@aws/cloudformation-validate`: the provider schemas and cfn-lint's rules, offline).
 *
 * Its engine takes ~1.5 s to start and then ~10-50 ms per template, so one engine serves the whole
 * process: created on first use, freed at exit (or by `releaseValidator`). Each template is
 * validated alone — nested templates only reference each other through `TemplateURL`. The CLI adds
 * two fast paths that report exactly the same findings (docs/performance.md): a persistent cache of
 * findings by template content (validation-cache.ts), and engines in worker threads started before
 * the project loads (validator-pool.ts, `startValidation`).
 *
 * Findings map to diagnostics located in the template (`file:line:column`): FATAL and ERROR →
 * CX5001 error, WARN → CX5002 warning; INFO and DEBUG are dropped. A finding on a raw x- resource
 * property (given a `RawPropertyLocator`) is the user's: CX5003 error / CX5002 warning at the
 * property in the compose file. Known false positives of the validator are dropped, each one
 * precisely (validator-allowances.ts: an RDS major version alone, which RDS accepts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Diagnostic, error, sortDiagnostics, warning } from '../diagnostics';
import type { RawPropertyLocator } from './raw-properties';
import { isKnownFalsePositive } from './validator-allowances';
import { cacheDirectory, composexVersion, StoredFinding, ValidationCache } from './validation-cache';
import { setValidatorFlags, ValidatorPool, WorkerResult } from './validator-pool';

export interface TemplateToValidate {
  /** Names the template in diagnostics (`FamilyApi.json`). */
  readonly path: string;
  readonly content: string;
}

/** The part of the validator's API we use (its own typings live in bindings_wasm.d.ts). */
type ValidatorFinding = StoredFinding;

interface ValidatorEngine {
  validateTemplate(template: unknown, config?: object): { diagnostics: ValidatorFinding[] };
  free(): void;
}

interface ValidatorModule {
  CompositeEngine: new () => ValidatorEngine;
  TemplateContent: new (content: string, name?: string) => unknown;
  version(): string;
}

/**
 * What we ask of the engine: warnings and worse only, without per-finding documentation
 * enrichment. W3002 ("may only work with the package command") is what a local `TemplateURL` is
 * for: render output is meant for `aws cloudformation package`.
 */
const VALIDATE_CONFIG = {
  severityLevel: 'WARN',
  detailLevel: 'STANDARD',
  exclude: { resourceTypes: [{ ruleId: 'W3002', resourceType: 'AWS::CloudFormation::Stack' }] },
} as const;

const BUG_HINT =
  'AWS would reject this template: check any raw CloudFormation `Properties` given in x- fields; otherwise please report it as a composex bug, with the compose file';

/**
 * Where the loaded validator and its engine live: this module's own slot, unless the host puts one
 * on the global to share them between several copies of this module in one process. composex's
 * jest environment does (test/helpers/jest-environment.ts): jest gives every test file its own
 * copy of the modules, and each copy would otherwise start an engine of its own.
 */
interface ValidatorSlot {
  /** Loads the validator (the host's `require`, outside the copies' module registries). */
  readonly require: (id: string) => unknown;
  /** Copies plain data into the realm of that `require` (the engine takes only its own objects). */
  readonly plain?: <T>(value: T) => T;
  module?: ValidatorModule;
  engine?: ValidatorEngine;
}
const slot: ValidatorSlot = (globalThis as { __composexValidatorSlot?: ValidatorSlot }).__composexValidatorSlot ?? { require };
const validateConfig = slot.plain ? slot.plain(VALIDATE_CONFIG) : VALIDATE_CONFIG;
let exitHookInstalled = false;
/** Number of engines started in this process (tests check it stays at one). */
export let enginesStarted = 0;

/** The validator's entry module, bundled with aws-cdk-lib (not a dependency of ours). */
function validatorModulePath(): string {
  const cdkDir = path.dirname(require.resolve('aws-cdk-lib/package.json'));
  return require.resolve('@aws/cloudformation-validate', { paths: [cdkDir] });
}

function loadValidator(): ValidatorModule {
  if (!slot.module) {
    setValidatorFlags();
    slot.module = slot.require(validatorModulePath()) as ValidatorModule;
  }
  return slot.module;
}

function sharedEngine(): ValidatorEngine {
  if (!slot.engine) {
    slot.engine = new (loadValidator().CompositeEngine)();
    enginesStarted++;
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', releaseValidator);
    }
  }
  return slot.engine;
}

/** Frees the shared engine; the next validation starts a new one. */
export function releaseValidator(): void {
  const current = slot.engine;
  slot.engine = undefined;
  current?.free();
}

/**
 * The fields of a finding composex reads. Self-contained (no closure, plain JavaScript once
 * compiled): the worker threads of validator-pool.ts run this very function from its source text.
 */
function reduceFinding(f: ValidatorFinding): StoredFinding {
  const out: Record<string, unknown> = { severity: f.severity, ruleId: f.ruleId, message: f.message };
  if (f.entity !== undefined && f.entity !== null) {
    const entity: Record<string, unknown> = { logicalId: f.entity.logicalId };
    if (f.entity.entityType !== undefined) entity.entityType = f.entity.entityType;
    if (f.entity.resourceType !== undefined) entity.resourceType = f.entity.resourceType;
    out.entity = entity;
  }
  if (f.propertyPath !== undefined) out.propertyPath = f.propertyPath;
  if (f.startLine !== undefined) out.startLine = f.startLine;
  if (f.startColumn !== undefined) out.startColumn = f.startColumn;
  return out as unknown as StoredFinding;
}

type EngineResult = WorkerResult;

/** One template through this process's engine. */
function validateInProcess(template: TemplateToValidate): EngineResult {
  const { TemplateContent } = loadValidator();
  try {
    const report = sharedEngine().validateTemplate(new TemplateContent(template.content, template.path), validateConfig);
    return { findings: report.diagnostics.map(reduceFinding) };
  } catch (e) {
    // Validation-core failures throw strings; a WebAssembly trap (a RuntimeError) leaves the
    // instance unusable: start afresh next time. (By name: the engine may be of another realm.)
    if (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'RuntimeError') slot.engine = undefined;
    return { failure: String(e) };
  }
}

function toDiagnostics(template: TemplateToValidate, result: EngineResult, raw?: RawPropertyLocator): Diagnostic[] {
  if ('failure' in result) {
    return [error('CX5001', `the CloudFormation validator failed on ${template.path}: ${result.failure}`, { file: template.path, line: 1, column: 1 }, BUG_HINT)];
  }
  return result.findings.flatMap((finding) => toDiagnostic(template.path, finding, raw));
}

export interface ValidateOptions {
  /** Findings of templates validated before are read from here, new ones stored. */
  readonly cache?: ValidationCache;
  /** Engines in worker threads (started early); without it, this process's engine. */
  readonly pool?: ValidatorPool;
}

/** Validates each template alone and returns the findings as diagnostics, sorted by position. */
export function validateTemplates(templates: readonly TemplateToValidate[], raw?: RawPropertyLocator, options: ValidateOptions = {}): Diagnostic[] {
  const { cache, pool } = options;
  const results: (EngineResult | undefined)[] = new Array(templates.length).fill(undefined);
  const keys = cache ? templates.map((t) => cache.key(t.path, t.content)) : [];
  const missing: number[] = [];
  templates.forEach((_, i) => {
    const hit = cache?.get(keys[i]);
    if (hit) results[i] = { findings: hit };
    else missing.push(i);
  });
  if (pool && missing.length > 0) {
    pool.grow(workersFor(missing.map((i) => templates[i])));
    const fromPool = pool.validate(missing.map((i) => templates[i]));
    missing.forEach((i, j) => (results[i] = fromPool[j]));
  }
  for (const i of missing) {
    const result = (results[i] ??= validateInProcess(templates[i]));
    // A failure may be the engine's, not the template's: never remembered.
    if (cache && 'findings' in result) cache.set(keys[i], result.findings);
  }
  const diagnostics = templates.flatMap((t, i) => toDiagnostics(t, results[i]!, raw));
  return sortDiagnostics(diagnostics);
}

export function validateTemplate(template: TemplateToValidate, raw?: RawPropertyLocator): Diagnostic[] {
  return toDiagnostics(template, validateInProcess(template), raw);
}

/**
 * Worker engines for a set of templates. One engine costs ~1.5 s of CPU and ~200 MiB to start, then
 * ~10-50 ms a template; the first one is usually started already. Measured on 2 cores: a second
 * engine for the 108 templates of 100 services saved little wall time for 1 s more CPU and
 * 220 MiB more memory; for 1,190 templates it halves validation. So: one more per 300 templates.
 */
function workersFor(templates: readonly TemplateToValidate[]): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cores, 1 + Math.floor(templates.length / 300), 4));
}

/** Everything besides a template that decides its findings: the cache entries' identity. */
function validatorIdentity(): string {
  const dir = path.dirname(validatorModulePath());
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const validatorPackage = require(path.join(dir, 'package.json')) as { version?: string };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cdkPackage = require('aws-cdk-lib/package.json') as { version?: string };
  const wasm = fs.statSync(path.join(dir, 'bindings_wasm_bg.wasm'));
  return JSON.stringify({
    composex: composexVersion(),
    validator: validatorPackage.version,
    wasmBytes: wasm.size,
    cdk: cdkPackage.version,
    config: VALIDATE_CONFIG,
    reduce: reduceFinding.toString(),
  });
}

/** The findings cache in the user's cache directory (see validation-cache.ts), or undefined. */
export function openValidationCache(env: Readonly<Record<string, string | undefined>>): ValidationCache | undefined {
  const dir = cacheDirectory(env);
  return dir ? new ValidationCache(dir, validatorIdentity()) : undefined;
}

/** Worker engines that validate exactly as `validateInProcess` does (same module, config, reduction). */
export function validatorPool(): ValidatorPool {
  return new ValidatorPool({ modulePath: validatorModulePath(), config: VALIDATE_CONFIG, reduceSource: reduceFinding.toString() });
}

/**
 * A render's validation, started before the project is loaded: with `prestart`, one worker engine
 * starts right away, while load, resolve and synth run on the main thread.
 */
export class Validation {
  readonly cache?: ValidationCache;
  private readonly pool: ValidatorPool;

  private readonly run?: string;

  constructor(options: { readonly cache?: ValidationCache; readonly prestart: boolean; readonly run?: string }) {
    this.cache = options.cache;
    this.run = options.run;
    this.pool = validatorPool();
    if (options.prestart) this.pool.grow(1);
  }

  validate(templates: readonly TemplateToValidate[], raw?: RawPropertyLocator): Diagnostic[] {
    try {
      const diagnostics = validateTemplates(templates, raw, { cache: this.cache, pool: this.pool });
      if (this.cache && this.run !== undefined) this.cache.recordRun(this.run, templates.map((t) => this.cache!.key(t.path, t.content)));
      this.cache?.pruneIfDue();
      return diagnostics;
    } finally {
      this.close();
    }
  }

  close(): void {
    this.pool.close();
  }
}

function toDiagnostic(file: string, finding: ValidatorFinding, raw?: RawPropertyLocator): Diagnostic[] {
  if (isKnownFalsePositive(finding)) return [];
  const logicalId = finding.entity?.logicalId;
  const inCompose = raw && logicalId && finding.propertyPath ? raw({ logicalId, propertyPath: finding.propertyPath }) : undefined;
  if (inCompose) {
    const type = finding.entity?.resourceType;
    const message = `${finding.ruleId} ${inCompose.property}: ${finding.message}`;
    const hint = `check the property against the CloudFormation reference${type ? ` of ${type}` : ''}`;
    if (finding.severity === 'FATAL' || finding.severity === 'ERROR') return [error('CX5003', message, inCompose.location, hint)];
    if (finding.severity === 'WARN') return [warning('CX5002', message, inCompose.location, hint)];
    return [];
  }
  const location = finding.startLine !== undefined ? { file, line: finding.startLine, column: finding.startColumn ?? 1 } : undefined;
  const where = describeTarget(finding);
  const message = `${finding.ruleId}${where ? ` ${where}` : ''}: ${finding.message}`;
  switch (finding.severity) {
    case 'FATAL':
    case 'ERROR':
      return [withFile(error('CX5001', message, location, BUG_HINT), file)];
    case 'WARN':
      return [withFile(warning('CX5002', message, location), file)];
    default:
      return [];
  }
}

/** `Queue Properties.DelaySeconds`, `Parameters/P`, or nothing for template-wide findings. */
function describeTarget(finding: ValidatorFinding): string {
  const id = finding.entity?.logicalId;
  const property = finding.propertyPath;
  if (id && property && !property.includes(id)) return `${id} ${property}`;
  return property ?? id ?? '';
}

/** A finding without a source position still names its template. */
function withFile(d: Diagnostic, file: string): Diagnostic {
  return d.file ? d : { ...d, file };
}

/**
 * Starts a CLI run's validation: the cache unless `cache` is false, and a worker engine right away
 * unless the same inputs (`inputs`: argv, working directory, compose files) last rendered templates
 * that are all in the cache already — a warm run would only pay for an engine it never uses.
 */
export function startValidation(options: {
  readonly cache: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly inputs: readonly string[];
}): Validation {
  const cache = options.cache ? openValidationCache(options.env) : undefined;
  const run = cache ? runKey(options.inputs) : undefined;
  const predictedWarm = cache !== undefined && run !== undefined && cache.lastRunCached(run);
  return new Validation({ cache, prestart: !predictedWarm, run });
}

/** The inputs plus each named file's size and modification time (a file that is not there counts as such). */
function runKey(inputs: readonly string[]): string {
  const stamps = inputs.map((p) => {
    try {
      const st = fs.statSync(p);
      return [p, st.size, st.mtimeMs];
    } catch {
      return [p];
    }
  });
  return JSON.stringify(stamps);
}
