/**
 * ECS ComposeX's use cases with `x-cognito_userpool` (test/fixtures/ecs-composex, MPL-2.0, each
 * with its source URL), rendered as ECS ComposeX's own tests combine them: over
 * `use-cases/blog.features.yml`. Both look their pool up by Tags (ECS ComposeX calls AWS at render;
 * composex does not: CX3841, with the ARN form as the fix), and both carry x-elbv2 settings
 * composex refuses for reasons of its own (a literal OIDC ClientSecret; a key with a stray quote and
 * `Settings.S3Logs` are left out with a warning, as ECS ComposeX ignores them): every error and warning is pinned at its file:line:column. The pool
 * reference (`x-cognito::cognito-test`) and `CreateCognitoClient` themselves add no error: they
 * name the looked-up pool, refused once at its Lookup. The documentation page's ALB example too.
 */
import * as path from 'path';
import { at, BASE, compile, DIR, located } from './fixture-helpers';

describe.each(['use-cases/elbv2/create_only_with_cognito.yml', 'use-cases/elbv2/create_only_with_cognito-02.yml'])('%s', (file) => {
  const { model, diagnostics } = compile([BASE, file]);

  test('refused for its Lookup, and for what x-elbv2 refuses in it (a literal client secret); nothing else', () => {
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error', file).sort()).toEqual(
      [
        // The pool is looked up by Tags: composex renders offline (the hint gives the ARN form).
        at('CX3841', file, 'Lookup'),
        // The OIDC client secret written in the file: it would be in the template.
        at('CX3253', file, '"123456789012345678901234567890"'),
      ].sort(),
    );
    expect(diagnostics.filter((d) => d.severity === 'error' && path.relative(DIR, d.file ?? '') !== file)).toEqual([]);
    const lookup = diagnostics.find((d) => d.code === 'CX3841')!;
    expect(lookup.message).toBe("'cognito-test' looks up an existing user pool, which composex does not do: it renders without calling AWS");
    expect(lookup.hint).toContain('UserPoolArn: arn:aws:cognito-idp:<region>:<account>:userpool/<region>_<id>');
  });

  test('warnings: HTTP listeners with certificates rendered as HTTPS / TLS, a load balancer nobody may reach', () => {
    expect(located(diagnostics, 'warning', file).sort()).toEqual(
      [
        // at the Protocol of listeners 443 and 8080 (HTTP) and 8081 (TCP), each with Certificates
        at('CX3238', file, 'HTTP\n        Certificates', 1),
        at('CX3238', file, 'HTTP\n        Certificates', 2),
        at('CX3238', file, 'TCP\n        Certificates'),
        at('CX3239', file, 'lbC'),
        // `AuthenticationRequestExtraParams":`: ECS ComposeX drops the quoted key without a word; composex too, said here.
        at('CX3256', file, 'AuthenticationRequestExtraParams"'),
        // Settings.S3Logs: not in ECS ComposeX's schema, nothing reads it; left out here too.
        at('CX3257', file, 'S3Logs'),
        // Settings of ECS ComposeX's first releases, read as MacroParameters
        ...['timeout_seconds', 'desync_mitigation_mode', 'drop_invalid_header_fields', 'http2', 'cross_zone'].map((k) => at('CX3255', file, `${k}:`)),
      ].sort(),
    );
  });
});

describe('docs/cognito_userpool-elbv2.yml (the documentation page\'s ALB example), with the service it names', () => {
  const file = 'docs/cognito_userpool-elbv2.yml';
  const { model, diagnostics } = compile([BASE, file, 'composex/cognito_userpool-elbv2.image.yml']);

  test('refused for its Lookup only (Settings.Subnets: PublicSubnets is where composex puts it anyway); its healthcheck written codes-first is read as path:codes, warned; the CreateCognitoClient and its AuthenticateCognitoConfig add nothing', () => {
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error', file)).toEqual([at('CX3841', file, 'Lookup')]);
    expect(diagnostics.filter((d) => d.severity === 'error' && path.relative(DIR, d.file ?? '') !== file)).toEqual([]);
    // The certificate: DNS validation, with no zone to write the records in; `443:HTTPS:4:2:10:5:200:/health`
    // (the format is …:<path>:<codes>) read as path /health answering 200.
    expect(located(diagnostics, 'warning', file).sort()).toEqual([at('CX3246', file, 'kafdrop-certs:'), at('CX3209', file, '443:HTTPS:4:2:10:5:200:/health')].sort());
  });
});
