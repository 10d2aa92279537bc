/**
 * `x-efs` (ECS ComposeX): the settings of a named volume's EFS file system, who may mount it and
 * how (src/resolve/x-efs.ts, x-efs-properties.ts, volumes.ts). The templates are read in
 * test/aws/x-efs.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EFS_ACCESS } from '../../src/resolve/x-efs';
import { errorsOf, expectOneError, pos, resolve, resolveOk, ruleStrings } from './fixtures';

const SERVICES = `
services:
  api: {image: api, user: "1000", volumes: ["data:/data"]}
  worker: {image: worker, user: "1000", volumes: ["data:/data:ro"], deploy: {labels: {ecs.task.family: jobs}}}
  cron: {image: cron, deploy: {labels: {ecs.task.family: jobs}}}
volumes:
  data: {}
`;

describe('x-efs resolved onto the named volume', () => {
  const text = `${SERVICES}
x-efs:
  data:
    Properties:
      ThroughputMode: provisioned
      ProvisionedThroughputInMibps: 64
      LifecyclePolicies: [{TransitionToIA: AFTER_30_DAYS}, {TransitionToPrimaryStorageClass: AFTER_1_ACCESS}]
      BackupPolicy: {Status: ENABLED}
    MacroParameters: {EnforceIamAuth: true, RootDirectoryCreateMode: "0750"}
    Services:
      api: {Access: RW}
      jobs: {Access: RO}
`;
  const { model, diagnostics } = resolve(text);

  test('the volume carries the properties, the root directory mode and each family’s declared actions', () => {
    expect(diagnostics).toEqual([]);
    expect(model!.volumes).toEqual([
      {
        name: 'data',
        families: ['api', 'jobs'],
        posixUser: { uid: 1000, gid: 1000 },
        efs: {
          path: ['x-efs', 'data'],
          propertiesPath: ['x-efs', 'data', 'Properties'],
          properties: {
            ThroughputMode: 'provisioned',
            ProvisionedThroughputInMibps: 64,
            LifecyclePolicies: [{ TransitionToIA: 'AFTER_30_DAYS' }, { TransitionToPrimaryStorageClass: 'AFTER_1_ACCESS' }],
            BackupPolicy: { Status: 'ENABLED' },
          },
          rootDirectoryPermissions: '0750',
          access: { api: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'], jobs: ['elasticfilesystem:ClientMount'] },
        },
      },
    ]);
  });

  test('NFS (2049) from the mounting, declared families only', () => {
    expect(ruleStrings(model!).filter((r) => r.includes('volume:'))).toEqual(['api -> volume:data tcp/2049 (volumes: data)', 'jobs -> volume:data tcp/2049 (volumes: data)']);
  });

  test('the volume form (volumes.<name>.x-efs, ECS ComposeX docs) sets the same properties; no Services: the mounting families may mount', () => {
    const m = resolveOk(`
      services:
        api: {image: api, volumes: ["data:/data"]}
      volumes:
        data:
          x-efs:
            Properties: {ThroughputMode: elastic}
    `);
    expect(m.volumes).toEqual([{ name: 'data', families: ['api'], efs: { path: ['volumes', 'data', 'x-efs'], propertiesPath: ['volumes', 'data', 'x-efs', 'Properties'], properties: { ThroughputMode: 'elastic' } } }]);
  });

  test('Root grants ClientRootAccess; the ECS ComposeX list form of Services is read', () => {
    const m = resolveOk(`
      services:
        api: {image: api, volumes: ["data:/data"]}
      volumes:
        data: {}
      x-efs:
        data:
          Services:
            - name: api
              access: Root
    `);
    expect(m.volumes[0].efs!.access).toEqual({ api: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientRootAccess', 'elasticfilesystem:ClientWrite'] });
  });
});

describe('x-efs: who may mount, located', () => {
  test.each([
    [
      'a family not in Services',
      `${SERVICES}
x-efs:
  data:
    Services: {api: {Access: RW}}
`,
      'CX3805',
      "'worker' mounts volume 'data', but x-efs.data.Services does not list it or its family 'jobs': only the families listed there may mount the file system",
      '"data:/data:ro"',
    ],
    [
      'RO for a read-write mount',
      `${SERVICES}
x-efs:
  data:
    Services: {api: {Access: RO}, jobs: {Access: RO}}
`,
      'CX3806',
      "'api' mounts volume 'data' read-write, but x-efs.data.Services gives 'api' Access: RO: EFS refuses every write of a client without elasticfilesystem:ClientWrite",
      '"data:/data"',
    ],
  ])('%s', (_name, yaml, code, message, marker) => {
    expectOneError(yaml, code, message, marker);
  });

  test('an unknown level, a missing Access, an unknown service: located', () => {
    const yaml = `${SERVICES}
x-efs:
  data:
    Services:
      api: {Access: Write}
      jobs: {}
      nobody: {Access: RO}
`;
    const { errors } = errorsOf(yaml);
    const at = (code: string, marker: string) => [code, pos(yaml, marker).line, pos(yaml, marker).column];
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual(expect.arrayContaining([at('CX3602', 'Write'), at('CX3800', 'jobs: {}'), at('CX3001', 'nobody')]));
  });

  test('warnings: a grant that mounts nothing, a volume nobody mounts, RW with root squashed, settings not read', () => {
    const yaml = `
services:
  api: {image: api, volumes: ["data:/data"]}
  idle: {image: idle}
volumes:
  data: {}
x-efs:
  data:
    Settings: {EnvNames: [DATA], Subnets: StorageSubnets}
    MacroParameters: {EnforceIamAuth: false}
    Services:
      api: {Access: RW}
      idle: {Access: RO}
  spare:
    Properties: {}
`;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeDefined();
    const at = (code: string, marker: string, n = 1) => ({ code, line: pos(yaml, marker, n).line, column: pos(yaml, marker, n).column });
    expect(diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column }))).toEqual(
      expect.arrayContaining([
        at('CX3807', 'Access: RO'),
        at('CX3808', 'spare'),
        at('CX3812', 'RW'),
        at('CX3811', 'EnvNames'),
        at('CX3811', 'Subnets'),
        at('CX3811', 'false'),
      ]),
    );
    expect(diagnostics).toHaveLength(6);
    // idle mounts nothing: no NFS rule and no access for it; spare is created with no consumer
    expect(model!.volumes.map((v) => [v.name, v.families, v.efs?.access])).toEqual([
      ['data', ['api'], { api: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'] }],
      ['spare', [], undefined],
    ]);
    expect(ruleStrings(model!).filter((r) => r.includes('volume:'))).toEqual(['api -> volume:data tcp/2049 (volumes: data)']);
  });
});

describe('x-efs Properties: what AWS would refuse, located', () => {
  const base = (properties: string) => `
services:
  api: {image: api, volumes: ["data:/data"]}
volumes:
  data: {}
x-efs:
  data:
    Properties:
${properties}
`;
  test.each([
    ['provisioned throughput without provisioned mode', '      ProvisionedThroughputInMibps: 100', 'CX3803', 'ProvisionedThroughputInMibps'],
    ['provisioned mode without throughput', '      ThroughputMode: provisioned', 'CX3803', 'provisioned'],
    ['throughput out of range', '      ThroughputMode: provisioned\n      ProvisionedThroughputInMibps: 5000', 'CX3803', '5000'],
    ['maxIO with elastic', '      ThroughputMode: elastic\n      PerformanceMode: maxIO', 'CX3803', 'maxIO'],
    ['an unknown throughput mode', '      ThroughputMode: fast', 'CX3800', 'fast'],
    ['two transitions in one policy', '      LifecyclePolicies:\n        - {TransitionToIA: AFTER_7_DAYS, TransitionToArchive: AFTER_90_DAYS}', 'CX3804', '{TransitionToIA'],
    ['a transition twice', '      LifecyclePolicies:\n        - TransitionToIA: AFTER_7_DAYS\n        - TransitionToIA: AFTER_30_DAYS', 'CX3804', 'TransitionToIA: AFTER_30'],
    ['unencrypted', '      Encrypted: false', 'CX3802', 'false'],
    ['the file system policy', '      FileSystemPolicy: {}', 'CX3802', 'FileSystemPolicy'],
    ['One Zone', '      AvailabilityZoneName: eu-west-1a', 'CX3802', 'AvailabilityZoneName'],
    ['an unknown property', '      Throughput: elastic', 'CX3605', 'Throughput'],
    ['an x-kms key', '      KmsKeyId: x-kms::volumes', 'CX3802', 'x-kms::volumes'],
    ['tags that are not a list of Key/Value', '      FileSystemTags: {team: data}', 'CX3800', '{team: data}'],
  ])('%s', (_name, properties, code, marker) => {
    const yaml = base(properties);
    const { model, errors } = errorsOf(yaml);
    expect(model).toBeUndefined();
    expect(errors.map((e) => ({ code: e.code, line: e.line, column: e.column }))).toEqual([{ code, ...pos(yaml, marker) }].map(({ code: c, line, column }) => ({ code: c, line, column })));
    expect(errors[0].hint).toBeTruthy();
  });

  test('BackupPolicy ENABLING is read as ENABLED, DISABLED warns', () => {
    const enabling = base('      BackupPolicy: {Status: ENABLING}');
    const a = resolve(enabling);
    expect(a.model!.volumes[0].efs!.properties.BackupPolicy).toEqual({ Status: 'ENABLED' });
    expect(a.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['CX3814', pos(enabling, 'ENABLING').line, pos(enabling, 'ENABLING').column]]);
    const disabled = base('      BackupPolicy: {Status: DISABLED}');
    expect(resolve(disabled).diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['CX3813', pos(disabled, 'DISABLED').line, pos(disabled, 'DISABLED').column]]);
  });

  test('Lookup and Use are refused; both forms for one volume are refused', () => {
    expectOneError(
      `
services:
  api: {image: api, volumes: ["data:/data"]}
volumes:
  data: {}
x-efs:
  data:
    Lookup: {Tags: [{Name: data}]}
`,
      'CX3801',
      `x-efs 'data' names an existing file system (Lookup): composex creates the volume's file system and cannot mount an existing one yet (ECS ComposeX does not deploy it either: its x-efs stack warns "Lookup not supported")`,
      'Lookup',
    );
    const yaml = `
services:
  api: {image: api, volumes: ["data:/data"]}
volumes:
  data:
    x-efs: {Use: fs-abcd1234}
  other:
    x-efs: {}
x-efs:
  other: {}
`;
    const { errors } = errorsOf(yaml);
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ['CX3801', pos(yaml, 'Use').line, pos(yaml, 'Use').column],
      ['CX3809', pos(yaml, 'x-efs', 2).line, pos(yaml, 'x-efs', 2).column],
    ]);
  });
});

describe('mount targets: one per availability zone', () => {
  const vpc = (subnets: string) => `
services:
  api: {image: api, volumes: ["data:/data"]}
volumes:
  data: {}
x-vpc:
  VpcId: vpc-0123456789abcdef0
  PublicSubnets: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]
  PrivateSubnets: [${subnets}]
  AvailabilityZones: [eu-west-1a, eu-west-1b]
`;
  test('more private subnets than zones: two mount targets would share a zone (CX3810, at the subnets key)', () => {
    const yaml = vpc('subnet-0a1b2c3d4e5f60003, subnet-0a1b2c3d4e5f60004, subnet-0a1b2c3d4e5f60005, subnet-0a1b2c3d4e5f60006');
    const { errors } = errorsOf(yaml);
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([['CX3810', pos(yaml, 'PrivateSubnets').line, pos(yaml, 'PrivateSubnets').column]]);
    expect(errors[0].message).toContain("volume 'data'");
  });
  test('one subnet per zone renders', () => {
    expect(errorsOf(vpc('subnet-0a1b2c3d4e5f60003, subnet-0a1b2c3d4e5f60004')).errors).toEqual([]);
  });
});

describe('access point and POSIX user', () => {
  test('services of different users: no POSIX user, said at the x-efs entry (CX3815); RootDirectoryCreateMode kept', () => {
    const yaml = `
services:
  api: {image: api, user: "1000:1000", volumes: ["data:/data:ro"]}
  worker: {image: worker, user: "2000:1000", volumes: ["data:/data:ro"]}
volumes:
  data: {}
x-efs:
  data:
    MacroParameters: {RootDirectoryCreateMode: "0775"}
`;
    const { model, diagnostics } = resolve(yaml);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['CX3815', pos(yaml, 'MacroParameters').line - 1, 3]]);
    expect(diagnostics[0].message).toContain('(1000:1000, 2000:1000)');
    expect(model!.volumes[0].posixUser).toBeUndefined();
    expect(model!.volumes[0].efs!.rootDirectoryPermissions).toBe('0775');
  });
  test('one numeric user shared: enforced, nothing said; a mode that is not octal is refused', () => {
    const ok = resolve(`
services:
  api: {image: api, user: "1000", volumes: ["data:/data"]}
volumes:
  data: {}
x-efs:
  data: {}
`);
    expect(ok.diagnostics).toEqual([]);
    expect(ok.model!.volumes[0].posixUser).toEqual({ uid: 1000, gid: 1000 });
    const bad = `
services:
  api: {image: api, volumes: ["data:/data"]}
volumes:
  data: {}
x-efs:
  data:
    MacroParameters: {RootDirectoryCreateMode: "rwx"}
`;
    expect(errorsOf(bad).errors.map((e) => [e.code, e.line, e.column])).toEqual([['CX3800', pos(bad, '"rwx"').line, pos(bad, '"rwx"').column]]);
  });
});

test("docs/resources.md's x-efs level table is EFS_ACCESS", () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'resources.md'), 'utf8');
  const text = doc.slice(doc.indexOf('\n## `x-efs`'));
  const rows = [...text.matchAll(/^\| `([A-Za-z]+)` \| (.*) \|$/gm)].map((m) => [m[1], [...m[2].matchAll(/`([a-z]+:[A-Za-z]+)`/g)].map((a) => a[1])]);
  expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(EFS_ACCESS).map(([level, { actions }]) => [level, [...actions]])));
});

describe("driver_opts of Docker's ECS integration (read by ECS ComposeX too)", () => {
  test('read as the file system properties they stand for; another option is said and not read', () => {
    const yaml = `
services:
  api: {image: api, volumes: ["data:/data"]}
volumes:
  data:
    driver_opts:
      backup_policy: ENABLED
      lifecycle_policy: AFTER_30_DAYS
      performance_mode: generalPurpose
      throughput_mode: provisioned
      provisioned_throughput: "1024"
      type: nfs
`;
    const { model, diagnostics } = resolve(yaml);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['CX3811', pos(yaml, 'type').line, pos(yaml, 'type').column]]);
    expect(model!.volumes[0].efs).toEqual({
      path: ['volumes', 'data', 'driver_opts'],
      propertiesPath: ['volumes', 'data', 'driver_opts'],
      properties: {
        BackupPolicy: { Status: 'ENABLED' },
        LifecyclePolicies: [{ TransitionToIA: 'AFTER_30_DAYS' }],
        PerformanceMode: 'generalPurpose',
        ThroughputMode: 'provisioned',
        ProvisionedThroughputInMibps: 1024,
      },
    });
  });
  test('what EFS refuses is located at the option; driver_opts beside x-efs is refused', () => {
    const bad = `
services:
  api: {image: api, volumes: ["data:/data"]}
volumes:
  data:
    driver_opts: {provisioned_throughput: "100", lifecycle_policy: AFTER_2_DAYS}
`;
    expect(errorsOf(bad).errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ['CX3803', pos(bad, '"100"').line, pos(bad, '"100"').column],
      ['CX3800', pos(bad, 'AFTER_2_DAYS').line, pos(bad, 'AFTER_2_DAYS').column],
    ]);
    const twice = `
services:
  api: {image: api, volumes: ["data:/data"]}
volumes:
  data:
    driver_opts: {throughput_mode: elastic}
x-efs:
  data: {}
`;
    expect(errorsOf(twice).errors.map((e) => [e.code, e.line, e.column])).toEqual([['CX3809', pos(twice, 'driver_opts').line, pos(twice, 'driver_opts').column]]);
  });
});
