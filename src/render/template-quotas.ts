/**
 * CX4040: the last guard on the per-template CloudFormation quotas (src/limits/cloudformation.ts:
 * 500 resources, 200 parameters, 200 outputs, 200 mappings) and the 1 MB template size, checked on
 * the synthesized templates whether or not the validator runs. composex splits its stacks so that
 * none should reach a quota (docs/performance.md, "AWS quotas"); a template that still does is
 * refused here, before anything is written or deployed, instead of by CloudFormation halfway
 * through a deployment.
 *
 * CX4041: the one quota a project can reach by its shape rather than by a composex bug. Each
 * service composex builds has a `<Service>Image` parameter in the root template (it must be there:
 * `composex deploy` and a plain CloudFormation deploy set it; src/aws/repositories.ts), so a
 * project building more services than the root's 200 parameters leave room for is refused at the
 * `build:` of the first service over the quota, saying how many may be built.
 *
 * CX4042: the other one. The Alarms stack takes as parameters what its alarms use from other
 * stacks (the two scaling policies of each family an alarm scales, the names of the services
 * `MacroParameters.ServiceName` watches, topics); it is one stack, so many such alarms are refused
 * at the first x-alarms entry over the quota, in the stack's order.
 */
import { Diagnostic, error } from '../diagnostics';
import { TEMPLATE_QUOTA_NAMES, TEMPLATE_QUOTAS, type TemplateQuota } from '../limits/cloudformation';
import { MAX_TEMPLATE_BYTES } from './format';
import type { AppModel } from '../resolve/model';
import type { RenderedFile } from './types';

const SECTIONS: Record<TemplateQuota, 'Resources' | 'Parameters' | 'Outputs' | 'Mappings'> = {
  resources: 'Resources',
  parameters: 'Parameters',
  outputs: 'Outputs',
  mappings: 'Mappings',
};

const HINT =
  'composex splits its stacks to stay under this quota, so this is a composex bug: please report it with the project shape (services, published ports, x- resources); meanwhile split the project into several compose projects';

/**
 * One error per template and quota it exceeds, located at the template; with `model`, the root's
 * parameters over the quota because of built services are located at a `build:` (CX4041).
 */
export function checkTemplateQuotas(files: readonly RenderedFile[], model?: Pick<AppModel, 'images' | 'alarms' | 'locate'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const file of files) {
    const where = { file: file.path, line: 1, column: 1 };
    for (const quota of Object.keys(TEMPLATE_QUOTAS) as TemplateQuota[]) {
      const count = Object.keys((file.template[SECTIONS[quota]] ?? {}) as object).length;
      if (quota === 'parameters' && file.logicalId === undefined && model !== undefined) {
        const built = tooManyBuiltImages(file, count, model);
        if (built) {
          out.push(built);
          continue;
        }
      }
      if (quota === 'parameters' && file.logicalId === ALARMS_STACK && model !== undefined) {
        const imports = tooManyAlarmImports(file, count, model);
        if (imports) {
          out.push(imports);
          continue;
        }
      }
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

const ALARMS_STACK = 'AlarmsStack';

/** CX4042 when the Alarms stack is over the parameter quota: at the first alarm whose imports put it over. */
function tooManyAlarmImports(file: RenderedFile, count: number, model: Pick<AppModel, 'alarms' | 'locate'>): Diagnostic | undefined {
  const max = TEMPLATE_QUOTAS.parameters;
  if (count <= max) return undefined;
  const parameters = (file.template.Parameters ?? {}) as Record<string, unknown>;
  const resources = (file.template.Resources ?? {}) as Record<string, unknown>;
  const seen = new Set<string>();
  for (const alarm of (model.alarms ?? []).filter((a) => a.family === undefined)) {
    for (const name of refsIn(resources[alarm.logicalId])) if (name in parameters) seen.add(name);
    if (seen.size <= max) continue;
    const location = model.locate(['x-alarms', alarm.name], 'key');
    return error(
      'CX4042',
      `the Alarms stack takes ${count} values from other stacks as parameters (two scaling policies for each family an alarm scales, the services MacroParameters.ServiceName names, topics, the x-elbv2 load balancers and target groups of Dimensions), over the CloudFormation quota "${TEMPLATE_QUOTA_NAMES.parameters}" of ${max}, which cannot be raised; x-alarms '${alarm.name}' is the first over it`,
      location ?? { file: file.path, line: 1, column: 1 },
      'scale fewer families on x-alarms in one project (each Services.<service>.Scaling takes two of these parameters; x-sqs Scaling, which builds its alarm in the family stack, takes none), or split the project into several compose projects',
    );
  }
  return undefined;
}

/** The names of every `{Ref: name}` inside a value. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

/**
 * CX4041 when the root template is over the parameter quota and its built-image parameters are
 * what put it over (without them it would be within); undefined otherwise.
 */
function tooManyBuiltImages(root: RenderedFile, count: number, model: Pick<AppModel, 'images' | 'locate'>): Diagnostic | undefined {
  const max = TEMPLATE_QUOTAS.parameters;
  if (count <= max) return undefined;
  const parameters = (root.template.Parameters ?? {}) as Record<string, unknown>;
  const images = (model.images ?? []).filter((i) => i.parameter in parameters);
  const others = count - images.length;
  if (images.length === 0 || others > max) return undefined;
  const room = max - others;
  const first = images[room];
  const location = model.locate(['services', first.service, 'build'], 'key');
  return error(
    'CX4041',
    `${images.length} services are built by composex (build:), each with a parameter <Service>Image in the root template, which declares ${others} other parameter${others === 1 ? '' : 's'}: ${count} in all, over the CloudFormation quota "${TEMPLATE_QUOTA_NAMES.parameters}" of ${max}, which cannot be raised; '${first.service}' is the first over it (services are counted by name)`,
    location ?? { file: root.path, line: 1, column: 1 },
    `build at most ${room} services with composex: give the others image: naming an image built and pushed elsewhere (by your CI, for example), or split the project into several compose projects`,
  );
}
