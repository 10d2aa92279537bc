import { pos, resolve, resolveOk, ruleStrings } from './fixtures';

describe('x-network.Ingress sources', () => {
  test.each<[string, string, string[]]>([
    [
      'ExtSources: each CIDR on every declared port',
      `
      services:
        api:
          image: api
          expose: ["3000", "9000/udp"]
          x-network:
            Ingress:
              ExtSources:
                - {IPv4: 10.1.0.0/16, Name: office}
                - {Ipv6: "2001:db8::/32", Description: partner}
      `,
      [
        '10.1.0.0/16 -> api tcp/3000 (x-network.Ingress.ExtSources)',
        '10.1.0.0/16 -> api udp/9000 (x-network.Ingress.ExtSources)',
        '2001:db8::/32 -> api tcp/3000 (x-network.Ingress.ExtSources)',
        '2001:db8::/32 -> api udp/9000 (x-network.Ingress.ExtSources)',
      ],
    ],
    [
      'AwsSources: security groups and prefix lists',
      `
      services:
        api:
          image: api
          expose: ["3000"]
          x-network:
            Ingress:
              AwsSources:
                - {Type: PrefixList, Id: pl-0123abcd}
                - {Type: SecurityGroup, Id: sg-0123456789abcdef0}
      `,
      ['sg:sg-0123456789abcdef0 -> api tcp/3000 (x-network.Ingress.AwsSources)', 'pl:pl-0123abcd -> api tcp/3000 (x-network.Ingress.AwsSources)'],
    ],
    [
      'Myself: tasks of the family reach each other',
      `
      services:
        node: {image: n, expose: ["7000"], x-network: {Ingress: {Myself: true}}}
      `,
      ['node -> node tcp/7000 (x-network.Ingress.Myself)'],
    ],
    [
      'sources apply to every family of the service',
      `
      services:
        agent:
          image: a
          expose: ["8125/udp"]
          deploy: {labels: {ecs.task.family: "a,b"}}
          x-network: {Ingress: {ExtSources: [{IPv4: 192.0.2.0/24}]}}
      `,
      ['192.0.2.0/24 -> a udp/8125 (x-network.Ingress.ExtSources)', '192.0.2.0/24 -> b udp/8125 (x-network.Ingress.ExtSources)'],
    ],
    [
      'no ports: nothing opened',
      `
      services:
        worker: {image: w, x-network: {Ingress: {ExtSources: [{IPv4: 192.0.2.0/24}]}}}
      `,
      [],
    ],
  ])('%s', (_name, yaml, expected) => {
    expect(ruleStrings(resolveOk(yaml))).toEqual(expected);
  });

  test('descriptions are carried to the rule source', () => {
    const model = resolveOk(`
      services:
        api:
          image: api
          expose: ["3000"]
          x-network:
            Ingress:
              ExtSources: [{IPv4: 10.1.0.0/16, Name: office}]
              AwsSources: [{Type: SecurityGroup, Id: sg-0123abcd, Description: "bastion host"}]
    `);
    expect(model.ingress.map((r) => r.source)).toEqual([
      { kind: 'cidr', cidr: '10.1.0.0/16', description: 'office' },
      { kind: 'securityGroup', id: 'sg-0123abcd', description: 'bastion host' },
    ]);
  });

  test('a service without ports gets a warning for its sources', () => {
    const yaml = `
      services:
        worker: {image: w, x-network: {Ingress: {ExtSources: [{IPv4: 192.0.2.0/24}]}}}
    `;
    expect(resolve(yaml).diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'CX3104',
        message: "'worker' declares no ports (ports or expose), so its x-network.Ingress opens nothing",
        ...pos(yaml, 'Ingress'),
        hint: `declare the ports 'worker' listens on, e.g. expose: ["8080"]`,
      },
    ]);
  });
});

describe('x-network.Ingress errors', () => {
  const service = (ingress: string) => `
    services:
      api:
        image: api
        expose: ["3000"]
        x-network:
          Ingress: ${ingress}
  `;
  test.each<[string, string, string, string, string, string]>([
    [
      'a malformed CIDR',
      service('{ExtSources: [{IPv4: 10.0.0.300/8}]}'),
      'CX3106',
      "services.api.x-network.Ingress.ExtSources[0].IPv4 '10.0.0.300/8' is not an IPv4 CIDR",
      '10.0.0.300/8',
      'write an address with its prefix length, e.g. 192.0.2.10/32',
    ],
    [
      'host bits set',
      service('{ExtSources: [{IPv4: 10.1.2.3/16}]}'),
      'CX3106',
      "services.api.x-network.Ingress.ExtSources[0].IPv4 '10.1.2.3/16' has host bits set",
      '10.1.2.3/16',
      "did you mean '10.1.0.0/16'?",
    ],
    [
      'no address',
      service('{ExtSources: [{Name: office}]}'),
      'CX3106',
      'services.api.x-network.Ingress.ExtSources[0] names no address: give IPv4 or IPv6',
      '{Name: office}',
      'write one entry per CIDR, e.g. {IPv4: 192.0.2.0/24, Name: office}',
    ],
    [
      'an unknown AwsSources type',
      service('{AwsSources: [{Type: SecurityGroups, Id: sg-0123abcd}]}'),
      'CX3106',
      "services.api.x-network.Ingress.AwsSources[0].Type 'SecurityGroups' is not a source type",
      'SecurityGroups',
      "did you mean 'SecurityGroup'?",
    ],
    [
      'a malformed security group id',
      service('{AwsSources: [{Type: SecurityGroup, Id: sg-xyz}]}'),
      'CX3106',
      "services.api.x-network.Ingress.AwsSources[0].Id 'sg-xyz' is not a SecurityGroup id",
      'sg-xyz',
      'a security group id looks like sg-0123456789abcdef0',
    ],
    [
      'an invalid description',
      service('{ExtSources: [{IPv4: 10.1.0.0/16, Name: "office <main>"}]}'),
      'CX3106',
      "services.api.x-network.Ingress.ExtSources[0].Name 'office <main>' cannot be a security group rule description",
      '"office <main>"',
      'use at most 255 of: letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*',
    ],
    [
      'an unknown Ingress key',
      service('{ExtSource: []}'),
      'CX3301',
      "unknown key 'ExtSource' in services.api.x-network.Ingress",
      'ExtSource',
      "did you mean 'ExtSources'?",
    ],
    [
      'Ingress.Services naming nothing',
      service('{Services: [{Name: wbe}]}'),
      'CX3001',
      "x-network.Ingress.Services 'wbe' is not a service or family of this project",
      'wbe',
      "valid services: api",
    ],
  ])('%s', (_name, yaml, code, message, marker, hint) => {
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([{ severity: 'error', code, message, ...pos(yaml, marker), hint }]);
  });
});
