/**
 * Compose secrets as files (src/resolve/secret-files.ts): paths, modes and owners, the volumes a
 * family's init container fills, and the located diagnostics CX3520–CX3524 and CX4035.
 */
import { brief, pos, resolve, resolveOk } from './fixtures';

describe('secret files', () => {
  test('default path, relative and absolute targets, mode, owner from uid/gid or the numeric user', () => {
    const model = resolveOk(`
      services:
        api:
          image: api
          user: "1000:2000"
          secrets:
            - db
            - {source: tls, target: certs/server.pem, mode: 0o400}
            - {source: token, target: /etc/app/token, uid: "101", gid: "0"}
      secrets:
        db: {external: true}
        tls: {external: true}
        token: {x-secrets: {Name: prod/token, VarName: API_TOKEN}}
    `);
    const [api] = model.families[0].containers;
    expect(api.secretFiles).toEqual([
      { secret: 'token', path: '/etc/app/token', mode: 0o444, uid: 101, gid: 0 },
      { secret: 'tls', path: '/run/secrets/certs/server.pem', mode: 0o400, uid: 1000, gid: 2000 },
      { secret: 'db', path: '/run/secrets/db', mode: 0o444, uid: 1000, gid: 2000 },
    ]);
    // the variable only where x-secrets asks for it
    expect(api.secrets).toEqual([{ name: 'API_TOKEN', secret: 'token' }]);
    // one read-only volume per directory; the container starts after the init container succeeded
    expect(api.mounts).toEqual([
      { kind: 'secrets', name: 'secrets-api-1', containerPath: '/etc/app', readOnly: true },
      { kind: 'secrets', name: 'secrets-api', containerPath: '/run/secrets', readOnly: true },
    ]);
    expect(api.dependsOn).toEqual([{ containerName: 'composex-secrets', condition: 'SUCCESS' }]);
    expect(model.families[0].secretsInit).toEqual({
      name: 'composex-secrets',
      image: 'public.ecr.aws/docker/library/busybox:1.36.1',
      memory: 32,
      volumes: [
        { name: 'secrets-api', mountPath: '/composex-secrets/secrets-api' },
        { name: 'secrets-api-1', mountPath: '/composex-secrets/secrets-api-1' },
      ],
      variables: [
        { name: 'SECRET_DB', secret: 'db' },
        { name: 'SECRET_TLS', secret: 'tls' },
        { name: 'SECRET_TOKEN', secret: 'token' },
      ],
      files: [
        { path: '/composex-secrets/secrets-api-1/token', variable: 'SECRET_TOKEN', mode: 0o444, uid: 101, gid: 0 },
        { path: '/composex-secrets/secrets-api/certs/server.pem', variable: 'SECRET_TLS', mode: 0o400, uid: 1000, gid: 2000 },
        { path: '/composex-secrets/secrets-api/db', variable: 'SECRET_DB', mode: 0o444, uid: 1000, gid: 2000 },
      ],
    });
  });

  test('several services in one family: each mounts only its own volume; a service named like the init container', () => {
    const model = resolveOk(`
      services:
        api: {image: api, secrets: [db], deploy: {labels: {ecs.task.family: app}}}
        worker: {image: w, secrets: [queue], depends_on: {api: {condition: service_started}}, deploy: {labels: {ecs.task.family: app}}}
        composex-secrets: {image: c, deploy: {labels: {ecs.task.family: app}}}
      secrets:
        db: {external: true}
        queue: {external: true}
    `);
    const app = model.families[0];
    const byName = new Map(app.containers.map((c) => [c.name, c]));
    expect(app.secretsInit!.name).toBe('composex-secrets-2');
    expect(byName.get('api')!.mounts).toEqual([{ kind: 'secrets', name: 'secrets-api', containerPath: '/run/secrets', readOnly: true }]);
    expect(byName.get('worker')!.mounts).toEqual([{ kind: 'secrets', name: 'secrets-worker', containerPath: '/run/secrets', readOnly: true }]);
    expect(byName.get('worker')!.dependsOn).toEqual([
      { containerName: 'api', condition: 'START' },
      { containerName: 'composex-secrets-2', condition: 'SUCCESS' },
    ]);
    // a service without secrets mounts nothing and waits for nothing
    expect(byName.get('composex-secrets')!.mounts).toEqual([]);
    expect(byName.get('composex-secrets')!.dependsOn).toEqual([]);
    expect(app.secretsInit!.files.map((f) => f.path)).toEqual(['/composex-secrets/secrets-api/db', '/composex-secrets/secrets-worker/queue']);
  });

  test('a family without secrets has no init container; the init memory counts in the task size', () => {
    const model = resolveOk(`
      services:
        plain: {image: p, mem_limit: 536870912}
        secret: {image: s, mem_limit: 536870912, secrets: [db]}
      secrets:
        db: {external: true}
    `);
    const [plain, secret] = model.families;
    expect(plain.secretsInit).toBeUndefined();
    expect(plain.taskSize).toEqual({ cpu: 256, memory: 512 });
    // 512 MiB + 32 MiB for the init container: the next Fargate memory size
    expect(secret.taskSize).toEqual({ cpu: 256, memory: 1024 });
  });

  test.each<[string, string, string, string, string]>([
    ['a .. segment', '{source: db, target: ../etc/passwd}', "the target '../etc/passwd' of secret 'db' in 'api' contains '..'", '../etc', 'CX3520'],
    ['a file directly in /', '{source: db, target: /db}', "the target '/db' of secret 'db' in 'api' is a file directly in /, where no volume can be mounted", '/db}', 'CX3520'],
    ['a directory', '{source: db, target: "certs/"}', "the target 'certs/' of secret 'db' in 'api' ends with /, which names a directory", '"certs/"', 'CX3520'],
  ])('CX3520: %s', (_name, entry, message, marker, code) => {
    const yaml = `
      services:
        api: {image: api, secrets: [${entry}]}
      secrets: {db: {external: true}}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(brief(diagnostics)).toEqual([
      { code, severity: 'error', ...lineColumn(yaml, marker), message, hint: 'give a file name (written under /run/secrets) or an absolute file path in a directory, e.g. target: db' },
    ]);
  });

  test('CX3521: two secrets at one path, and a file where another needs a directory', () => {
    const yaml = `
      services:
        api:
          image: api
          secrets:
            - {source: a, target: token}
            - {source: b, target: /run/secrets/token}
            - {source: c, target: token/inner}
      secrets: {a: {external: true}, b: {external: true}, c: {external: true}}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(brief(diagnostics)).toEqual([
      { code: 'CX3521', severity: 'error', ...lineColumn(yaml, '/run/secrets/token'), message: "secrets 'a' and 'b' of 'api' are both written to /run/secrets/token", hint: 'give one of them another target' },
      {
        code: 'CX3521',
        severity: 'error',
        ...lineColumn(yaml, 'token/inner'),
        message: "secret 'c' of 'api' goes to /run/secrets/token/inner, and secret 'a' to /run/secrets/token: one path cannot be both a file and a directory",
        hint: 'give one of them another target',
      },
    ]);
  });

  test('CX3522 and CX3523 are warnings: the directory is replaced, a named owner is not applied', () => {
    const yaml = `
      services:
        api:
          image: api
          secrets:
            - {source: key, target: /etc/ssl/private/key.pem, uid: node}
      secrets: {key: {external: true}}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model!.families[0].containers[0].secretFiles).toEqual([{ secret: 'key', path: '/etc/ssl/private/key.pem', mode: 0o444 }]);
    expect(brief(diagnostics)).toEqual([
      {
        code: 'CX3522',
        severity: 'warning',
        ...lineColumn(yaml, '/etc/ssl'),
        message:
          "secret 'key' of 'api' goes to /etc/ssl/private/key.pem: ECS cannot mount a single file, so /etc/ssl/private becomes a task volume holding only the service's secrets, and hides what the image has in /etc/ssl/private",
        hint: 'use a target under /run/secrets (e.g. target: key.pem) and point the application at that file, or keep this target if the image has nothing it needs in /etc/ssl/private',
      },
      {
        code: 'CX3523',
        severity: 'warning',
        ...lineColumn(yaml, 'node}'),
        message: "uid 'node' of secret 'key' in 'api' is not numeric: the file is written without it (owner root)",
        hint: 'give the numeric id (the image\'s `id -u <name>`), e.g. uid: "1000", or make the file readable with mode: "0444"',
      },
    ]);
  });

  test('no warning for targets under /run/secrets', () => {
    const { diagnostics } = resolve(`
      services:
        api: {image: api, secrets: [{source: key, target: tls/key.pem}]}
      secrets: {key: {external: true}}
    `);
    expect(diagnostics).toEqual([]);
  });

  test('CX3524: a volume mounted inside the secrets directory', () => {
    const yaml = `
      services:
        api:
          image: api
          secrets: [key]
          volumes: ["data:/run/secrets/cache"]
      secrets: {key: {external: true}}
      volumes: {data: {}}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(brief(diagnostics)).toEqual([
      {
        code: 'CX3524',
        severity: 'error',
        ...lineColumn(yaml, '"data:'),
        message: "'api' mounts a volume at /run/secrets/cache, inside /run/secrets, where its secrets are mounted (read-only)",
        hint: 'mount the volume elsewhere, or give the secrets targets in another directory',
      },
    ]);
  });

  test('CX4035: the init container is the eleventh container of a family', () => {
    const services = Array.from({ length: 10 }, (_, i) => `s${i}: {image: img, deploy: {labels: {ecs.task.family: big}}${i === 0 ? ', secrets: [key]' : ''}}`);
    const yaml = `
      services:
        ${services.join('\n        ')}
      secrets: {key: {external: true}}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(brief(diagnostics).filter((d) => d.code === 'CX4035')).toEqual([
      {
        code: 'CX4035',
        severity: 'error',
        ...lineColumn(yaml, '{ecs.task.family: big}', 10),
        message: "family 'big' has 11 containers (its services and the container 'composex-secrets' that writes their secret files); an ECS task definition holds at most 10",
        hint: 'split the family: give some of its services another ecs.task.family',
      },
    ]);
    // ten containers without secrets fit
    expect(resolve(yaml.replace(', secrets: [key]', '')).model).toBeDefined();
  });
});

test('the init container counts in the task definition size (CX4020)', () => {
  const project = (count: number) => {
    const names = Array.from({ length: count }, (_, i) => `secret-${String(i).padStart(3, '0')}`);
    return `
      services:
        api:
          image: api
          secrets: [${names.map((n) => `{source: ${n}, target: ${'x'.repeat(120)}/${n}}`).join(', ')}]
      secrets:
        ${names.map((n) => `${n}: {external: true}`).join('\n        ')}
    `;
  };
  const large = resolve(project(150)).diagnostics.filter((d) => d.code === 'CX4020');
  expect(large.map((d) => d.message)).toEqual([expect.stringMatching(/^the task definition of family 'api' would be about \d+ KiB; ECS accepts at most 64 KiB$/)]);
  // the same service with a tenth of the secrets fits
  expect(resolve(project(15)).diagnostics.filter((d) => d.code === 'CX4020')).toEqual([]);
});

function lineColumn(yaml: string, marker: string, occurrence = 1): { line: number; column: number } {
  const { line, column } = pos(yaml, marker, occurrence);
  return { line, column };
}
