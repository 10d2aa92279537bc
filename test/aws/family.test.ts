import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildStacks } from '../../src/aws/app';
import { ecrRepositoryArn, EXECUTE_COMMAND_ACTIONS } from '../../src/aws/roles';
import { container, family, model, richModel, testStack } from './fixtures';
import { allResources, synth, type TemplateJson } from './helpers';

describe('family stack', () => {
  const root = testStack();
  const stacks = buildStacks(root, richModel());
  const api = Template.fromStack(stacks.families.get('api')!);
  const web = Template.fromStack(stacks.families.get('web')!);
  const worker = Template.fromStack(stacks.families.get('worker')!);
  const db = Template.fromStack(stacks.families.get('db')!);

  test('has a fixed logical ID in the root', () => {
    const rootTemplate = Template.fromStack(root).toJSON();
    expect(Object.keys(rootTemplate.Resources)).toEqual(
      expect.arrayContaining(['FamilyApiStack', 'FamilyDbStack', 'FamilyWebStack', 'FamilyWorkerStack', 'NetworkingStack']),
    );
    // depends_on across families orders the stacks
    expect(rootTemplate.Resources.FamilyApiStack.DependsOn).toEqual(['FamilyDbStack']);
  });

  test('task definition: Fargate, awsvpc, smallest size, platform, ephemeral storage', () => {
    api.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'shop-api',
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      Cpu: '512',
      Memory: '1024',
      RuntimePlatform: { OperatingSystemFamily: 'LINUX', CpuArchitecture: 'X86_64' },
      EphemeralStorage: { SizeInGiB: 30 },
      ExecutionRoleArn: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] },
      TaskRoleArn: { 'Fn::GetAtt': ['TaskRole', 'Arn'] },
      Volumes: [{ Name: 'scratch-api-1' }],
    });
    web.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '256',
      Memory: '512',
      RuntimePlatform: { OperatingSystemFamily: 'LINUX', CpuArchitecture: 'ARM64' },
    });
  });

  test('a rich container maps every field', () => {
    const td = Object.values(api.findResources('AWS::ECS::TaskDefinition'))[0];
    const [apiContainer, migrate] = td.Properties.ContainerDefinitions;
    expect(apiContainer).toEqual({
      Name: 'api',
      Image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2',
      Essential: true,
      Command: ['node', 'server.js'],
      EntryPoint: ['/sbin/tini', '--'],
      WorkingDirectory: '/app',
      User: '1000:1000',
      // sorted by name, the unset one omitted
      Environment: [
        { Name: 'ALPHA', Value: 'first' },
        { Name: 'MIDDLE', Value: 'm' },
        { Name: 'ZED', Value: 'last' },
      ],
      Secrets: [
        { Name: 'DB_PASSWORD', ValueFrom: { Ref: 'SecretDbPasswordArn' } },
        { Name: 'STRIPE', ValueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/stripe-AbCdEf' },
        { Name: 'STRIPE_API_KEY', ValueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/stripe-AbCdEf:apiKey::' },
      ],
      DockerLabels: { 'com.example.team': 'shop' },
      PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp', Name: 'api-8080' }],
      HealthCheck: {
        Command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'],
        Interval: 10,
        Timeout: 3,
        Retries: 4,
        StartPeriod: 20,
      },
      // db is another family: ordering across families is a stack dependency, not a container one
      DependsOn: [{ ContainerName: 'migrate', Condition: 'SUCCESS' }],
      Ulimits: [{ Name: 'nofile', SoftLimit: 65535, HardLimit: 65535 }],
      SystemControls: [{ Namespace: 'net.core.somaxconn', Value: '1024' }],
      LinuxParameters: { Capabilities: { Add: ['SYS_PTRACE'], Drop: ['NET_RAW'] }, InitProcessEnabled: true },
      ReadonlyRootFilesystem: true,
      StopTimeout: 30,
      MountPoints: [{ SourceVolume: 'scratch-api-1', ContainerPath: '/tmp', ReadOnly: false }],
      Cpu: 512,
      Memory: 1024,
      MemoryReservation: 512,
      LogConfiguration: {
        LogDriver: 'awslogs',
        Options: { 'awslogs-group': { Ref: 'LogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'api' },
      },
    });
    // A container others wait for to complete must not be essential.
    expect(migrate).toMatchObject({ Name: 'migrate', Essential: false, Command: ['node', 'migrate.js'] });
  });

  test('healthcheck CMD form, and EFS volume through its access point', () => {
    db.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          HealthCheck: { Command: ['CMD', 'pg_isready'], Interval: 5, Retries: 5 },
          MountPoints: [{ SourceVolume: 'efs-pgdata', ContainerPath: '/var/lib/postgresql/data', ReadOnly: false }],
        }),
      ],
      Volumes: [
        {
          Name: 'efs-pgdata',
          EFSVolumeConfiguration: {
            FilesystemId: { Ref: 'FileSystemPgdataId' },
            TransitEncryption: 'ENABLED',
            // IAM authorization: EFS checks the task role (granted below)
            AuthorizationConfig: { AccessPointId: { Ref: 'AccessPointPgdataId' }, IAM: 'ENABLED' },
          },
        },
      ],
    });
  });

  test('service: count, deployment, network, Service Connect, exec', () => {
    api.hasResourceProperties('AWS::ECS::Service', {
      Cluster: { Ref: 'ClusterName' },
      TaskDefinition: { Ref: 'TaskDefinition' },
      DesiredCount: 2,
      // the default strategy, never a launch type (LaunchType is create-only: a later move to
      // FARGATE_SPOT would replace the service)
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
      LaunchType: Match.absent(),
      DeploymentConfiguration: {
        MaximumPercent: 200,
        MinimumHealthyPercent: 100,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      },
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          AssignPublicIp: 'DISABLED',
          Subnets: { Ref: 'PrivateSubnetIds' },
          SecurityGroups: [{ Ref: 'FamilyApiSecurityGroupId' }],
        },
      },
      ServiceConnectConfiguration: {
        Enabled: true,
        Namespace: { Ref: 'NamespaceArn' },
        Services: [
          // ECS takes one client alias per entry: one entry per name of the port.
          { PortName: 'api-8080', DiscoveryName: 'api-8080', ClientAliases: [{ Port: 8080, DnsName: 'api' }] },
          { PortName: 'api-8080', DiscoveryName: 'api-8080-backend', ClientAliases: [{ Port: 8080, DnsName: 'backend' }] },
        ],
      },
      EnableExecuteCommand: true,
    });
    api.hasResource('AWS::ECS::Service', { Properties: Match.objectLike({ LoadBalancers: Match.absent() }) });
  });

  test('stop-first deployment and a capacity provider strategy', () => {
    worker.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: { MaximumPercent: 100, MinimumHealthyPercent: 0 },
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Weight: 1, Base: 1 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
      ],
      LaunchType: Match.absent(),
      // no ports: a Service Connect client only
      ServiceConnectConfiguration: { Enabled: true, Namespace: { Ref: 'NamespaceArn' }, Services: Match.absent() },
    });
  });

  test('published service: attached to its target group', () => {
    web.hasResourceProperties('AWS::ECS::Service', {
      LoadBalancers: [{ ContainerName: 'web', ContainerPort: 80, TargetGroupArn: { Ref: 'TargetGroupWebWeb80Arn' } }],
    });
  });

  test('a published service gets its start period as load-balancer health check grace period', () => {
    const base = richModel();
    const m = {
      ...base,
      families: base.families.map((f) =>
        f.name === 'web' ? { ...f, healthCheckGracePeriodSeconds: 45 } : f,
      ),
    };
    const t = Template.fromStack(buildStacks(testStack(), m).families.get('web')!);
    t.hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 45 });
    web.hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: Match.absent() });
  });

  test('log group with the family retention', () => {
    api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
    web.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('public IP only on request, in the public subnets', () => {
    const m = model([family('edge', [container('edge')], { assignPublicIp: true })]);
    const t = Template.fromStack(buildStacks(testStack(), m).families.get('edge')!);
    t.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED', Subnets: { Ref: 'PublicSubnetIds' } } },
    });
  });
});

describe('roles', () => {
  const { templates } = synth(richModel());
  const roles = allResources(templates).filter((r) => r.type === 'AWS::IAM::Role');
  type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; NotAction?: unknown };
  const statementsOf = (props: Record<string, unknown>): Statement[] =>
    ((props.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []).flatMap(
      (p) => p.PolicyDocument.Statement,
    );
  const actions = (s: Statement) => ([] as string[]).concat(s.Action);
  const role = (stack: string, id: string) => roles.find((r) => r.stack === stack && r.id === id)!.props;

  test('every family has exactly a task role and an execution role, and nothing else in IAM', () => {
    expect(roles.map((r) => `${r.stack}/${r.id}`).sort()).toEqual(
      ['FamilyApi', 'FamilyDb', 'FamilyWeb', 'FamilyWorker'].flatMap((f) => [`${f}/ExecutionRole`, `${f}/TaskRole`]),
    );
    const iamTypes = allResources(templates).filter((r) => r.type.startsWith('AWS::IAM::') && r.type !== 'AWS::IAM::Role');
    expect(iamTypes).toEqual([]);
  });

  test('no `*` in any action; Resource "*" only for ecr:GetAuthorizationToken and ECS Exec', () => {
    for (const r of roles) {
      for (const s of statementsOf(r.props)) {
        expect(s.NotAction).toBeUndefined();
        for (const a of actions(s)) expect(a).not.toContain('*');
        const resources = ([] as unknown[]).concat(s.Resource);
        if (resources.includes('*')) {
          expect(resources).toEqual(['*']);
          const allowed =
            (actions(s).length === 1 && actions(s)[0] === 'ecr:GetAuthorizationToken') ||
            (r.id === 'TaskRole' && r.stack === 'FamilyApi' && actions(s).every((a) => EXECUTE_COMMAND_ACTIONS.includes(a)));
          expect({ role: `${r.stack}/${r.id}`, actions: actions(s), allowed }).toMatchObject({ allowed: true });
        }
      }
    }
  });

  test('both roles trust ECS tasks of this account only', () => {
    for (const r of roles) {
      expect(r.props.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'ecs-tasks.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      });
    }
  });

  test('execution role: pull from the exact repository, its log group, the secrets it injects; no managed policy', () => {
    const exec = role('FamilyApi', 'ExecutionRole');
    expect(exec.ManagedPolicyArns).toBeUndefined();
    expect(exec.PermissionsBoundary).toBeUndefined();
    expect(statementsOf(exec)).toEqual([
      {
        Sid: 'PullImages',
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: ['arn:aws:ecr:eu-west-1:123456789012:repository/shop/api'],
      },
      { Sid: 'EcrAuthorizationToken', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Sid: 'WriteLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': ['LogGroup', 'Arn'] },
      },
      {
        Sid: 'ReadInjectedSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [
          { Ref: 'SecretDbPasswordArn' },
          'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/stripe-AbCdEf',
          'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/stripe-AbCdEf-??????',
        ],
      },
    ]);
  });

  test('execution role of a public image: logs only, no ECR permission at all', () => {
    const exec = role('FamilyWeb', 'ExecutionRole');
    expect(statementsOf(exec).flatMap(actions)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  test('execution role of db: only the one secret it injects', () => {
    const secrets = statementsOf(role('FamilyDb', 'ExecutionRole')).find((s) => s.Sid === 'ReadInjectedSecrets')!;
    expect(secrets.Resource).toEqual([{ Ref: 'SecretDbPasswordArn' }]);
  });

  test('execution role: kms:Decrypt on the key of a secret encrypted with a customer key, through Secrets Manager only', () => {
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const m = model([family('a', [container('a', { secrets: [{ name: 'DB', secret: 'db' }] })], { secrets: ['db'] })], {
      secrets: [{ name: 'db', kind: 'external', ref: 'prod/db', jsonKeys: [], varName: 'DB', kmsKeyArn: key }],
    });
    const exec = (synth(m).templates.get('FamilyA') as TemplateJson).Resources!.ExecutionRole.Properties!;
    expect(statementsOf(exec).find((s) => s.Sid === 'DecryptInjectedSecrets')).toEqual({
      Sid: 'DecryptInjectedSecrets',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [key],
      Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
    });
    // no key given: no KMS permission at all
    expect(JSON.stringify(role('FamilyApi', 'ExecutionRole'))).not.toContain('kms:');
  });

  test('x-aws-pull_credentials: RepositoryCredentials, readable by that family\'s execution role only', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-AbCdEf';
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/k-1';
    const m = model(
      [
        family('a', [container('a', { image: 'registry.example.com/a:1', repositoryCredentials: arn })]),
        family('b', [container('b', { image: 'registry.example.com/b:1', repositoryCredentials: 'registry' })], { secrets: ['registry'] }),
        family('c', [container('c', { image: 'registry.example.com/c:1' })]),
      ],
      { secrets: [{ name: 'registry', kind: 'external', ref: 'prod/registry', jsonKeys: [], varName: 'REGISTRY', kmsKeyArn: key }] },
    );
    const { templates } = synth(m);
    const resources = (f: string) => (templates.get(f) as TemplateJson).Resources!;
    const containerOf = (f: string) => (resources(f).TaskDefinition.Properties!.ContainerDefinitions as Record<string, unknown>[])[0];
    const exec = (f: string) => statementsOf(resources(f).ExecutionRole.Properties!);
    expect(containerOf('FamilyA').RepositoryCredentials).toEqual({ CredentialsParameter: arn });
    expect(exec('FamilyA').find((s) => s.Sid === 'ReadInjectedSecrets')!.Resource).toEqual([arn, `${arn}-??????`]);
    expect(JSON.stringify(exec('FamilyA'))).not.toContain('kms:');
    // by a top-level secret: its reference, and the KMS key x-secrets names; no variable injected
    // (by name: ECS takes a full ARN or a name, not the partial ARN secrets use)
    expect(containerOf('FamilyB').RepositoryCredentials).toEqual({ CredentialsParameter: 'prod/registry' });
    expect(containerOf('FamilyB').Secrets).toBeUndefined();
    expect(exec('FamilyB').find((s) => s.Sid === 'DecryptInjectedSecrets')!.Resource).toEqual([key]);
    // another family: no credentials, no secret permission
    expect(containerOf('FamilyC').RepositoryCredentials).toBeUndefined();
    expect(JSON.stringify(exec('FamilyC'))).not.toContain('secretsmanager:');
  });

  test('task role: only x-iam (and ECS Exec when enabled)', () => {
    const task = role('FamilyApi', 'TaskRole');
    expect(task.ManagedPolicyArns).toEqual(['arn:aws:iam::123456789012:policy/shop-extra']);
    expect(task.PermissionsBoundary).toBe('arn:aws:iam::123456789012:policy/boundary');
    expect((task.Policies as { PolicyName: string }[]).map((p) => p.PolicyName)).toEqual(['ReadCatalog', 'ComposeXExecuteCommand']);
    expect(statementsOf(task).flatMap(actions)).toEqual(['s3:GetObject', ...EXECUTE_COMMAND_ACTIONS]);
    // no x-iam, no exec, no volume: an empty role
    for (const f of ['FamilyWeb', 'FamilyWorker']) {
      const t = role(f, 'TaskRole');
      expect([t.Policies, t.ManagedPolicyArns, t.PermissionsBoundary]).toEqual([undefined, undefined, undefined]);
    }
  });

  test('EFS: the task role of a family mounting a volume may mount that file system through its access point only', () => {
    const efsArn = (kind: string, ref: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticfilesystem:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${kind}/`, { Ref: ref }]],
    });
    // read-write, no POSIX user enforced: write, and root access (else root is squashed)
    expect(statementsOf(role('FamilyDb', 'TaskRole'))).toEqual([
      {
        Sid: 'MountVolumePgdata',
        Effect: 'Allow',
        Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientRootAccess', 'elasticfilesystem:ClientWrite'],
        Resource: efsArn('file-system', 'FileSystemPgdataId'),
        Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': efsArn('access-point', 'AccessPointPgdataId') } },
      },
    ]);
  });

  test('EFS: a read-only mount gets ClientMount alone; an enforced POSIX user needs no root access', () => {
    const mount = (readOnly: boolean) => [{ kind: 'volume' as const, volume: 'data', containerPath: '/d', readOnly }];
    const m = model(
      [
        family('reader', [container('reader', { mounts: mount(true) })], { volumes: ['data'] }),
        family('writer', [container('writer', { user: '1000', mounts: mount(false) })], { volumes: ['data'] }),
      ],
      { volumes: [{ name: 'data', families: ['reader', 'writer'], posixUser: { uid: 1000, gid: 1000 } }] },
    );
    const { templates } = synth(m);
    const actionsOf = (f: string) => statementsOf((templates.get(f) as TemplateJson).Resources!.TaskRole.Properties!).flatMap(actions);
    expect(actionsOf('FamilyReader')).toEqual(['elasticfilesystem:ClientMount']);
    expect(actionsOf('FamilyWriter')).toEqual(['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite']);
    const ap = (templates.get('Storage') as TemplateJson).Resources!.AccessPointData.Properties!;
    expect(ap.PosixUser).toEqual({ Uid: '1000', Gid: '1000' });
    expect(ap.RootDirectory).toEqual({ Path: '/data', CreationInfo: { OwnerUid: '1000', OwnerGid: '1000', Permissions: '755' } });
  });

  test('a permissions boundary given by name becomes an ARN in the deploying account', () => {
    const m = model([family('a', [container('a')], { iam: { policies: [], managedPolicyArns: [], permissionsBoundary: 'team-boundary' } })]);
    const t = synth(m).templates.get('FamilyA') as TemplateJson;
    expect(t.Resources!.TaskRole.Properties!.PermissionsBoundary).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':policy/team-boundary']],
    });
  });

  test.each([
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2', 'arn:aws:ecr:eu-west-1:123456789012:repository/shop/api'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abcd', 'arn:aws:ecr:us-east-1:123456789012:repository/app'],
    ['123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/app', 'arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/app'],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1', 'arn:aws-cn:ecr:cn-north-1:123456789012:repository/app'],
    ['public.ecr.aws/nginx/nginx:1.27', undefined],
    ['nginx', undefined],
    ['ghcr.io/acme/worker:2', undefined],
  ])('ECR repository of %s', (image, arn) => {
    expect(ecrRepositoryArn(image)).toBe(arn);
  });
});
