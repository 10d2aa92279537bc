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
/** composex's overlay: app02 depends on nothing (simple_efs.yml dissolves the family it depends on). */
const DEPENDS_ON = 'composex/efs-simple_efs.depends-on.yml';

const efsWarnings = (warnings: readonly string[]) => warnings.filter((w) => w.startsWith('CX38')).sort();

describe('use-cases/efs/simple_efs.yml over blog.features.yml', () => {
  test('unchanged: refused only because it moves app01 and rproxy out of bignicefamily, which app02 depends on', () => {
    const { model, diagnostics } = compile([BASE, SIMPLE]);
    expect(model).toBeUndefined();
    expect(located(diagnostics)).toEqual([at('CX1401', BASE, 'bignicefamily', 1, '      - ')]);
  });
});

describe('use-cases/efs/simple_efs.yml over blog.features.yml, app02 depending on nothing (composex/efs-simple_efs.depends-on.yml)', () => {
  const result = render([BASE, SIMPLE, DEPENDS_ON]);
  const fileSystems = new Map(resourcesOf(result, 'AWS::EFS::FileSystem').map(({ id, resource }) => [id, resource.Properties!]));

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
  test('refused only by x-vpc: its PublicSubnets are the very subnets of AppSubnets and StorageSubnets (a subnet is public or private by its route table, not both); share-01 itself is read, unmounted (CX3808)', () => {
    const { model, diagnostics } = compile([BASE, LOOKUP_VPC]);
    expect(model).toBeUndefined();
    expect(located(diagnostics)).toEqual([at('CX3303', LOOKUP_VPC, 'subnet-05b258019b10e497d', 3), at('CX3303', LOOKUP_VPC, 'subnet-096eec492ab18ab90', 3)]);
    expect(efsWarnings(located(diagnostics, 'warning'))).toEqual([at('CX3808', LOOKUP_VPC, 'share-01')]);
  });
});
