/**
 * Docker's ECS integration keys that ECS ComposeX reads ("Docker ECS Plugin support"), read the same
 * way, from the rendered templates: `x-aws-cluster` (an existing cluster), `x-aws-role` (one more
 * inline policy of the task role) and `x-aws-policies` (managed policies) merged with `x-iam`,
 * `x-aws-logs_retention` (the longer beside `x-logging.RetentionInDays`), and
 * `x-aws-pull_credentials: secrets::<name>` (a top-level secret).
 */
import { yaml } from '../helpers/project-dir';
import type { RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { at, compileText, located, renderText } from './helpers';

const CLUSTER_ARN = 'arn:aws:ecs:eu-west-1:123456789012:cluster/devtest';

const TEXT = yaml`
  name: docker-keys
  x-aws-cluster: ${CLUSTER_ARN}
  secrets:
    registry:
      x-secrets: {Name: /path/to/creds}
  services:
    api:
      image: registry.example.com/team/api:1.0
      x-aws-pull_credentials: secrets::registry
      x-aws-logs_retention: 64
      x-logging: {RetentionInDays: 42}
      x-aws-role:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [sqs:SendMessage]
            Resource: [arn:aws:sqs:eu-west-1:123456789012:jobs]
      x-aws-policies: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
      x-iam:
        ManagedPolicyArns: [arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess]
`;

type Resource = { Type: string; Properties?: Record<string, unknown> };
const all = (r: RenderResult): Resource[] => r.files.flatMap((f) => Object.values(f.template.Resources ?? {}) as Resource[]);

describe("Docker's ECS keys, as ECS ComposeX reads them", () => {
  const result = renderText(TEXT);
  const { diagnostics } = compileText(TEXT);

  test('templates valid; warned: the two retentions (the longer is used, CX3994), each rounded (CX3350), the existing cluster (CX3307)', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(located(diagnostics, 'error')).toEqual([]);
    const warnings = located(diagnostics, 'warning');
    expect(warnings).toEqual(expect.arrayContaining([`CX3994 ${at(TEXT, 'x-aws-logs_retention')}`, `CX3307 ${at(TEXT, 'x-aws-cluster')}`]));
  });

  test('x-aws-cluster: no cluster created, the services run in devtest', () => {
    const resources = all(result);
    expect(resources.filter((r) => r.Type === 'AWS::ECS::Cluster')).toEqual([]);
    // The family stacks take the cluster as a parameter, which the root gives as the ARN written.
    expect(JSON.stringify(result.files.map((f) => f.template))).toContain(`"${CLUSTER_ARN}"`);
  });

  test('x-aws-role is the inline policy XAwsRole, x-aws-policies join ManagedPolicyArns', () => {
    const roles = all(result).filter((r) => r.Type === 'AWS::IAM::Role' && String(r.Properties?.Description ?? '').includes('application role'));
    expect(roles).toHaveLength(1);
    const props = roles[0].Properties as { Policies?: { PolicyName: string; PolicyDocument: unknown }[]; ManagedPolicyArns?: unknown[] };
    expect(props.Policies?.find((p) => p.PolicyName === 'XAwsRole')?.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['arn:aws:sqs:eu-west-1:123456789012:jobs'] }],
    });
    expect(JSON.stringify(props.ManagedPolicyArns)).toContain('CloudWatchReadOnlyAccess');
    expect(JSON.stringify(props.ManagedPolicyArns)).toContain('AmazonS3ReadOnlyAccess');
  });

  test('x-aws-logs_retention 64 (60) beside RetentionInDays 42 (30): the log group keeps 60 days', () => {
    expect(all(result).filter((r) => r.Type === 'AWS::Logs::LogGroup').map((r) => r.Properties?.RetentionInDays)).toContain(60);
  });

  test('x-aws-pull_credentials: secrets::registry is the top-level secret registry', () => {
    const task = all(result).find((r) => r.Type === 'AWS::ECS::TaskDefinition')!;
    const containers = (task.Properties as { ContainerDefinitions: { Name: string; RepositoryCredentials?: unknown }[] }).ContainerDefinitions;
    expect(containers.find((c) => c.Name === 'api')!.RepositoryCredentials).toEqual({ CredentialsParameter: '/path/to/creds' });
  });

  test('x-aws-cluster beside x-cluster: x-cluster is used (CX3995)', () => {
    const text = yaml`
      x-aws-cluster: devtest
      x-cluster: {Use: prod}
      services:
        api: {image: nginx:1.27}
    `;
    const r = compileText(text);
    expect(located(r.diagnostics, 'warning').filter((w) => w.startsWith('CX3995'))).toEqual([`CX3995 ${at(text, 'x-aws-cluster')}`]);
    expect(r.model!.cluster).toMatchObject({ kind: 'existing', clusterName: 'prod' });
  });
});
