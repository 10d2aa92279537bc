/**
 * ECS ComposeX's older spellings read with a warning (CX3985–CX3989), at the place in its published
 * files and in small projects: where each is warned, what differs, and the location of a
 * diagnostic under a list an override file replaced. Compilation only (the templates:
 * older-spellings-templates.test.ts).
 */
import { loadAndCompile } from '../../src/compile';
import type { Diagnostic } from '../../src/diagnostics';
import { projectDir, yaml } from '../helpers/project-dir';
import { at, BASE, compile, located } from './fixture-helpers';

const U = 'use-cases';

/** `CODE file:line:column` of the diagnostics of a small project, by file name. */
function compileProject(files: Record<string, string>, order: string[] = Object.keys(files)): { model: unknown; diagnostics: string[] } {
  const dir = projectDir(files);
  const result = loadAndCompile({ cwd: dir, projectDirectory: dir, files: order, env: { HOME: '/home/test' } });
  const name = (d: Diagnostic) => `${d.code} ${(d.file ?? '').slice(dir.length + 1)}:${d.line}:${d.column}`;
  return { model: result.model, diagnostics: result.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.severity} ${name(d)}`) };
}

const OLDER = /^CX398[5-9] /;

describe("ECS ComposeX's published files: each older spelling warned where it is written", () => {
  test('x-logging.CreateLogGroup: True (use-cases/ecs/service_to_service.yml)', () => {
    const file = `${U}/ecs/service_to_service.yml`;
    expect(located(compile([BASE, file]).diagnostics, 'warning', file).filter((w) => OLDER.test(w))).toEqual([at('CX3985', file, 'CreateLogGroup')]);
  });

  test("x-logging.CreateLogGroup: False, PolicyName inside the PolicyDocument (ecs_plugin_support/blog.features.x.yml), at the override's lines", () => {
    const file = `${U}/ecs_plugin_support/blog.features.x.yml`;
    const { diagnostics } = compile([BASE, file]);
    expect(located(diagnostics, 'warning').filter((w) => OLDER.test(w))).toEqual([at('CX3986', file, 'CreateLogGroup'), at('CX3987', file, 'PolicyName')]);
    // the base's PolicyName, which the override's list replaces, is nowhere in the diagnostics
    expect(located(diagnostics, 'error').filter((e) => e.includes(BASE))).toEqual([]);
  });

  test('PublicSubnets as one string of three ids (blog-with-vpc-use.yml): no subnet error left', () => {
    const file = `${U}/blog-with-vpc-use.yml`;
    const { diagnostics } = compile([file]);
    expect(located(diagnostics, 'warning').filter((w) => OLDER.test(w))).toEqual([at('CX3988', file, "'subnet-0a28abea71c010d8c")]);
    expect(located(diagnostics, 'error').filter((e) => e.startsWith('CX3303'))).toEqual([]);
  });

  test('Ingress.Services DependsOn: True (service_to_service_depend.yml): read, no warning (app03 and app01 are two families)', () => {
    const file = `${U}/ecs/service_to_service_depend.yml`;
    const { diagnostics } = compile([BASE, file]);
    expect(located(diagnostics, 'warning', file).filter((w) => OLDER.test(w))).toEqual([at('CX3985', file, 'CreateLogGroup')]);
    expect(located(diagnostics, 'error').filter((e) => e.startsWith('CX3301'))).toEqual([]);
  });
});

const TWO = (entry: string, extra = '') => yaml`
  services:
    app01:
      image: public.ecr.aws/docker/library/nginx:1.27
      expose: ["80"]
      ${extra}
      x-network:
        Ingress:
          Services:
            - ${entry}
    app03:
      image: public.ecr.aws/docker/library/nginx:1.27
      expose: ["81"]
`;

describe('Ingress.Services DependsOn', () => {
  test('true is a required start order, as depends_on: with a depends_on the other way, the families would wait for each other (CX3007)', () => {
    const { model, diagnostics } = compileProject({ 'compose.yaml': TWO('{Name: app03, DependsOn: true}', 'depends_on: [app03]') });
    expect(model).toBeUndefined();
    expect(diagnostics.filter((d) => d.startsWith('error'))).toEqual(['error CX3007 compose.yaml:5:5']);
  });

  test('without it the entry orders the start only where no cycle forms (CX3010)', () => {
    const { model, diagnostics } = compileProject({ 'compose.yaml': TWO('{Name: app03}', 'depends_on: [app03]') });
    expect(model).toBeDefined();
    expect(diagnostics).toContain('warning CX3010 compose.yaml:9:20');
  });

  test('false: warned (ECS ComposeX orders the start whenever the key is there)', () => {
    const { model, diagnostics } = compileProject({ 'compose.yaml': TWO('{Name: app03, DependsOn: false}') });
    expect(model).toBeDefined();
    expect(diagnostics).toEqual(['warning CX3989 compose.yaml:9:27']);
  });

  test('a caller in the same family: warned, it orders no container start', () => {
    const labels = 'deploy: {labels: {ecs.task.family: one}}';
    const compose = TWO('{Name: app03, DependsOn: true}', labels).replace('expose: ["81"]', `expose: ["81"]\n    ${labels}`);
    const { model, diagnostics } = compileProject({ 'compose.yaml': compose });
    expect(model).toBeDefined();
    expect(diagnostics).toEqual(['warning CX3989 compose.yaml:9:27']);
  });

  test('not a boolean: CX3302', () => {
    expect(compileProject({ 'compose.yaml': TWO('{Name: app03, DependsOn: later}') }).diagnostics).toEqual(['error CX3302 compose.yaml:9:38']);
  });
});

describe('x-logging.CreateLogGroup, x-iam PolicyName, x-vpc subnet strings: the edges', () => {
  const service = (xkeys: string) => yaml`
    services:
      app:
        image: public.ecr.aws/docker/library/nginx:1.27
        ${xkeys}
  `;

  test('CreateLogGroup that is no boolean: CX3302', () => {
    expect(compileProject({ 'compose.yaml': service('x-logging: {CreateLogGroup: sometimes}') }).diagnostics).toEqual(['error CX3302 compose.yaml:4:33']);
  });

  test('a PolicyName beside PolicyDocument and another inside it: the inner one is refused (IAM would refuse the document)', () => {
    const xiam = 'x-iam: {Policies: [{PolicyName: a, PolicyDocument: {PolicyName: b, Statement: [{Effect: Allow, Action: [s3:GetObject], Resource: [arn:aws:s3:::b/k]}]}}]}';
    expect(compileProject({ 'compose.yaml': service(xiam) }).diagnostics).toEqual(['error CX3403 compose.yaml:4:57']);
  });

  test("an override's list that replaces the base's: a missing PolicyName is located in the override", () => {
    const base = service('x-iam: {Policies: [{PolicyName: a, PolicyDocument: {Statement: [{Effect: Allow, Action: [s3:GetObject], Resource: [arn:aws:s3:::b/k]}]}}]}');
    const override = yaml`
      services:
        app:
          x-iam:
            Policies:
              - PolicyDocument:
                  Statement: [{Effect: Allow, Action: [s3:PutObject], Resource: [arn:aws:s3:::b/k]}]
    `;
    const { diagnostics } = compileProject({ 'compose.yaml': base, 'compose.override.yaml': override });
    expect(diagnostics).toEqual(['error CX3302 compose.override.yaml:5:11']);
  });

  test('a subnet string with an id that is not one: refused at the string, as an item of a list is', () => {
    const vpc = yaml`
      x-vpc:
        Use:
          VpcId: vpc-02cdb0d58698cd10f
          AppSubnets: 'subnet-05ac0a6a5dcb126c9,nonsense'
    `;
    const { diagnostics } = compileProject({ 'compose.yaml': service('expose: ["80"]') + vpc });
    expect(diagnostics).toEqual(['error CX3303 compose.yaml:8:17', 'warning CX3988 compose.yaml:8:17']);
  });
});
