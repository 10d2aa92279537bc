/**
 * `x-efs` in the templates: the named volume's one file system takes the declared Properties
 * (encryption, policy and mount targets stay composex's), its access point the root directory
 * mode, each declared family's task role exactly its level's actions, and the volume's security
 * group NFS from those families only. Resolve-level errors are in test/resolve/x-efs.test.ts.
 */
import { loadAndCompile } from '../../src/compile';
import { rawPropertyLocator } from '../../src/render/raw-properties';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { projectDir, yaml } from '../helpers/project-dir';
import { ingressTriples, renderProject, resourcesOf, roleStatements, type Statement } from '../helpers/templates';

const COMPOSE = yaml`
  services:
    api:
      image: public.ecr.aws/docker/library/nginx
      user: "1000"
      volumes: [data:/data]
    worker:
      image: public.ecr.aws/docker/library/nginx
      user: "1000"
      volumes: [data:/data:ro]
      deploy: {labels: {ecs.task.family: jobs}}
    cron:
      image: public.ecr.aws/docker/library/nginx
      deploy: {labels: {ecs.task.family: jobs}}
    web:
      image: public.ecr.aws/docker/library/nginx
      volumes: [plain:/plain]
  volumes:
    data: {}
    plain: {}
  x-efs:
    data:
      Properties:
        PerformanceMode: generalPurpose
        ThroughputMode: provisioned
        ProvisionedThroughputInMibps: 64
        LifecyclePolicies:
          - TransitionToIA: AFTER_30_DAYS
        BackupPolicy: {Status: ENABLED}
        KmsKeyId: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
        FileSystemTags:
          - {Key: team, Value: data}
      MacroParameters:
        RootDirectoryCreateMode: "0750"
      Services:
        api: {Access: RW}
        jobs: {Access: RO}
`;

describe('x-efs rendered', () => {
  const result = renderProject({ cwd: projectDir({ 'compose.yaml': COMPOSE }) });
  const fileSystems = new Map(resourcesOf(result, 'AWS::EFS::FileSystem').map(({ id, resource }) => [id, resource]));

  test('the templates pass the validator, with no x-efs warning', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.warnings.filter((c) => c.startsWith('CX38'))).toEqual([]);
  });

  test("one file system per named volume: x-efs's Properties on 'data', composex's encryption, policy and retention kept", () => {
    expect([...fileSystems.keys()].sort()).toEqual(['FileSystemData', 'FileSystemPlain']);
    const data = fileSystems.get('FileSystemData')!;
    expect(data.Properties).toMatchObject({
      Encrypted: true,
      PerformanceMode: 'generalPurpose',
      ThroughputMode: 'provisioned',
      ProvisionedThroughputInMibps: 64,
      LifecyclePolicies: [{ TransitionToIA: 'AFTER_30_DAYS' }],
      BackupPolicy: { Status: 'ENABLED' },
      KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      FileSystemTags: [
        { Key: 'Name', Value: expect.stringMatching(/-data$/) },
        { Key: 'team', Value: 'data' },
      ],
    });
    expect(JSON.stringify(data.Properties!.FileSystemPolicy)).toContain('aws:SecureTransport');
    expect(data).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    // the volume without x-efs keeps composex's defaults
    expect(fileSystems.get('FileSystemPlain')!.Properties).toMatchObject({ Encrypted: true, PerformanceMode: 'generalPurpose', BackupPolicy: { Status: 'ENABLED' } });
    expect(fileSystems.get('FileSystemPlain')!.Properties!.ThroughputMode).toBeUndefined();
  });

  test('the access point roots the volume with RootDirectoryCreateMode and the common POSIX user', () => {
    const point = resourcesOf(result, 'AWS::EFS::AccessPoint').find(({ id }) => id === 'AccessPointData')!.resource.Properties!;
    expect(point).toMatchObject({ PosixUser: { Uid: '1000', Gid: '1000' }, RootDirectory: { Path: '/data', CreationInfo: { OwnerUid: '1000', OwnerGid: '1000', Permissions: '0750' } } });
    expect(resourcesOf(result, 'AWS::EFS::MountTarget').filter(({ id }) => id.startsWith('MountTargetData'))).toHaveLength(2);
  });

  test("each declared family's task role gets exactly its level's actions, on this file system through its access point", () => {
    const roles = roleStatements(result);
    const mount = (file: string) => (roles.get(`${file}#TaskRole`) ?? []).filter((s) => JSON.stringify(s.Resource).includes('file-system/'));
    const actions = (statements: Statement[]) => statements.map((s) => s.Action);
    expect(actions(mount('FamilyApi.json'))).toEqual([['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite']]);
    expect(actions(mount('FamilyJobs.json'))).toEqual([['elasticfilesystem:ClientMount']]);
    expect(JSON.stringify(mount('FamilyApi.json')[0])).toContain('elasticfilesystem:AccessPointArn');
    // web mounts only the plain volume: composex's default for a read-write mount with no POSIX user
    expect(actions(mount('FamilyWeb.json'))).toEqual([['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientRootAccess', 'elasticfilesystem:ClientWrite']]);
  });

  test('the task definitions mount it with TLS and IAM authorization', () => {
    const jobs = resourcesOf(result, 'AWS::ECS::TaskDefinition').find(({ file }) => file === 'FamilyJobs.json')!.resource.Properties!;
    expect(jobs.Volumes).toEqual([{ Name: 'efs-data', EFSVolumeConfiguration: expect.objectContaining({ TransitEncryption: 'ENABLED', AuthorizationConfig: expect.objectContaining({ IAM: 'ENABLED' }) }) }]);
  });

  test('NFS 2049 to the volume from the declared, mounting families only', () => {
    expect(ingressTriples(result).filter((t) => t.startsWith('EFS volume data'))).toEqual(['EFS volume data <- family api tcp/2049', 'EFS volume data <- family jobs tcp/2049']);
  });
});

describe('validator findings on x-efs Properties point at the key the user wrote', () => {
  const text = yaml`
    services:
      api:
        image: public.ecr.aws/docker/library/nginx
        volumes: [data:/data]
    volumes:
      data: {}
    x-efs:
      data:
        Properties:
          ReplicationConfiguration: {Destinations: "sometimes"}
  `;
  test('CX5003 at the value, naming AWS::EFS::FileSystem', () => {
    const compiled = loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), files: ['compose.yaml'], env: { HOME: '/home/test' } });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const rendered = renderModel(compiled.model!);
    const errors = validateTemplates(rendered.files, rawPropertyLocator(compiled.model!, rendered.rawProperties)).filter((d) => d.severity === 'error');
    const before = text.slice(0, text.indexOf('"sometimes"')).split('\n');
    expect(errors.map((d) => [d.code, d.file?.endsWith('compose.yaml'), d.line, d.column])).toEqual([['CX5003', true, before.length, before[before.length - 1].length + 1]]);
    expect(errors[0].hint).toContain('AWS::EFS::FileSystem');
  });
});
