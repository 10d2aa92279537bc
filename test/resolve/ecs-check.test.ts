/**
 * The ECS and Fargate limits: the size table (src/limits/fargate.ts), what a container asks for,
 * and the check of the resolved families, through the whole front end (real positions).
 */
import { loadAndCompile } from '../../src/compile';
import { chooseFargateSize, FARGATE_CPU_MEMORY, FARGATE_SIZES } from '../../src/limits/fargate';
import { containerResources, familyEphemeralStorage, familyRequirement, familyTaskSize, type TaskContainers } from '../../src/resolve/containers';
import { containerDefinitionBytes } from '../../src/resolve/ecs-check';
import type { ServiceConfig } from '../../src/compose/types';
import { projectDir, yaml } from '../helpers/project-dir';

const GIB = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;

function service(name: string, fields: Partial<ServiceConfig> = {}): ServiceConfig {
  return { name, image: 'nginx:1.27', environment: {}, labels: {}, ports: [], expose: [], volumes: [], depends_on: {}, links: [], networks: {}, secrets: [], configs: [], ...fields };
}

/** Compiles a compose file and returns its diagnostics as "severity code line". */
function compile(text: string) {
  const dir = projectDir({ 'compose.yaml': text });
  return loadAndCompile({ cwd: dir, files: ['compose.yaml'], env: {} });
}
function codes(text: string): string[] {
  return compile(text).diagnostics.map((d) => `${d.severity} ${d.code}`);
}

describe('Fargate size table', () => {
  test('holds exactly the documented combinations', () => {
    expect(FARGATE_SIZES).toHaveLength(3 + 4 + 7 + 13 + 23 + 12 + 12);
    expect(FARGATE_CPU_MEMORY.find((r) => r.cpu === 256)!.memory).toEqual([512, 1024, 2048]);
    expect(FARGATE_CPU_MEMORY.find((r) => r.cpu === 8192)!.memory[1]).toBe(20480);
    expect(FARGATE_CPU_MEMORY.find((r) => r.cpu === 16384)!.memory.at(-1)).toBe(122880);
  });

  test.each([
    // [cpu units, memory MiB] needed → chosen [cpu, memory]
    [0, 0, 256, 512],
    [256, 512, 256, 512],
    [256, 1024, 256, 1024],
    [100, 2048, 256, 2048],
    [300, 0, 512, 1024],
    [256, 2049, 512, 3072],
    [512, 4096, 512, 4096],
    [1024, 1024, 1024, 2048],
    [600, 5000, 1024, 5120],
    [512, 16384, 2048, 16384],
    [2048, 20000, 4096, 20480],
    [1, 30721, 8192, 32768],
    [4096, 40000, 8192, 40960],
    [8193, 0, 16384, 32768],
    [16384, 122880, 16384, 122880],
  ])('needs %i CPU / %i MiB → %i / %i', (cpu, memory, wantCpu, wantMemory) => {
    expect(chooseFargateSize(cpu, memory)).toEqual({ cpu: wantCpu, memory: wantMemory });
  });

  test.each([
    [16385, 0],
    [0, 122881],
  ])('nothing fits %i CPU / %i MiB', (cpu, memory) => {
    expect(chooseFargateSize(cpu, memory)).toBeUndefined();
  });

  test('container resources: limits, shortcuts and reservations in ECS units', () => {
    expect(containerResources(service('a'))).toEqual({});
    expect(
      containerResources(service('a', { deploy: { resources: { limits: { cpus: 0.25, memory: 300 * MIB }, reservations: { memory: 100 * MIB } } } })),
    ).toEqual({ cpu: 256, memory: 300, memoryReservation: 100 });
    expect(containerResources(service('a', { cpus: 1.5, mem_limit: GIB, mem_reservation: 1 }))).toEqual({ cpu: 1536, memory: 1024, memoryReservation: 1 });
  });

  test('task size is the smallest fitting the sum of the containers', () => {
    const services = [
      service('a', { deploy: { resources: { limits: { cpus: 0.5, memory: GIB } } } }),
      service('b', { deploy: { resources: { limits: { cpus: 0.25 }, reservations: { memory: 1.5 * GIB } } } }),
      service('c'),
    ];
    const sizes = (list: ServiceConfig[]) => ({ containers: list.map((s) => ({ name: s.name, ...containerResources(s) })) }) as unknown as TaskContainers;
    // 768 units, 2560 MiB → 1024 / 3072
    expect(familyTaskSize(sizes(services))).toEqual({ cpu: 1024, memory: 3072 });
    expect(familyTaskSize(sizes([service('x')]))).toEqual({ cpu: 256, memory: 512 });
    // the init container's memory limit and the daemon's CPU and reservation count like any container's
    expect(familyRequirement({ ...sizes(services), secretsInit: { memory: 32 }, xray: { cpu: 32, memoryReservation: 256 } } as unknown as TaskContainers)).toEqual({ cpu: 800, memory: 2848 });
  });

  test('task storage: the largest of x-ecs.EphemeralStorage and storage_opt.size (whole GiB, rounded up)', () => {
    expect(familyEphemeralStorage([service('a', { 'x-ecs': { EphemeralStorage: 30 } }), service('b', { storage_opt: { size: String(40 * GIB + 1) } })])).toBe(41);
    expect(familyEphemeralStorage([service('a', { 'x-ecs': { EphemeralStorage: 50 } }), service('b', { storage_opt: { size: '25G' } })])).toBe(50);
    expect(familyEphemeralStorage([service('a')])).toBeUndefined();
  });
});

describe('the ECS check of resolved families', () => {
  test('a plain service passes', () => {
    expect(codes('services:\n  web: {image: public.ecr.aws/nginx/nginx:1.27}\n')).toEqual([]);
  });

  test.each([
    // Decided by the value alone: the key classification, from the same tables (src/limits/).
    ['privileged', 'privileged: true', 'error CX1301'],
    ['cap_add other than SYS_PTRACE (dropped)', 'cap_add: [NET_ADMIN]', 'warning CX1302'],
    ['stop_grace_period above 120 s', 'stop_grace_period: 150s', 'error CX1301'],
    ['a sysctl Fargate does not allow', 'sysctls: {vm.swappiness: 10}', 'error CX1301'],
    ['a kernel parameter that only looks namespaced', 'sysctls: {kernel.shmfoo: 1}', 'error CX1301'],
    ['other logging driver', 'logging: {driver: json-file}', 'warning CX1302'],
    // Decided on the family: the ECS check.
    ['resources beyond the largest size', 'deploy: {resources: {limits: {cpus: "32"}}}', 'error CX4004'],
    ['tmpfs', 'tmpfs: [/run]', 'warning CX4010'],
    ['tmpfs volume', 'volumes: [{type: tmpfs, target: /cache}]', 'warning CX4010'],
    ['an awslogs option composex does not pass on', 'logging: {driver: awslogs, options: {awslogs-create-group: "true"}}', 'warning CX4011'],
    ['healthcheck out of range', 'healthcheck: {test: [CMD, "true"], interval: 1s}', 'warning CX4012'],
    ['ephemeral storage out of range', 'x-ecs: {EphemeralStorage: 10}', 'error CX4014'],
    ['storage_opt.size out of range', 'storage_opt: {size: 300G}', 'error CX4014'],
    ['nofile above the maximum', 'ulimits: {nofile: {soft: 1, hard: 2000000}}', 'error CX4016'],
    ['a ulimit name ECS does not know', 'ulimits: {openfiles: {soft: 1, hard: 2}}', 'error CX4019'],
    ['more than 5,000 tasks', 'deploy: {replicas: 5001}', 'error CX4018'],
  ])('%s', (_what, line, code) => {
    expect(codes(yaml`
      services:
        s:
          image: public.ecr.aws/nginx/nginx:1.27
          ${line}
    `)).toEqual([code]);
  });

  test('no image but a build: composex builds it (no finding); neither image nor build: CX1408', () => {
    expect(codes('services:\n  s: {build: .}\n')).toEqual([]);
    expect(codes('services:\n  s: {command: ["true"]}\n')).toEqual(['error CX1408']);
  });

  test('allowed: SYS_PTRACE (with or without CAP_), stop_grace_period 120, namespaced sysctls, awslogs, 5,000 tasks', () => {
    expect(codes(yaml`
      services:
        s:
          image: public.ecr.aws/nginx/nginx:1.27
          cap_add: [SYS_PTRACE, CAP_SYS_PTRACE]
          cap_drop: [ALL]
          stop_grace_period: 120s
          sysctls: {net.core.somaxconn: 1024, kernel.shmmax: 1}
          logging: {driver: awslogs}
          deploy: {replicas: 5000}
    `)).toEqual([]);
  });

  test('platforms: mixed in one family; arm64 runs on FARGATE_SPOT, Windows does not', () => {
    expect(codes(yaml`
      services:
        a: {image: public.ecr.aws/nginx/nginx:1.27, platform: linux/amd64, deploy: {labels: {ecs.task.family: app}}}
        b: {image: public.ecr.aws/nginx/nginx:1.27, platform: linux/arm64, deploy: {labels: {ecs.task.family: app}}}
    `)).toEqual(['error CX4007']);
    expect(codes(yaml`
      services:
        a:
          image: public.ecr.aws/nginx/nginx:1.27
          platform: linux/arm64/v8
          x-ecs: {CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 1}]}
    `)).toEqual([]);
    expect(codes(yaml`
      services:
        a:
          image: public.ecr.aws/nginx/nginx:1.27
          x-ecs: {OperatingSystemFamily: WINDOWS_SERVER_2022_CORE, CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 1}]}
    `)).toEqual(['error CX4008']);
  });

  test('task definition size: the family total against 64 KiB, reported at its largest service', () => {
    const env = (n: number) => Array.from({ length: n }, (_, i) => `        VARIABLE_${i}: ${'x'.repeat(20)}`).join('\n');
    // ~50 bytes an entry: 1,100 entries fit in one container, 700 + 800 do not fit in one task.
    expect(containerDefinitionBytes(service('a', { environment: { A: 'x' } }))).toBeGreaterThan(2048);
    expect(codes(`services:\n  a:\n    image: public.ecr.aws/nginx/nginx:1.27\n    environment:\n${env(1100).replace(/^ {8}/gm, '      ')}\n`)).toEqual([]);
    const over = compile(
      `services:\n  a:\n    image: public.ecr.aws/nginx/nginx:1.27\n    deploy: {labels: {ecs.task.family: app}}\n    environment:\n${env(700).replace(/^ {8}/gm, '      ')}\n` +
        `  b:\n    image: public.ecr.aws/nginx/nginx:1.27\n    deploy: {labels: {ecs.task.family: app}}\n    environment:\n${env(800).replace(/^ {8}/gm, '      ')}\n`,
    ).diagnostics;
    expect(over.map((d) => d.code)).toEqual(['CX4020']);
    expect(over[0].hint).toContain("service 'b' is the largest part");
    expect(over[0].line).toBe(710); // b's environment, its first entry
  });

  test('more volumes than the Storage stack can hold', () => {
    const volumes = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    const file = (n: number, azs: number) =>
      `x-vpc: {MaxAzs: ${azs}}\nservices:\n  app:\n    image: public.ecr.aws/nginx/nginx:1.27\n    volumes: [${volumes(n).map((v) => `"${v}:/${v}"`).join(', ')}]\nvolumes:\n${volumes(n).map((v) => `  ${v}: {}`).join('\n')}\n`;
    expect(codes(file(61, 6))).toEqual([]);
    // 6 subnets: 8 resources per volume, at most 61 volumes
    const many = compile(file(62, 6)).diagnostics;
    expect(many.map((d) => d.code)).toEqual(['CX4017']);
    expect(many[0].line).toBe(7); // top-level volumes, its first entry
  });

  test('reports every problem once, with the position of the offending key', () => {
    const { diagnostics } = compile(yaml`
      services:
        s:
          image: public.ecr.aws/nginx/nginx:1.27
          privileged: true
          cap_add: [SYS_ADMIN]
          tmpfs: [/run]
          ulimits: {openfiles: {soft: 1, hard: 2}}
    `);
    expect(diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['CX1301 4:5', 'CX1302 5:15', 'CX4010 6:13', 'CX4019 7:15']);
    expect(diagnostics.every((d) => d.hint || d.severity === 'warning')).toBe(true);
  });
});
