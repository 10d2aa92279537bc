/**
 * The x- resources of a model, each kind in its own nested stack(s): `Topics`, `Queues` (with the
 * subscriptions), `Databases`. Consumers read their values through `value()`.
 */
import type { NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AppModel, ResourceKind } from '../../resolve/model';
import { Databases } from './databases';
import { Queues } from './queues';
import { Topics } from './topics';
import type { StackValue } from './values';

export { familyResourceAccess, grantValues } from './grants';
export type { FamilyValue, StackValue } from './values';
export { familyValueIn, familyValueParameters, packValues } from './values';

export interface BackingServicesProps {
  readonly model: AppModel;
  /** Values valid in the root. */
  readonly privateSubnetIds: string;
  readonly databaseSecurityGroupId: (database: string) => string;
}

export class BackingServices {
  readonly topics: Topics;
  readonly queues: Queues;
  readonly databases: Databases;

  constructor(scope: Construct, props: BackingServicesProps) {
    const { model } = props;
    this.topics = new Topics(scope, { projectName: model.projectName, topics: model.topics });
    this.queues = new Queues(scope, {
      projectName: model.projectName,
      queues: model.queues,
      topics: model.topics,
      topicArn: (topic) => this.topics.value(topic, 'Arn'),
    });
    this.databases = new Databases(scope, {
      projectName: model.projectName,
      databases: model.databases,
      privateSubnetIds: props.privateSubnetIds,
      securityGroupId: props.databaseSecurityGroupId,
    });
  }

  get stacks(): NestedStack[] {
    return [...this.topics.stacks, ...this.queues.stacks, ...this.databases.stacks];
  }

  value(kind: ResourceKind, name: string, attribute: string): StackValue {
    switch (kind) {
      case 'queue':
        return this.queues.value(name, attribute);
      case 'topic':
        return this.topics.value(name, attribute);
      case 'database':
        return this.databases.value(name, attribute);
    }
  }
}
