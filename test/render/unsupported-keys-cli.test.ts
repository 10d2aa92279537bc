/**
 * `--allow-unsupported-keys` on the command line: without it an ECS ComposeX key composex does not
 * implement stops the render (nothing written); with it the templates are written without what the
 * key would create, and each key is warned about.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';

const COMPOSE = [
  'name: demo', //                                                               1
  'services:', //                                                                2
  '  api:', //                                                                   3
  '    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1', //            4
  '    expose: ["8000"]', //                                                     5
  '    x-aws-autoscaling: {max: 3}', //                                         6
  'x-appmesh:', //                                                               7
  '  Properties:', //                                                            8
  '    MeshName: shop', //                                                       9
  'x-common: &common {labels: {team: a}}', //                                    10
  '',
].join('\n');

function templates(dir: string): Record<string, { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> }> {
  const out = path.join(dir, 'out');
  return Object.fromEntries(
    fs
      .readdirSync(out)
      .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
      .map((f) => [f, JSON.parse(fs.readFileSync(path.join(out, f), 'utf8'))]),
  );
}

describe('composex render and x- keys composex does not implement', () => {
  test('without the flag: exit 1, each key located, nothing written', async () => {
    const dir = projectDir({ 'compose.yaml': COMPOSE });
    const r = await runCli(['render', '-o', 'out', '-q'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('compose.yaml:6:5');
    expect(r.stderr).toContain('CX1430');
    expect(r.stderr).toContain('x-aws-autoscaling on service "api" is a key of Docker\'s ECS integration that composex does not implement');
    expect(r.stderr).toContain('compose.yaml:7:1');
    expect(r.stderr).toContain('no App Mesh mesh, virtual node, router or route would be created');
    expect(r.stderr).toContain('--allow-unsupported-keys');
    expect(r.stderr).not.toContain('x-common');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('with --allow-unsupported-keys: the templates are written, without a mesh or auto scaling', async () => {
    const dir = projectDir({ 'compose.yaml': COMPOSE });
    const r = await runCli(['render', '-o', 'out', '-q', '--allow-unsupported-keys'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/CX1431/g)).toHaveLength(2);
    expect(r.stderr).not.toContain('CX1430');
    const all = Object.values(templates(dir)).flatMap((t) => Object.values(t.Resources ?? {}));
    expect(all.some((res) => res.Type === 'AWS::ECS::Service')).toBe(true);
    expect(all.filter((res) => /^AWS::AppMesh::/.test(res.Type))).toEqual([]);
    expect(all.filter((res) => res.Type === 'AWS::ApplicationAutoScaling::ScalableTarget')).toEqual([]);
  });
});
