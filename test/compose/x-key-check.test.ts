/**
 * Top-level, service and deploy.update_config `x-` keys: the keys ECS ComposeX and Docker's ECS
 * integration define and composex does not implement are refused where they are written (CX1430)
 * unless the user accepts rendering without them (CX1431); near misses get "did you mean" (CX1432);
 * other x-aws-* keys are warned about (CX1433); the user's own keys stay free.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compileProject } from '../../src/compile';
import { loadProject } from '../../src/compose/load';
import { UNSUPPORTED_X_KEYS } from '../../src/compose/unsupported-x-keys';
import { nearMiss, withinOneEdit } from '../../src/compose/x-key-check';
import { READ_X_KEYS } from '../../src/resolve/x-keys';
import { RESOURCE_SPECS } from '../../src/resolve/resources/registry';
import { projectDir, yaml } from '../helpers/project-dir';

function compile(text: string, allowUnsupportedKeys = false) {
  const dir = projectDir({ 'compose.yaml': text });
  const loaded = loadProject({ cwd: dir, env: { HOME: '/home/test' } });
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compileProject(loaded.project!, { allowUnsupportedKeys });
}

const ofCodes = (r: ReturnType<typeof compile>, ...codes: string[]) =>
  r.diagnostics.filter((d) => codes.includes(d.code)).map((d) => [d.code, d.severity, d.line, d.column, d.message]);

/** 1-based line and column of the first `needle` in `text`. */
function at(text: string, needle: string): [number, number] {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return [line + 1, lines[line].indexOf(needle) + 1];
}

describe('x- keys composex does not implement', () => {
  const text = yaml`
    services:
      api:
        image: api
        x-aws-autoscaling: {max: 4}
      worker:
        image: worker
        x-configs: {iam: {}}
    x-appmesh:
      Properties: {MeshName: shop}
    x-aws-vpc: vpc-0a1b2c3d4e5f67890
  `;

  test('each is an error at its key, naming it and what the deployment would lack', () => {
    const r = compile(text);
    expect(r.model).toBeUndefined();
    expect(ofCodes(r, 'CX1430', 'CX1431')).toEqual([
      ['CX1430', 'error', ...at(text, 'x-aws-autoscaling'), "x-aws-autoscaling on service \"api\" is a key of Docker's ECS integration that composex does not implement: without it, no auto scaling: the service would keep its deploy.replicas count whatever the load"],
      ['CX1430', 'error', ...at(text, 'x-configs'), "x-configs on service \"worker\" is a key of ECS ComposeX that composex does not implement: without it, the service would not get the IAM policies, scaling, ingress, X-Ray or log retention it sets"],
      ['CX1430', 'error', ...at(text, 'x-appmesh'), 'x-appmesh is a key of ECS ComposeX that composex does not implement: without it, no App Mesh mesh, virtual node, router or route would be created'],
      ['CX1430', 'error', ...at(text, 'x-aws-vpc'), "x-aws-vpc is a key of Docker's ECS integration that composex does not implement: without it, the services would run in a new VPC, not the one it names"],
    ]);
  });

  test('the hint says how to proceed, what to use instead where composex has it, where it is tracked, and links the docs', () => {
    const r = compile(text);
    const hint = (key: string) => r.diagnostics.find((d) => d.code === 'CX1430' && d.message.startsWith(key))!.hint!;
    expect(hint('x-appmesh')).toMatch(/^use services reach each other through Service Connect; .*, or remove it, or pass --allow-unsupported-keys .*Implementing it in composex: never: AWS discontinued App Mesh/);
    expect(hint('x-aws-vpc')).toMatch(/^use x-vpc: \{VpcId, PublicSubnets, PrivateSubnets\}, or remove it/);
    expect(hint('x-configs')).toMatch(/^use x-iam, x-scaling, x-network, x-xray and x-logging on the service, or remove it/);
  });

  test('--allow-unsupported-keys turns each into one warning, and the project compiles without them', () => {
    const r = compile(text, true);
    expect(r.model).toBeDefined();
    const warnings = ofCodes(r, 'CX1430', 'CX1431');
    expect(warnings).toHaveLength(4);
    expect(warnings.every(([code, severity]) => code === 'CX1431' && severity === 'warning')).toBe(true);
    expect(warnings.map((w) => w[4])).toContain(
      'x-appmesh (ECS ComposeX) is not implemented by composex and is left out (--allow-unsupported-keys): without it, no App Mesh mesh, virtual node, router or route would be created',
    );
  });

  test("the user's own x- keys (anchors) and the keys composex reads stay free", () => {
    const r = compile(yaml`
      x-common: &common
        image: api
        x-network: {AssignPublicIp: false}
      x-logging: &logging {driver: awslogs}
      x-deploy-defaults: {replicas: 2}
      services:
        api:
          <<: *common
          x-custom-owner: team-a
          x-aws-healthcheck-path: /health
          x-logging: {RetentionInDays: 14}
          logging: *logging
      x-sqs:
        jobs:
          Services: {api: {Access: RWMessages}}
      x-vpc: {MaxAzs: 2}
    `);
    expect(ofCodes(r, 'CX1430', 'CX1431', 'CX1432', 'CX1433')).toEqual([]);
    expect(r.model).toBeDefined();
  });

  test('x-aws-pull_credentials is read, not refused', () => {
    const r = compile('services:\n  a:\n    image: registry.example.com/a:1\n    x-aws-pull_credentials: arn:aws:secretsmanager:eu-west-1:123456789012:secret:hub-AbCdEf\n');
    expect(ofCodes(r, 'CX1430', 'CX1431', 'CX1432', 'CX1433')).toEqual([]);
  });

  test('another x-aws-* key is warned about as ignored', () => {
    const text2 = 'services:\n  a:\n    image: a\n    x-aws-protocol: http\nx-aws-whatever: 1\n';
    const r = compile(text2);
    expect(ofCodes(r, 'CX1433')).toEqual([
      ['CX1433', 'warning', 3 + 1, 5, `x-aws-protocol on service "a" is in the namespace of Docker's ECS integration, but is not one of its keys composex reads here; it is ignored`],
      ['CX1433', 'warning', 5, 1, `x-aws-whatever is in the namespace of Docker's ECS integration, but is not one of its keys composex reads here; it is ignored`],
    ]);
    expect(r.model).toBeDefined();
  });
});

describe('near-miss x- keys', () => {
  test('one edit away, or another case, from a key composex reads: a warning with "did you mean"', () => {
    const text = yaml`
      services:
        api:
          image: api
          x-netwrok: {AssignPublicIp: false}
          x-iam-: {}
      x-sq:
        jobs: {}
      x-SQS: {}
      x-elbv3: {}
      x-dashboard: {}
      x-vcp: {}
      x-cloudmaps: {}
    `;
    const r = compile(text);
    expect(ofCodes(r, 'CX1432')).toEqual([
      ['CX1432', 'warning', ...at(text, 'x-netwrok'), 'x-netwrok on service "api" is not a key composex reads; did you mean `x-network`?'],
      ['CX1432', 'warning', ...at(text, 'x-iam-'), 'x-iam- on service "api" is not a key composex reads; did you mean `x-iam`?'],
      ['CX1432', 'warning', ...at(text, 'x-sq:'), 'x-sq is not a key composex reads; did you mean `x-s3` or `x-sqs`?'],
      ['CX1432', 'warning', ...at(text, 'x-SQS'), 'x-SQS is not a key composex reads; did you mean `x-sqs`?'],
      ['CX1432', 'warning', ...at(text, 'x-elbv3'), 'x-elbv3 is not a key composex reads; did you mean `x-elbv2`?'],
      ['CX1432', 'warning', ...at(text, 'x-dashboard'), 'x-dashboard is not a key composex reads; did you mean `x-dashboards`?'],
      ['CX1432', 'warning', ...at(text, 'x-vcp'), 'x-vcp is not a key composex reads; did you mean `x-vpc`?'],
      ['CX1432', 'warning', ...at(text, 'x-cloudmaps'), 'x-cloudmaps is not a key composex reads; did you mean `x-cloudmap`?'],
    ]);
    expect(r.diagnostics.find((d) => d.code === 'CX1432')!.hint).toBe(
      'rename it to x-network; if it is an extension of your own, give it a name further from x-network: as written, nothing reads it',
    );
    expect(r.model).toBeDefined();
  });

  test('keys two edits away, or read at another level, are not near misses', () => {
    // x-ecs is read on services: at the top level it is an anchor, not a typo of x-efs.
    const r = compile('x-networks-defaults: {}\nx-network: {}\nx-ecs: {}\nx-iamx2: {}\nservices:\n  api:\n    image: api\n    x-vpc-notes: {}\n    x-vpc: {}\n');
    expect(ofCodes(r, 'CX1432')).toEqual([]);
  });

  test('the distance: one insertion, deletion, substitution or transposition', () => {
    expect([withinOneEdit('x-sq', 'x-sqs'), withinOneEdit('x-sqss', 'x-sqs'), withinOneEdit('x-sns', 'x-sqs'), withinOneEdit('x-netwrok', 'x-network')]).toEqual([true, true, true, true]);
    expect([withinOneEdit('x-nteworkk', 'x-network'), withinOneEdit('x-s', 'x-sqs'), withinOneEdit('x-rsd', 'x-sqs')]).toEqual([false, false, false]);
    expect([nearMiss('x-SQS', 'x-sqs'), nearMiss('x-sqs', 'x-sqs'), nearMiss('x-Network', 'x-network')]).toEqual([true, false, true]);
  });
});

describe('the table of keys composex does not implement', () => {
  test('names no key composex reads (delete the row when a kind lands)', () => {
    const read = new Set([...READ_X_KEYS.top.map((k) => `top ${k}`), ...READ_X_KEYS.service.map((k) => `service ${k}`)]);
    expect(UNSUPPORTED_X_KEYS.filter((r) => read.has(`${r.level} ${r.key}`)).map((r) => r.key)).toEqual([]);
    expect(READ_X_KEYS.top).toEqual(expect.arrayContaining(Object.values(RESOURCE_SPECS).map((s) => s.key)));
  });

  test('has one row per key and level, each saying what would be missing and where it is tracked', () => {
    const ids = UNSUPPORTED_X_KEYS.map((r) => `${r.level} ${r.key}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of UNSUPPORTED_X_KEYS) {
      expect(row.key).toMatch(/^x-[a-z0-9_-]+$/);
      expect(row.missing.length).toBeGreaterThan(10);
      expect(row.tracked.length).toBeGreaterThan(5);
    }
  });

  test('docs/migration.md lists every key, and the anchor the messages link to exists', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'migration.md'), 'utf8');
    const start = doc.indexOf('\n## `x-` keys composex does not implement\n');
    expect(start).toBeGreaterThan(0);
    const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
    expect(UNSUPPORTED_X_KEYS.filter((r) => !section.includes(`\`${r.key}\``)).map((r) => r.key)).toEqual([]);
  });
});
