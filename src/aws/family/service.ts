/**
 * The ECS service of a family: where its tasks run (subnets, security group, public IP), the load
 * balancer targets, capacity, deployment, Service Connect and tags, all decided by resolve.
 */
import type { NestedStack, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { Family } from '../../resolve/model';
import { importList, importString } from '../stack-io';
import type { FamilyInputs } from './inputs';

export function familyService(stack: NestedStack, family: Family, inputs: FamilyInputs, taskDefinition: ecs.CfnTaskDefinition, root: Stack): ecs.CfnService {
  const imported = (name: string, value: string) => importString(stack, name, value, root);
  const subnets = importList(stack, inputs.subnetIds.name, inputs.subnetIds.value, root);
  const securityGroup = imported(inputs.securityGroupId.name, inputs.securityGroupId.value);
  const loadBalancers = inputs.targetGroups.map((tg) => ({
    containerName: tg.service,
    containerPort: tg.containerPort,
    targetGroupArn: imported(tg.name, tg.arn),
  }));
  const { deployment } = family;

  return new ecs.CfnService(stack, 'Service', {
    cluster: imported('ClusterName', inputs.cluster),
    taskDefinition: taskDefinition.ref,
    desiredCount: family.desiredCount,
    // Always a capacity provider strategy, never `LaunchType`: LaunchType is a create-only property
    // of AWS::ECS::Service, so moving a launch-type service to FARGATE_SPOT later would replace it;
    // a strategy is updated in place. The cluster must have the providers associated (composex's
    // cluster has FARGATE and FARGATE_SPOT; an existing one is the user's, see CX3307).
    capacityProviderStrategy: family.capacityProviderStrategy.map((c) => ({
      capacityProvider: c.capacityProvider,
      weight: c.weight,
      ...(c.base !== undefined ? { base: c.base } : {}),
    })),
    deploymentConfiguration: {
      maximumPercent: deployment.maximumPercent,
      minimumHealthyPercent: deployment.minimumHealthyPercent,
      deploymentCircuitBreaker: { ...deployment.circuitBreaker },
    },
    networkConfiguration: {
      awsvpcConfiguration: { subnets, securityGroups: [securityGroup], assignPublicIp: family.assignPublicIp ? 'ENABLED' : 'DISABLED' },
    },
    ...(loadBalancers.length > 0 ? { loadBalancers } : {}),
    ...(loadBalancers.length > 0 && family.healthCheckGracePeriodSeconds > 0 ? { healthCheckGracePeriodSeconds: family.healthCheckGracePeriodSeconds } : {}),
    serviceConnectConfiguration: {
      enabled: true,
      namespace: imported('NamespaceArn', inputs.namespaceArn),
      ...(family.serviceConnect.length > 0
        ? {
            services: serviceConnectServices(family),
          }
        : {}),
    },
    enableExecuteCommand: family.enableExecuteCommand,
    ...(family.tags.length > 0 ? { tags: family.tags.map((t) => ({ ...t })) } : {}),
  });
}

/**
 * ECS accepts one client alias per Service Connect service ("The maximum number of client aliases
 * that you can have in this list is 1", ServiceConnectService in the ECS API reference). A port
 * that answers to several names (the service name, its network aliases, link aliases) is one
 * entry per name, all on the same port mapping, each with its own Cloud Map discovery name: the
 * first name keeps the port mapping's (as before), the others add the name to it.
 */
export function serviceConnectServices(family: Family): ecs.CfnService.ServiceConnectServiceProperty[] {
  const used = new Set<string>();
  return family.serviceConnect.flatMap((e) =>
    e.clientAliases.map((alias, i) => {
      const discoveryName = i === 0 ? e.portName : uniqueDiscoveryName(`${e.portName}-${alias.dnsName}`, used);
      used.add(discoveryName);
      return { portName: e.portName, discoveryName, clientAliases: [{ ...alias }] };
    }),
  );
}

/** A Cloud Map discovery name: lowercase letters, digits, `_` and `-`, not starting with `-`, at most 64 characters. */
function uniqueDiscoveryName(wanted: string, used: ReadonlySet<string>): string {
  const clean = wanted.toLowerCase().replace(/[^a-z0-9_-]/g, '-').replace(/^-+/, '');
  let name = clean.slice(0, 64);
  for (let n = 2; used.has(name); n++) name = `${clean.slice(0, 64 - String(n).length - 1)}-${n}`;
  return name;
}
