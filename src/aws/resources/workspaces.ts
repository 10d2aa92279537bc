/**
 * `x-aps` workspaces: `AWS::APS::Workspace`, with `DeletionPolicy`/`UpdateReplacePolicy: Retain`
 * (the workspace holds the metrics written to it; a change of `KmsKeyArn` replaces it). Amazon
 * Managed Service for Prometheus encrypts workspace data at rest by default (an AWS owned key,
 * or the customer managed key of `KmsKeyArn`). `MacroParameters.CreateNewLogGroup` adds an
 * `AWS::Logs::LogGroup` beside the workspace, whose ARN (`Fn::GetAtt Arn`, ending with `:*` as the
 * service requires) is the workspace's `LoggingConfiguration.LogGroupArn`.
 */
import { CfnDeletionPolicy, CfnResource, Fn, NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { WorkspaceModel } from '../../resolve/model';
import { WORKSPACE_ARN, WORKSPACE_URL_PATHS } from '../../resolve/resources/aps';
import { resourceSpec } from '../../resolve/resources/registry';
import { exportValue } from '../stack-io';
import { placeInStacks } from './placement';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { arnParts, literal, StackValue, valueName } from './values';

const WORKSPACE = resourceSpec('workspace');

/**
 * The endpoint of a looked-up workspace, as the service gives `PrometheusEndpoint`:
 * `https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/` (Amazon Managed Service for
 * Prometheus User Guide, "Ingest metrics": the remote write URL is this endpoint followed by
 * `api/v1/remote_write`).
 */
export function workspaceEndpoint(arn: string): string {
  const { partition, region } = arnParts(arn);
  const id = WORKSPACE_ARN.exec(arn)![1];
  return `https://aps-workspaces.${region}.${partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}/workspaces/${id}/`;
}

export class Workspaces implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly resources = new Map<string, CfnResource>();
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly stackOf: Map<WorkspaceModel, NestedStack>;
  private readonly models: Map<string, WorkspaceModel>;
  /** Each value built once (a new `Fn::Join` token would be a second, different output). */
  private readonly values = new Map<string, StackValue>();

  constructor(scope: Construct, props: ResourceConstructProps<'workspace'>) {
    this.models = new Map(props.resources.map((w) => [w.name, w]));
    const created = props.resources.filter((w) => !w.existingArn);
    const placed = placeInStacks(
      scope,
      'Workspaces',
      'Amazon Managed Service for Prometheus workspaces',
      created.map((w) => ({ key: w.name, items: [w], footprint: { resources: w.newLogGroup ? 2 : 1, outputs: 5, parameters: 0 } })),
    );
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;
    for (const workspace of created) {
      const stack = this.stackOf.get(workspace)!;
      const p = workspace.properties;
      const id = `${WORKSPACE.idPrefix}${workspace.logicalId}`;
      const tags = [
        { Key: 'composex:project', Value: props.model.projectName },
        { Key: 'composex:workspace', Value: workspace.name },
      ];
      let logging: Record<string, unknown> = {};
      if (workspace.newLogGroup) {
        const logGroup = new CfnResource(stack, `${id}LogGroup`, {
          type: 'AWS::Logs::LogGroup',
          properties: {
            ...workspace.newLogGroup,
            Tags: [tags[0], { Key: 'composex:workspace-logs', Value: workspace.name }, ...((workspace.newLogGroup.Tags as unknown[] | undefined) ?? [])],
          },
        });
        recordRawProperties(this.rawProperties, logGroup, [WORKSPACE.key, workspace.name, 'MacroParameters', 'CreateNewLogGroup'], workspace.newLogGroup);
        logging = { LoggingConfiguration: { LogGroupArn: logGroup.getAtt('Arn').toString() } };
      }
      const resource = new CfnResource(stack, id, {
        type: 'AWS::APS::Workspace',
        properties: { ...p, ...logging, Tags: [...tags, ...((p.Tags as unknown[] | undefined) ?? [])] },
      });
      recordRawProperties(this.rawProperties, resource, [WORKSPACE.key, workspace.name, 'Properties'], p);
      // Metrics are data: a stack deletion or a replacement leaves the workspace in place.
      resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      this.resources.set(workspace.name, resource);
    }
  }

  /** A workspace attribute (`Arn`, `WorkspaceId`, `PrometheusEndpoint`, `RemoteWriteUrl`, `QueryUrl`) valid in the root. */
  value(name: string, attribute: string): StackValue {
    const key = `${name}\0${attribute}`;
    if (!this.values.has(key)) this.values.set(key, this.build(name, attribute));
    return this.values.get(key)!;
  }

  private build(name: string, attribute: string): StackValue {
    const workspace = this.models.get(name);
    if (!workspace) throw new Error(`internal: unknown workspace '${name}'`);
    const outputName = valueName(WORKSPACE.idPrefix, workspace.logicalId, attribute);
    const path = WORKSPACE_URL_PATHS[attribute];
    if (workspace.existingArn) {
      const arn = workspace.existingArn;
      const endpoint = workspaceEndpoint(arn);
      const values: Record<string, string> = { Arn: arn, WorkspaceId: WORKSPACE_ARN.exec(arn)![1], PrometheusEndpoint: endpoint };
      const value = path !== undefined ? `${endpoint}${path}` : values[attribute];
      if (value === undefined) throw new Error(`internal: ${attribute} of looked-up workspace '${name}' is not known`);
      return literal(outputName, value);
    }
    const resource = this.resources.get(name)!;
    const inStack = path !== undefined ? Fn.join('', [resource.getAtt('PrometheusEndpoint').toString(), path]) : resource.getAtt(attribute).toString();
    return { name: outputName, value: exportValue(this.stackOf.get(workspace)!, outputName, inStack) };
  }
}
