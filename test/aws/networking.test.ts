import { pascalCase } from '../../src/aws/names';
import { RESOURCE_SPECS } from '../../src/resolve/resources/registry';
import type { AppModel, IngressRule, IngressSource, IngressTarget } from '../../src/resolve/model';
import { container, family, familyIngress, model, richModel } from './fixtures';
import { refName, resourcesOfType, synth, type TemplateJson } from './helpers';

/** The security group an owner's rules point at, as named in templates. */
function groupName(m: AppModel, owner: IngressTarget | IngressSource): string {
  switch (owner.kind) {
    case 'family':
      return `Family${m.families.find((f) => f.name === owner.family)!.logicalId}SecurityGroup`;
    case 'volume':
      return `Volume${pascalCase(owner.volume)}SecurityGroup`;
    case 'resource':
      return `${RESOURCE_SPECS[owner.resource].idPrefix}${m.resources[owner.resource].find((r) => r.name === owner.name)!.logicalId}SecurityGroup`;
    case 'loadBalancer':
      return 'LoadBalancerSecurityGroup';
    case 'elbv2':
      return `Elbv2${pascalCase(owner.name)}SecurityGroup`;
    case 'cidr':
      return `cidr:${owner.cidr}`;
    case 'securityGroup':
      return `sg:${owner.id}`;
    case 'prefixList':
      return `pl:${owner.id}`;
  }
}

const triple = (target: string, source: string, protocol: string, from: number, to: number) =>
  `${target} <- ${source} ${protocol}/${from}${from === to ? '' : `-${to}`}`;

/** (target, source, protocol, ports) of every rule the model declares. */
function declared(m: AppModel): string[] {
  return m.ingress.map((r: IngressRule) => triple(groupName(m, r.target), groupName(m, r.source), r.protocol, r.fromPort, r.toPort)).sort();
}

/** The same, read back from every SecurityGroupIngress in every template. */
function emitted(templates: Map<string, TemplateJson>): string[] {
  const group = (v: unknown) => refName(v).replace(/SecurityGroupId$/, 'SecurityGroup');
  return resourcesOfType(templates, 'AWS::EC2::SecurityGroupIngress')
    .map(({ props: p }) => {
      const source =
        p.SourceSecurityGroupId !== undefined
          ? typeof p.SourceSecurityGroupId === 'string'
            ? `sg:${p.SourceSecurityGroupId}`
            : group(p.SourceSecurityGroupId)
          : p.CidrIp !== undefined
            ? `cidr:${p.CidrIp}`
            : p.CidrIpv6 !== undefined
              ? `cidr:${p.CidrIpv6}`
              : `pl:${p.SourcePrefixListId}`;
      return triple(group(p.GroupId), source, String(p.IpProtocol), Number(p.FromPort), Number(p.ToPort));
    })
    .sort();
}

const a = container('a');
const b = container('b');
const c = container('c');
const twoFamilies = (ingress: IngressRule[]) =>
  model([family('a', [a], { ports: [{ service: 'a', port: 80, protocol: 'tcp' }] }), family('b', [b]), family('c', [c])], { ingress });

describe('security-group ingress equals exactly the declared rules', () => {
  test.each<[string, AppModel]>([
    ['rich project', richModel()],
    // Negative: ports and families, but nothing declared → not a single rule.
    ['nothing declared', twoFamilies([])],
    ['one edge (b → a), none for c', twoFamilies([familyIngress('b', 'a', 80)])],
    [
      'external sources: IPv4, IPv6, security group, prefix list, port range, UDP',
      twoFamilies([
        { source: { kind: 'cidr', cidr: '192.168.0.0/24' }, target: { kind: 'family', family: 'a' }, protocol: 'tcp', fromPort: 80, toPort: 80, reason: 'x-network.Ingress.ExtSources' },
        { source: { kind: 'cidr', cidr: '2001:db8::/32' }, target: { kind: 'family', family: 'a' }, protocol: 'tcp', fromPort: 80, toPort: 80, reason: 'x-network.Ingress.ExtSources' },
        { source: { kind: 'securityGroup', id: 'sg-0123456789abcdef0' }, target: { kind: 'family', family: 'a' }, protocol: 'tcp', fromPort: 80, toPort: 80, reason: 'x-network.Ingress.AwsSources' },
        { source: { kind: 'prefixList', id: 'pl-0abc' }, target: { kind: 'family', family: 'a' }, protocol: 'udp', fromPort: 8000, toPort: 8010, reason: 'x-network.Ingress.AwsSources' },
      ]),
    ],
  ])('%s', (_name, m) => {
    const { templates } = synth(m);
    expect(emitted(templates)).toEqual(declared(m));
  });

  test('no edge without a declaration: worker reaches nothing and nothing reaches it', () => {
    const { templates } = synth(richModel());
    expect(emitted(templates).filter((r) => r.includes('FamilyWorker'))).toEqual([]);
  });

  describe('in the rich project', () => {
    const { templates } = synth(richModel());
    const groups = resourcesOfType(templates, 'AWS::EC2::SecurityGroup');

    test('one group per family, one for the load balancer, one per volume — no inline ingress', () => {
      expect(groups.map((g) => g.id).sort()).toEqual([
        'FamilyApiSecurityGroup',
        'FamilyDbSecurityGroup',
        'FamilyWebSecurityGroup',
        'FamilyWorkerSecurityGroup',
        'LoadBalancerSecurityGroup',
        'VolumePgdataSecurityGroup',
      ]);
      for (const g of groups) expect(g.props.SecurityGroupIngress).toBeUndefined();
    });

    test('0.0.0.0/0 only into the load balancer, only on listener ports', () => {
      const open = resourcesOfType(templates, 'AWS::EC2::SecurityGroupIngress').filter(
        (r) => r.props.CidrIp === '0.0.0.0/0' || r.props.CidrIpv6 === '::/0',
      );
      expect(open.map((r) => [refName(r.props.GroupId), r.props.FromPort, r.props.ToPort])).toEqual([
        ['LoadBalancerSecurityGroup', 80, 80],
      ]);
    });

    test('rules have readable, stable logical IDs and the reason as description', () => {
      const rules = resourcesOfType(templates, 'AWS::EC2::SecurityGroupIngress');
      expect(rules.map((r) => r.id).sort()).toEqual([
        'IngressFamilyApiFromCidr10x20x0x0m16Tcp8080',
        'IngressFamilyApiFromFamilyWebTcp8080',
        'IngressFamilyDbFromFamilyApiTcp5432',
        'IngressFamilyWebFromLoadBalancerTcp80',
        'IngressLoadBalancerFromCidr0x0x0x0m0Tcp80',
        'IngressVolumePgdataFromFamilyDbTcp2049',
      ]);
      expect(rules.find((r) => r.id === 'IngressFamilyApiFromCidr10x20x0x0m16Tcp8080')!.props.Description).toBe(
        'x-network.Ingress.ExtSources: office VPN',
      );
    });
  });
});

describe("a load balancer's group sends only what its targets admit from it", () => {
  /** (group, destination group, protocol, ports) of every SecurityGroupEgress in every template. */
  const egressRules = (templates: Map<string, TemplateJson>) =>
    resourcesOfType(templates, 'AWS::EC2::SecurityGroupEgress').map(({ props: p }) =>
      triple(refName(p.GroupId).replace(/SecurityGroupId$/, 'SecurityGroup'), refName(p.DestinationSecurityGroupId).replace(/SecurityGroupId$/, 'SecurityGroup'), String(p.IpProtocol), Number(p.FromPort), Number(p.ToPort)),
    );
  /** The mirror of each declared rule whose source is a load balancer. */
  const mirrors = (m: AppModel) =>
    m.ingress.filter((r) => r.source.kind === 'loadBalancer' || r.source.kind === 'elbv2').map((r) => triple(groupName(m, r.source), groupName(m, r.target), r.protocol, r.fromPort, r.toPort));

  test('rich project: one egress rule per rule from the load balancer, and no other outbound traffic from its group', () => {
    const m = richModel();
    const { templates } = synth(m);
    expect(egressRules(templates)).toEqual(['LoadBalancerSecurityGroup <- FamilyWebSecurityGroup tcp/80']);
    expect(egressRules(templates)).toEqual(mirrors(m));
    const groups = resourcesOfType(templates, 'AWS::EC2::SecurityGroup');
    expect(groups.find((g) => g.id === 'LoadBalancerSecurityGroup')!.props.SecurityGroupEgress).toEqual([
      { IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' },
    ]);
    // Tasks keep their open egress (registries, AWS APIs, what they call).
    expect(groups.find((g) => g.id === 'FamilyWebSecurityGroup')!.props.SecurityGroupEgress).toEqual([{ IpProtocol: '-1', CidrIp: '0.0.0.0/0', Description: 'Allow all outbound traffic' }]);
    const rule = resourcesOfType(templates, 'AWS::EC2::SecurityGroupEgress')[0];
    expect(rule.id).toBe('EgressLoadBalancerToFamilyWebTcp80');
  });

  test('sharded: each mirror sits beside its ingress rule, and parts count both', () => {
    const names = ['web', ...Array.from({ length: 209 }, (_, i) => `web-${String(i).padStart(3, '0')}`)]; // the rich model's listener targets 'web'
    const families = names.map((n) => family(n, [container(n)], { ports: [{ service: n, port: 8080, protocol: 'tcp' }] }));
    const ingress: IngressRule[] = names.map((n) => ({ source: { kind: 'loadBalancer' }, target: { kind: 'family', family: n }, protocol: 'tcp', fromPort: 8080, toPort: 8080, reason: 'load balancer listener' }));
    const m = model(families, { ingress, loadBalancer: richModel().loadBalancer });
    const { stacks, templates } = synth(m);
    expect(stacks.networking.sharded).toBe(true);
    expect(egressRules(templates).sort()).toEqual(mirrors(m).sort());
    for (const [name, t] of templates) {
      const types = Object.entries(t.Resources ?? {}).map(([, r]) => (r as { Type: string }).Type);
      expect(types.filter((x) => x === 'AWS::EC2::SecurityGroupEgress').length).toBe(types.filter((x) => x === 'AWS::EC2::SecurityGroupIngress').length);
      expect({ name, resources: types.length <= 500 }).toEqual({ name, resources: true });
    }
  });
});

describe('sharded networking (large projects)', () => {
  // 250 families: more groups than one Networking stack may output; a hub every family calls,
  // and a chain.
  const names = Array.from({ length: 250 }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  const families = names.map((n) => family(n, [container(n)], { ports: [{ service: n, port: 8080, protocol: 'tcp' }] }));
  const ingress = [
    ...names.slice(1).map((n) => familyIngress(n, names[0], 8080)),
    ...names.slice(1).map((n, i) => familyIngress(names[i], n, 8080)),
  ];
  const m = model(families, { ingress });
  const { stacks, templates } = synth(m);

  test('groups and rules move to shards, and the rules are still exactly the declared ones', () => {
    expect(stacks.networking.sharded).toBe(true);
    expect(templates.has('Networking')).toBe(false);
    expect([...templates.keys()].filter((k) => k.startsWith('SecurityGroups')).length).toBeGreaterThan(1);
    expect(emitted(templates)).toEqual(declared(m));
  });

  test('no template passes 200 parameters, 200 outputs or 500 resources', () => {
    for (const [name, t] of templates) {
      const counts = {
        name,
        parameters: Object.keys(t.Parameters ?? {}).length,
        outputs: Object.keys(t.Outputs ?? {}).length,
        resources: Object.keys(t.Resources ?? {}).length,
      };
      expect(counts.parameters).toBeLessThanOrEqual(200);
      expect(counts.outputs).toBeLessThanOrEqual(200);
      expect(counts.resources).toBeLessThanOrEqual(500);
    }
  });
});
