import { SourceMap } from '../../src/compose/source-map';
import {
  checkFargate,
  chooseFargateSize,
  containerDefinitionBytes,
  containerResources,
  familyEphemeralStorage,
  FARGATE_CPU_MEMORY,
  FARGATE_SIZES,
  familyTaskSize,
} from '../../src/aws/fargate';
import { family, model, project, service } from './fixtures';

const GIB = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;

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
      containerResources(
        service('a', { deploy: { resources: { limits: { cpus: 0.25, memory: 300 * MIB }, reservations: { memory: 100 * MIB } } } }),
      ),
    ).toEqual({ cpu: 256, memory: 300, memoryReservation: 100 });
    expect(containerResources(service('a', { cpus: 1.5, mem_limit: GIB, mem_reservation: 1 }))).toEqual({
      cpu: 1536,
      memory: 1024,
      memoryReservation: 1,
    });
  });

  test('task size is the smallest fitting the sum of the containers', () => {
    const f = family('app', [
      service('a', { deploy: { resources: { limits: { cpus: 0.5, memory: GIB } } } }),
      service('b', { deploy: { resources: { limits: { cpus: 0.25 }, reservations: { memory: 1.5 * GIB } } } }),
      service('c'),
    ]);
    // 768 units, 2560 MiB → 1024 / 3072
    expect(familyTaskSize(f)).toEqual({ cpu: 1024, memory: 3072 });
    expect(familyTaskSize(family('empty', [service('x')]))).toEqual({ cpu: 256, memory: 512 });
  });
});

describe('checkFargate', () => {
  function codes(services: Parameters<typeof family>[1], fields: Parameters<typeof family>[2] = {}) {
    return checkFargate(model([family('app', services, fields)])).map((d) => `${d.severity} ${d.code}`);
  }

  test('a plain service passes', () => {
    expect(codes([service('web')])).toEqual([]);
  });

  test.each([
    ['privileged', service('s', { privileged: true }), 'error CX4001'],
    ['cap_add other than SYS_PTRACE', service('s', { cap_add: ['NET_ADMIN'] }), 'error CX4002'],
    ['stop_grace_period above 120 s', service('s', { stop_grace_period: 150 }), 'error CX4003'],
    ['resources beyond the largest size', service('s', { deploy: { resources: { limits: { cpus: 32 } } } }), 'error CX4004'],
    ['no image', service('s', { image: undefined, build: { context: '.' } }), 'error CX4006'],
    ['unknown sysctl', service('s', { sysctls: { 'vm.swappiness': '10' } }), 'warning CX4009'],
    ['tmpfs', service('s', { tmpfs: ['/run'] }), 'warning CX4010'],
    ['tmpfs volume', service('s', { volumes: [{ type: 'tmpfs', target: '/cache' }] }), 'warning CX4010'],
    ['other logging driver', service('s', { logging: { driver: 'json-file' } }), 'warning CX4011'],
    ['healthcheck out of range', service('s', { healthcheck: { test: ['CMD', 'true'], interval: 1 } }), 'warning CX4012'],
    ['ephemeral storage out of range', service('s', { 'x-ecs': { EphemeralStorage: 10 } }), 'error CX4014'],
    ['storage_opt.size out of range', service('s', { storage_opt: { size: 300 * GIB } }), 'error CX4014'],
    ['nofile above the maximum', service('s', { ulimits: { nofile: { soft: 1, hard: 2000000 } } }), 'error CX4016'],
    ['a ulimit name ECS does not know', service('s', { ulimits: { openfiles: { soft: 1, hard: 2 } } }), 'error CX4019'],
  ])('%s', (_what, s, code) => {
    expect(codes([s])).toEqual([code]);
  });

  test('allowed: SYS_PTRACE (with or without CAP_), stop_grace_period 120, namespaced sysctls, awslogs', () => {
    expect(
      codes([
        service('s', {
          cap_add: ['SYS_PTRACE', 'CAP_SYS_PTRACE'],
          cap_drop: ['ALL'],
          stop_grace_period: 120,
          sysctls: { 'net.core.somaxconn': '1024', 'kernel.shmmax': '1' },
          logging: { driver: 'awslogs' },
        }),
      ]),
    ).toEqual([]);
  });

  test('platforms: mixed in one family, and arm64 on FARGATE_SPOT', () => {
    expect(codes([service('a', { platform: 'linux/amd64' }), service('b', { platform: 'linux/arm64' })])).toEqual(['error CX4007']);
    expect(
      codes([service('a', { platform: 'linux/arm64' })], {
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      }),
    ).toEqual(['error CX4008']);
  });

  test('task storage: the largest of x-ecs.EphemeralStorage and storage_opt.size (whole GiB, rounded up)', () => {
    expect(familyEphemeralStorage(family('app', [service('a', { 'x-ecs': { EphemeralStorage: 30 } }), service('b', { storage_opt: { size: 40 * GIB + 1 } })]))).toBe(41);
    expect(familyEphemeralStorage(family('app', [service('a', { 'x-ecs': { EphemeralStorage: 50 } }), service('b', { storage_opt: { size: 25 * GIB } })]))).toBe(50);
    expect(familyEphemeralStorage(family('app', [service('a')]))).toBeUndefined();
  });

  test('desired count: 5,000 tasks is the most an ECS service runs', () => {
    expect(codes([service('s')], { desiredCount: 5000 })).toEqual([]);
    expect(codes([service('s')], { desiredCount: 5001 })).toEqual(['error CX4018']);
  });

  test('task definition size: the family total against 64 KiB, reported at its largest service', () => {
    const env = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`VARIABLE_${i}`, 'x'.repeat(20)]));
    // ~50 bytes an entry: 1,100 entries fit in one container, 700 + 800 do not fit in one task.
    const one = containerDefinitionBytes(service('a', { environment: env(1) }));
    expect(one).toBeGreaterThan(2048);
    expect(codes([service('a', { environment: env(1100) })])).toEqual([]);
    const over = checkFargate(model([family('app', [service('a', { environment: env(700) }), service('b', { environment: env(800) })])]));
    expect(over.map((d) => d.code)).toEqual(['CX4020']);
    expect(over[0].hint).toContain("service 'b' is the largest part");
    // Unset variables are not passed, so they cost nothing.
    const unset = Object.fromEntries(Object.keys(env(3000)).map((k) => [k, null]));
    expect(codes([service('a', { environment: unset })])).toEqual([]);
  });

  test('more volumes than the Storage stack can hold', () => {
    const volumes = Array.from({ length: 80 }, (_, i) => ({ name: `v${i}`, families: ['app'] }));
    const ok = model([family('app', [service('app')])], { volumes });
    expect(checkFargate(ok)).toEqual([]);
    // 6 subnets: 8 resources per volume, at most 61 volumes
    const many = { ...ok, vpc: { kind: 'new' as const, maxAzs: 6, natGateways: 1, cidr: '10.0.0.0/16' } };
    expect(checkFargate(many).map((d) => d.code)).toEqual(['CX4017']);
  });

  test('reports every problem, with the position of the offending key', () => {
    const sourceMap = new SourceMap();
    sourceMap.setValue(['services', 's', 'privileged'], { file: '/p/compose.yaml', line: 7, column: 17 });
    sourceMap.setValue(['services', 's'], { file: '/p/compose.yaml', line: 3, column: 3 });
    const s = service('s', { privileged: true, cap_add: ['SYS_ADMIN'], stop_grace_period: 300 });
    const m = { ...model([family('s', [s])]), project: project([s], sourceMap) };
    const diagnostics = checkFargate(m);
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['CX4001', 'CX4002', 'CX4003']);
    const privileged = diagnostics.find((d) => d.code === 'CX4001')!;
    expect(privileged).toMatchObject({ file: '/p/compose.yaml', line: 7, column: 17 });
    expect(privileged.hint).toBeTruthy();
    // Keys without a position fall back to the service.
    expect(diagnostics.find((d) => d.code === 'CX4003')).toMatchObject({ line: 3 });
  });
});
