/**
 * An OIDC `ClientSecret` written in the compose file, as ECS ComposeX's cognito use cases write it
 * (`ClientSecret: "1234…"`). ECS ComposeX puts it into the listener rule, where anyone who may read
 * the stack's template reads it. composex renders the same authentication with the value in no
 * template:
 *
 * - the action's `ClientSecret` is a `Ref` to a NoEcho parameter of the load balancer's nested
 *   stack, set from the NoEcho root parameter `Elbv2<Lb>Listener<port>[Rule<priority>]ClientSecret`
 *   (no `Default`). "If you set the NoEcho attribute to true, CloudFormation returns the parameter
 *   value masked as asterisks (*****) for any calls that describe the stack or stack events"
 *   (CloudFormation User Guide, Parameters): the nested stack's parameter is NoEcho too, or
 *   describing the nested stack would show what the root passed it;
 * - `composex deploy` passes the file's value at every deploy, never UsePreviousValue (a changed
 *   value reaches the rule), and masks it in everything it prints (src/deploy/secret-parameters.ts);
 *   `composex render` writes no value: the render summary names the parameters to give at deploy;
 * - a warning at the value (CX3258) names the parameter and gives the fix, a Secrets Manager
 *   reference, which keeps the secret out of the file as well. The message and the hint never
 *   show the value; the code frame masks a `ClientSecret:` value (src/diagnostics.ts).
 *
 * The parameter is named after the listener rule it feeds (`Listener443Rule1` in the load
 * balancer's stack), or the listener for its default action: stable while the file's targets keep
 * their order, as the rule's own logical id is.
 */
import type { Path } from '../compose/source-map';
import type { Elbv2Authenticate, Elbv2LiteralClientSecret, Elbv2Model } from './model';
import { CODES } from './codes';
import type { ResolveContext } from './context';

/** The value as read, before the load balancer's logical id names its parameter. */
export function literalClientSecret(value: string, path: Path): Elbv2LiteralClientSecret {
  return { value, parameter: '', path };
}

/** `Elbv2LbAListener443Rule1ClientSecret`, or `Elbv2LbAListener443ClientSecret` for the listener's default action. */
export function clientSecretParameterName(lbLogicalId: string, port: number, priority?: number): string {
  return `Elbv2${lbLogicalId}Listener${port}${priority === undefined ? '' : `Rule${priority}`}ClientSecret`;
}

/** Names the root parameter of a literal client secret, and says where the secret goes (CX3258). */
export function nameClientSecretParameter(ctx: ResolveContext, auth: Elbv2Authenticate, lb: Pick<Elbv2Model, 'name' | 'logicalId'>, port: number, priority?: number): Elbv2Authenticate {
  if (auth.type !== 'authenticate-oidc' || !auth.literalClientSecret) return auth;
  const parameter = clientSecretParameterName(lb.logicalId, port, priority);
  ctx.warning(
    CODES.ELBV2_AUTH_SECRET_PARAMETER,
    `the OIDC client secret is written in the file: anyone who reads the file reads it. composex keeps it out of the templates, in NoEcho root parameter ${parameter} (no default), which composex deploy sets from this file at every deploy`,
    auth.literalClientSecret.path,
    `store the secret in Secrets Manager and write ClientSecret: "{{resolve:secretsmanager:<secret name or ARN>:SecretString:<JSON key>}}", or ClientSecret: {Secret: <top-level secret>, JsonKey: <key>}; deploying the rendered templates without composex, pass ${parameter} (aws cloudformation deploy --parameter-overrides ${parameter}=…, cdk deploy --parameters ${parameter}=…)`,
  );
  return { ...auth, literalClientSecret: { ...auth.literalClientSecret, parameter } };
}

export interface ClientSecretParameter {
  /** The root parameter. */
  readonly name: string;
  /** The secret: for deploy only, never printed. */
  readonly value: string;
  /** `x-elbv2 lbA, listener 443, rule 1` (for the render summary). */
  readonly where: string;
}

/** The root parameters that carry the file's literal client secrets, sorted by name. */
export function clientSecretParameters(model: { readonly elbv2?: readonly Elbv2Model[] }): ClientSecretParameter[] {
  const out: ClientSecretParameter[] = [];
  const add = (auth: Elbv2Authenticate | undefined, where: string): void => {
    if (auth?.type === 'authenticate-oidc' && auth.literalClientSecret) out.push({ name: auth.literalClientSecret.parameter, value: auth.literalClientSecret.value, where });
  };
  for (const lb of model.elbv2 ?? []) {
    for (const l of lb.listeners) {
      add(l.defaultAuthenticate, `x-elbv2 ${lb.name}, listener ${l.port}, default action`);
      for (const r of l.rules) add(r.authenticate, `x-elbv2 ${lb.name}, listener ${l.port}, rule ${r.priority}`);
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
