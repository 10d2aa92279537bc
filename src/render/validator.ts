/**
 * Every template through the CloudFormation validator that ships inside aws-cdk-lib
 * (`@aws/cloudformation-validate`, cfn-lint's rules). Its engine takes over a second to start, so
 * one engine serves the whole process.
 */
import * as path from 'path';
import { Diagnostic, error, warning } from '../diagnostics';

interface ValidatorFinding {
  readonly severity: string;
  readonly ruleId: string;
  readonly message: string;
  readonly entity?: { readonly logicalId: string; readonly resourceType?: string };
  readonly propertyPath?: string;
}

interface ValidatorEngine {
  validateTemplate(template: unknown): { diagnostics: ValidatorFinding[] };
  free(): void;
}

interface ValidatorModule {
  CompositeEngine: new () => ValidatorEngine;
  TemplateContent: new (content: string, name?: string) => unknown;
}

let engine: ValidatorEngine | undefined;
let validatorModule: ValidatorModule | undefined;
/** Number of engines started in this process (a test checks it stays at one). */
export let enginesStarted = 0;

function loadValidator(): ValidatorModule {
  if (!validatorModule) {
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
    process.once('exit', () => {
      engine?.free();
      engine = undefined;
    });
  }
  return engine;
}

export interface TemplateToValidate {
  readonly path: string;
  readonly content: string;
}

/**
 * Validates each template alone. Errors (FATAL/ERROR) become CX5001 errors, warnings CX5002
 * warnings; informational findings are dropped.
 */
export function validateTemplates(templates: readonly TemplateToValidate[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { TemplateContent } = loadValidator();
  const validator = sharedEngine();
  for (const t of templates) {
    const report = validator.validateTemplate(new TemplateContent(t.content, t.path));
    for (const finding of report.diagnostics) {
      const where = describeResource(finding);
      const message = `${t.path}: ${finding.ruleId}${where ? ` (${where})` : ''}: ${finding.message}`;
      if (finding.severity === 'FATAL' || finding.severity === 'ERROR') {
        diagnostics.push(
          error('CX5001', `CloudFormation validator: ${message}`, undefined, 'this template would be rejected by AWS; please report it as a composex bug with your compose file'),
        );
      } else if (finding.severity === 'WARNING') {
        diagnostics.push(warning('CX5002', `CloudFormation validator: ${message}`));
      }
    }
  }
  return diagnostics;
}

function describeResource(finding: ValidatorFinding): string {
  if (!finding.entity) return '';
  return [finding.entity.logicalId, finding.propertyPath].filter(Boolean).join(' ');
}
