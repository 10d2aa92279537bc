/**
 * The `CloudMap` nested stack: x- resources registered in the project's Cloud Map namespace
 * (`Settings.x-cloudmap`, resolve/resource-cloudmap.ts). Per resource one
 * `AWS::ServiceDiscovery::Service` (`<Kind><Id>CloudMapService`) and one
 * `AWS::ServiceDiscovery::Instance` of it (`<Kind><Id>CloudMapInstance`).
 *
 * The namespace's ARN arrives as the `NamespaceArn` parameter; its ID is the part after
 * `namespace/` (`arn:aws:servicediscovery:<region>:<account>:namespace/<id>`). The resources'
 * values arrive as parameters named as everywhere else (`DatabaseOrdersEndpointAddress`).
 */
import { Fn, NestedStack, Stack } from 'aws-cdk-lib';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import type { Construct } from 'constructs';
import type { CloudMapRegistration, ResourceKind } from '../resolve/model';
import { importString, setStackLogicalId } from './stack-io';
import { type StackValue, valueIn } from './resources/values';

export interface CloudMapRegistrationsProps {
  readonly registrations: readonly CloudMapRegistration[];
  /** The namespace's ARN, valid in the root. */
  readonly namespaceArn: string;
  /** A resource's attribute, valid in the root. */
  readonly value: (kind: ResourceKind, name: string, attribute: string) => StackValue;
}

/** TTL of the CNAME records, as ECS ComposeX writes them (seconds). */
export const CNAME_TTL = 15;

export class CloudMapRegistrationsStack extends NestedStack {
  constructor(scope: Construct, id: string, props: CloudMapRegistrationsProps) {
    super(scope, id, { description: 'composex: x- resources registered in the Cloud Map namespace' });
    setStackLogicalId(this, `${id}Stack`);
    const root = Stack.of(scope);
    const namespaceId = Fn.select(1, Fn.split('/', importString(this, 'NamespaceArn', props.namespaceArn, root)));
    for (const r of props.registrations) {
      const value = (attribute: string) => valueIn(this, props.value(r.kind, r.name, attribute), root);
      const service = new servicediscovery.CfnService(this, `${r.id}CloudMapService`, {
        name: r.serviceName,
        description: `composex: ${r.name}`,
        namespaceId,
        // A CNAME record needs the WEIGHTED routing policy (AWS::ServiceDiscovery::Service DnsRecord);
        // without DNS records the service is found by DiscoverInstances only (Type HTTP).
        ...(r.cname ? { dnsConfig: { routingPolicy: 'WEIGHTED', dnsRecords: [{ type: 'CNAME', ttl: CNAME_TTL }] } } : { type: 'HTTP' }),
      });
      service.overrideLogicalId(`${r.id}CloudMapService`);
      const attributes: Record<string, string> = {};
      // AWS_INSTANCE_CNAME: the domain name Route 53 returns for the CNAME record (RegisterInstance).
      if (r.cname) attributes.AWS_INSTANCE_CNAME = value(r.cname);
      for (const a of r.attributes) attributes[a.name] = a.attribute !== undefined ? value(a.attribute) : a.value!;
      const instance = new servicediscovery.CfnInstance(this, `${r.id}CloudMapInstance`, {
        serviceId: service.attrId,
        // Instance IDs are at most 64 characters (RegisterInstance), unique within the service: it has one.
        instanceId: r.name.slice(0, 64),
        instanceAttributes: attributes,
      });
      instance.overrideLogicalId(`${r.id}CloudMapInstance`);
    }
  }
}
