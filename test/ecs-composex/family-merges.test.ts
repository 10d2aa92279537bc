/**
 * What a family (one ECS service, one task definition) takes from its services, as ECS ComposeX
 * takes it: the capacity provider strategies merged (largest Base and Weight per provider, one
 * Base kept), x-scaling merged (lowest min, highest max, lowest targets, longest cooldowns), one
 * RuntimePlatform (x-ecs CpuArchitecture / OperatingSystemFamily; services that disagree refused).
 *
 * Read from the synthesized templates of ECS ComposeX's use-cases/ecs/cluster_lookup_and_capacity_providers.yml
 * and cluster_lookup_and_cluster_no_capacity_providers.yml (over use-cases/blog.features.yml, as its
 * tests combine them) and of composex's own composex/family-merges.yml; the refusals and the
 * documentation's "Merged definitions" example at the resolve stage.
 */
import { loadAndCompile } from '../../src/compile';
import { projectDir, yaml } from '../helpers/project-dir';
import { BASE, compile, located, render, Rendered, template } from './fixture-helpers';

const E = 'use-cases/ecs';
const WITH_PROVIDERS = `${E}/cluster_lookup_and_capacity_providers.yml`;
const NO_PROVIDERS = `${E}/cluster_lookup_and_cluster_no_capacity_providers.yml`;
const OWN = 'composex/family-merges.yml';

type Resource = { Type: string; Properties: Record<string, unknown> };
function byType(result: Rendered, file: string, type: string): Resource[] {
  return Object.values(template(result, file) as Record<string, Resource>).filter((r) => r.Type === type);
}
const strategyOf = (result: Rendered, file: string) => byType(result, file, 'AWS::ECS::Service')[0].Properties.CapacityProviderStrategy;
const taskOf = (result: Rendered, file: string) => byType(result, file, 'AWS::ECS::TaskDefinition')[0].Properties;

describe('use-cases/ecs/cluster_lookup_and_capacity_providers.yml renders: app03 on ARM64, the strategies merged', () => {
  let result: Rendered;
  beforeAll(() => {
    result = render([BASE, WITH_PROVIDERS]);
  });

  test('its warnings: the cluster to associate, app01 on EC2 run on Fargate, rproxy and app02 in youtoo merged, app02\'s second Base dropped', () => {
    expect(located(result.diagnostics, 'warning', WITH_PROVIDERS)).toEqual([
      `CX3307 ${WITH_PROVIDERS}:5:1`,
      `CX3970 ${WITH_PROVIDERS}:25:7`,
      `CX3952 ${WITH_PROVIDERS}:33:31`,
      `CX3970 ${WITH_PROVIDERS}:38:7`,
      `CX3971 ${WITH_PROVIDERS}:43:11`,
    ]);
  });

  test("app03's task definition runs on ARM64 Linux, its service on FARGATE Base 1 Weight 2", () => {
    expect(taskOf(result, 'FamilyApp03.json').RuntimePlatform).toEqual({ CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' });
    expect(strategyOf(result, 'FamilyApp03.json')).toEqual([{ CapacityProvider: 'FARGATE', Base: 1, Weight: 2 }]);
  });

  test("youtoo: rproxy's FARGATE and app02's FARGATE_SPOT, whose Base 4 is dropped (ECS takes one Base)", () => {
    expect(strategyOf(result, 'FamilyYoutoo.json')).toEqual([
      { CapacityProvider: 'FARGATE', Base: 1, Weight: 2 },
      { CapacityProvider: 'FARGATE_SPOT', Weight: 8 },
    ]);
    expect(taskOf(result, 'FamilyYoutoo.json').RuntimePlatform).toEqual({ CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' });
  });
});

describe('use-cases/ecs/cluster_lookup_and_cluster_no_capacity_providers.yml renders', () => {
  test("bignicefamily takes app01's FARGATE Base 2 Weight 4 (the largest), rproxy is told", () => {
    const result = render([BASE, NO_PROVIDERS]);
    expect(located(result.diagnostics, 'warning', NO_PROVIDERS)).toEqual([
      `CX3307 ${NO_PROVIDERS}:5:1`,
      `CX3970 ${NO_PROVIDERS}:19:7`, // rproxy, in bignicefamily
      `CX3970 ${NO_PROVIDERS}:19:7`, // rproxy, in youtoo
      `CX3970 ${NO_PROVIDERS}:33:7`,
      `CX3971 ${NO_PROVIDERS}:38:11`,
    ]);
    expect(strategyOf(result, 'FamilyBignicefamily.json')).toEqual([{ CapacityProvider: 'FARGATE', Base: 2, Weight: 4 }]);
    expect(result.diagnostics.find((d) => d.code === 'CX3970' && d.line === 19)!.message).toContain("FARGATE Weight 4 Base 2; 'rproxy' wrote FARGATE Weight 2 Base 1");
  });
});

describe("composex's family-merges.yml: the family front's scaling and strategy merged, iis on Windows", () => {
  let result: Rendered;
  beforeAll(() => {
    result = render([OWN]);
  });

  test('each service whose x-scaling or strategy is not the family\'s is told where it wrote it', () => {
    expect(result.warnings.filter((w) => /CX397/.test(w))).toEqual([`CX3972 ${OWN}:8:5`, `CX3970 ${OWN}:12:7`, `CX3972 ${OWN}:17:5`, `CX3970 ${OWN}:21:7`]);
  });

  test('the scalable target spans 1-6; CPU 50 and memory 80, the longest cooldowns, scale-in disabled', () => {
    const [target] = byType(result, 'FamilyFront.json', 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect([target.Properties.MinCapacity, target.Properties.MaxCapacity]).toEqual([1, 6]);
    const policies = byType(result, 'FamilyFront.json', 'AWS::ApplicationAutoScaling::ScalingPolicy').map((p) => p.Properties.TargetTrackingScalingPolicyConfiguration);
    expect(policies).toEqual([
      { PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, TargetValue: 50, ScaleInCooldown: 300, ScaleOutCooldown: 90, DisableScaleIn: true },
      { PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' }, TargetValue: 80, ScaleInCooldown: 300, ScaleOutCooldown: 90, DisableScaleIn: true },
    ]);
  });

  test("front runs on FARGATE Base 1 and FARGATE_SPOT Weight 3, on worker's ARM64", () => {
    expect(strategyOf(result, 'FamilyFront.json')).toEqual([
      { CapacityProvider: 'FARGATE', Base: 1, Weight: 1 },
      { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
    ]);
    expect(taskOf(result, 'FamilyFront.json').RuntimePlatform).toEqual({ CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' });
  });

  test('iis: Windows Server 2022 Core on X86_64, a task of 1 vCPU (the smallest Windows takes)', () => {
    const td = taskOf(result, 'FamilyIis.json');
    expect(td.RuntimePlatform).toEqual({ CpuArchitecture: 'X86_64', OperatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' });
    expect([td.Cpu, td.Memory]).toEqual(['1024', '2048']);
  });
});

/** Compiles an inline compose file: `CODE line:column` of its errors and warnings of these codes. */
function diagnostics(text: string, codes = /CX39[67]|CX4008|CX3005|CX3306/) {
  const dir = projectDir({ 'compose.yaml': text });
  const result = loadAndCompile({ cwd: dir, files: ['compose.yaml'], env: {} });
  return {
    found: result.diagnostics.filter((d) => codes.test(d.code)).map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}`),
    model: result.model,
    messages: result.diagnostics.map((d) => d.message),
  };
}

describe('refused where ECS ComposeX or ECS refuses', () => {
  test('ECS ComposeX\'s negative tests: two architectures, two operating systems in one family', () => {
    const arch = compile([BASE, `${E}/negative_testing/services_multi_arch.yml`]);
    expect(located(arch.diagnostics)).toEqual([`CX3973 ${E}/negative_testing/services_multi_arch.yml:29:7`]);
    expect(arch.diagnostics.find((d) => d.code === 'CX3973')!.message).toContain("'rproxy' asks for CPU architecture ARM64, but 'app01' of the same family 'bignicefamily' asks for X86_64");
  });

  test('x-ecs.CpuArchitecture against platform, in one service or two', () => {
    const { found } = diagnostics(yaml`
      services:
        a: {image: public.ecr.aws/nginx/nginx:1.27, platform: linux/amd64, x-ecs: {CpuArchitecture: ARM64}}
    `);
    expect(found).toEqual(['error CX3973 2:47']); // at platform, which x-ecs.CpuArchitecture contradicts
    const two = diagnostics(yaml`
      services:
        a: {image: public.ecr.aws/nginx/nginx:1.27, deploy: {labels: {ecs.task.family: f}}, platform: linux/arm64}
        b: {image: public.ecr.aws/nginx/nginx:1.27, deploy: {labels: {ecs.task.family: f}}, x-ecs: {CpuArchitecture: ARM64}}
    `);
    expect(two.found).toEqual([]);
  });

  test('an architecture or a system Fargate does not run', () => {
    const { found, messages } = diagnostics(yaml`
      services:
        a: {image: public.ecr.aws/nginx/nginx:1.27, x-ecs: {CpuArchitecture: AMD64, OperatingSystemFamily: WINDOWS_SERVER_2016_FULL}}
    `);
    expect(found).toEqual(['error CX3306 2:72', 'error CX3306 2:102']);
    expect(messages).toContain("services.a.x-ecs.CpuArchitecture 'AMD64' is not one Fargate runs");
  });

  test('Windows: on FARGATE_SPOT (CX4008), with ARM64, a volume, a sidecar or a Linux-only setting (CX3974)', () => {
    expect(
      diagnostics(yaml`
        services:
          a:
            image: mcr.microsoft.com/windows/servercore:ltsc2022
            x-ecs: {OperatingSystemFamily: WINDOWS_SERVER_2022_CORE, CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT}]}
      `).found,
    ).toEqual(['error CX4008 4:12']);
    const { found, messages } = diagnostics(yaml`
      services:
        a:
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          user: app
          volumes: [data:/data]
          x-xray: true
          x-ecs: {OperatingSystemFamily: WINDOWS_SERVER_2019_FULL, CpuArchitecture: ARM64}
      volumes:
        data: {}
    `);
    expect(found).toEqual(['error CX3974 7:13']);
    expect(messages.find((m) => m.includes('WINDOWS_SERVER_2019_FULL'))).toBe(
      "family 'a' runs WINDOWS_SERVER_2019_FULL on Fargate, which cannot run the ARM64 architecture (Windows tasks run on X86_64 only); named volumes (EFS: data); x-xray (the X-Ray daemon sidecar is a Linux image); Linux-only settings of 'a' (user): ECS would refuse the task definition or its tasks would not start",
    );
  });

  test('x-scaling: two scheduled actions of one name written differently stay refused (CX3005)', () => {
    const { found } = diagnostics(yaml`
      services:
        a:
          image: public.ecr.aws/nginx/nginx:1.27
          deploy: {labels: {ecs.task.family: f}}
          x-scaling: {Range: "1-2", ScheduledActions: [{ScheduledActionName: night, Schedule: "rate(1 day)", ScalableTargetAction: {MaxCapacity: 1}}]}
        b:
          image: public.ecr.aws/nginx/nginx:1.27
          deploy: {labels: {ecs.task.family: f}}
          x-scaling: {Range: "1-2", ScheduledActions: [{ScheduledActionName: night, Schedule: "rate(2 days)", ScalableTargetAction: {MaxCapacity: 1}}]}
    `);
    expect(found).toEqual(['error CX3005 9:72']);
  });
});

describe('images composex builds run on the family\'s architecture', () => {
  test('x-ecs.CpuArchitecture: ARM64 builds linux/arm64; a Windows family does not build', () => {
    const arm = diagnostics(yaml`
      services:
        a: {build: {context: .}, x-ecs: {CpuArchitecture: ARM64}}
    `);
    expect(arm.model!.images?.map((b) => b.build.platforms)).toEqual([['linux/arm64']]);
    const windows = diagnostics(yaml`
      services:
        a: {build: {context: .}, x-ecs: {OperatingSystemFamily: WINDOWS_SERVER_2022_FULL}}
    `);
    expect(windows.found).toEqual(['error CX3974 2:36']);
  });
});

describe('scaling at the resolve stage', () => {
  test("cooldowns and DisableScaleIn come from the services that track something; every scheduled action is kept; Docker's x-aws-autoscaling takes part", () => {
    const { found, model } = diagnostics(yaml`
      services:
        a:
          image: public.ecr.aws/nginx/nginx:1.27
          deploy: {labels: {ecs.task.family: f}}
          x-scaling:
            Range: "2-4"
            TargetScaling: {ScaleInCooldown: 900, DisableScaleIn: true}
            ScheduledActions: [{ScheduledActionName: night, Schedule: "cron(0 20 * * ? *)", ScalableTargetAction: {MaxCapacity: 2}}]
        b:
          image: public.ecr.aws/nginx/nginx:1.27
          deploy: {labels: {ecs.task.family: f}, x-aws-autoscaling: {min: 1, max: 3, cpu: 75}}
    `);
    expect(found).toEqual(['warning CX3972 5:5', 'warning CX3972 11:44']); // a's x-scaling, b's x-aws-autoscaling
    expect(model!.families[0].scaling).toEqual({
      min: 1,
      max: 4,
      cpuTarget: 75,
      scaleInCooldown: 300, // b's (the default): a tracks nothing, its 900 and DisableScaleIn apply to nothing (CX3328)
      scaleOutCooldown: 60,
      disableScaleIn: false,
      scheduledActions: [{ name: 'night', schedule: 'cron(0 20 * * ? *)', maxCapacity: 2 }],
    });
  });
});

describe('strategies at the resolve stage', () => {
  test('two services of a family on different providers: both providers, each service told', () => {
    const { found, model, messages } = diagnostics(yaml`
      services:
        a: {image: public.ecr.aws/nginx/nginx:1.27, deploy: {labels: {ecs.task.family: f}}, x-ecs: {CapacityProviderStrategy: [{CapacityProvider: FARGATE}]}}
        b: {image: public.ecr.aws/nginx/nginx:1.27, deploy: {labels: {ecs.task.family: f}}, x-ecs: {CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 2}]}}
    `);
    expect(found).toEqual(['warning CX3970 2:95', 'warning CX3970 3:95']);
    expect(model!.families[0].capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', weight: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 2 },
    ]);
    expect(messages).toContain(
      "one ECS service runs family 'f' (a, b), with the strategy merged from its services as ECS ComposeX does (every provider listed, its largest Base and Weight): FARGATE Weight 1, FARGATE_SPOT Weight 2; 'a' wrote FARGATE Weight 1",
    );
  });

  test('two Bases in one strategy: the first provider written with one keeps it', () => {
    const { found, model } = diagnostics(yaml`
      services:
        web:
          image: public.ecr.aws/nginx/nginx:1.27
          x-ecs: {CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Base: 2}, {CapacityProvider: FARGATE, Base: 1}]}
    `);
    expect(found).toEqual(['warning CX3971 4:111']); // FARGATE's Base
    expect(model!.families[0].capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', weight: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 1, base: 2 },
    ]);
  });
});

describe("ECS ComposeX's documentation examples of x-ecs (ecs.details/ecs.rst)", () => {
  test('"Merged definitions": FARGATE Base 1 (grafana) Weight 3 (nginx), FARGATE_SPOT Weight 8 without its Base', () => {
    const merged = compile(['docs/ecs-capacity-merged.yml', 'composex/docs-snippets.images.yml']);
    expect(located(merged.diagnostics, 'warning', 'docs/ecs-capacity-merged.yml')).toEqual([
      'CX3970 docs/ecs-capacity-merged.yml:10:7',
      'CX3970 docs/ecs-capacity-merged.yml:19:7',
      'CX3971 docs/ecs-capacity-merged.yml:24:11',
    ]);
    expect(merged.model!.families.find((f) => f.name === 'grafana')!.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', weight: 3, base: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 8 },
    ]);
  });
});
