/**
 * ECS ComposeX's `x-efs` use cases (test/fixtures/ecs-composex/use-cases/efs, MPL-2.0, each with
 * its source URL), rendered as ECS ComposeX's own tests combine them: over
 * `use-cases/blog.features.yml`. Both render unchanged (validator clean); what composex reads
 * differently is a warning pinned at its file:line:column. docs/migration.md (x-efs) says why.
 */
import { ingressTriples, resourcesOf, roleStatements } from '../helpers/templates';
import { at, BASE, compile, located, render } from './fixture-helpers';

const SIMPLE = 'use-cases/efs/simple_efs.yml';
const LOOKUP_VPC = 'use-cases/efs/efs_lookup_vpc.yml';

const efsWarnings = (warnings: readonly string[]) => warnings.filter((w) => w.startsWith('CX38')).sort();

describe('use-cases/efs/simple_efs.yml over blog.features.yml, unchanged', () => {
  const result = render([BASE, SIMPLE]);
  const fileSystems = new Map(resourcesOf(result, 'AWS::EFS::FileSystem').map(({ id, resource }) => [id, resource.Properties!]));

  test("app02's depends_on on bignicefamily, a family simple_efs.yml dissolves (app01 and rproxy move to `together`), is left out as ECS ComposeX skips it (CX1427)", () => {
    expect(located(result.diagnostics)).toEqual([]);
    expect(result.warnings.filter((w) => w.startsWith('CX1427'))).toEqual([at('CX1427', BASE, 'bignicefamily', 1, '      - ')]);
    expect(result.warnings.filter((w) => w.startsWith('CX1401'))).toEqual([]);
  });

  test("app02 → app01 (now of `together`) and rproxy (`together`) → app02 (`youtoo`) would make the two families wait for each other: both order no start, as in ECS ComposeX (CX1428)", () => {
    expect(result.warnings.filter((w) => w.startsWith('CX1428'))).toEqual([at('CX1428', BASE, 'app01', 1, '      - '), at('CX1428', BASE, 'app02', 1, '      - ')]);
    const stacks = resourcesOf(result, 'AWS::CloudFormation::Stack');
    const dependsOn = (family: string) => [stacks.find((s) => s.id === `Family${family}Stack`)!.resource.DependsOn ?? []].flat();
    expect(dependsOn('Together')).toEqual(['FamilyApp03Stack']);
    expect(dependsOn('Youtoo')).toEqual([]);
  });

  test('renders; what composex reads its own way is said at each place', () => {
    expect(efsWarnings(result.warnings)).toEqual(
      [
        // app03 and the family together are granted RW but mount neither share: no volume, no grant
        at('CX3807', SIMPLE, 'access', 1),
        at('CX3807', SIMPLE, 'access', 2),
        // BackupPolicy Status ENABLING is a state EFS reports, read as ENABLED
        at('CX3814', SIMPLE, 'ENABLING'),
        // EnvNames: an EFS volume sets no variable (ECS ComposeX says so too)
        at('CX3811', SIMPLE, 'EnvNames'),
      ].sort(),
    );
  });

  test("a file system per x-efs entry beside the blog's three volumes, Share02 with its Properties and tags", () => {
    expect([...fileSystems.keys()].sort()).toEqual(['FileSystemNormalVol', 'FileSystemShare01', 'FileSystemShare02', 'FileSystemSharedImages', 'FileSystemSomeVolume']);
    expect(fileSystems.get('FileSystemShare02')).toMatchObject({
      Encrypted: true,
      LifecyclePolicies: [{ TransitionToIA: 'AFTER_14_DAYS' }],
      BackupPolicy: { Status: 'ENABLED' },
      FileSystemTags: [
        { Key: 'Name', Value: 'Share02' },
        { Key: 'Somekey', Value: 'SomeValue' },
      ],
    });
    expect(fileSystems.get('FileSystemShare01')).toMatchObject({ Encrypted: true, BackupPolicy: { Status: 'ENABLED' } });
  });

  test('nobody mounts the shares: no NFS rule to them and no task role may mount them', () => {
    expect(ingressTriples(result).filter((t) => /EFS volume Share02|EFS volume share-01/.test(t))).toEqual([]);
    const grants = [...roleStatements(result).values()].flat().filter((s) => /FileSystemShare0[12]|FileSystemShare01Id|FileSystemShare02Id/.test(JSON.stringify(s.Resource)));
    expect(grants).toEqual([]);
    // the blog's own volumes are still mounted by their services
    expect(ingressTriples(result).filter((t) => t.startsWith('EFS volume normal-vol'))).toEqual(['EFS volume normal-vol <- family together tcp/2049']);
  });
});

describe('use-cases/efs/efs_lookup_vpc.yml over blog.features.yml', () => {
  test('renders in the VPC it names: its PublicSubnets, the very subnets of AppSubnets, are used as private (CX3308 at each: a subnet is public or private by its route table, not both, and nothing here needs a public one); share-01 is created, unmounted (CX3808), in the StorageSubnets', () => {
    const result = render([BASE, LOOKUP_VPC]);
    expect(result.warnings.filter((w) => w.includes(LOOKUP_VPC))).toEqual([
      at('CX3808', LOOKUP_VPC, 'share-01'),
      at('CX3308', LOOKUP_VPC, 'subnet-05b258019b10e497d', 3),
      at('CX3308', LOOKUP_VPC, 'subnet-096eec492ab18ab90', 3),
    ].sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1])));
    const all = JSON.stringify(result.files.map((f) => f.template));
    expect(all).toContain('vpc-0bea6323bb0e06d3a');
    expect(result.files.filter((f) => Object.values(f.template.Resources ?? {}).some((r) => r.Type === 'AWS::EC2::VPC'))).toEqual([]);
    const mountTargets = result.files.flatMap((f) => Object.values(f.template.Resources ?? {})).filter((r) => r.Type === 'AWS::EFS::MountTarget');
    expect(mountTargets.length).toBeGreaterThan(0);
  });

  test('a subnet both public and private where a load balancer needs public ones: refused for having none', () => {
    const { model, diagnostics } = compile([BASE, LOOKUP_VPC, 'composex/efs-lookup-vpc-published.yml']);
    expect(model).toBeUndefined();
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([expect.stringContaining('x-vpc gives no PublicSubnets')]);
  });
});
