/**
 * `x-dynamodb` tables: `AWS::DynamoDB::Table`, on demand (`PAY_PER_REQUEST`) unless the table
 * sets its billing or provisioned throughput, point-in-time recovery on, encrypted with KMS (the
 * AWS managed key `aws/dynamodb` unless `SSESpecification` names another), and
 * `DeletionPolicy`/`UpdateReplacePolicy: Retain`. Secondary indexes are passed through as written.
 * `Scaling` adds scalable targets and policies beside the table (table-scaling.ts).
 */
import { CfnDeletionPolicy, CfnResource, NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { TableModel } from '../../resolve/model';
import { resourceSpec } from '../../resolve/resources/registry';
import { exportValue } from '../stack-io';
import { placeInStacks } from './placement';
import { tableScaling, tableScalingResources } from './table-scaling';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { arnParts, literal, StackValue, valueName } from './values';

const TABLE = resourceSpec('table');

const object = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

export class Tables implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly resources = new Map<string, CfnResource>();
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly stackOf: Map<TableModel, NestedStack>;
  private readonly models: Map<string, TableModel>;

  constructor(scope: Construct, props: ResourceConstructProps<'table'>) {
    this.models = new Map(props.resources.map((t) => [t.name, t]));
    const created = props.resources.filter((t) => !t.existingArn);
    const placed = placeInStacks(
      scope,
      'Tables',
      'DynamoDB tables',
      created.map((t) => ({ key: t.name, items: [t], footprint: { resources: 1 + tableScalingResources(t), outputs: 3, parameters: 0 } })),
    );
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;
    for (const table of created) {
      const p = table.properties;
      const resource = new CfnResource(this.stackOf.get(table)!, `${TABLE.idPrefix}${table.logicalId}`, {
        type: 'AWS::DynamoDB::Table',
        properties: {
          ...(p.BillingMode === undefined && p.ProvisionedThroughput === undefined ? { BillingMode: 'PAY_PER_REQUEST' } : {}),
          ...p,
          PointInTimeRecoverySpecification: { ...object(p.PointInTimeRecoverySpecification), PointInTimeRecoveryEnabled: true },
          SSESpecification: { ...object(p.SSESpecification), SSEEnabled: true },
          Tags: [
            { Key: 'composex:project', Value: props.model.projectName },
            { Key: 'composex:table', Value: table.name },
            ...((p.Tags as unknown[] | undefined) ?? []),
          ],
        },
      });
      recordRawProperties(this.rawProperties, resource, [TABLE.key, table.name, 'Properties'], p);
      // Items are data: a stack deletion or a replacement leaves the table in place.
      resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      this.resources.set(table.name, resource);
      tableScaling(this.stackOf.get(table)!, table, resource, TABLE.idPrefix);
    }
  }

  /** A table attribute (`TableName`, `Arn`, `StreamArn`) valid in the root. */
  value(name: string, attribute: string): StackValue {
    const table = this.models.get(name);
    if (!table) throw new Error(`internal: unknown table '${name}'`);
    const outputName = valueName(TABLE.idPrefix, table.logicalId, attribute);
    if (table.existingArn) {
      const values: Record<string, string> = {
        Arn: table.existingArn,
        TableName: arnParts(table.existingArn).resource.replace(/^table\//, ''),
        ...(table.existingStreamArn ? { StreamArn: table.existingStreamArn } : {}),
      };
      if (values[attribute] === undefined) throw new Error(`internal: ${attribute} of looked-up table '${name}' is not known`);
      return literal(outputName, values[attribute]);
    }
    const resource = this.resources.get(name)!;
    const inStack = attribute === 'TableName' ? resource.ref : resource.getAtt(attribute).toString();
    return { name: outputName, value: exportValue(this.stackOf.get(table)!, outputName, inStack) };
  }
}
