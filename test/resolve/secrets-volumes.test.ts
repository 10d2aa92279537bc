import { loadAndCompile } from '../../src/compile';
import { projectDir } from '../helpers/project-dir';
import { pos, resolve, resolveOk, ruleStrings } from './fixtures';

describe('secrets', () => {
  test('kinds, references, variable names; unused secrets are left out', () => {
    const model = resolveOk(`
      services:
        api: {image: api, secrets: [db, api-key, tls_cert]}
        worker: {image: w, secrets: [api-key], deploy: {labels: {ecs.task.family: jobs}}}
      secrets:
        db:
          file: ./db.txt
          x-secrets:
            Name: prod/db
            JsonKeys: [{SecretKey: password, VarName: DB_PASSWORD}, {SecretKey: userName}]
        api-key: {external: true, name: prod/api-key}
        tls_cert: {file: ./cert.pem}
        unused: {environment: TOKEN}
        arn-secret:
          x-secrets: {Arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/x-AbCdEf", VarName: X}
    `);
    expect(model.secrets).toEqual([
      // a variable only where x-secrets names one (VarName, JsonKeys); every secret is also a file
      { name: 'api-key', kind: 'external', ref: 'prod/api-key', jsonKeys: [] },
      {
        name: 'db',
        kind: 'external',
        ref: 'prod/db',
        jsonKeys: [
          { key: 'password', varName: 'DB_PASSWORD' },
          { key: 'userName', varName: 'USER_NAME' },
        ],
      },
      { name: 'tls_cert', kind: 'created', jsonKeys: [], source: { kind: 'file', file: './cert.pem' } },
    ]);
    expect(model.families.map((f) => [f.name, f.secrets])).toEqual([
      ['api', ['api-key', 'db', 'tls_cert']],
      ['jobs', ['api-key']],
    ]);
  });

  test.each<[string, string, string, string, string, string]>([
    [
      'unknown secret',
      `
      services: {api: {image: api, secrets: [db_passwd]}}
      secrets: {db_password: {file: ./p}}
      `,
      'CX3501',
      "service 'api' uses secret 'db_passwd', which is not declared under top-level secrets",
      'db_passwd]',
      "did you mean 'db_password'?",
    ],
    [
      'x-secrets with a malformed ARN',
      `
      services: {api: {image: api, secrets: [db]}}
      secrets: {db: {x-secrets: {Arn: "arn:aws:ssm:eu-west-1:1:parameter/x"}}}
      `,
      'CX3502',
      "'arn:aws:ssm:eu-west-1:1:parameter/x' is not a Secrets Manager secret ARN",
      '"arn:aws:ssm',
      'an ARN looks like arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf',
    ],
    [
      'x-secrets.KmsKeyId given by alias',
      `
      services: {api: {image: api, secrets: [db]}}
      secrets: {db: {x-secrets: {Name: prod/db, KmsKeyId: alias/prod}}}
      `,
      'CX3502',
      "x-secrets.KmsKeyId of 'db' must be the ARN of a KMS key, not 'alias/prod'",
      'alias/prod',
      'the execution role may decrypt with that one key only; an alias or a key id cannot be scoped. Give arn:aws:kms:<region>:<account>:key/<key id>',
    ],
    [
      'x-secrets without Name or Arn',
      `
      services: {api: {image: api, secrets: [db]}}
      secrets: {db: {x-secrets: {VarName: DB}}}
      `,
      'CX3502',
      "x-secrets of 'db' names no secret",
      'x-secrets',
      'add Name: <secret name> or Arn: <secret ARN>',
    ],
    [
      'unknown x-secrets key',
      `
      services: {api: {image: api, secrets: [db]}}
      secrets: {db: {x-secrets: {Name: db, JsonKey: []}}}
      `,
      'CX3301',
      "unknown key 'JsonKey' in secrets.db.x-secrets",
      'JsonKey',
      "did you mean 'JsonKeys'?",
    ],
    [
      'a variable set by a secret and by environment',
      `
      services: {api: {image: api, secrets: [db], environment: {DB: x}}}
      secrets: {db: {x-secrets: {Name: db, VarName: DB}}}
      `,
      'CX3503',
      "secret 'db' sets DB, which 'api' also sets in environment",
      'db]',
      'remove DB from environment, or set another VarName in x-secrets',
    ],
    [
      'two secrets setting one variable',
      `
      services: {api: {image: api, secrets: [a, b]}}
      secrets: {a: {x-secrets: {Name: a, VarName: TOKEN}}, b: {x-secrets: {Name: b, VarName: TOKEN}}}
      `,
      'CX3503',
      "secrets 'a' and 'b' both set TOKEN in 'api'",
      'b]',
      'give one of them another VarName in x-secrets',
    ],
  ])('%s', (_name, yaml, code, message, marker, hint) => {
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([{ severity: 'error', code, message, ...pos(yaml, marker), hint }]);
  });
});

test('x-secrets.KmsKeyId: the key that encrypts the secret, by ARN', () => {
  const key = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const model = resolveOk(`
    services: {api: {image: api, secrets: [db, plain]}}
    secrets:
      db: {x-secrets: {Name: prod/db, KmsKeyId: "${key}"}}
      plain: {x-secrets: {Name: prod/plain}}
  `);
  expect(model.secrets.map((s) => [s.name, s.kmsKeyArn])).toEqual([
    ['db', key],
    ['plain', undefined],
  ]);
});

describe('volumes', () => {
  test('a bind mount of a directory is refused once, by resolve (CX3534: test/resolve/config-files.test.ts), not by the key classification', () => {
    const dir = projectDir({ 'compose.yaml': 'services:\n  web:\n    image: public.ecr.aws/nginx/nginx:1.27\n    volumes: ["./html:/usr/share/nginx/html"]\n', 'html/index.html': '<p>hi</p>\n' });
    const { model, diagnostics } = loadAndCompile({ cwd: dir, files: ['compose.yaml'], env: {} });
    expect(model).toBeUndefined();
    expect(diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['CX3534 4:15']);
  });

  test.each([['an npipe mount', '[{type: npipe, source: x, target: y}]']])('%s is refused once, by the key classification', (_what, volumes) => {
    const dir = projectDir({ 'compose.yaml': `services:\n  web:\n    image: public.ecr.aws/nginx/nginx:1.27\n    volumes: ${volumes}\n` });
    const { model, diagnostics } = loadAndCompile({ cwd: dir, files: ['compose.yaml'], env: {} });
    expect(model).toBeUndefined();
    expect(diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['CX1301 4:15']);
    // resolve alone skips it (no second finding)
    expect(resolve(`services: {web: {image: web, volumes: ${volumes}}}`).diagnostics).toEqual([]);
  });

  test('named volumes: families that mount them, NFS ingress from exactly those', () => {
    const model = resolveOk(`
      services:
        db: {image: db, volumes: ["data:/var/lib/data"]}
        backup: {image: b, volumes: ["data:/backup:ro"], deploy: {labels: {ecs.task.family: ops}}}
        web: {image: web, volumes: [{type: tmpfs, target: /tmp}]}
      volumes: {data: {}, unused: {}}
    `);
    expect(model.volumes).toEqual([{ name: 'data', families: ['db', 'ops'] }]);
    expect(ruleStrings(model)).toEqual(['db -> volume:data tcp/2049 (volumes: data)', 'ops -> volume:data tcp/2049 (volumes: data)']);
    expect(model.families.map((f) => [f.name, f.volumes])).toEqual([
      ['db', ['data']],
      ['ops', ['data']],
      ['web', []],
    ]);
  });

  test.each<[string, string, string, { uid: number; gid: number } | undefined]>([
    ['the same uid:gid everywhere', '"1000:1001"', '"1000:1001"', { uid: 1000, gid: 1001 }],
    ['a uid alone: the group is the uid', '"999"', '999', { uid: 999, gid: 999 }],
    ['two different users', '"1000"', '"1001"', undefined],
    ['a user name (only the image knows its uid)', 'postgres', 'postgres', undefined],
  ])('POSIX user of the access point: %s', (_what, a, b, expected) => {
    const model = resolveOk(`
      services:
        a: {image: a, user: ${a}, volumes: ["data:/d"]}
        b: {image: b, user: ${b}, volumes: ["data:/d:ro"]}
      volumes: {data: {}}
    `);
    expect(model.volumes[0].posixUser).toEqual(expected);
  });

  test('a service without user: no POSIX user is enforced', () => {
    const model = resolveOk(`
      services:
        a: {image: a, user: "1000", volumes: ["data:/d"]}
        b: {image: b, volumes: ["data:/d"]}
      volumes: {data: {}}
    `);
    expect(model.volumes[0].posixUser).toBeUndefined();
  });

  test('a family that writes a named volume deploys stop-first unless the file asks for start-first', () => {
    const model = resolveOk(`
      services:
        db: {image: db, volumes: ["data:/var/lib/data"]}
        reader: {image: r, volumes: ["data:/d:ro"]}
        fast: {image: f, volumes: ["data:/d"], deploy: {update_config: {order: start-first}}}
        scratch: {image: s, volumes: [{type: tmpfs, target: /tmp}]}
        slow: {image: s, deploy: {update_config: {order: stop-first}}}
      volumes: {data: {}}
    `);
    const deployment = Object.fromEntries(model.families.map((f) => [f.name, f.deployment]));
    expect(deployment.db).toEqual({
      maximumPercent: 100,
      minimumHealthyPercent: 0,
      circuitBreaker: { enable: true, rollback: true },
      stopFirstReason: 'read-write volume data: no two writers',
    });
    for (const f of ['reader', 'fast', 'scratch']) expect([f, deployment[f].maximumPercent, deployment[f].minimumHealthyPercent, deployment[f].stopFirstReason]).toEqual([f, 200, 100, undefined]);
    expect(deployment.slow).toMatchObject({ maximumPercent: 100, minimumHealthyPercent: 0, stopFirstReason: 'deploy.update_config.order: stop-first' });
  });

  test('an anonymous volume is a warning', () => {
    const yaml = `
      services: {db: {image: db, volumes: ["/var/lib/data"]}}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model!.volumes).toEqual([]);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'CX3513',
        message: "'db' mounts an anonymous volume at /var/lib/data: on Fargate it is task storage, lost whenever the task stops",
        ...pos(yaml, '"/var/lib/data"'),
        hint: 'to keep the data, name the volume ("data:/var/lib/data") and declare it under top-level volumes',
      },
    ]);
  });

  test.each<[string, string, string, string, string, string]>([
    [
      'unknown volume',
      `
      services: {db: {image: db, volumes: ["dta:/data"]}}
      volumes: {data: {}}
      `,
      'CX3511',
      "'db' mounts volume 'dta', which is not declared under top-level volumes",
      '"dta',
      "did you mean 'data'?",
    ],
    [
      'external volume',
      `
      services: {db: {image: db, volumes: ["data:/data"]}}
      volumes: {data: {external: true}}
      `,
      'CX3514',
      "volume 'data' is external; composex cannot attach an existing volume yet",
      'external',
      'remove external: true to have composex create an EFS file system for it',
    ],
  ])('%s', (_name, yaml, code, message, marker, hint) => {
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([{ severity: 'error', code, message, ...pos(yaml, marker), hint }]);
  });
});
