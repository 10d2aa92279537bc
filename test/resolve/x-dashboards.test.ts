/**
 * x-dashboards in the resolve stage: which families a dashboard shows (a family's name, or a
 * service's families, each once, in the order written), the target groups in front of each, its
 * name (`<stack>--<key>`, a key CloudWatch refuses replaced with a warning at it), its time range,
 * the split past CloudWatch's 500 widgets, and what is refused or not read, each at its key.
 */
import { dashboardWidgets, MAX_DASHBOARD_WIDGETS, sectionSize } from '../../src/resolve/dashboard-widgets';
import type { DashboardModel } from '../../src/resolve/model';
import { errorsOf, expectOneError, pos, RESOURCE_SERVICES, resolveOk } from './fixtures';

const dashboards = (body: string, services = RESOURCE_SERVICES) => `${services}x-dashboards:\n${body}`;
const sections = (d: DashboardModel) => d.sections.map((s) => `${s.family}[${s.services.join(',')}]`);

describe('x-dashboards: the families shown', () => {
  test('a family name, a service (its families), each family once, in the order written; Type and UsePredefinedMetrics default', () => {
    const model = resolveOk(dashboards('  ops:\n    Services:\n      jobs: {UsePredefinedMetrics: true}\n      api: {}\n      cron:\n'));
    expect(model.dashboards!.map((d) => [d.logicalId, d.nameSuffix, d.start])).toEqual([['DashboardOps', 'ops', '-PT12H']]);
    expect(sections(model.dashboards![0])).toEqual(['jobs[cron,worker]', 'api[api]']);
  });

  test('ECS ComposeX use case: app03 and the family bignicefamily', () => {
    const yaml = dashboards(
      '  all-services:\n    Type: cloudwatch\n    Settings: {start: -P7D}\n    Services:\n      app03: {UsePredefinedMetrics: true}\n      bignicefamily: {UsePredefinedMetrics: true}\n',
      'services:\n  app01: {image: a, deploy: {labels: {ecs.task.family: bignicefamily}}}\n  rproxy: {image: r, deploy: {labels: {ecs.task.family: "bignicefamily,youtoo"}}}\n  app03: {image: c}\n',
    );
    const model = resolveOk(yaml);
    expect(model.dashboards!.map((d) => [d.logicalId, d.nameSuffix, d.start, sections(d)])).toEqual([['DashboardAllServices', 'all-services', '-P7D', ['app03[app03]', 'bignicefamily[app01,rproxy]']]]);
  });

  test('the target groups in front of a family: one per target group of the load balancer', () => {
    const model = resolveOk(dashboards('  web:\n    Services: {web: {}}\n', 'services:\n  web:\n    image: web\n    ports: ["80:8080", "8081:8080"]\n'));
    const targets = model.dashboards![0].sections[0].targets;
    expect(targets.map((t) => (t.kind === 'loadBalancer' ? `${t.type} ${t.listener.target.service}:${t.listener.target.containerPort}` : t.kind))).toEqual(['application web:8080']);
  });
});

describe('x-dashboards: names and limits', () => {
  test('a key CloudWatch refuses in a name: a warning at it, and a name of letters, digits, - and _', () => {
    const yaml = dashboards('  "my ops.board":\n    Services: {api: {}}\n  my-ops-board:\n    Services: {api: {}}\n');
    const { model, warnings } = errorsOf(yaml);
    const suffixes = model!.dashboards!.map((d) => d.nameSuffix);
    expect(suffixes[1]).toBe('my-ops-board');
    expect(suffixes[0]).toMatch(/^my-ops-board-[0-9A-F]{8}$/);
    const w = warnings.filter((d) => d.code === 'CX3911');
    expect(w.map((d) => d.message)).toEqual([`dashboard 'my ops.board' is named '<stack>--${suffixes[0]}': CloudWatch refuses 'my ops.board' in a dashboard name (only letters, digits, - and _)`]);
    expect(w[0]).toMatchObject(pos(yaml, '"my ops.board"'));
  });

  test('a key too long after the stack name is shortened, with a warning', () => {
    const long = 'd'.repeat(130);
    const { model, warnings } = errorsOf(dashboards(`  ${long}:\n    Services: {api: {}}\n`));
    expect(model!.dashboards![0].nameSuffix).toBe('d'.repeat(121));
    expect(warnings.map((w) => w.code)).toContain('CX3911');
  });

  test('past 500 widgets: split into dashboards of whole families, with a warning at the key', () => {
    const count = 90;
    const services = `services:\n${Array.from({ length: count }, (_, i) => `  s${i}: {image: s}\n`).join('')}`;
    const yaml = dashboards(`  big:\n    Services:\n${Array.from({ length: count }, (_, i) => `      s${i}: {}\n`).join('')}`, services);
    const { model, warnings } = errorsOf(yaml);
    const parts = model!.dashboards!;
    expect(parts.map((d) => [d.logicalId, d.nameSuffix])).toEqual([
      ['DashboardBig', 'big'],
      ['DashboardBigPart2', 'big-2'],
    ]);
    const perSection = sectionSize(parts[0].sections[0]).widgets;
    expect(parts[0].sections).toHaveLength(Math.floor(MAX_DASHBOARD_WIDGETS / perSection));
    expect(parts.flatMap((d) => d.sections.map((s) => s.family))).toEqual(Array.from({ length: count }, (_, i) => `s${i}`));
    const split = warnings.filter((w) => w.code === 'CX3912');
    expect(split).toHaveLength(1);
    expect(split[0]).toMatchObject(pos(yaml, 'big:'));
  });

  test('more services than the Dashboards stack can take as parameters: an error at the first dashboard over', () => {
    const services = `services:\n${Array.from({ length: 199 }, (_, i) => `  s${i}: {image: s}\n`).join('')}`;
    const half = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `      s${from + i}: {}\n`).join('');
    const yaml = dashboards(`  a:\n    Services:\n${half(0, 100)}  b:\n    Services:\n${half(100, 199)}`, services);
    const { model, errors } = errorsOf(yaml);
    expect(model).toBeUndefined();
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([['CX3912', pos(yaml, 'b:').line, pos(yaml, 'b:').column]]);
  });
});

describe('x-dashboards: refused, or not read, at the key', () => {
  test.each<[string, string, string, string, string]>([
    ['another Type', dashboards('  d:\n    Type: grafana\n    Services: {api: {}}\n'), 'CX3910', 'x-dashboards.d.Type is "grafana": the only dashboards are CloudWatch\'s', 'grafana'],
    ['an absolute or malformed start', dashboards('  d:\n    Settings: {start: "2024-01-01T00:00:00Z"}\n    Services: {api: {}}\n'), 'CX3910', "x-dashboards.d.Settings.start is '2024-01-01T00:00:00Z': CloudWatch takes a start without an end only as a relative time range, -P followed by an ISO 8601 duration (-PT8H, -P7D, -P3M)", '"2024'],
    ['an unknown service', dashboards('  d:\n    Services: {apii: {}}\n'), 'CX3001', "x-dashboards Services entry 'apii' is not a service or family of this project", 'apii'],
  ])('%s', (_name, yaml, code, message, marker) => {
    const { errors } = errorsOf(yaml);
    expect(errors.map((e) => e.code)).toEqual([code]);
    expect(errors[0].message.startsWith(message)).toBe(true);
    expect(errors[0]).toMatchObject(pos(yaml, marker));
    expect(errors[0].hint).toBeTruthy();
  });

  test('a UsePredefinedMetrics that is not a boolean', () => {
    const { errors } = errorsOf(dashboards('  d:\n    Services: {api: {UsePredefinedMetrics: yes please}}\n'));
    expect(errors).toHaveLength(1);
  });

  test('an unknown key of an entry (did you mean)', () => {
    expectOneError(dashboards('  d:\n    Servics: {api: {}}\n'), 'CX3301', "unknown key 'Servics' in x-dashboards.d", 'Servics');
  });

  test.each<[string, string, string, string]>([
    ['Resources (not read by ECS ComposeX either)', dashboards('  d:\n    Services: {api: {}}\n    Resources: {"x-sqs::q": {}}\n'), 'CX3913', 'Resources:'],
    ['Metrics of a service', dashboards('  d:\n    Services: {api: {Metrics: [a]}}\n'), 'CX3913', 'Metrics'],
    ['UsePredefinedMetrics: false (no widgets for it)', dashboards('  d:\n    Services: {api: {UsePredefinedMetrics: false}, jobs: {}}\n'), 'CX3913', 'false'],
    ['no service', dashboards('  d:\n    Type: cloudwatch\n'), 'CX3916', 'd:'],
    ['Container Insights off', `x-cluster: {ContainerInsights: false}\n${dashboards('  d:\n    Services: {api: {}}\n')}`, 'CX3915', 'd:'],
    ['a family without ECS service', dashboards('  d:\n    Services: {api: {}, worker: {}}\n') + 'x-events:\n  nightly:\n    Properties: {ScheduleExpression: "cron(0 1 * * ? *)"}\n    Services:\n      jobs: {DeleteDefaultService: true, TaskCount: 1}\n', 'CX3914', 'worker: {}'],
  ])('warning: %s', (_name, yaml, code, marker) => {
    const { model, warnings } = errorsOf(yaml);
    expect(model).toBeDefined();
    const found = warnings.filter((w) => w.code === code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject(pos(yaml, marker));
    expect(found[0].hint).toBeTruthy();
  });
});

describe('dashboard widgets', () => {
  const model = resolveOk(dashboards('  web:\n    Services: {web: {}}\n', 'services:\n  web:\n    image: web\n    ports: ["80:8080"]\n'));
  const widgets = dashboardWidgets(model.dashboards![0].sections, () => ({ region: 'R', cluster: 'C', service: 'S', targets: [{ loadBalancer: 'LB', targetGroup: 'TG' }] }));

  test('the ECS service widgets name its cluster and service, the target group rows its load balancer and target group', () => {
    const metrics = widgets.flatMap((w) => (w.properties.metrics ?? []).map((m) => m.slice(0, 6).join(' ')));
    expect(metrics).toEqual([
      'ECS/ContainerInsights CpuReserved ClusterName C ServiceName S',
      'ECS/ContainerInsights CpuUtilized ClusterName C ServiceName S',
      'ECS/ContainerInsights MemoryReserved ClusterName C ServiceName S',
      'ECS/ContainerInsights MemoryUtilized ClusterName C ServiceName S',
      'ECS/ContainerInsights RunningTaskCount ClusterName C ServiceName S',
      'ECS/ContainerInsights PendingTaskCount ClusterName C ServiceName S',
      'ECS/ContainerInsights DesiredTaskCount ClusterName C ServiceName S',
      'AWS/ECS CPUUtilization ClusterName C ServiceName S',
      'AWS/ECS MemoryUtilization ClusterName C ServiceName S',
      'ECS/ContainerInsights NetworkRxBytes ClusterName C ServiceName S',
      'ECS/ContainerInsights NetworkTxBytes ClusterName C ServiceName S',
      'AWS/ApplicationELB RequestCount LoadBalancer LB TargetGroup TG',
      'AWS/ApplicationELB HTTPCode_Target_4XX_Count LoadBalancer LB TargetGroup TG',
      'AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer LB TargetGroup TG',
      'AWS/ApplicationELB TargetResponseTime LoadBalancer LB TargetGroup TG',
      'AWS/ApplicationELB TargetResponseTime LoadBalancer LB TargetGroup TG',
      'AWS/ApplicationELB HealthyHostCount LoadBalancer LB TargetGroup TG',
      'AWS/ApplicationELB UnHealthyHostCount LoadBalancer LB TargetGroup TG',
    ]);
  });

  test('every metric widget has a region, a view and a period; the grid is 24 wide and widgets do not overlap', () => {
    for (const w of widgets.filter((x) => x.type === 'metric')) expect(w.properties).toMatchObject({ region: 'R', period: 300, view: expect.any(String) });
    for (const w of widgets) expect(w.x + w.width).toBeLessThanOrEqual(24);
    const cells = new Set<string>();
    for (const w of widgets) {
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });
});
