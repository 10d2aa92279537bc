/**
 * x-events read from the rendered templates: the rule in the family's stack runs exactly that
 * family's task definition with its networking and capacity providers; the rule's role may run
 * that task definition family in that cluster and pass exactly the family's two roles; a family
 * with DeleteDefaultService has no ECS service.
 */
import { loadAndCompile } from '../../src/compile';
import { formatSummary } from '../../src/render/summary';
import { validateTemplates } from '../../src/render/validate';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';

const text = yaml`
  x-events:
    nightly:
      Properties: {ScheduleExpression: "cron(0 2 * * ? *)"}
      Services: {report: {TaskCount: 2, DeleteDefaultService: true}}
    hourly:
      Properties: {ScheduleExpression: "rate(1 hour)", State: DISABLED, Name: api-hourly}
      Services: {api: {}}
  services:
    api: {image: public.ecr.aws/a/api:1, expose: ["8080"]}
    report: {image: public.ecr.aws/a/report:1}
`;

describe('scheduled tasks', () => {
  const dir = projectDir({ 'compose.yaml': text });
  const result = renderProject({ cwd: dir });
  const file = (id: string) => result.files.find((f) => f.logicalId === `Family${id}Stack`)!;
  const resources = (id: string) => file(id).template.Resources!;

  test('the service-less family has a task definition and a rule, no ECS service; the other keeps its service', () => {
    expect(Object.values(resources('Report')).map((r) => r.Type).sort()).toEqual([
      'AWS::ECS::TaskDefinition',
      'AWS::Events::Rule',
      'AWS::IAM::Role',
      'AWS::IAM::Role',
      'AWS::IAM::Role',
      'AWS::Logs::LogGroup',
    ]);
    expect(Object.values(resources('Api')).filter((r) => r.Type === 'AWS::ECS::Service')).toHaveLength(1);
  });

  test('the rule runs the family task in the cluster with its subnets, security group and providers', () => {
    const rule = resources('Report').RuleNightly.Properties!;
    const clusterArn = { 'Fn::Sub': ['arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${Cluster}', { Cluster: { Ref: 'ClusterName' } }] };
    expect(rule).toEqual({
      Description: 'composex: nightly runs report',
      ScheduleExpression: 'cron(0 2 * * ? *)',
      State: 'ENABLED',
      Targets: [
        {
          Id: 'report',
          Arn: clusterArn,
          RoleArn: { 'Fn::GetAtt': ['EventsRoleNightly', 'Arn'] },
          EcsParameters: {
            TaskDefinitionArn: { Ref: 'TaskDefinition' },
            TaskCount: 2,
            CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
            NetworkConfiguration: { AwsVpcConfiguration: { Subnets: { Ref: 'PrivateSubnetIds' }, SecurityGroups: [{ Ref: 'FamilyReportSecurityGroupId' }], AssignPublicIp: 'DISABLED' } },
            EnableExecuteCommand: false,
          },
        },
      ],
    });
    expect(resources('Api').RuleHourly.Properties!.State).toBe('DISABLED');
  });

  test('Properties.Name is the rule\'s Name; without it, none (CloudFormation generates one)', () => {
    expect(resources('Api').RuleHourly.Properties!.Name).toBe('api-hourly');
    expect(resources('Report').RuleNightly.Properties!).not.toHaveProperty('Name');
  });

  test("the rule's role: RunTask on this task definition family in this cluster, PassRole on the family's two roles to ECS tasks, trusted by EventBridge of this account", () => {
    const role = resources('Report').EventsRoleNightly.Properties as { AssumeRolePolicyDocument: unknown; Policies: { PolicyDocument: { Statement: unknown[] } }[] };
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }],
    });
    expect(role.Policies).toHaveLength(1);
    expect(role.Policies[0].PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'ecs:RunTask',
        Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:task-definition/${file('Report').template.Resources!.TaskDefinition.Properties!.Family}:*` },
        Condition: { ArnEquals: { 'ecs:cluster': { 'Fn::Sub': ['arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${Cluster}', { Cluster: { Ref: 'ClusterName' } }] } } },
      },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: [{ 'Fn::GetAtt': ['TaskRole', 'Arn'] }, { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] }],
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      },
    ]);
  });

  test('the summary lists the rules and says when there is no ECS service', () => {
    const model = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } }).model!;
    const summary = formatSummary(model, result);
    expect(summary).toContain('  scheduled:\n    nightly: cron(0 2 * * ? *), 2 tasks\n    no ECS service: the task runs only when a rule fires');
    expect(summary).toContain('    hourly: rate(1 hour), 1 task (rule disabled)');
  });

  test('zero validator errors', () => {
    expect(resourcesOf(result, 'AWS::Events::Rule')).toHaveLength(2);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
