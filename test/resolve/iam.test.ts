import { pos, resolve, resolveOk } from './fixtures';

describe('x-iam', () => {
  test('policies, managed policies and the boundary are merged per family', () => {
    const model = resolveOk(`
      services:
        a:
          image: a
          deploy: {labels: {ecs.task.family: f}}
          x-iam:
            Policies:
              - PolicyName: read-config
                PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: [ssm:GetParameter], Resource: [arn:aws:ssm:eu-west-1:123456789012:parameter/app]}]}
            ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess]
            PermissionsBoundary: boundary
        b:
          image: b
          deploy: {labels: {ecs.task.family: f}}
          x-iam:
            ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess, arn:aws:iam::123456789012:policy/extra]
    `);
    expect(model.families[0].iam).toEqual({
      policies: [
        {
          PolicyName: 'read-config',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: ['arn:aws:ssm:eu-west-1:123456789012:parameter/app'] }],
          },
        },
      ],
      managedPolicyArns: ['arn:aws:iam::123456789012:policy/extra', 'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess'],
      permissionsBoundary: 'boundary',
    });
  });

  test('a wildcard in an Allow Action or Resource is a warning at the value; Deny is not', () => {
    const yaml = `
      services:
        a:
          image: a
          x-iam:
            Policies:
              - PolicyName: broad
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Action: ["s3:Get*", s3:PutObject]
                      Resource: "*"
                    - Effect: Deny
                      Action: "*"
                      Resource: "*"
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeDefined();
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'CX3401',
        message: "x-iam grants Action 's3:Get*', a wildcard: the task role may do more than the service needs",
        ...pos(yaml, '"s3:Get*"'),
        hint: 'list the exact actions, e.g. s3:GetObject',
      },
      {
        severity: 'warning',
        code: 'CX3401',
        message: "x-iam grants Resource '*', a wildcard: the task role may do more than the service needs",
        ...pos(yaml, '"*"'),
        hint: 'name the exact ARNs the actions apply to',
      },
    ]);
  });

  const policy = (statement: string) => `
    services:
      a:
        image: a
        x-iam:
          Policies:
            - PolicyName: p
              PolicyDocument: {Statement: [${statement}]}
  `;
  test.each<[string, string, string, string, string, string]>([
    [
      'NotAction',
      policy('{Effect: Allow, NotAction: [iam:*], Resource: [x]}'),
      'CX3402',
      'services.a.x-iam.Policies[0].PolicyDocument.Statement[0] uses NotAction, which grants or denies everything not listed; composex only accepts explicit action lists',
      'NotAction',
      'list the actions the service needs under Action',
    ],
    [
      'no Effect',
      policy('{Action: [s3:GetObject], Resource: [x]}'),
      'CX3403',
      'services.a.x-iam.Policies[0].PolicyDocument.Statement[0].Effect must be Allow or Deny',
      '{Action',
      'write Effect: Allow',
    ],
    [
      'no Resource',
      policy('{Effect: Allow, Action: [s3:GetObject]}'),
      'CX3403',
      'services.a.x-iam.Policies[0].PolicyDocument.Statement[0] has no Resource',
      '{Effect',
      'list the ARNs the actions apply to under Resource',
    ],
    [
      'a managed policy that is not an ARN',
      `
      services:
        a: {image: a, x-iam: {ManagedPolicyArns: [arn:aws:iam::aws:ReadOnlyAccess]}}
      `,
      'CX3403',
      "managed policy 'arn:aws:iam::aws:ReadOnlyAccess' is not an IAM policy ARN",
      'arn:aws:iam::aws:ReadOnlyAccess',
      'a managed policy ARN looks like arn:aws:iam::aws:policy/ReadOnlyAccess or arn:aws:iam::123456789012:policy/name',
    ],
    [
      'an unknown x-iam key',
      `
      services:
        a: {image: a, x-iam: {ManagedPolicies: []}}
      `,
      'CX3301',
      "unknown key 'ManagedPolicies' in services.a.x-iam",
      'ManagedPolicies',
      "did you mean 'ManagedPolicyArns'?",
    ],
    [
      'two policies of one name in a family',
      `
      services:
        a: {image: a, deploy: {labels: {ecs.task.family: f}}, x-iam: {Policies: [{PolicyName: p, PolicyDocument: {Statement: [{Effect: Allow, Action: [s3:GetObject], Resource: [x]}]}}]}}
        b: {image: b, deploy: {labels: {ecs.task.family: f}}, x-iam: {Policies: [{PolicyName: p, PolicyDocument: {Statement: [{Effect: Allow, Action: [s3:PutObject], Resource: [x]}]}}]}}
      `,
      'CX3005',
      "family 'f' gets two different x-iam policies named 'p' (from 'a' at compose.yaml:2:76 and from 'b')",
      'p, PolicyDocument: {Statement: [{Effect: Allow, Action: [s3:Put',
      'give the policies different names, or make them identical',
    ],
  ])('%s', (_name, yaml, code, message, marker, hint) => {
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([{ severity: 'error', code, message, ...pos(yaml, marker), hint }]);
  });
});
