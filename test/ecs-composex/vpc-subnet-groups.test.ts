/**
 * ECS ComposeX's extra subnet groups (`x-vpc.Lookup.<Group>`, `Use.<Group>`, and
 * `networks.<name>.x-vpc: <Group>` running a network's services in them) are not supported:
 * composex runs every task in the AppSubnets. Each is refused where it is written, saying what to
 * write instead; `networks.<name>.x-vpc: AppSubnets` is what composex does and passes.
 */
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { projectDir } from '../helpers/project-dir';
import { pos } from '../resolve/fixtures';

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');

function errorsIn(file: string) {
  const r = loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: ['use-cases/blog.features.yml', file, 'composex/vpc-subnet-groups.images.yml'], env: { HOME: '/home/test' } }, {});
  return r.diagnostics.filter((d) => d.severity === 'error' && d.file?.endsWith(file));
}

const GROUP_ERROR = /is an extra subnet group \(ECS ComposeX\), which composex does not support: every task runs in the AppSubnets$/;
const NETWORK_ERROR = /^networks\.\w+\.x-vpc runs the services of network '\w+' in subnet group "\w+" \(ECS ComposeX\), which composex does not support/;

test('docs/vpc-extra-subnets.yml: Lookup.Custom01 and networks.custom01.x-vpc are CX3303 at their keys', () => {
  const errors = errorsIn('docs/vpc-extra-subnets.yml');
  const groups = errors.filter((d) => d.code === 'CX3303');
  expect(groups.map((d) => `${d.line}:${d.column}`)).toEqual(['10:5', '15:5']);
  expect(groups[0].message).toMatch(/^x-vpc\.Lookup\.Custom01 /);
  expect(groups[0].message).toMatch(GROUP_ERROR);
  expect(groups[1].message).toMatch(NETWORK_ERROR);
  expect(groups[1].hint).toBe(
    'remove Custom01 from x-vpc and x-vpc: Custom01 from the networks that name it: their services then run in the AppSubnets (PrivateSubnets); services that must run in other subnets can be deployed as a project of their own whose x-vpc AppSubnets are those subnets',
  );
  // The rest are the snippet's empty selectors ({}), refused as before (CX3608).
  expect(errors.filter((d) => d.code !== 'CX3303').map((d) => d.code)).toEqual(['CX3608', 'CX3608', 'CX3608', 'CX3608']);
});

test('docs/network-vpc-mapping.yml: the network and the flat group are CX3303 at their keys', () => {
  const groups = errorsIn('docs/network-vpc-mapping.yml').filter((d) => d.code === 'CX3303');
  expect(groups.map((d) => `${d.line}:${d.column}`)).toEqual(['6:5', '17:3']);
  expect(groups[0].message).toMatch(NETWORK_ERROR);
  expect(groups[1].message).toMatch(/^x-vpc\.InteralCustomSubnets /);
});

describe('with IDs (Use)', () => {
  const base = 'services:\n  api:\n    image: nginx\n    networks: [internal]\nx-vpc:\n  Use:\n    VpcId: vpc-0a1b2c3d4e5f67890\n    AppSubnets: [subnet-0a1b2c3d4e5f67891, subnet-0a1b2c3d4e5f67892]\n';
  const run = (text: string) => {
    const r = loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), env: { HOME: '/home/test' } });
    return r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);
  };

  test('Use.Custom01 is CX3303; a near miss of a key (AppSubnet) stays CX3301 with did you mean', () => {
    const text = `${base}    Custom01: [subnet-0a1b2c3d4e5f67899]\n    AppSubnet: [subnet-0a1b2c3d4e5f67898]\nnetworks:\n  internal: {}\n`;
    const custom = pos(text, 'Custom01');
    const typo = pos(text, 'AppSubnet:');
    expect(run(text)).toEqual([
      expect.stringMatching(new RegExp(`^CX3303 ${custom.line}:${custom.column} x-vpc\\.Use\\.Custom01 is an extra subnet group`)),
      `CX3301 ${typo.line}:${typo.column} unknown key 'AppSubnet' in x-vpc.Use`,
    ]);
  });

  test('networks.<n>.x-vpc: AppSubnets is what composex does: no error', () => {
    expect(run(`${base}networks:\n  internal:\n    x-vpc: AppSubnets\n`)).toEqual([]);
  });
});

describe('networks.<n>.x-vpc: PublicSubnets', () => {
  const text = (publicIp: string) =>
    `services:\n  web:\n    image: nginx\n    networks: [public]\n${publicIp}  worker:\n    image: nginx\n    networks: [public]\n    x-network: {AssignPublicIp: true}\nnetworks:\n  public:\n    x-vpc: PublicSubnets\n`;
  const compile = (t: string) => loadAndCompile({ cwd: projectDir({ 'compose.yaml': t }), env: { HOME: '/home/test' } });

  test('every service of the network has a public IP: what composex does (tasks in the public subnets), no error', () => {
    const compiled = compile(text('    x-network: {AssignPublicIp: true}\n'));
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(compiled.model!.families.map((f) => [f.name, f.assignPublicIp])).toEqual([
      ['web', true],
      ['worker', true],
    ]);
  });

  test('a service of the network without one: CX3303 at the key, naming it, the hint adds AssignPublicIp', () => {
    const t = text('');
    const errors = compile(t).diagnostics.filter((d) => d.severity === 'error');
    const at = pos(t, 'x-vpc: PublicSubnets');
    expect(errors.map((d) => [d.code, d.line, d.column])).toEqual([['CX3303', at.line, at.column]]);
    expect(errors[0].message).toContain("but 'web' has no public IP");
    expect(errors[0].hint).toBe('add x-network: {AssignPublicIp: true} to web, or remove x-vpc: PublicSubnets from the network to run them in the AppSubnets');
  });
});

test("ECS ComposeX's how-to 'deploy a service to public subnets': renders, nginx in the public subnets with a public IP", () => {
  const r = loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: ['docs/howto-public-subnets-vpc.yml'], env: { HOME: '/home/test' } }, {});
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(r.model!.families.find((f) => f.name === 'nginx')!.assignPublicIp).toBe(true);
});
