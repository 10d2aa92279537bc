import { formatSummary, rolePermissions, servicesFromModel } from '../../src/render/summary';
import { synthesizeApp } from '../../src/render/synth';
import type { Template } from '../../src/render/types';
import { buildSample } from './fixtures';

describe('formatSummary', () => {
  const { files } = synthesizeApp(buildSample, { projectName: 'demo', format: 'json' });

  test('lists the templates with their counts and sizes', () => {
    const text = formatSummary({ project: 'demo', files });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Project demo: 4 templates, 6 resources');
    expect(lines[1]).toMatch(/^ {2}demo\.json +2 resources +1 parameters +0 outputs +\d+\.\d KiB$/);
    // Columns line up.
    expect(new Set(lines.slice(1, 5).map((l) => l.indexOf('resources'))).size).toBe(1);
    expect(lines.slice(1, 5).map((l) => l.trim().split(/\s+/)[0])).toEqual(files.map((f) => f.path));
    expect(text.endsWith('\n')).toBe(true);
  });

  test('then per service its permissions and ingress, "none" when empty', () => {
    const text = formatSummary({
      files,
      services: [
        { name: 'api', detail: 'api, migrate', permissions: ['TaskRole: Allow sqs:SendMessage on ${Queue.Arn}'], ingress: ['tcp/8000 from family web (depends_on: api)'] },
        { name: 'worker', permissions: [], ingress: [] },
      ],
    });
    expect(text).toContain(
      [
        'api (api, migrate)',
        '  permissions:',
        '    TaskRole: Allow sqs:SendMessage on ${Queue.Arn}',
        '  ingress:',
        '    tcp/8000 from family web (depends_on: api)',
        '',
        'worker',
        '  permissions: none',
        '  ingress: none',
      ].join('\n'),
    );
    expect(text.split('\n')[0]).toBe('Rendered: 4 templates, 6 resources');
  });

  test('rolePermissions reads inline policies and attached AWS::IAM::Policy / ManagedPolicy resources', () => {
    const template: Template = {
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            Policies: [{ PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' }] } }],
            ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/X']] }],
          },
        },
        Policy: {
          Type: 'AWS::IAM::Policy',
          Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['Q', 'Arn'] } }] } },
        },
        Managed: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'TopicArn' } }] } },
        },
        Elsewhere: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { Roles: [{ Ref: 'OtherRole' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }] } },
        },
      },
    };
    expect(rolePermissions(template)).toEqual([
      {
        role: 'Role',
        statements: ['Allow s3:GetObject on arn:aws:s3:::b/*', 'Allow sqs:SendMessage on ${Q.Arn}', 'Allow sns:Publish on ${TopicArn}'],
        managedPolicies: ['arn:${AWS::Partition}:iam::aws:policy/X'],
      },
    ]);
  });

  test('servicesFromModel gives one entry per family, empty when the family has no template', () => {
    const model = {
      projectName: 'demo',
      families: [{ name: 'api', logicalId: 'Api', containers: [{ name: 'api' }] }],
      ingress: [{ source: { kind: 'loadBalancer' }, target: { kind: 'family', family: 'api' }, protocol: 'tcp', fromPort: 80, toPort: 80, reason: 'published: 80' }],
    } as unknown as Parameters<typeof servicesFromModel>[0];
    expect(servicesFromModel(model, files)).toEqual([
      { name: 'api', detail: 'api', permissions: [], ingress: ['tcp/80 from the load balancer (published: 80)'] },
    ]);
  });

  test('a family that deploys stop-first says so, with why', () => {
    const model = {
      projectName: 'demo',
      families: [
        { name: 'db', logicalId: 'Db', containers: [{ name: 'db' }], deployment: { maximumPercent: 100, minimumHealthyPercent: 0, stopFirstReason: 'read-write volume data: no two writers' } },
        { name: 'web', logicalId: 'Web', containers: [{ name: 'web' }], deployment: { maximumPercent: 200, minimumHealthyPercent: 100 } },
      ],
      ingress: [],
    } as unknown as Parameters<typeof servicesFromModel>[0];
    const services = servicesFromModel(model, files);
    expect(services.map((s) => s.deployment)).toEqual(['stop-first (read-write volume data: no two writers): old tasks stop before new ones start', undefined]);
    expect(formatSummary({ files: [], services })).toContain('\ndb (db)\n  permissions: none\n  ingress: none\n  deployment: stop-first (read-write volume data: no two writers): old tasks stop before new ones start\n');
  });

  test('where each container finds its secrets: files, and variables where x-secrets asks for them', () => {
    const model = {
      projectName: 'demo',
      families: [
        {
          name: 'app',
          logicalId: 'App',
          containers: [
            {
              name: 'api',
              secretFiles: [
                { secret: 'db', path: '/run/secrets/db', mode: 0o444 },
                { secret: 'config:app', path: '/etc/app/app.yaml', mode: 0o444 },
                { secret: 'file:./nginx.conf', path: '/etc/nginx-config/nginx.conf', mode: 0o444 },
              ],
              secrets: [{ name: 'DB_PASSWORD', secret: 'db', jsonKey: 'password' }],
            },
            { name: 'sidecar', secretFiles: [], secrets: [] },
          ],
        },
        { name: 'web', logicalId: 'Web', containers: [{ name: 'web', secretFiles: [], secrets: [] }] },
      ],
      ingress: [],
    } as unknown as Parameters<typeof servicesFromModel>[0];
    const services = servicesFromModel(model, files);
    expect(services.map((s) => s.secrets)).toEqual([['api: /run/secrets/db (file), /etc/app/app.yaml (configuration file), /etc/nginx-config/nginx.conf (configuration file), DB_PASSWORD (variable)'], undefined]);
    expect(formatSummary({ files: [], services })).toContain('\napp (api, sidecar)\n  permissions: none\n  ingress: none\n  secrets:\n    api: /run/secrets/db (file), /etc/app/app.yaml (configuration file), /etc/nginx-config/nginx.conf (configuration file), DB_PASSWORD (variable)\n');
  });

  test('images composex builds: platform, repository and parameter, under the family that runs them; none elsewhere', () => {
    const model = {
      projectName: 'demo',
      families: [
        { name: 'api', logicalId: 'Api', containers: [{ name: 'api', secretFiles: [], secrets: [] }] },
        { name: 'cache', logicalId: 'Cache', containers: [{ name: 'cache', secretFiles: [], secrets: [] }] },
      ],
      ingress: [],
      images: [{ service: 'api', repositoryLogicalId: 'RepositoryApi', parameter: 'ApiImage', build: { platforms: ['linux/arm64'] } }],
    } as unknown as Parameters<typeof servicesFromModel>[0];
    const services = servicesFromModel(model, files);
    expect(services.map((s) => s.images)).toEqual([
      ['api: built for linux/arm64 into ECR repository RepositoryApi, run from root parameter ApiImage (composex deploy sets the pushed digest)'],
      undefined,
    ]);
    expect(formatSummary({ files: [], services })).toContain('\napi (api)\n  built images:\n    api: built for linux/arm64');
  });
});
