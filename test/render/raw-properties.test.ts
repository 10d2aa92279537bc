import { loadAndCompile } from '../../src/compile';
import { rawPropertyLocator } from '../../src/render/raw-properties';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { projectDir, yaml } from '../helpers/project-dir';

const COMPOSE = yaml`
  services:
    api:
      image: nginx:1.27
  x-sqs:
    jobs:
      Properties:
        DelaySeconds: "soon"
        Tags: [{Key: team}]
        RedrivePolicy: {deadLetterTargetArn: jobs-dlq, maxReceiveCount: 3}
      Services: {api: {Access: Producer}}
    jobs-dlq:
      Services: {api: {Access: Consumer}}
  x-sns:
    events:
      Properties:
        Subscription: [{Endpoint: "x-sqs::jobs", Protocol: sqs, RawMessageDelivery: "maybe"}]
      Services: {api: {Access: Publish}}
`;

function compiled() {
  const result = loadAndCompile({ cwd: projectDir({ 'compose.yaml': COMPOSE }), files: ['compose.yaml'], env: { HOME: '/home/test' } });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.model!;
}

/** 1-based line and column of `marker` in the compose text. */
function at(marker: string) {
  const before = COMPOSE.slice(0, COMPOSE.indexOf(marker)).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('validator findings on raw x- properties', () => {
  const model = compiled();
  const rendered = renderModel(model);
  const files = rendered.files;

  test('without a locator they are CX5001 in the rendered template', () => {
    const errors = validateTemplates(files).filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((d) => d.code === 'CX5001' && d.file?.endsWith('.json'))).toBe(true);
  });

  test('with the locator each is CX5003 at the property the user wrote, with the resource type in the hint', () => {
    const errors = validateTemplates(files, rawPropertyLocator(model, rendered.rawProperties)).filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.line, d.column, d.message.replace(/:.*/, '')])).toEqual([
      ['CX5003', at('"soon"').line, at('"soon"').column, 'F3012 DelaySeconds'],
      // composex puts its own tags first: the finding names the list, not a shifted index
      ['CX5003', at('[{Key: team}]').line, at('[{Key: team}]').column, "F3003 Tags[]"],
      ['CX5003', at('"maybe"').line, at('"maybe"').column, 'F3012 RawMessageDelivery'],
    ]);
    expect(errors.every((d) => d.file?.endsWith('compose.yaml'))).toBe(true);
    expect(errors[0].hint).toBe('check the property against the CloudFormation reference of AWS::SQS::Queue');
    expect(errors[2].hint).toContain('AWS::SNS::Subscription');
  });

  test('the locator answers only for properties the user wrote on resources composex creates', () => {
    const locate = rawPropertyLocator(model, rendered.rawProperties);
    expect(locate({ logicalId: 'QueueJobs', propertyPath: 'Properties.DelaySeconds' })?.property).toBe('DelaySeconds');
    expect(locate({ logicalId: 'QueueJobs', propertyPath: 'Properties.Tags.2.Key' })?.property).toBe('Tags[].Key');
    // composex's own properties and resources stay composex's (CX5001: a bug to report)
    expect(locate({ logicalId: 'QueueJobs', propertyPath: 'Properties.SqsManagedSseEnabled' })).toBeUndefined();
    expect(locate({ logicalId: 'QueueJobsPolicy', propertyPath: 'Properties.PolicyDocument' })).toBeUndefined();
    expect(locate({ logicalId: 'QueueJobs', propertyPath: 'DeletionPolicy' })).toBeUndefined();
  });
});

describe('the origins of raw properties', () => {
  test('are recorded by the constructs, under the logical ids the resources have in their templates', () => {
    const model = compiled();
    const rendered = renderModel(model);
    const inTemplates = new Map(rendered.files.flatMap((f) => Object.entries(f.template.Resources ?? {}).map(([id, r]) => [id, r.Type] as const)));
    const recorded = [...rendered.rawProperties].map(([id, origin]) => [id, inTemplates.get(id), origin.path.join('.'), [...origin.keys].sort()]);
    expect(recorded.sort()).toEqual([
      ['QueueJobs', 'AWS::SQS::Queue', 'x-sqs.jobs.Properties', ['DelaySeconds', 'Tags']],
      ['QueueJobsDlq', 'AWS::SQS::Queue', 'x-sqs.jobs-dlq.Properties', []],
      ['QueueJobsSubscriptionToEvents', 'AWS::SNS::Subscription', 'x-sns.events.Properties.Subscription.0', ['RawMessageDelivery']],
      ['TopicEvents', 'AWS::SNS::Topic', 'x-sns.events.Properties', []],
    ]);
  });

  test('a database records its instance or cluster, not the resources composex adds around it', () => {
    const text = yaml`
      services:
        api:
          image: nginx:1.27
      x-rds:
        main:
          Properties: {Engine: postgres, EngineVersion: "16.4", AllocatedStorage: "30"}
          Services: {api: {Access: RW}}
        analytics:
          Properties: {Engine: aurora-postgresql, EngineVersion: "16.4"}
          Services: {api: {Access: RW}}
    `;
    const result = loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), files: ['compose.yaml'], env: { HOME: '/home/test' } });
    const rendered = renderModel(result.model!);
    const recorded = [...rendered.rawProperties].map(([id, origin]) => [id, origin.path.join('.'), [...origin.keys].sort()]);
    expect(recorded.sort()).toEqual([
      ['DatabaseAnalytics', 'x-rds.analytics.Properties', []],
      ['DatabaseMain', 'x-rds.main.Properties', ['AllocatedStorage']],
    ]);
  });
});
