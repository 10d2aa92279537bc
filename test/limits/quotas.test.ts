/**
 * AWS quotas by construction at scale: a generated project of 300 services, each publishing a port
 * (300 listeners), renders; every template is within CloudFormation's per-template quotas, every
 * load balancer within ELB's (listeners, target groups, target groups per action, rules), every
 * security group within the VPC quota on inbound rules, and the validator finds no error in the
 * templates the split writes.
 * (docs/performance.md, "AWS quotas"; the quotas come from src/limits/.)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateComposeYaml } from '../../bench/generate';
import { loadAndCompile } from '../../src/compile';
import { TEMPLATE_QUOTAS } from '../../src/limits/cloudformation';
import {
  MAX_LISTENERS_PER_LOAD_BALANCER,
  MAX_RULES_PER_LOAD_BALANCER,
  MAX_TARGET_GROUPS_PER_ACTION,
  MAX_TARGET_GROUPS_PER_LOAD_BALANCER,
} from '../../src/limits/elb';
import { MAX_INBOUND_RULES_PER_SECURITY_GROUP } from '../../src/limits/vpc';
import { renderModel } from '../../src/render/render';
import type { RenderedFile } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';

const PORTS = 300;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-quotas-'));
const file = path.join(dir, 'compose.yaml');
fs.writeFileSync(file, generateComposeYaml({ services: PORTS, queues: 20, topics: 5, databases: 3, publishEvery: 1 }));
const compiled = loadAndCompile({ files: [file], env: {} });
const result = compiled.model ? renderModel(compiled.model) : undefined;
const files = (): readonly RenderedFile[] => result!.files;

type Resource = { Type: string; Properties?: Record<string, unknown> };
const resources = (f: RenderedFile): [string, Resource][] => Object.entries(f.template.Resources ?? {}) as [string, Resource][];

/** The logical id (in its own template) a `{Ref}` / `{Fn::GetAtt}` points at. */
function refTarget(value: unknown): string {
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (v.Ref) return v.Ref;
  if (v['Fn::GetAtt']) return v['Fn::GetAtt'][0];
  throw new Error(`not a reference: ${JSON.stringify(value)}`);
}

test('the project compiles and renders with one listener per published port', () => {
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result).toBeDefined();
  expect(result!.diagnostics).toEqual([]);
  const listeners = files().flatMap((f) => resources(f).filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener'));
  expect(listeners).toHaveLength(PORTS);
});

test('the first load balancer keeps its logical IDs; the next ones are LoadBalancer2, LoadBalancer3, … with a group each', () => {
  const count = Math.ceil(PORTS / MAX_LISTENERS_PER_LOAD_BALANCER);
  const names = Array.from({ length: count }, (_, i) => (i === 0 ? 'LoadBalancer' : `LoadBalancer${i + 1}`));
  expect(files().filter((f) => f.logicalId && /^LoadBalancer\d*Stack$/.test(f.logicalId)).map((f) => f.logicalId).sort()).toEqual(names.map((n) => `${n}Stack`).sort());
  const groups = files().flatMap((f) => resources(f).filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroup').map(([id]) => id));
  for (const n of names) expect(groups).toContain(`${n}SecurityGroup`);
  // Each load balancer stack takes its own group; the first one's listeners are ports 10000-10049.
  for (const f of files().filter((f) => f.logicalId && /^LoadBalancer\d*Stack$/.test(f.logicalId))) {
    expect(Object.keys(f.template.Parameters ?? {}).sort()).toEqual(['LoadBalancerSecurityGroupId', 'PublicSubnetIds', 'VpcId'].sort());
  }
  const root = files().find((f) => !f.logicalId)!;
  const passed = (stack: string) => JSON.stringify((root.template.Resources![stack].Properties!.Parameters as Record<string, unknown>).LoadBalancerSecurityGroupId);
  expect(passed('LoadBalancerStack')).toContain('Outputs.LoadBalancerSecurityGroupId');
  expect(passed('LoadBalancer2Stack')).toContain('Outputs.LoadBalancer2SecurityGroupId');
  const first = files().find((f) => f.logicalId === 'LoadBalancerStack')!;
  const ports = resources(first).filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener').map(([, r]) => r.Properties!.Port as number);
  expect(Math.min(...ports)).toBe(10000);
  expect(Math.max(...ports)).toBe(10049);
});

test('every template is within the CloudFormation quotas on resources, parameters, outputs and mappings', () => {
  const over: string[] = [];
  for (const f of files()) {
    const counts = {
      resources: Object.keys(f.template.Resources ?? {}).length,
      parameters: Object.keys(f.template.Parameters ?? {}).length,
      outputs: Object.keys(f.template.Outputs ?? {}).length,
      mappings: Object.keys((f.template.Mappings ?? {}) as object).length,
    };
    for (const [quota, n] of Object.entries(counts)) if (n > TEMPLATE_QUOTAS[quota as keyof typeof counts]) over.push(`${f.path}: ${n} ${quota}`);
  }
  expect(over).toEqual([]);
});

test('every load balancer is within the ELB quotas, and the published ports are spread over several', () => {
  const balancers: string[] = [];
  const problems: string[] = [];
  for (const f of files()) {
    const all = resources(f);
    for (const [lbId] of all.filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      balancers.push(`${f.path}#${lbId}`);
      const listeners = all.filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener' && refTarget(r.Properties!.LoadBalancerArn) === lbId);
      const listenerIds = new Set(listeners.map(([id]) => id));
      const targetGroups = new Set<string>();
      for (const [id, l] of listeners) {
        const actions = l.Properties!.DefaultActions as { TargetGroupArn?: unknown; ForwardConfig?: { TargetGroups: { TargetGroupArn: unknown }[] } }[];
        for (const action of actions) {
          const groups = [...(action.TargetGroupArn ? [action.TargetGroupArn] : []), ...(action.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn)];
          if (new Set(groups.map(refTarget)).size > MAX_TARGET_GROUPS_PER_ACTION) problems.push(`${f.path}#${id}: ${groups.length} target groups in one action`);
          for (const g of groups) targetGroups.add(refTarget(g));
        }
      }
      const rules = all.filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::ListenerRule' && listenerIds.has(refTarget(r.Properties!.ListenerArn)));
      if (listeners.length > MAX_LISTENERS_PER_LOAD_BALANCER) problems.push(`${f.path}#${lbId}: ${listeners.length} listeners`);
      if (targetGroups.size > MAX_TARGET_GROUPS_PER_LOAD_BALANCER) problems.push(`${f.path}#${lbId}: ${targetGroups.size} target groups`);
      if (rules.length > MAX_RULES_PER_LOAD_BALANCER) problems.push(`${f.path}#${lbId}: ${rules.length} rules`);
    }
  }
  expect(problems).toEqual([]);
  expect(balancers.length).toBe(Math.ceil(PORTS / MAX_LISTENERS_PER_LOAD_BALANCER));
});

test('every security group is within the VPC quota on inbound rules (IPv4 and IPv6 apart)', () => {
  // Security group logical ids are unique in the project; a rule in an `IngressNN` stack names
  // its group through the parameter `<GroupLogicalId>Id`.
  const groupOf = (f: RenderedFile, groupId: unknown): string => {
    const id = refTarget(groupId);
    return f.template.Parameters?.[id] ? id.replace(/Id$/, '') : id;
  };
  const counts = new Map<string, { ipv4: number; ipv6: number }>();
  let groups = 0;
  for (const f of files()) {
    for (const [, r] of resources(f)) {
      if (r.Type === 'AWS::EC2::SecurityGroup') groups++;
      if (r.Type !== 'AWS::EC2::SecurityGroupIngress') continue;
      const p = r.Properties!;
      const key = groupOf(f, p.GroupId);
      const c = counts.get(key) ?? { ipv4: 0, ipv6: 0 };
      counts.set(key, { ipv4: c.ipv4 + (p.CidrIpv6 ? 0 : 1), ipv6: c.ipv6 + (p.CidrIp ? 0 : 1) });
    }
  }
  const over = [...counts].filter(([, c]) => Math.max(c.ipv4, c.ipv6) > MAX_INBOUND_RULES_PER_SECURITY_GROUP);
  expect(over).toEqual([]);
  expect(groups).toBeGreaterThan(PORTS);
  // The load balancers' groups are the busiest: one rule per listener.
  expect(counts.get('LoadBalancerSecurityGroup')).toEqual({ ipv4: MAX_LISTENERS_PER_LOAD_BALANCER, ipv6: 0 });
});

test('the validator finds no error in the templates the split writes (root, load balancers, security groups, ingress)', () => {
  // Family and resource templates are the scale test's (test/limits/scale.test.ts); validating
  // only these keeps this test to seconds.
  const split = files().filter((f) => !f.logicalId || /^(LoadBalancer|SecurityGroups|Ingress|Networking)/.test(f.logicalId));
  expect(split.filter((f) => f.logicalId?.startsWith('LoadBalancer'))).toHaveLength(Math.ceil(PORTS / MAX_LISTENERS_PER_LOAD_BALANCER));
  expect(validateTemplates(split).filter((d) => d.severity === 'error')).toEqual([]);
});
