/**
 * Every rendered template through the CloudFormation validator that ships inside aws-cdk-lib
 * (`@aws/cloudformation-validate`: the provider schemas and cfn-lint's rules, offline).
 *
 * Its engine takes ~1.5 s to start and then ~10 ms per template, so one engine serves the whole
 * process: created on first use, freed at exit (or by `releaseValidator`). Each template is
 * validated alone — nested templates only reference each other through `TemplateURL`.
 *
 * Findings map to diagnostics located in the template (`file:line:column`): FATAL and ERROR →
 * CX5001 error, WARN → CX5002 warning; INFO and DEBUG are dropped. A finding on a raw x- resource
 * property (given a `RawPropertyLocator`) is the user's: CX5003 error / CX5002 warning at the
 * property in the compose file.
 */
import * as path from 'path';
import { Diagnostic, error, sortDiagnostics, warning } from '../diagnostics';
import type { RawPropertyLocator } from './raw-properties';

export interface TemplateToValidate {
  /** Names the template in diagnostics (`FamilyApi.json`). */
  readonly path: string;
  readonly content: string;
}

/** The part of the validator's API we use (its own typings live in bindings_wasm.d.ts). */
interface ValidatorFinding {
  readonly severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  readonly ruleId: string;
  readonly message: string;
  readonly entity?: { readonly logicalId: string; readonly entityType?: string; readonly resourceType?: string };
  /** `Properties.Name` for a resource, `Parameters/P` for other sections. */
  readonly propertyPath?: string;
  readonly startLine?: number;
  readonly startColumn?: number;
}

interface ValidatorEngine {
  validateTemplate(template: unknown, config?: object): { diagnostics: ValidatorFinding[] };
  free(): void;
}

interface ValidatorModule {
  CompositeEngine: new () => ValidatorEngine;
  TemplateContent: new (content: string, name?: string) => unknown;
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

let validatorModule: ValidatorModule | undefined;
let engine: ValidatorEngine | undefined;
let exitHookInstalled = false;
/** Number of engines started in this process (tests check it stays at one). */
export let enginesStarted = 0;

function loadValidator(): ValidatorModule {
  if (!validatorModule) {
    // Bundled with aws-cdk-lib (not a dependency of ours): resolve it from there.
    const cdkDir = path.dirname(require.resolve('aws-cdk-lib/package.json'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    validatorModule = require(require.resolve('@aws/cloudformation-validate', { paths: [cdkDir] })) as ValidatorModule;
  }
  return validatorModule;
}

function sharedEngine(): ValidatorEngine {
  if (!engine) {
    engine = new (loadValidator().CompositeEngine)();
    enginesStarted++;
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', releaseValidator);
    }
  }
  return engine;
}

/** Frees the shared engine; the next validation starts a new one. */
export function releaseValidator(): void {
  const current = engine;
  engine = undefined;
  current?.free();
}

/** Validates each template alone and returns the findings as diagnostics, sorted by position. */
export function validateTemplates(templates: readonly TemplateToValidate[], raw?: RawPropertyLocator): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const t of templates) diagnostics.push(...validateTemplate(t, raw));
  return sortDiagnostics(diagnostics);
}

export function validateTemplate(template: TemplateToValidate, raw?: RawPropertyLocator): Diagnostic[] {
  const { TemplateContent } = loadValidator();
  let findings: ValidatorFinding[];
  try {
    findings = sharedEngine().validateTemplate(new TemplateContent(template.content, template.path), VALIDATE_CONFIG).diagnostics;
  } catch (e) {
    // Validation-core failures throw strings; a WebAssembly trap (a RuntimeError) leaves the
    // instance unusable: start afresh next time.
    if (e instanceof Error && e.name === 'RuntimeError') engine = undefined;
    return [error('CX5001', `the CloudFormation validator failed on ${template.path}: ${String(e)}`, { file: template.path, line: 1, column: 1 }, BUG_HINT)];
  }
  return findings.flatMap((finding) => toDiagnostic(template.path, finding, raw));
}

function toDiagnostic(file: string, finding: ValidatorFinding, raw?: RawPropertyLocator): Diagnostic[] {
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
