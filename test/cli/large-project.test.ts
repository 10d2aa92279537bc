/**
 * Which runs count as a large project (src/cli/large-project.ts: bin/composex.js leaves the
 * compile cache off for them): only synthesizing commands on compose files of LARGE_PROJECT_BYTES
 * or more, found as Compose finds its files.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isLargeProject, LARGE_PROJECT_BYTES } from '../../src/cli/large-project';

let dir: string;
let large: string;
let small: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-large-project-'));
  large = path.join(dir, 'large.yaml');
  small = path.join(dir, 'small.yaml');
  fs.writeFileSync(large, `services:\n${'#'.repeat(LARGE_PROJECT_BYTES)}\n`);
  fs.writeFileSync(small, 'services: {}\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('isLargeProject', () => {
  it('is a synthesizing command on a large project, however -f is written', () => {
    for (const command of ['render', 'plan', 'deploy', 'push']) expect(isLargeProject([command, '-f', large], {}, dir)).toBe(true);
    expect(isLargeProject(['render', `-f${large}`], {}, dir)).toBe(true);
    expect(isLargeProject(['render', `--file=${large}`], {}, dir)).toBe(true);
    expect(isLargeProject(['render', '--file', 'large.yaml', '-o', 'out'], {}, dir)).toBe(true);
  });

  it('counts every -f file, COMPOSE_FILE, or the default file of the directory', () => {
    const half = path.join(dir, 'half.yaml');
    fs.writeFileSync(half, '#'.repeat(LARGE_PROJECT_BYTES / 2 + 1));
    expect(isLargeProject(['render', '-f', half], {}, dir)).toBe(false);
    expect(isLargeProject(['render', '-f', half, '-f', half], {}, dir)).toBe(true);
    expect(isLargeProject(['render'], { COMPOSE_FILE: `${half}:${half}` }, dir)).toBe(true);
    expect(isLargeProject(['render'], { COMPOSE_FILE: `${half};${half}`, COMPOSE_PATH_SEPARATOR: ';' }, dir)).toBe(true);
    const project = fs.mkdtempSync(path.join(dir, 'project-'));
    expect(isLargeProject(['render'], {}, project)).toBe(false);
    fs.copyFileSync(large, path.join(project, 'compose.yaml'));
    expect(isLargeProject(['render'], {}, project)).toBe(true);
  });

  it('is not a small project, a command that does not synthesize, or a file that is not there', () => {
    expect(isLargeProject(['render', '-f', small], {}, dir)).toBe(false);
    expect(isLargeProject(['config', '-f', large], {}, dir)).toBe(false);
    expect(isLargeProject(['graph', '-f', large], {}, dir)).toBe(false);
    expect(isLargeProject(['--version'], {}, dir)).toBe(false);
    expect(isLargeProject(['render', '-f', path.join(dir, 'missing.yaml')], {}, dir)).toBe(false);
    expect(isLargeProject(['render', '-f', '-'], {}, dir)).toBe(false);
  });
});
