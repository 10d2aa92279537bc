/**
 * x-dynamodb `Scaling`: one `AWS::ApplicationAutoScaling::ScalableTarget` per scaled capacity of a
 * table or of one of its global secondary indexes, each with a target tracking
 * `AWS::ApplicationAutoScaling::ScalingPolicy` on DynamoDB's predefined utilization metric, in the
 * stack that holds the table.
 *
 * No RoleARN: DynamoDB supports Application Auto Scaling's service-linked role
 * (AWSServiceRoleForApplicationAutoScaling_DynamoDBTable), which Application Auto Scaling creates
 * in the account when a DynamoDB resource is first registered as a scalable target (Application
 * Auto Scaling User Guide, "Amazon DynamoDB and Application Auto Scaling"); ECS ComposeX named the
 * same role by ARN.
 */
import { aws_applicationautoscaling as appscaling, CfnResource, Fn, NestedStack } from 'aws-cdk-lib';
import type { TableModel, TableScalingTarget } from '../../resolve/model';

const METRICS: Record<TableScalingTarget['dimension'], string> = {
  ReadCapacityUnits: 'DynamoDBReadCapacityUtilization',
  WriteCapacityUnits: 'DynamoDBWriteCapacityUtilization',
};

/** How many resources `tableScaling` adds for a table (for placement). */
export function tableScalingResources(table: TableModel): number {
  return 2 * (table.scaling?.length ?? 0);
}

export function tableScaling(stack: NestedStack, table: TableModel, resource: CfnResource, idPrefix: string): void {
  let previous: appscaling.CfnScalableTarget | undefined;
  for (const t of table.scaling ?? []) {
    const id = `${idPrefix}${table.logicalId}${t.id}`;
    const target = new appscaling.CfnScalableTarget(stack, `${id}ScalableTarget`, {
      serviceNamespace: 'dynamodb',
      scalableDimension: `dynamodb:${t.index === undefined ? 'table' : 'index'}:${t.dimension}`,
      // table/<table name>[/index/<index name>]; the Ref also orders the target after the table.
      resourceId: Fn.join('', ['table/', resource.ref, ...(t.index === undefined ? [] : [`/index/${t.index}`])]),
      minCapacity: t.minCapacity,
      maxCapacity: t.maxCapacity,
    });
    // Registering a target moves the capacity into [MinCapacity, MaxCapacity] (RegisterScalableTarget)
    // with an UpdateTable call: the table's targets are registered one after the other rather than
    // all at once against the same table.
    if (previous) target.addResourceDependency(previous);
    previous = target;
    new appscaling.CfnScalingPolicy(stack, `${id}ScalingPolicy`, {
      // Unique per scalable target: TableOrdersReadUtilization, TableOrdersIndexByCustomerWriteUtilization.
      policyName: `${id}Utilization`,
      policyType: 'TargetTrackingScaling',
      scalingTargetId: target.ref,
      targetTrackingScalingPolicyConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: METRICS[t.dimension] },
        targetValue: t.targetValue,
        scaleInCooldown: t.scaleInCooldown,
        scaleOutCooldown: t.scaleOutCooldown,
        ...(t.disableScaleIn !== undefined ? { disableScaleIn: t.disableScaleIn } : {}),
      },
    });
  }
}
