/**
 * AWS quotas decided at resolve: published ports spread over load balancers of at most 50
 * listeners (a target group's listeners on one), CX3220 (security group inbound rules), CX3221
 * (load balancers per Region), CX3222 (one target on more host ports than a load balancer holds).
 */
import { MAX_INBOUND_RULES_PER_SECURITY_GROUP } from '../../src/limits/vpc';
import { MAX_LISTENERS_PER_LOAD_BALANCER, MAX_LOAD_BALANCERS_PER_REGION } from '../../src/limits/elb';
import { splitListeners } from '../../src/resolve/load-balancer-split';
import type { ListenerModel } from '../../src/resolve/model';
import { pos, resolve, resolveOk } from './fixtures';

/** `n` services, each publishing one TCP port (20000 + i → 5000). */
function publishing(n: number, extra = ''): string {
  const lines = ['services:'];
  for (let i = 0; i < n; i++) lines.push(`  s${i}: {image: s, ports: ["${20000 + i}:5000"]}`);
  return lines.join('\n') + '\n' + extra;
}

const indexOf = (l: ListenerModel) => l.loadBalancer ?? 0;

describe('load balancers by listener count', () => {
  test('up to 50 published ports: one load balancer, the model as before (no index, no count)', () => {
    const model = resolveOk(publishing(MAX_LISTENERS_PER_LOAD_BALANCER));
    expect(model.loadBalancer!.count).toBeUndefined();
    expect(model.loadBalancer!.listeners.every((l) => l.loadBalancer === undefined)).toBe(true);
    expect(model.ingress.filter((r) => r.source.kind === 'loadBalancer' || r.target.kind === 'loadBalancer').every((r) => !('index' in r.source) && !('index' in r.target))).toBe(true);
  });

  test('120 ports: three load balancers of 50, 50 and 20 listeners in port order, each its own ingress', () => {
    const model = resolveOk(publishing(120));
    const lb = model.loadBalancer!;
    expect(lb.count).toBe(3);
    const byIndex = [0, 1, 2].map((i) => lb.listeners.filter((l) => indexOf(l) === i).map((l) => l.port));
    expect(byIndex.map((ports) => ports.length)).toEqual([50, 50, 20]);
    expect(byIndex[0][0]).toBe(20000);
    expect(byIndex[1][0]).toBe(20050);
    expect(byIndex[2][0]).toBe(20100);
    // The world reaches each load balancer on its own listener ports; each admits its own targets.
    const world = model.ingress.filter((r) => r.target.kind === 'loadBalancer');
    expect(world.find((r) => r.fromPort === 20060)!.target).toEqual({ kind: 'loadBalancer', index: 1 });
    expect(world.find((r) => r.fromPort === 20000)!.target).toEqual({ kind: 'loadBalancer' });
    const toTask = model.ingress.filter((r) => r.source.kind === 'loadBalancer' && r.target.kind === 'family' && r.target.family === 's110');
    expect(toTask.map((r) => r.source)).toEqual([{ kind: 'loadBalancer', index: 2 }]);
  });

  test('the listeners of one target group stay on one load balancer', () => {
    // s0..s48 fill 49 listeners; web's two host ports (one target group) do not fit in the first.
    const model = resolveOk(publishing(49, '  web: {image: web, ports: ["20049:5000", "20200:5000"]}\n'));
    const web = model.loadBalancer!.listeners.filter((l) => l.target.family === 'web');
    expect(web.map(indexOf)).toEqual([1, 1]);
    expect(model.loadBalancer!.listeners.filter((l) => indexOf(l) === 0)).toHaveLength(49);
  });

  test('the assignment depends only on the listeners, not on their order', () => {
    const listeners = resolveOk(publishing(130)).loadBalancer!.listeners.map(({ loadBalancer: _, ...l }) => l);
    const a = splitListeners(listeners);
    const b = splitListeners([...listeners].reverse());
    const key = (s: typeof a) => s.listeners.map((l) => `${l.port}:${indexOf(l)}`).sort();
    expect(key(b)).toEqual(key(a));
    expect(a.count).toBe(3);
  });
});

describe('CX3222: one target published on more host ports than a load balancer has listeners', () => {
  test('51 host ports to one container port: refused at the first', () => {
    const ports = Array.from({ length: 51 }, (_, i) => `"${20000 + i}:5000"`).join(', ');
    const yaml = `services:\n  web: {image: web, ports: [${ports}]}\n`;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    const found = diagnostics.filter((d) => d.code === 'CX3222');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'error',
      line: pos(yaml, '"20000:5000"').line,
      column: pos(yaml, '"20000:5000"').column,
      message: expect.stringContaining(`container port 5000 of 'web' is published on 51 host ports`),
      hint: expect.stringContaining('at most 50 host ports'),
    });
  });

  test('50 host ports to one container port: one load balancer, accepted', () => {
    const ports = Array.from({ length: 50 }, (_, i) => `"${20000 + i}:5000"`).join(', ');
    const { model, diagnostics } = resolve(`services:\n  web: {image: web, ports: [${ports}]}\n`);
    expect(diagnostics.filter((d) => d.code === 'CX3222')).toEqual([]);
    expect(model!.loadBalancer!.listeners).toHaveLength(50);
  });
});

describe('CX3221: more load balancers than the default per-Region quota', () => {
  // Each (service, container port) is one target group of 46 listeners, and a load balancer holds
  // one of them (two would be 92 listeners): 10 services need 50 load balancers, 11 need 55.
  function many(services: number): string {
    const lines = ['services:'];
    let port = 10000;
    for (let s = 0; s < services; s++) {
      const ports: string[] = [];
      for (let c = 0; c < 5; c++) for (let h = 0; h < 46; h++) ports.push(`"${port++}:${3000 + c}"`);
      lines.push(`  s${s}: {image: s, ports: [${ports.join(', ')}]}`);
    }
    return lines.join('\n') + '\n';
  }

  test('2,530 published ports in 55 target groups of 46: a warning at the first port of the 51st load balancer', () => {
    const yaml = many(11);
    const { model, diagnostics } = resolve(yaml);
    expect(model!.loadBalancer!.count).toBe(55);
    const found = diagnostics.filter((d) => d.code === 'CX3221');
    expect(found).toHaveLength(1);
    const first = model!.loadBalancer!.listeners.find((l) => indexOf(l) === MAX_LOAD_BALANCERS_PER_REGION)!;
    expect(found[0]).toMatchObject({
      severity: 'warning',
      ...pos(yaml, `"${first.port}:`),
      message: expect.stringContaining('need 55 load balancers'),
    });
  });

  test('2,300 published ports (50 load balancers, the quota): no warning', () => {
    const { model, diagnostics } = resolve(many(10));
    expect(model!.loadBalancer!.count).toBe(MAX_LOAD_BALANCERS_PER_REGION);
    expect(diagnostics.filter((d) => d.code === 'CX3221')).toEqual([]);
  });
});

describe('CX3220: a security group over the VPC quota on inbound rules', () => {
  function callers(n: number): string {
    const lines = ['services:', '  db: {image: db, expose: ["5432"]}'];
    for (let i = 0; i < n; i++) lines.push(`  c${i}: {image: c, depends_on: [db]}`);
    return lines.join('\n') + '\n';
  }

  test(`${MAX_INBOUND_RULES_PER_SECURITY_GROUP + 1} families calling one: refused at the callee`, () => {
    const yaml = callers(MAX_INBOUND_RULES_PER_SECURITY_GROUP + 1);
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    const found = diagnostics.filter((d) => d.code === 'CX3220');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'error',
      ...pos(yaml, 'db:'),
      message: expect.stringContaining(`the security group of family 'db' would hold 61 inbound IPv4 rules`),
      hint: expect.stringContaining('deploy.labels ecs.task.family'),
    });
    expect(found[0].message).toContain('"Inbound or outbound rules per security group" is 60');
  });

  test(`${MAX_INBOUND_RULES_PER_SECURITY_GROUP} families calling one: accepted`, () => {
    const model = resolveOk(callers(MAX_INBOUND_RULES_PER_SECURITY_GROUP));
    expect(model.ingress.filter((r) => r.target.kind === 'family' && r.target.family === 'db')).toHaveLength(60);
  });

  /** `db` called by 30 families (each rule counts as IPv4 and IPv6) and admitting CIDRs. */
  function withCidrs(ipv4: number, ipv6: number): string {
    const sources = [
      ...Array.from({ length: ipv4 }, (_, i) => `{IPv4: "10.${i}.0.0/16"}`),
      ...Array.from({ length: ipv6 }, (_, i) => `{IPv6: "2001:db8:${i.toString(16)}::/48"}`),
    ];
    return callers(30).replace('  db: {image: db, expose: ["5432"]}', `  db: {image: db, expose: ["5432"], x-network: {Ingress: {ExtSources: [${sources.join(', ')}]}}}`);
  }

  test('IPv4 and IPv6 rules count apart: 30 families + 30 IPv4 + 30 IPv6 CIDRs (90 rules) are accepted', () => {
    const model = resolveOk(withCidrs(30, 30));
    expect(model.ingress.filter((r) => r.target.kind === 'family' && r.target.family === 'db')).toHaveLength(90);
  });

  test('a rule from a security group counts as IPv6 too: 30 families + 31 IPv6 CIDRs are refused, naming IPv6', () => {
    const yaml = withCidrs(0, 31);
    const found = resolve(yaml).diagnostics.filter((d) => d.code === 'CX3220');
    expect(found.map((d) => d.message)).toEqual([expect.stringContaining("family 'db' would hold 61 inbound IPv6 rules")]);
  });

  test('a database used by 61 families: refused at its x-rds entry', () => {
    const consumers = (n: number) => Array.from({ length: n }, (_, i) => `c${i}: {Access: RW}`).join(', ');
    const yaml = (n: number) =>
      ['services:', ...Array.from({ length: n }, (_, i) => `  c${i}: {image: c}`), 'x-rds:', '  orders:', '    Properties: {Engine: postgres, EngineVersion: "16.4"}', `    Services: {${consumers(n)}}`].join('\n') + '\n';
    const over = yaml(61);
    const found = resolve(over).diagnostics.filter((d) => d.code === 'CX3220');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ...pos(over, 'orders:'), message: expect.stringContaining("database 'orders' would hold 61 inbound IPv4 rules"), hint: expect.stringContaining('split it into several databases') });
    expect(resolve(yaml(60)).diagnostics.filter((d) => d.code === 'CX3220')).toEqual([]);
  });

  test('an x-elbv2 load balancer forwarding to 60 families: 61 outbound rules (one per target, one inline), refused at it; 59 accepted', () => {
    const yaml = (n: number) =>
      [
        'services:',
        ...Array.from({ length: n }, (_, i) => `  s${i}: {image: s, expose: ["8080"]}`),
        'x-elbv2:',
        '  front:',
        '    Properties: {Scheme: internet-facing, Type: application}',
        '    MacroParameters: {Ingress: {ExtSources: [{IPv4: 0.0.0.0/0}]}}',
        '    Listeners:',
        '      - Port: 80',
        '        Protocol: HTTP',
        '        Targets:',
        ...Array.from({ length: n }, (_, i) => `          - {name: "s${i}:s${i}:8080", access: /s${i}/*}`),
        '    Services:',
        ...Array.from({ length: n }, (_, i) => `      "s${i}:s${i}:8080": {port: 8080, protocol: HTTP}`),
      ].join('\n') + '\n';
    const over = yaml(60);
    const found = resolve(over).diagnostics.filter((d) => d.code === 'CX3220');
    expect(found).toEqual([expect.objectContaining({ ...pos(over, 'front:'), message: expect.stringContaining("load balancer 'front' (x-elbv2) would hold 61 outbound rules") })]);
    expect(resolve(yaml(59)).diagnostics.filter((d) => d.code === 'CX3220')).toEqual([]);
  });
});
