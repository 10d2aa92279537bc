/**
 * `x-codeguru_profiler` profiling groups: `AWS::CodeGuruProfiler::ProfilingGroup`, with
 * `DeletionPolicy`/`UpdateReplacePolicy: Retain` (the profiles the agents submitted are data; a
 * new name or compute platform replaces the group). CloudFormation requires `ProfilingGroupName`:
 * a group without one is named, as ECS ComposeX names it, after its logical id followed by the
 * first part of its stack's id (`ApiProfiles-1a2b3c4d`), which `MacroParameters.AppendStackId`
 * also appends to a given name, so that one file deploys twice in an account and Region.
 */
import { Aws, CfnDeletionPolicy, CfnResource, Fn, NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ProfilingGroupModel } from '../../resolve/model';
import { resourceSpec } from '../../resolve/resources/registry';
import { exportValue } from '../stack-io';
import { placeInStacks } from './placement';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { literal, StackValue, valueName } from './values';

const GROUP = resourceSpec('profilingGroup');

/** The first part of the stack's id (`arn:…:stack/<name>/<uuid>` → the uuid's first 8 characters), as ECS ComposeX's STACK_ID_SHORT. */
const stackIdShort = (): string => Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));

/** The ARN of a profiling group of this account and Region, by name. */
function groupArn(name: string): string {
  return Fn.join('', ['arn:', Aws.PARTITION, ':codeguru-profiler:', Aws.REGION, ':', Aws.ACCOUNT_ID, ':profilingGroup/', name]);
}

export class ProfilingGroups implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly resources = new Map<string, CfnResource>();
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly stackOf: Map<ProfilingGroupModel, NestedStack>;
  private readonly models: Map<string, ProfilingGroupModel>;
  /** Each value built once (a new `Fn::Join` token would be a second, different output). */
  private readonly values = new Map<string, StackValue>();

  constructor(scope: Construct, props: ResourceConstructProps<'profilingGroup'>) {
    this.models = new Map(props.resources.map((g) => [g.name, g]));
    const created = props.resources.filter((g) => !g.existing);
    const placed = placeInStacks(
      scope,
      'ProfilingGroups',
      'CodeGuru Profiler profiling groups',
      created.map((g) => ({ key: g.name, items: [g], footprint: { resources: 1, outputs: 2, parameters: 0 } })),
    );
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;
    for (const group of created) {
      const p = group.properties;
      const given = typeof p.ProfilingGroupName === 'string' ? p.ProfilingGroupName : undefined;
      const name = given === undefined ? Fn.join('-', [group.logicalId, stackIdShort()]) : group.appendStackId ? Fn.join('-', [given, stackIdShort()]) : given;
      const resource = new CfnResource(this.stackOf.get(group)!, `${GROUP.idPrefix}${group.logicalId}`, {
        type: 'AWS::CodeGuruProfiler::ProfilingGroup',
        properties: {
          ...p,
          ProfilingGroupName: name,
          Tags: [
            { Key: 'composex:project', Value: props.model.projectName },
            { Key: 'composex:profilingGroup', Value: group.name },
            ...((p.Tags as unknown[] | undefined) ?? []),
          ],
        },
      });
      recordRawProperties(this.rawProperties, resource, group.service ? ['services', group.service, group.serviceKey ?? GROUP.key] : [GROUP.key, group.name, 'Properties'], p);
      // Profiles are data: a stack deletion or a replacement leaves the group in place.
      resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      this.resources.set(group.name, resource);
    }
  }

  /** A profiling group attribute (`Name`, `Arn`) valid in the root. */
  value(name: string, attribute: string): StackValue {
    const key = `${name}\0${attribute}`;
    if (!this.values.has(key)) this.values.set(key, this.build(name, attribute));
    return this.values.get(key)!;
  }

  private build(name: string, attribute: string): StackValue {
    const group = this.models.get(name);
    if (!group) throw new Error(`internal: unknown profiling group '${name}'`);
    const outputName = valueName(GROUP.idPrefix, group.logicalId, attribute);
    if (group.existing) {
      if (attribute === 'Name') return literal(outputName, group.existing.name);
      if (attribute === 'Arn') return literal(outputName, group.existing.arn ?? groupArn(group.existing.name));
      throw new Error(`internal: ${attribute} of looked-up profiling group '${name}' is not known`);
    }
    const resource = this.resources.get(name)!;
    const inStack = attribute === 'Name' ? resource.ref : resource.getAtt(attribute).toString();
    return { name: outputName, value: exportValue(this.stackOf.get(group)!, outputName, inStack) };
  }
}
