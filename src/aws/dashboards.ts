/**
 * CloudWatch dashboards (`DashboardModel`, resolved in src/resolve/x-dashboards.ts): one
 * `AWS::CloudWatch::Dashboard` each, in one nested stack (`DashboardsStack`). The body is the JSON
 * CloudWatch reads (src/resolve/dashboard-widgets.ts), an `Fn::Sub` of the names CloudFormation
 * gives: the cluster, each family's ECS service (an output of its stack) and the full names of the
 * load balancers and target groups in front of it (outputs of their stacks).
 * `DashboardName` is `<root stack name>--<key>`, as ECS ComposeX names it: dashboards are global
 * in an account, and the stack's name tells two deployments of one file apart.
 *
 * No IAM role or policy is involved, and nothing is stored: deleting the stack deletes the dashboards.
 */
import { Aws, CfnResource, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { dashboardWidgets } from '../resolve/dashboard-widgets';
import type { DashboardModel, DashboardSection, DashboardTarget } from '../resolve/model';
import { pascalCase } from './names';
import { importString, setStackLogicalId } from './stack-io';
import { targetGroupDimensions } from './target-group-label';

export interface DashboardsProps {
  readonly dashboards: readonly DashboardModel[];
  /** A family's cluster and ECS service names, valid in `stack`. */
  readonly ecsOf: (stack: NestedStack, family: string) => { readonly cluster: string; readonly service: string };
  /** A target group's resource label (`<lb full name>/<target group full name>`), valid in the root. */
  readonly targetLabel: (target: DashboardTarget) => { readonly name: string; readonly value: string };
  readonly root: Stack;
}

export class DashboardsStack extends NestedStack {
  readonly dashboards = new Map<string, CfnResource>();

  constructor(scope: Construct, id: string, props: DashboardsProps) {
    super(scope, id, { description: 'composex: CloudWatch dashboards (x-dashboards)' });
    setStackLogicalId(this, 'DashboardsStack');
    const rootStackName = importString(this, 'RootStackName', Aws.STACK_NAME, props.root);
    for (const dashboard of props.dashboards) {
      // Fn::Sub, not Fn::Join: `${FamilyApiServiceName}` costs a few bytes where a Join part costs
      // a Ref object, and a template is at most 1 MB. Values that are no parameter go in its map.
      const variables: Record<string, string> = {};
      const names = new Set(['AWS::Region']);
      const placeholder = (value: string, name: string): string => {
        const resolved = Stack.of(this).resolve(value) as unknown;
        const ref = typeof resolved === 'object' && resolved !== null && 'Ref' in resolved ? String((resolved as { Ref: unknown }).Ref) : undefined;
        if (ref === undefined) variables[name] = value;
        names.add(ref ?? name);
        return `\${${ref ?? name}}`;
      };
      const widgets = dashboardWidgets(dashboard.sections, (section: DashboardSection) => {
        const ecs = props.ecsOf(this, section.family);
        return {
          region: '${AWS::Region}',
          cluster: placeholder(ecs.cluster, 'Cluster'),
          service: placeholder(ecs.service, `Family${pascalCase(section.family)}Service`),
          targets: section.targets.map((target) => {
            const label = props.targetLabel(target);
            const dimensions = targetGroupDimensions(importString(this, label.name, label.value, props.root));
            const base = label.name.replace(/Label$/, '');
            return { loadBalancer: placeholder(dimensions.loadBalancer, `${base}LoadBalancer`), targetGroup: placeholder(dimensions.targetGroup, `${base}TargetGroup`) };
          }),
        };
      });
      // A `${` the names bring (none do today) stays literal: `${!`.
      const text = JSON.stringify({ start: dashboard.start, widgets }).replace(/\$\{([^}]*)\}/g, (all, name: string) => (names.has(name) ? all : `\${!${name}}`));
      this.dashboards.set(
        dashboard.logicalId,
        new CfnResource(this, dashboard.logicalId, {
          type: 'AWS::CloudWatch::Dashboard',
          properties: { DashboardName: Fn.join('', [rootStackName, `--${dashboard.nameSuffix}`]), DashboardBody: Object.keys(variables).length > 0 ? Fn.sub(text, variables) : Fn.sub(text) },
        }),
      );
    }
  }
}
