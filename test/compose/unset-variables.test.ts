/**
 * CX1104: `${TAG}` with TAG unset becomes a blank string, with Compose's warning, once per variable
 * and value, at the value (file:line:column).
 */
import * as path from 'path';
import { loadProject } from '../../src/compose/load';
import { interpolateString } from '../../src/compose/interpolate';
import { projectDir, yaml } from '../helpers/project-dir';

function load(files: Record<string, string>, env: Record<string, string> = {}) {
  const dir = projectDir(files);
  return { dir, ...loadProject({ cwd: dir, env: { HOME: '/home/test', ...env } }) };
}

const unsetWarnings = (r: ReturnType<typeof load>) =>
  r.diagnostics.filter((d) => d.code === 'CX1104').map((d) => [path.basename(d.file ?? ''), d.line, d.column, d.severity, d.message]);

describe('unset variables', () => {
  const compose = yaml`
    services:
      web:
        image: "nginx:\${TAG}"
        environment:
          - MODE=$MODE-\${MODE}
          - LEVEL=\${LEVEL:-info}
          - EMPTY=\${EMPTY}
          - ALT=\${UNSET_ALT:+on}
        command: ["run", "\${TAG}"]
  `;

  test('a plain reference to an unset variable warns once per variable and value, at the value', () => {
    const r = load({ 'compose.yaml': compose });
    expect(unsetWarnings(r)).toEqual([
      ['compose.yaml', 3, 12, 'warning', 'The TAG variable is not set. Defaulting to a blank string.'],
      ['compose.yaml', 5, 9, 'warning', 'The MODE variable is not set. Defaulting to a blank string.'],
      ['compose.yaml', 7, 9, 'warning', 'The EMPTY variable is not set. Defaulting to a blank string.'],
      ['compose.yaml', 9, 22, 'warning', 'The TAG variable is not set. Defaulting to a blank string.'],
    ]);
    expect(r.project!.services.web.image).toBe('nginx:');
    expect(r.project!.services.web.environment).toMatchObject({ MODE: '-', LEVEL: 'info', EMPTY: '', ALT: '' });
    const hint = r.diagnostics.find((d) => d.code === 'CX1104')!.hint!;
    expect(hint).toContain('set TAG in');
    expect(hint).toContain('${TAG:-default}');
  });

  test('set variables (even empty ones), defaults, alternates and $$ do not warn', () => {
    const r = load({ 'compose.yaml': compose, '.env': 'TAG=1.25\nEMPTY=\n' }, { MODE: 'prod' });
    expect(unsetWarnings(r)).toEqual([]);
    expect(r.project!.services.web.image).toBe('nginx:1.25');
    const literal = load({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    command: ["echo", "$$HOME_DIR"]\n' });
    expect(unsetWarnings(literal)).toEqual([]);
  });

  test('the warning names the variable, never a value, and points into the file that holds the reference', () => {
    const r = load({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n',
      'compose.override.yaml': 'services:\n  web:\n    environment:\n      DSN: "postgres://app:${DB_PASSWORD}@db/app"\n',
    });
    expect(unsetWarnings(r)).toEqual([['compose.override.yaml', 4, 12, 'warning', 'The DB_PASSWORD variable is not set. Defaulting to a blank string.']]);
  });

  test('interpolateString reports plain unset references, including those inside a default (Compose interpolates defaults first)', () => {
    const unset: string[] = [];
    const lookup = (n: string) => ({ SET: 'v' })[n];
    expect(interpolateString('$A ${B} ${SET} ${C:-x} ${SET:-${D}} ${E-} ${F:+y} ${G+z}', lookup, unset)).toEqual({ value: ' ' + ' v x v   ' });
    expect(unset).toEqual(['A', 'B', 'D']);
  });
});

describe('unset variables in .env and env_file', () => {
  test('a reference nothing sets warns in the file that has it, once, at its line', () => {
    const r = load({
      'compose.yaml': 'services:\n  web:\n    image: nginx:${TAG}\n    env_file: [web.env]\n',
      '.env': 'TAG=1.27\nREGION=${AWS_REGION}\n',
      'web.env': 'A=1\nURL=http://${HOST}:8080\n',
    });
    expect(unsetWarnings(r)).toEqual([
      ['.env', 2, 8, 'warning', 'The AWS_REGION variable is not set. Defaulting to a blank string.'],
      ['web.env', 2, 5, 'warning', 'The HOST variable is not set. Defaulting to a blank string.'],
    ]);
    expect(r.project!.services.web.environment).toMatchObject({ A: '1', URL: 'http://:8080' });
  });
});
