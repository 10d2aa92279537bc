/** x-xray read by resolve: the daemon of the family, the services that asked, the task size, and every malformed case located. */
import { pos, resolve, resolveOk } from './fixtures';
import { XRAY_DAEMON_IMAGE } from '../../src/resolve/x-xray';
import { taskRolePolicies } from '../../src/resolve/task-role';

describe('x-xray', () => {
  test('true: the daemon of the family, with AWS\'s image, and the services that asked', () => {
    const model = resolveOk(`
      services:
        api:
          image: api
          deploy: {labels: {ecs.task.family: app}}
          x-xray: true
        worker:
          image: worker
          deploy: {labels: {ecs.task.family: app}}
    `);
    const family = model.families[0];
    expect(family.xray).toEqual({ name: 'xray-daemon', image: XRAY_DAEMON_IMAGE, cpu: 32, memoryReservation: 256, port: 2000, services: ['api'] });
    const api = family.containers.find((c) => c.name === 'api')!;
    const worker = family.containers.find((c) => c.name === 'worker')!;
    expect(api.environment).toEqual([{ name: 'AWS_XRAY_DAEMON_ADDRESS', value: '127.0.0.1:2000' }]);
    expect(api.dependsOn).toEqual([{ containerName: 'xray-daemon', condition: 'START' }]);
    expect(worker.environment).toEqual([]);
    expect(worker.dependsOn).toEqual([]);
    // 32 units and 256 MiB fit the smallest Fargate size
    expect(family.taskSize).toEqual({ cpu: 256, memory: 512 });
  });

  test('OverrideImage runs another image; an address the service sets is kept', () => {
    const family = resolveOk(`
      services:
        api:
          image: api
          environment: {AWS_XRAY_DAEMON_ADDRESS: "collector:2000", A: "1"}
          x-xray: {OverrideImage: registry.example.com/xray:3.3}
    `).families[0];
    expect(family.xray!.image).toBe('registry.example.com/xray:3.3');
    expect(family.containers[0].environment).toEqual([
      { name: 'A', value: '1' },
      { name: 'AWS_XRAY_DAEMON_ADDRESS', value: 'collector:2000' },
    ]);
  });

  test('the daemon counts in the task size', () => {
    const family = resolveOk(`services: {api: {image: api, deploy: {resources: {limits: {cpus: "0.25", memory: 512M}}}, x-xray: true}}`).families[0];
    // 256 + 32 units, 512 + 256 MiB: the next Fargate size
    expect(family.taskSize).toEqual({ cpu: 512, memory: 1024 });
  });

  test('false, or absent: no daemon, no address, no permission', () => {
    for (const yaml of [`services: {api: {image: api, x-xray: false}}`, `services: {api: {image: api}}`]) {
      const family = resolveOk(yaml).families[0];
      expect(family.xray).toBeUndefined();
      expect(family.containers[0].environment).toEqual([]);
      expect(taskRolePolicies(family)).toEqual([]);
    }
  });

  test('the task role gets exactly the daemon\'s actions on "*"', () => {
    const family = resolveOk(`services: {api: {image: api, x-xray: true}}`).families[0];
    expect(taskRolePolicies(family)).toEqual([
      {
        PolicyName: 'ComposeXXRayDaemon',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'XRayDaemon',
              Effect: 'Allow',
              Action: ['xray:GetSamplingRules', 'xray:GetSamplingStatisticSummaries', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
              Resource: '*',
            },
          ],
        },
      },
    ]);
  });

  test('a service named xray-daemon keeps its name; the daemon takes another', () => {
    const family = resolveOk(`
      services:
        xray-daemon: {image: mine, deploy: {labels: {ecs.task.family: app}}}
        api: {image: api, deploy: {labels: {ecs.task.family: app}}, x-xray: true}
    `).families[0];
    expect(family.xray!.name).toBe('xray-daemon-2');
  });

  test.each([
    ['a string', `x-xray: "yes"`, 'CX3340', 'services.api.x-xray must be true, false or {OverrideImage: <image>}, not "yes"', '"yes"'],
    ['an unknown key', `x-xray: {Image: xray}`, 'CX3301', "unknown key 'Image' in services.api.x-xray", 'Image'],
    ['an empty image', `x-xray: {OverrideImage: ""}`, 'CX3340', 'services.api.x-xray.OverrideImage must be an image reference, not ""', '""'],
  ])('%s', (_name, xray, code, message, marker) => {
    const yaml = `services: {api: {image: api, ${xray}}}`;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics.map(({ code, message, line, column }) => ({ code, message, line, column }))).toEqual([{ code, message, ...(({ line, column }) => ({ line, column }))(pos(yaml, marker)) }]);
  });

  test('a service of the family on port 2000 clashes with the daemon (CX3341)', () => {
    const yaml = `
      services:
        api: {image: api, deploy: {labels: {ecs.task.family: app}}, x-xray: true}
        statsd: {image: statsd, expose: ["2000/udp"], deploy: {labels: {ecs.task.family: app}}}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    const d = diagnostics.find((x) => x.code === 'CX3341')!;
    expect(d.message).toBe("service 'statsd' listens on port 2000/udp, where the X-Ray daemon asked for by x-xray on 'api' listens (all containers of a task share one network namespace)");
    expect({ line: d.line, column: d.column }).toEqual((({ line, column }) => ({ line, column }))(pos(yaml, 'x-xray')));
  });

  test('two services of one family asking for different images (CX3005)', () => {
    const { diagnostics } = resolve(`
      services:
        a: {image: a, deploy: {labels: {ecs.task.family: app}}, x-xray: true}
        b: {image: b, deploy: {labels: {ecs.task.family: app}}, x-xray: {OverrideImage: other/xray:1}}
    `);
    expect(diagnostics.map((d) => d.code)).toEqual(['CX3005']);
  });
});
