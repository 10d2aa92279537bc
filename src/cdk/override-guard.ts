/**
 * Escape hatches that cannot silently overwrite what composex set.
 *
 * The construct hands out its L1 resources (`CfnService`, `CfnTaskDefinition`, …) because CDK
 * users expect escape hatches. An override of a property the user adds is theirs to make; an
 * override that replaces or deletes a property composex wrote (the task role, the load balancer
 * wiring, the network configuration, …) would quietly undo what the compose file declared. So the
 * guard records, per resource, the top-level properties composex set and their rendered values,
 * and at synthesis (a construct validation, run by `app.synth()` and `cdk synth`) reports each one
 * that changed — through `addPropertyOverride`, `addPropertyDeletionOverride`, a setter or an
 * aspect — unless the change went through `override(…, { replace: true })`.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { cdkError, cdkMessage } from './errors';

/** `Tags` are written by tag aspects during synthesis (x-tags, the user's `Tags.of`): not a replacement. */
const UNGUARDED = new Set(['Tags']);

export interface OverrideOptions {
  /**
   * Replace (or, with `undefined` as the value, delete) a property composex set. Default false: such
   * an override throws (CX5112), so that what the compose file declared is not undone by mistake.
   */
  readonly replace?: boolean;
}

/** The top-level properties of `resource` as they render now, each as JSON. */
function renderedProperties(resource: CfnResource): Map<string, string> {
  const rendered = Stack.of(resource).resolve(resource._toCloudFormation()) as { Resources: Record<string, { Properties?: Record<string, unknown> }> };
  const properties = Object.values(rendered.Resources)[0]?.Properties ?? {};
  return new Map(Object.entries(properties).filter(([key, value]) => value !== undefined && !UNGUARDED.has(key)).map(([key, value]) => [key, JSON.stringify(value)]));
}

/** Names the L1 resources composex created and checks at synthesis that none lost what composex set. */
export class OverrideGuard {
  private readonly set = new Map<CfnResource, Map<string, string>>();
  private readonly replaced = new Map<CfnResource, Set<string>>();

  /** Guards `resource` from now on; call once composex has set all its properties. */
  watch(resource: CfnResource): void {
    this.set.set(resource, renderedProperties(resource));
  }

  /** `addPropertyOverride`, refused (CX5112) for a property composex set unless `replace` is true. */
  override(resource: CfnResource, path: string, value: unknown, options: OverrideOptions = {}): void {
    const property = path.replace(/^Properties\./, '').split('.')[0];
    const set = this.set.get(resource);
    if (set?.has(property)) {
      if (options.replace !== true) {
        throw cdkError(
          'CX5112',
          `${resource.cfnResourceType} ${resource.node.path}: composex set ${property}; an override of '${path}' would replace it. ` +
            'Pass { replace: true } if that is what you mean (what the compose file declared is then yours to keep right).',
        );
      }
      this.replaced.set(resource, new Set([...(this.replaced.get(resource) ?? []), property]));
    }
    if (value === undefined) resource.addPropertyDeletionOverride(path.replace(/^Properties\./, ''));
    else resource.addPropertyOverride(path.replace(/^Properties\./, ''), value);
  }

  /** Every property composex set that now renders differently and was not replaced on purpose. */
  check(): string[] {
    const problems: string[] = [];
    for (const [resource, before] of this.set) {
      const now = renderedProperties(resource);
      const replaced = this.replaced.get(resource);
      for (const [property, value] of before) {
        if (replaced?.has(property) || now.get(property) === value) continue;
        problems.push(
          cdkMessage(
            'CX5113',
            `${resource.cfnResourceType} ${resource.node.path}: ${property}, which composex set, was ${now.has(property) ? 'changed' : 'removed'} ` +
            `(an escape hatch, a setter or an aspect); use the handle's override('${property}…', value, { replace: true }) to replace it on purpose`,
          ),
        );
      }
    }
    return problems;
  }

  /** Runs `check` at synthesis on `scope`. */
  attach(scope: IConstruct): void {
    scope.node.addValidation({ validate: () => this.check() });
  }
}
