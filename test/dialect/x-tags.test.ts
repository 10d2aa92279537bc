/**
 * Top-level x-tags (ECS ComposeX): every resource whose CloudFormation type takes tags carries them,
 * in every template (nested stacks included); logical IDs and outputs do not change otherwise.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderProject, EXAMPLES } from '../helpers/templates';
import type { RenderResult } from '../../src/render/render';
import { at, compileText, located } from './helpers';
import { yaml } from '../helpers/project-dir';

const LIB = path.dirname(require.resolve('aws-cdk-lib/package.json'));

/** Whether a CloudFormation type takes `Tags`, read from aws-cdk-lib's generated L1 converter of that type. */
function takesTags(type: string): boolean {
  const [, service, resource] = type.split('::');
  const module = service.toLowerCase();
  const text = fs.readFileSync(path.join(LIB, `aws-${module}`, 'lib', `${module}.generated.js`), 'utf8');
  const start = text.indexOf(`function convertCfn${resource}PropsToCloudFormation(properties){`);
  if (start < 0) throw new Error(`no converter for ${type}`);
  return /[{,][A-Za-z]*Tags:/.test(text.slice(start, text.indexOf('):properties}', start)));
}

/** The tags of a resource as key → value, whatever the type's format (a list of Key/Value or a map). */
function tagsOf(properties: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, tags] of Object.entries(properties ?? {})) {
    if (!name.endsWith('Tags')) continue; // Tags, FileSystemTags, AccessPointTags, …
    if (Array.isArray(tags)) Object.assign(out, Object.fromEntries(tags.map((t: { Key: string; Value: unknown }) => [t.Key, t.Value])));
    else Object.assign(out, tags);
  }
  return out;
}

function copyExample(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-tags-'));
  fs.cpSync(path.join(EXAMPLES, name), dir, { recursive: true });
  return dir;
}

const TAGS = yaml`
  x-tags:
    costcentre: lambda
    owner: team-a
`;

function render(example: string, files: string[], tags: string | undefined): RenderResult {
  const dir = copyExample(example);
  if (tags !== undefined) fs.appendFileSync(path.join(dir, files[0]), `\n${tags}\n`);
  return renderProject({ cwd: dir, files, projectName: example });
}

const EXAMPLE_CASES: [string, string[]][] = [
  ['shop', ['compose.yaml']],
  ['fanout', ['compose.yaml']],
  ['uploads', ['compose.yaml']],
  ['counters', ['compose.yaml', 'compose.rds.yaml']],
];

describe('x-tags on every taggable resource', () => {
  const cache = new Map<string, boolean>();
  const taggable = (type: string) => {
    if (!cache.has(type)) cache.set(type, takesTags(type));
    return cache.get(type)!;
  };

  test.each(EXAMPLE_CASES)('%s', (example, files) => {
    const tagged = render(example, files, TAGS);
    const plain = render(example, files, undefined);
    let checked = 0;
    for (const file of tagged.files) {
      for (const [id, resource] of Object.entries(file.template.Resources ?? {})) {
        if (!taggable(resource.Type)) continue;
        checked++;
        expect([`${file.path}#${id}`, tagsOf(resource.Properties)]).toEqual([`${file.path}#${id}`, expect.objectContaining({ costcentre: 'lambda', owner: 'team-a' })]);
      }
    }
    expect(checked).toBeGreaterThan(5);
    // Same files, same logical IDs, same outputs; only tags differ.
    expect(tagged.files.map((f) => f.path)).toEqual(plain.files.map((f) => f.path));
    for (const [i, file] of tagged.files.entries()) {
      const before = plain.files[i].template;
      expect(Object.keys(file.template.Resources ?? {})).toEqual(Object.keys(before.Resources ?? {}));
      expect(file.template.Outputs).toEqual(before.Outputs);
      const untagged = JSON.parse(JSON.stringify(file.template.Resources), (key, value) => {
        if (key.endsWith('Tags') && Array.isArray(value)) {
          const left = value.filter((t: { Key: string }) => t.Key !== 'costcentre' && t.Key !== 'owner');
          return left.length > 0 ? left : undefined;
        }
        if (key.endsWith('Tags') && value && typeof value === 'object') {
          const { costcentre: _c, owner: _o, ...rest } = value as Record<string, unknown>;
          return Object.keys(rest).length > 0 ? rest : undefined;
        }
        return value;
      });
      expect(untagged).toEqual(before.Resources);
    }
  });

  test('a tag the file sets on a resource itself wins over x-tags', () => {
    const text = yaml`
      name: dialect
      services:
        api:
          image: nginx:1.27
      x-sqs:
        jobs:
          Properties:
            Tags: [{Key: owner, Value: queue-team}]
          Services: {api: {Access: Producer}}
      x-tags:
        - Key: owner
          Value: team-a
        - Key: costcentre
          Value: 42
    `;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-tags-'));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), text);
    const result = renderProject({ cwd: dir, files: ['compose.yaml'] });
    const queue = result.files.flatMap((f) => Object.values(f.template.Resources ?? {})).find((r) => r.Type === 'AWS::SQS::Queue')!;
    expect(tagsOf(queue.Properties)).toEqual(expect.objectContaining({ owner: 'queue-team', costcentre: '42' }));
    expect((queue.Properties!.Tags as { Key: string }[]).filter((t) => t.Key === 'owner')).toHaveLength(1);
  });
});

describe('x-tags errors', () => {
  test.each([
    ['a reserved prefix', 'x-tags: {"aws:team": a}', '"aws:team"'],
    ['composex reserves its own', 'x-tags: {"composex:project": a}', '"composex:project"'],
    ['a value that is a mapping', 'x-tags: {team: {a: b}}', '{a: b}'],
    ['a list entry without Key', 'x-tags: [{Value: a}]', '{Value: a}'],
    ['a key twice', 'x-tags: [{Key: a, Value: b}, {Key: a, Value: c}]', 'a, Value: c'],
    ['neither a mapping nor a list', 'x-tags: lambda', 'lambda'],
  ])('%s (CX3351, located)', (_name, line, marker) => {
    const text = `name: dialect\nservices:\n  api:\n    image: nginx:1.27\n${line}\n`;
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3351 ${at(text, marker, text.split(marker).length - 1)}`]);
  });
});

describe('a tag AWS would refuse is left out, with a warning at it (CX3360)', () => {
  test.each([
    ['a value with < and > (ECS ComposeX\'s x-tags page: Value: <value>)', '- {Key: sts, Value: <value>}', '<value>'],
    ['a value over 256 characters', `- {Key: sts, Value: ${'v'.repeat(257)}}`, 'v'.repeat(257)],
    ['a key with a character AWS refuses', '- {Key: "st#s", Value: x}', '"st#s"'],
  ])('%s', (_name, entry, marker) => {
    const text = `name: dialect\nservices:\n  api:\n    image: nginx:1.27\nx-sqs:\n  jobs:\n    Services: {api: {Access: RWMessages}}\nx-tags:\n  ${entry}\n  - {Key: team, Value: payments}\n`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-tags-'));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), text);
    const { diagnostics } = compileText(text);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics, 'warning').filter((w) => w.startsWith('CX3360'))).toEqual([`CX3360 ${at(text, marker)}`]);
    expect(diagnostics.find((d) => d.code === 'CX3360')!.message).toContain('the tag is left out');
    const result = renderProject({ cwd: dir, files: ['compose.yaml'] });
    const queue = result.files.flatMap((f) => Object.values(f.template.Resources ?? {})).find((r) => r.Type === 'AWS::SQS::Queue')!;
    const tags = tagsOf(queue.Properties);
    expect(tags.team).toBe('payments');
    expect(Object.keys(tags).filter((k) => k === 'sts' || k === 'st#s')).toEqual([]);
  });
});
