/**
 * Configuration files (src/resolve/config-files.ts), from compose files on disk through the real
 * loader (it records what each host path is): config sources and targets, modes and owners, size
 * limits, bind mounts of one file, directories and read-write files refused, mounts inside the
 * build context dropped; every diagnostic located at the key that causes it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import type { Diagnostic } from '../../src/diagnostics';
import { projectDir } from '../helpers/project-dir';

function compile(compose: string, files: Record<string, string | null> = {}, env: Record<string, string> = {}) {
  const dir = projectDir({ 'compose.yaml': compose, ...Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== null)) });
  for (const [rel, text] of Object.entries(files)) if (text === null) fs.mkdirSync(path.join(dir, rel), { recursive: true });
  const result = loadAndCompile({ cwd: dir, env: { HOME: '/home/test', ...env } });
  const at = (d: Diagnostic) => `${d.severity} ${d.code} ${path.basename(d.file ?? '')}:${d.line}:${d.column}`;
  return { ...result, dir, found: result.diagnostics.filter((d) => d.severity !== 'info' && d.code !== 'CX3701' /* Docker Hub pulls */).map(at), messages: result.diagnostics.map((d) => `${d.code} ${d.message} | ${d.hint ?? ''}`) };
}

/** The 1-based line of the first line of `text` containing `needle`. */
function line(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('configs', () => {
  const compose = `services:
  api:
    image: python:3.12
    user: "1000"
    configs:
      - source: app
        target: /etc/app/app.yaml
      - source: inline
        target: conf/inline.txt
        uid: "0"
        gid: "0"
        mode: 0400
      - source: fromenv
        target: /run/secrets/flags
configs:
  app:
    file: ./app.yaml
  inline:
    content: "a: 1"
  fromenv:
    environment: FLAGS
`;

  test('file, content and environment sources; absolute, relative and /run/secrets targets; mode, uid, gid', () => {
    const { model, messages } = compile(compose, { 'app.yaml': 'x: 1\n' }, { FLAGS: '{"on":true}' });
    expect(model).toBeDefined();
    const api = model!.families[0].containers[0];
    expect(api.secretFiles).toEqual([
      { secret: 'config:inline', path: '/conf/inline.txt', mode: 0o400, uid: 0, gid: 0 },
      { secret: 'config:app', path: '/etc/app/app.yaml', mode: 0o444, uid: 1000 },
      { secret: 'config:fromenv', path: '/run/secrets/flags', mode: 0o444, uid: 1000 },
    ]);
    expect(model!.secrets.filter((s) => s.name.startsWith('config:')).map((s) => [s.name, s.kind, s.source?.kind])).toEqual([
      ['config:app', 'created', 'file'],
      ['config:fromenv', 'created', 'environment'],
      ['config:inline', 'created', 'content'],
    ]);
    expect(model!.families[0].secrets).toEqual(['config:app', 'config:fromenv', 'config:inline']);
    // /conf and /etc/app hide the image's files there: warned, at the target
    const hides = messages.filter((m) => m.startsWith('CX3533'));
    expect(hides).toHaveLength(2);
    expect(hides.join('\n')).toMatch(/hides what the image has in \/etc\/app \| .*e\.g\. \/etc\/app-config\/app\.yaml/);
  });

  test('the default target /<name> is a file in /: refused at the reference, with a target to give', () => {
    const text = `services:
  api:
    image: python:3.12
    configs: [app]
configs:
  app: {content: "x"}
`;
    const r = compile(text);
    expect(r.model).toBeUndefined();
    expect(r.found).toEqual([`error CX3532 compose.yaml:${line(text, 'configs: [app]')}:15`]);
    expect(r.messages.find((m) => m.startsWith('CX3532'))).toMatch(/Compose's default target.*\| give an absolute file path in a directory, e\.g\. \{source: app, target: \/etc\/app\/app\}/);
  });

  test('external, no source, two sources, missing file, unset variable', () => {
    const text = `services:
  api:
    image: python:3.12
    configs:
      - {source: ext, target: /etc/a/b}
      - {source: none, target: /etc/a/c}
      - {source: two, target: /etc/a/d}
      - {source: gone, target: /etc/a/e}
      - {source: unset, target: /etc/a/f}
configs:
  app: {content: "x"}
  ext: {external: true}
  none: {name: y}
  two: {content: "x", environment: X}
  gone: {file: ./missing.conf}
  unset: {environment: NOT_SET_ANYWHERE}
`;
    const r = compile(text);
    expect(r.model).toBeUndefined();
    expect(r.found.sort()).toEqual(
      [
        `error CX3530 compose.yaml:${line(text, 'ext: {')}:19`,
        `error CX3530 compose.yaml:${line(text, 'none: {')}:3`,
        `error CX3530 compose.yaml:${line(text, 'two: {')}:3`,
        `error CX3531 compose.yaml:${line(text, 'gone: {')}:16`,
        `error CX3531 compose.yaml:${line(text, 'unset: {')}:24`,
      ].sort(),
    );
  });

  test('over 65,536 bytes: refused at the source (file, content, variable); exactly 65,536 accepted', () => {
    const big = 'x'.repeat(65_537);
    const text = `services:
  api:
    image: python:3.12
    configs:
      - {source: f, target: /etc/a/f}
      - {source: e, target: /etc/a/e}
configs:
  f: {file: ./big.conf}
  e: {environment: BIG}
`;
    const r = compile(text, { 'big.conf': big }, { BIG: big });
    expect(r.found.filter((f) => f.startsWith('error')).sort()).toEqual(
      [`error CX3531 compose.yaml:${line(text, 'f: {file')}:13`, `error CX3531 compose.yaml:${line(text, 'e: {env')}:20`].sort(),
    );
    expect(r.messages.join('\n')).toContain('65537 bytes');
    // the content is never in a message
    expect(r.messages.join('\n')).not.toContain('xxxxxxxx');
    const ok = compile(text, { 'big.conf': 'x'.repeat(65_536) }, { BIG: 'y'.repeat(65_536) });
    expect(ok.model).toBeDefined();
  });
});

describe('bind mounts', () => {
  test('a read-only single file (short :ro and long read_only) becomes a file at the target', () => {
    const text = `services:
  web:
    image: nginx:1.27
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf:ro
      - type: bind
        source: ./site/index.html
        target: /usr/share/nginx/html/index.html
        read_only: true
`;
    const r = compile(text, { 'nginx.conf': 'events {}\n', 'site/index.html': '<h1>hi</h1>\n' });
    expect(r.model).toBeDefined();
    const web = r.model!.families[0].containers[0];
    expect(web.secretFiles).toEqual([
      { secret: 'file:./nginx.conf', path: '/etc/nginx/nginx.conf', mode: 0o444 },
      { secret: 'file:./site/index.html', path: '/usr/share/nginx/html/index.html', mode: 0o444 },
    ]);
    expect(web.mounts.map((m) => [m.kind, m.containerPath, m.readOnly])).toEqual([
      ['secrets', '/etc/nginx', true],
      ['secrets', '/usr/share/nginx/html', true],
    ]);
    expect(r.model!.secrets.map((s) => [s.name, s.source])).toEqual([
      ['file:./nginx.conf', { kind: 'file', file: path.join(r.dir, 'nginx.conf') }],
      ['file:./site/index.html', { kind: 'file', file: path.join(r.dir, 'site/index.html') }],
    ]);
    // each directory hides what the image has there: warned at the mount
    expect(r.found).toEqual([`warning CX3533 compose.yaml:${line(text, 'nginx.conf:/etc')}:9`, `warning CX3533 compose.yaml:${line(text, 'type: bind')}:9`]);
    expect(r.messages.join('\n')).toMatch(/mime\.types/);
  });

  test('a read-write single file is refused with the :ro fix; a directory and a missing path are refused', () => {
    const text = `services:
  web:
    image: nginx:1.27
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf
      - ./html:/usr/share/nginx/html:ro
      - ./nothere:/data:ro
`;
    const r = compile(text, { 'nginx.conf': 'events {}\n', html: null });
    expect(r.model).toBeUndefined();
    expect(r.found).toEqual([
      `error CX3535 compose.yaml:${line(text, 'nginx.conf:/etc')}:9`,
      `error CX3534 compose.yaml:${line(text, './html')}:9`,
      `error CX3534 compose.yaml:${line(text, './nothere')}:9`,
    ]);
    const m = r.messages.join('\n');
    expect(m).toContain('mount it read-only (./nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(m).toMatch(/directory \.\/html .*\| copy the files into the image \(COPY in the Dockerfile\), or use a named volume/);
    expect(m).toMatch(/\.\/nothere .* does not exist/);
  });

  test('from an automatically loaded override file: the hint says to render with -f compose.yaml', () => {
    const dir = projectDir({
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'compose.override.yaml': 'services:\n  web:\n    volumes:\n      - ./src:/usr/share/nginx/html\n',
    });
    fs.mkdirSync(path.join(dir, 'src'));
    const r = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
    const d = r.diagnostics.find((x) => x.code === 'CX3534')!;
    expect(path.basename(d.file!)).toBe('compose.override.yaml');
    expect(d.hint).toContain('render with -f compose.yaml');
  });

  test('inside the service\'s own build context: dropped with a warning; outside it: still a file', () => {
    const text = `services:
  api:
    build: ./api
    image: registry.example.com/api:1
    volumes:
      - ./api:/app
      - ./api/settings.py:/app/settings.py
      - ./shared.conf:/etc/api/shared.conf:ro
`;
    const r = compile(text, { 'api/Dockerfile': 'FROM python:3.12\n', 'api/settings.py': 'X = 1\n', 'shared.conf': 'a\n' });
    expect(r.model).toBeDefined();
    expect(r.found.filter((f) => f.includes('CX3536'))).toEqual([
      `warning CX3536 compose.yaml:${line(text, './api:/app')}:9`,
      `warning CX3536 compose.yaml:${line(text, 'settings.py')}:9`,
    ]);
    const api = r.model!.families[0].containers[0];
    expect(api.secretFiles.map((f) => f.path)).toEqual(['/etc/api/shared.conf']);
    expect(api.mounts.map((m) => m.containerPath)).toEqual(['/etc/api']);
  });

  test('a service without build: the same directory is refused', () => {
    const r = compile(`services:
  api:
    image: python:3.12
    volumes: ["./api:/app"]
`, { 'api/main.py': 'print(1)\n' });
    expect(r.found).toEqual(['error CX3534 compose.yaml:4:15']);
  });

  test('a config and a secret at one path clash (CX3521); a volume inside a config directory clashes (CX3524)', () => {
    const text = `services:
  api:
    image: python:3.12
    secrets: [{source: s, target: /etc/app/x}]
    configs: [{source: c, target: /etc/app/x}]
    volumes: ["data:/etc/app/data"]
configs:
  c: {content: "1"}
secrets:
  s: {environment: S}
volumes:
  data: {}
`;
    const r = compile(text, {}, { S: 'v' });
    expect(r.found.filter((f) => f.startsWith('error')).sort()).toEqual(
      [`error CX3521 compose.yaml:${line(text, 'configs: [')}:35`, `error CX3524 compose.yaml:${line(text, 'volumes: ["')}:15`].sort(),
    );
    expect(r.messages.join('\n')).toContain("secret 's' and config 'c' of 'api' are both written to /etc/app/x");
  });
});
