import { pos, resolve, resolveOk, ruleStrings } from './fixtures';

describe('load balancer type', () => {
  test.each<[string, string, 'application' | 'network' | undefined]>([
    ['nothing published: no load balancer', `services: {web: {image: web, expose: ["80"]}}`, undefined],
    ['container port 80', `services: {web: {image: web, ports: ["8000:80"]}}`, 'application'],
    ['host port 8080', `services: {web: {image: web, ports: ["8080:3000"]}}`, 'application'],
    ['x-aws-protocol: http', `services: {web: {image: web, ports: [{target: 3000, published: 443, x-aws-protocol: http}]}}`, 'application'],
    ['app_protocol: http', `services: {web: {image: web, ports: [{target: 3000, published: 3000, app_protocol: HTTP}]}}`, 'application'],
    ['x-aws-protocol: tcp wins over port 80', `services: {web: {image: web, ports: [{target: 80, published: 80, x-aws-protocol: tcp}]}}`, 'network'],
    ['a TCP port', `services: {db: {image: db, ports: ["5432:5432"]}}`, 'network'],
    ['UDP on port 80 is not HTTP', `services: {dns: {image: dns, ports: ["80:80/udp"]}}`, 'network'],
    [
      'one non-HTTP port makes it a network load balancer',
      `
      services:
        web: {image: web, ports: ["80:8080"]}
        db: {image: db, ports: ["5432:5432"]}
      `,
      'network',
    ],
  ])('%s', (_name, yaml, type) => {
    const { model } = resolve(yaml);
    expect(model!.loadBalancer?.type).toBe(type);
  });
});

describe('listeners, targets and ingress', () => {
  test('ALB: one HTTP listener per published port, rules on listener and target ports only', () => {
    const model = resolveOk(`
      services:
        web:
          image: web
          ports: ["80:8080", "8080:9090"]
          expose: ["9100"]
          x-aws-healthcheck-path: /health
        admin:
          image: admin
          ports: [{target: 3000, published: 81, x-aws-protocol: http, x-aws-healthcheck-path: /ping}]
          deploy: {labels: {ecs.task.family: ops}}
    `);
    expect(model.loadBalancer).toEqual({
      type: 'application',
      listeners: [
        { port: 80, protocol: 'HTTP', target: { family: 'web', service: 'web', containerPort: 8080 }, healthCheckPath: '/health' },
        { port: 81, protocol: 'HTTP', target: { family: 'ops', service: 'admin', containerPort: 3000 }, healthCheckPath: '/ping' },
        { port: 8080, protocol: 'HTTP', target: { family: 'web', service: 'web', containerPort: 9090 }, healthCheckPath: '/health' },
      ],
    });
    expect(ruleStrings(model)).toEqual([
      'LB -> ops tcp/3000 (published: 81)',
      'LB -> web tcp/8080 (published: 80)',
      'LB -> web tcp/9090 (published: 8080)',
      '0.0.0.0/0 -> LB tcp/80 (published: 80)',
      '0.0.0.0/0 -> LB tcp/81 (published: 81)',
      '0.0.0.0/0 -> LB tcp/8080 (published: 8080)',
    ]);
  });

  test('the health check path defaults to /', () => {
    const model = resolveOk(`services: {web: {image: web, ports: ["80:80"]}}`);
    expect(model.loadBalancer!.listeners[0].healthCheckPath).toBe('/');
  });

  test('NLB: TCP and UDP listeners, no health check path', () => {
    const model = resolveOk(`
      services:
        db: {image: db, ports: ["5432:5432"]}
        dns: {image: dns, ports: ["53:5353/udp"]}
    `);
    expect(model.loadBalancer).toEqual({
      type: 'network',
      listeners: [
        { port: 53, protocol: 'UDP', target: { family: 'dns', service: 'dns', containerPort: 5353 } },
        { port: 5432, protocol: 'TCP', target: { family: 'db', service: 'db', containerPort: 5432 } },
      ],
    });
    expect(ruleStrings(model)).toEqual([
      'LB -> db tcp/5432 (published: 5432)',
      'LB -> dns udp/5353 (published: 53)',
      '0.0.0.0/0 -> LB tcp/5432 (published: 5432)',
      '0.0.0.0/0 -> LB udp/53 (published: 53)',
    ]);
  });

  test('NLB: one port published as TCP and UDP to one container port is one TCP_UDP listener; ingress for both protocols', () => {
    const { model, diagnostics } = resolve(`
      services:
        dns: {image: dns, ports: ["53:53/tcp", "53:53/udp"]}
        web: {image: web, ports: ["80:8080"]}
    `);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model!.loadBalancer).toEqual({
      type: 'network',
      listeners: [
        { port: 53, protocol: 'TCP_UDP', target: { family: 'dns', service: 'dns', containerPort: 53 } },
        { port: 80, protocol: 'TCP', target: { family: 'web', service: 'web', containerPort: 8080 } },
      ],
    });
    expect(ruleStrings(model!)).toEqual([
      'LB -> dns tcp/53 (published: 53)',
      'LB -> dns udp/53 (published: 53)',
      'LB -> web tcp/8080 (published: 80)',
      '0.0.0.0/0 -> LB tcp/53 (published: 53)',
      '0.0.0.0/0 -> LB tcp/80 (published: 80)',
      '0.0.0.0/0 -> LB udp/53 (published: 53)',
    ]);
  });

  test('TCP and UDP on port 80 of one service: not HTTP, one TCP_UDP listener on an NLB', () => {
    const model = resolveOk(`services: {voice: {image: voice, ports: ["80:80/tcp", "80:80/udp"]}}`);
    expect(model.loadBalancer).toEqual({ type: 'network', listeners: [{ port: 80, protocol: 'TCP_UDP', target: { family: 'voice', service: 'voice', containerPort: 80 } }] });
  });

  test('HTTP on an NLB is a warning', () => {
    const yaml = `
      services:
        web: {image: web, ports: ["80:8080"]}
        db: {image: db, ports: ["5432:5432"]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model!.loadBalancer!.listeners.map((l) => l.protocol)).toEqual(['TCP', 'TCP']);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'CX3205',
        message: "port 80 of 'web' looks like HTTP, but port 5432 of 'db' is TCP, so one network load balancer serves both and forwards HTTP as plain TCP",
        ...pos(yaml, '"80:8080"'),
        hint: 'for path routing and HTTP health checks publish only HTTP ports; to accept plain TCP here, mark port 80 with x-aws-protocol: tcp',
      },
    ]);
  });

  test('a port bound to 127.0.0.1 is not published (warning), but stays a declared container port', () => {
    const yaml = `
      services:
        web: {image: web, ports: ["127.0.0.1:8080:80"]}
        client: {image: c, depends_on: [web]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model!.loadBalancer).toBeUndefined();
    expect(ruleStrings(model!)).toEqual(['client -> web tcp/80 (depends_on: web)']);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'CX3206',
        message: `port 8080 of 'web' is bound to 127.0.0.1, which means "this machine only": it is not published on the load balancer`,
        ...pos(yaml, '"127.0.0.1'),
        hint: 'remove host_ip to publish the port, or drop "published" to keep it internal',
      },
    ]);
  });
});

describe('health check grace period', () => {
  test('60 s behind the load balancer without a start_period; the start_period when declared; none when not behind it', () => {
    const model = resolveOk(`
      services:
        web: {image: web, ports: ["80:80"]}
        slow: {image: s, ports: ["8080:8080"], healthcheck: {test: ["CMD", "true"], start_period: 120}}
        quick: {image: q, ports: ["81:80"], healthcheck: {test: ["CMD", "true"], start_period: 5}}
        worker: {image: w, healthcheck: {test: ["CMD", "true"], start_period: 30}}
    `);
    expect(Object.fromEntries(model.families.map((f) => [f.name, f.healthCheckGracePeriodSeconds]))).toEqual({ web: 60, slow: 120, quick: 5, worker: 0 });
  });
});

describe('load balancer errors', () => {
  test('two services publishing one host port: an error at both', () => {
    const yaml = `
      services:
        web: {image: web, ports: ["80:8080"]}
        api: {image: api, ports: ["80:3000"]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    const web = pos(yaml, '"80:8080"');
    const api = pos(yaml, '"80:3000"');
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'CX3201',
        message: `port 80 is published by 'web' and also by 'api' at compose.yaml:${api.line}:${api.column}; the load balancer has one listener per port`,
        ...web,
        hint: 'publish a different host port for one of them, e.g. "8081:8080" (a file written for ECS ComposeX with x-elbv2 publishes container ports there; without x-elbv2, each published port is a listener of one load balancer)',
      },
      {
        severity: 'error',
        code: 'CX3201',
        message: `port 80 is published by 'api' and also by 'web' at compose.yaml:${web.line}:${web.column}; the load balancer has one listener per port`,
        ...api,
        hint: 'publish a different host port for one of them, e.g. "8081:8080" (a file written for ECS ComposeX with x-elbv2 publishes container ports there; without x-elbv2, each published port is a listener of one load balancer)',
      },
    ]);
  });

  test('one host port on two host IPs is still one listener port: CX3201 at both', () => {
    const yaml = `
      services:
        dns: {image: dns, ports: ["10.0.0.2:53:53"]}
        web: {image: web, ports: ["10.0.0.1:53:8080"]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics.filter((d) => d.code === 'CX3201').map((d) => [d.line, d.column])).toEqual([
      [pos(yaml, '"10.0.0.2:53:53"').line, pos(yaml, '"10.0.0.2:53:53"').column],
      [pos(yaml, '"10.0.0.1:53:8080"').line, pos(yaml, '"10.0.0.1:53:8080"').column],
    ]);
  });

  test('one host port as UDP to one service and as TCP to another: CX3212 at the UDP entry, not CX3201', () => {
    const yaml = `
      services:
        dns: {image: dns, ports: ["53:53/udp"]}
        web: {image: web, ports: ["10.0.0.1:53:8080"]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    const web = pos(yaml, '"10.0.0.1:53:8080"');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([
      {
        severity: 'error',
        code: 'CX3212',
        message: `port 53 is published as UDP to 53/udp of 'dns' and as TCP to 8080/tcp of 'web' (compose.yaml:${web.line}:${web.column}); a network load balancer has one listener per port, and a TCP_UDP listener forwards both protocols to one container port of one service`,
        ...pos(yaml, '"53:53/udp"'),
        hint: 'publish one of them on another host port, e.g. "10053:53/udp"',
      },
    ]);
  });

  test('one service publishing a port as TCP and UDP to two container ports: CX3212 with the fix that keeps one listener', () => {
    const yaml = `
      services:
        dns: {image: dns, ports: ["53:53/tcp", "53:5353/udp"]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line, d.column, d.hint])).toEqual([
      ['CX3212', pos(yaml, '"53:5353/udp"').line, pos(yaml, '"53:5353/udp"').column, 'send both to the same container port ("53:53/tcp" and "53:53/udp"), or publish one of them on another host port'],
    ]);
  });

  test('one port as TCP twice and UDP once is still CX3201 at each', () => {
    const yaml = `
      services:
        dns: {image: dns, ports: ["53:53/tcp", "53:53/udp"]}
        web: {image: web, ports: ["53:8080"]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['CX3201', 'CX3201', 'CX3201']);
  });

  test.each<[string, string, string, string, string, string]>([
    [
      'published port range',
      `services: {web: {image: web, ports: [{target: 8000, published: "8000-8010"}]}}`,
      'CX3202',
      "'web' publishes the port range 8000-8010; a load balancer listener has exactly one port",
      '"8000-8010"',
      'publish each port on its own line (ports: ["8000:8000", "8001:8001"]), or use expose for ports only other services reach',
    ],
    [
      'published port 0 (Docker picks a free port; a listener cannot)',
      `services: {web: {image: web, ports: [{target: 80, published: "0"}]}}`,
      'CX3203',
      "published port '0' of 'web' is not a port number (1 to 65535)",
      '"0"',
      'write it as "published:target", e.g. "80:8080"',
    ],
    [
      'publishing service in two families',
      `services: {web: {image: web, ports: ["80:80"], deploy: {labels: {ecs.task.family: "a,b"}}}}`,
      'CX3204',
      "'web' publishes port 80 but belongs to families a, b; a listener forwards to one family",
      '"80:80"',
      "keep 'web' in one family, or publish the port from a service that is",
    ],
    [
      'health check path without /',
      `services: {web: {image: web, ports: ["80:80"], x-aws-healthcheck-path: health}}`,
      'CX3207',
      `health check path "health" of 'web' must start with '/' (at most 1024 characters)`,
      'health}',
      "write a path such as '/health'",
    ],
    [
      'ALB with one AZ',
      `
      services: {web: {image: web, ports: ["80:80"]}}
      x-vpc: {MaxAzs: 1}
      `,
      'CX3208',
      'x-vpc.MaxAzs is 1, but the application load balancer for the published HTTP ports needs two availability zones',
      '1}',
      'set MaxAzs to 2 or more',
    ],
    [
      'ALB with one public subnet',
      `
      services: {web: {image: web, ports: ["80:80"]}}
      x-vpc: {VpcId: vpc-0123abcd, PrivateSubnets: [subnet-0000000a, subnet-0000000b], PublicSubnets: [subnet-0000000c]}
      `,
      'CX3208',
      'x-vpc gives 1 public subnet, but the application load balancer for the published HTTP ports needs subnets in two availability zones',
      '[subnet-0000000c',
      'add a public subnet in a second availability zone to x-vpc.PublicSubnets',
    ],
  ])('%s', (_name, yaml, code, message, marker, hint) => {
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([{ severity: 'error', code, message, ...pos(yaml, marker), hint }]);
  });
});
