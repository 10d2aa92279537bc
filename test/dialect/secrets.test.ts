/** ECS ComposeX secrets: a top-level secret with only x-secrets, and an empty `{}` entry. */
import { yaml } from '../helpers/project-dir';
import { at, compileText, located } from './helpers';

const text = (uses: string) => yaml`
  name: dialect
  secrets:
    abcd: {}
    john:
      x-secrets:
        Name: SFTP/asl-cscs-files-dev
  services:
    app03:
      image: nginx:1.27
      secrets: ${uses}
`;

describe('secrets as ECS ComposeX writes them', () => {
  test('a secret declared with only x-secrets (no file, environment or external) is accepted', () => {
    const { model, diagnostics } = compileText(text('[john]'));
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(model!.secrets.map((s) => s.name)).toEqual(['john']);
  });

  test('an empty entry a service uses, beside x-secrets: it delivers nothing, as in ECS ComposeX, said at the entry and at the use (test/ecs-composex/blog-features-dialect.test.ts has more)', () => {
    const source = text('[john, abcd]');
    const { model, diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(model!.secrets.map((s) => s.name)).toEqual(['john']);
    expect(diagnostics.filter((d) => d.code === 'CX3504')[0]!.hint).toMatch(/x-secrets: \{Name: /);
  });
});
