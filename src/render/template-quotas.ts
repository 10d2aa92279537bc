/**
 * CX4040: the last guard on the per-template CloudFormation quotas (src/limits/cloudformation.ts:
 * 500 resources, 200 parameters, 200 outputs, 200 mappings) and the 1 MB template size, checked on
 * the synthesized templates whether or not the validator runs. composex splits its stacks so that
 * none should reach a quota (docs/performance.md, "AWS quotas"); a template that still does is
 * refused here, before anything is written or deployed, instead of by CloudFormation halfway
 * through a deployment.
 */
import { Diagnostic, error } from '../diagnostics';
import { TEMPLATE_QUOTA_NAMES, TEMPLATE_QUOTAS, type TemplateQuota } from '../limits/cloudformation';
import { MAX_TEMPLATE_BYTES } from './format';
import type { RenderedFile } from './types';

const SECTIONS: Record<TemplateQuota, 'Resources' | 'Parameters' | 'Outputs' | 'Mappings'> = {
  resources: 'Resources',
  parameters: 'Parameters',
  outputs: 'Outputs',
  mappings: 'Mappings',
};

const HINT =
  'composex splits its stacks to stay under this quota, so this is a composex bug: please report it with the project shape (services, published ports, x- resources); meanwhile split the project into several compose projects';

/** One error per template and quota it exceeds, located at the template. */
export function checkTemplateQuotas(files: readonly RenderedFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const file of files) {
    const where = { file: file.path, line: 1, column: 1 };
    for (const quota of Object.keys(TEMPLATE_QUOTAS) as TemplateQuota[]) {
      const count = Object.keys((file.template[SECTIONS[quota]] ?? {}) as object).length;
      if (count > TEMPLATE_QUOTAS[quota]) {
        out.push(
          error(
            'CX4040',
            `template ${file.path} (stack ${file.logicalId ?? 'root'}) declares ${count} ${SECTIONS[quota].toLowerCase()}; the CloudFormation quota "${TEMPLATE_QUOTA_NAMES[quota]}" is ${TEMPLATE_QUOTAS[quota]} and cannot be raised`,
            where,
            HINT,
          ),
        );
      }
    }
    const bytes = Buffer.byteLength(file.content);
    if (bytes > MAX_TEMPLATE_BYTES) {
      out.push(error('CX4040', `template ${file.path} is ${bytes} bytes; CloudFormation accepts a template of at most ${MAX_TEMPLATE_BYTES} bytes from S3`, where, HINT));
    }
  }
  return out;
}
