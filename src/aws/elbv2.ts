/**
 * One nested stack per `x-elbv2` load balancer (`Elbv2<Id>Stack`): the load balancer in the
 * public subnets (internet-facing) or the private ones (internal) with its own security group,
 * a target group (target type `ip`, as awsvpc tasks need) per target, a listener per port with
 * its default action, its certificates (the first one the listener's, the others
 * `ListenerCertificate`s: a listener's `Certificates` takes exactly one) and its TLS policy, and a
 * listener rule per host / path target with the priority resolve gave it.
 *
 * The security group and every ingress rule to and from it are in the networking stack
 * (src/aws/security-groups.ts); families get the target group ARNs as parameters.
 */
import { CfnResource, Fn, NestedStack, Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { CertificateRef, Elbv2Action, Elbv2Authenticate, Elbv2Model, Elbv2TargetGroup } from '../resolve/model';
import { logicalIds } from '../resolve/names';
import { exportValue, importList, importString, importValue, rootParameter, setStackLogicalId } from './stack-io';
import { type StackValue, valueIn } from './resources/values';

/** An action both a listener and a listener rule take. */
type Action = elbv2.CfnListener.ActionProperty & elbv2.CfnListenerRule.ActionProperty;

export interface Elbv2StackProps {
  readonly lb: Elbv2Model;
  /** Values valid in the root. */
  readonly vpcId: string;
  readonly subnetIds: { readonly name: 'PublicSubnetIds' | 'PrivateSubnetIds'; readonly value: string };
  readonly securityGroupId: string;
  /** ARN of an `x-acm` certificate, valid in the root, with the parameter name it is imported under. */
  readonly certificateArn?: (name: string) => { readonly name: string; readonly value: string };
  /** Id of an `x-route53` zone, valid in the root, with the parameter name it is imported under. */
  readonly zoneId?: (zone: string) => { readonly name: string; readonly value: string };
  /** An attribute (`Arn`, `UserPoolId`) of an `x-cognito_userpool` pool, valid in the root, with its parameter name. */
  readonly userPool?: (pool: string, attribute: string) => { readonly name: string; readonly value: string };
  /** The ARN of the `x-wafv2_webacl` web ACL that protects this application load balancer (`WebAcl<Id>Arn`), valid in the root. */
  readonly webAclArn?: StackValue;
}

export class Elbv2Stack extends NestedStack {
  readonly loadBalancer: elbv2.CfnLoadBalancer;
  readonly targetGroups = new Map<string, elbv2.CfnTargetGroup>();
  private readonly lb: Elbv2Model;
  private readonly props: Elbv2StackProps;

  constructor(scope: Construct, id: string, props: Elbv2StackProps) {
    const lb = props.lb;
    super(scope, id, { description: `composex: ${lb.scheme} ${lb.type} load balancer ${lb.name} (x-elbv2)` });
    setStackLogicalId(this, `Elbv2${lb.logicalId}Stack`);
    this.lb = lb;
    this.props = props;
    const root = Stack.of(scope);
    const vpcId = importString(this, 'VpcId', props.vpcId, root);

    this.loadBalancer = new elbv2.CfnLoadBalancer(this, 'LoadBalancer', {
      type: lb.type,
      scheme: lb.scheme,
      subnets: importList(this, props.subnetIds.name, props.subnetIds.value, root),
      securityGroups: [importString(this, `Elbv2${lb.logicalId}SecurityGroupId`, props.securityGroupId, root)],
      loadBalancerAttributes: lb.attributes.map((a) => ({ ...a })),
    });

    for (const tg of lb.targetGroups) this.targetGroups.set(tg.id, this.targetGroup(tg, vpcId));

    const certificate = (c: CertificateRef): string => {
      if (c.kind === 'arn') return c.arn;
      if (!props.certificateArn) throw new Error(`internal: x-acm certificate '${c.name}' without an ACM stack`);
      const arn = props.certificateArn(c.name);
      return importString(this, arn.name, arn.value, root);
    };
    for (const l of lb.listeners) {
      const listener = new elbv2.CfnListener(this, `Listener${l.port}`, {
        loadBalancerArn: this.loadBalancer.ref,
        port: l.port,
        protocol: l.protocol,
        ...(l.sslPolicy ? { sslPolicy: l.sslPolicy } : {}),
        ...(l.certificates.length > 0 ? { certificates: [{ certificateArn: certificate(l.certificates[0]) }] } : {}),
        defaultActions: this.actions(l.defaultAction, l.defaultAuthenticate, 'listener', `Listener${l.port}`, `listener ${l.port}, default action`),
      });
      l.certificates.slice(1).forEach((c, i) => {
        new elbv2.CfnListenerCertificate(this, `Listener${l.port}Certificate${i + 2}`, {
          listenerArn: listener.ref,
          certificates: [{ certificateArn: certificate(c) }],
        });
      });
      for (const rule of l.rules) {
        new elbv2.CfnListenerRule(this, `Listener${l.port}Rule${rule.priority}`, {
          listenerArn: listener.ref,
          priority: rule.priority,
          conditions: [
            ...(rule.hosts ? [{ field: 'host-header', hostHeaderConfig: { values: [...rule.hosts] } }] : []),
            ...(rule.paths ? [{ field: 'path-pattern', pathPatternConfig: { values: [...rule.paths] } }] : []),
          ],
          actions: this.actions(rule.action, rule.authenticate, 'rule', `Listener${l.port}Rule${rule.priority}`, `listener ${l.port}, rule ${rule.priority}`),
        });
      }
    }
    const aliasIds = logicalIds((lb.aliases ?? []).map((a) => a.name)); // unique even where names differ only in punctuation
    for (const alias of lb.aliases ?? []) {
      if (!props.zoneId) throw new Error(`internal: alias ${alias.name} without x-route53 zones`);
      const zone = props.zoneId(alias.zone);
      // An alias record to the load balancer: Route 53 answers with its addresses, at no query cost.
      new route53.CfnRecordSet(this, `Alias${aliasIds.get(alias.name)!}`, {
        hostedZoneId: Token.isUnresolved(zone.value) ? importString(this, zone.name, zone.value, root) : zone.value,
        name: alias.name,
        type: 'A',
        aliasTarget: { dnsName: this.loadBalancer.attrDnsName, hostedZoneId: this.loadBalancer.attrCanonicalHostedZoneId, evaluateTargetHealth: true },
      });
    }
    if (props.webAclArn) {
      // After the load balancer (its Ref, the ARN) and after the web ACL's stack (the parameter).
      new CfnResource(this, 'LoadBalancerWebAclAssociation', {
        type: 'AWS::WAFv2::WebACLAssociation',
        properties: { ResourceArn: this.loadBalancer.ref, WebACLArn: valueIn(this, props.webAclArn, root) },
      });
    }
    exportValue(this, 'DnsName', this.loadBalancer.attrDnsName);
  }

  /** Logical ID of a target group (`TargetGroupWebWeb8080`). */
  static targetGroupLogicalId(tg: Elbv2TargetGroup): string {
    return `TargetGroup${tg.id}`;
  }

  /** ARN of a target group, valid in the root. */
  targetGroupArn(tg: Elbv2TargetGroup): string {
    return exportValue(this, `${Elbv2Stack.targetGroupLogicalId(tg)}Arn`, this.targetGroups.get(tg.id)!.ref);
  }

  /**
   * The resource label of an application load balancer's target group, valid in the root: the load
   * balancer's and the target group's full names joined (`app/<lb>/<id>/targetgroup/<tg>/<id>`), as
   * ALBRequestCountPerTarget takes it and as the LoadBalancer and TargetGroup dimensions split it.
   */
  requestCountLabel(tg: Elbv2TargetGroup): string {
    return exportValue(this, `${Elbv2Stack.targetGroupLogicalId(tg)}Label`, Fn.join('/', [this.loadBalancer.attrLoadBalancerFullName, this.targetGroups.get(tg.id)!.attrTargetGroupFullName]));
  }

  /**
   * The name ELB publishes the CloudWatch metrics of the load balancer under (its LoadBalancer
   * dimension, `app/<name>/<id>` or `net/<name>/<id>`), valid in the root.
   */
  loadBalancerFullName(): string {
    return exportValue(this, 'LoadBalancerFullName', this.loadBalancer.attrLoadBalancerFullName);
  }

  /** The TargetGroup dimension of a target group's metrics (`targetgroup/<name>/<id>`), valid in the root. */
  targetGroupFullName(id: string): string {
    const tg = this.targetGroups.get(id);
    if (!tg) throw new Error(`internal: x-elbv2 '${this.lb.name}' has no target group ${id}`);
    return exportValue(this, `TargetGroup${id}FullName`, tg.attrTargetGroupFullName);
  }

  /** The load balancer's DNS name and hosted zone, valid in the root (for alias records). */
  aliasTarget(): { dnsName: string; hostedZoneId: string } {
    return {
      dnsName: exportValue(this, 'DnsName', this.loadBalancer.attrDnsName),
      hostedZoneId: exportValue(this, 'CanonicalHostedZoneId', this.loadBalancer.attrCanonicalHostedZoneId),
    };
  }

  private targetGroup(tg: Elbv2TargetGroup, vpcId: string): elbv2.CfnTargetGroup {
    const hc = tg.healthCheck;
    return new elbv2.CfnTargetGroup(this, Elbv2Stack.targetGroupLogicalId(tg), {
      targetType: 'ip',
      vpcId,
      port: tg.containerPort,
      protocol: tg.protocol,
      healthCheckEnabled: true,
      healthCheckProtocol: hc.protocol,
      ...(hc.port !== undefined ? { healthCheckPort: String(hc.port) } : {}),
      ...(hc.path !== undefined ? { healthCheckPath: hc.path } : {}),
      ...(hc.matcher !== undefined ? { matcher: { httpCode: hc.matcher } } : {}),
      ...(hc.healthyThreshold !== undefined ? { healthyThresholdCount: hc.healthyThreshold } : {}),
      ...(hc.unhealthyThreshold !== undefined ? { unhealthyThresholdCount: hc.unhealthyThreshold } : {}),
      ...(hc.intervalSeconds !== undefined ? { healthCheckIntervalSeconds: hc.intervalSeconds } : {}),
      ...(hc.timeoutSeconds !== undefined ? { healthCheckTimeoutSeconds: hc.timeoutSeconds } : {}),
      targetGroupAttributes: tg.attributes.map((a) => ({ ...a })),
    });
  }

  /**
   * The actions of a listener or rule: with an authenticate action, it runs first (`Order` 1) and
   * the forward second (`Order` 2), as ECS ComposeX writes them ("the action with the lowest value
   * for order is performed first"). The listener's `SessionTimeout` is a string in CloudFormation,
   * the rule's a number.
   */
  private actions(action: Elbv2Action, authenticate: Elbv2Authenticate | undefined, on: 'listener' | 'rule', id: string, where: string): Action[] {
    if (!authenticate) return [this.action(action)];
    const { type, sessionCookieName, sessionTimeout, scope, extraParams, onUnauthenticatedRequest } = authenticate;
    const common = {
      ...(sessionCookieName !== undefined ? { sessionCookieName } : {}),
      ...(sessionTimeout !== undefined ? { sessionTimeout: on === 'listener' ? String(sessionTimeout) : sessionTimeout } : {}),
      ...(scope !== undefined ? { scope } : {}),
      ...(extraParams ? { authenticationRequestExtraParams: Object.fromEntries(extraParams.map((p) => [p.name, p.value])) } : {}),
      ...(onUnauthenticatedRequest !== undefined ? { onUnauthenticatedRequest } : {}),
    };
    const first =
      authenticate.type === 'authenticate-oidc'
        ? {
            type,
            order: 1,
            authenticateOidcConfig: {
              issuer: authenticate.issuer,
              authorizationEndpoint: authenticate.authorizationEndpoint,
              tokenEndpoint: authenticate.tokenEndpoint,
              userInfoEndpoint: authenticate.userInfoEndpoint,
              clientId: authenticate.clientId,
              // a {{resolve:secretsmanager:…}} reference (resolve/elbv2-authenticate.ts), or the NoEcho parameter of a literal one
              clientSecret: authenticate.literalClientSecret ? this.clientSecretParameter(authenticate.literalClientSecret.parameter, where) : authenticate.clientSecret,
              ...common,
            },
          }
        : {
            type,
            order: 1,
            authenticateCognitoConfig: { ...this.cognitoPool(authenticate, id), userPoolDomain: authenticate.userPoolDomain, ...common },
          };
    return [first as Action, { ...this.action(action), order: 2 } as Action];
  }

  /**
   * A client secret written in the compose file (resolve/elbv2-client-secret.ts): the NoEcho root
   * parameter `name`, without a default (`composex deploy` passes the file's value), passed down
   * as a NoEcho parameter of this stack, so that describing either stack shows `****`.
   */
  private clientSecretParameter(name: string, where: string): string {
    const root = Stack.of(this.nestedStackParent ?? this);
    const parameter = rootParameter(root, name, {
      type: 'String',
      noEcho: true,
      description: `OIDC client secret of x-elbv2 ${this.lb.name}, ${where} (ClientSecret written in the compose file: composex deploy passes it)`,
    });
    return importValue(this, name, parameter.valueAsString, root, 'String', { noEcho: true }).valueAsString;
  }

  /**
   * The pool and client of an authenticate-cognito action: as written, or an x-cognito_userpool
   * pool's ARN and the app client created for the target (`CreateCognitoClient`), whose callback
   * URLs are `https://<name>/oauth2/idpresponse` for the load balancer's DNS name, the target's
   * hosts and the aliases unless the file gives them ("Prepare to use Amazon Cognito", ELB User
   * Guide); the port is written when the listener's is not 443.
   */
  private cognitoPool(auth: Extract<Elbv2Authenticate, { type: 'authenticate-cognito' }>, id: string): { userPoolArn: string; userPoolClientId: string } {
    const root = Stack.of(this.nestedStackParent ?? this);
    const poolValue = (attribute: string): string => {
      if (!this.props.userPool || auth.userPool === undefined) throw new Error(`internal: x-elbv2 '${this.lb.name}' names a user pool without the user pools`);
      const v = this.props.userPool(auth.userPool, attribute);
      return importString(this, v.name, v.value, root);
    };
    const userPoolArn = auth.userPool !== undefined ? poolValue('Arn') : auth.userPoolArn;
    if (!auth.client) return { userPoolArn, userPoolClientId: auth.userPoolClientId };
    const port = auth.client.port === 443 ? '' : `:${auth.client.port}`;
    const url = (host: string): string => (Token.isUnresolved(host) ? Fn.join('', ['https://', host, `${port}/oauth2/idpresponse`]) : `https://${host}${port}/oauth2/idpresponse`);
    const hosts = [...new Set([...(auth.client.callbackHosts ?? []), ...(this.lb.aliases ?? []).map((a) => a.name.replace(/\.$/, ''))])];
    const client = new CfnResource(this, `${id}CognitoClient`, {
      type: 'AWS::Cognito::UserPoolClient',
      properties: {
        ...auth.client.properties,
        UserPoolId: auth.client.existingPoolId ?? poolValue('UserPoolId'),
        ...(auth.client.callbackHosts ? { CallbackURLs: [url(this.loadBalancer.attrDnsName), ...hosts.map(url)] } : {}),
      },
    });
    return { userPoolArn, userPoolClientId: client.ref };
  }

  private action(action: Elbv2Action): Action {
    switch (action.type) {
      case 'forward':
        return { type: 'forward', targetGroupArn: this.targetGroups.get(action.targetGroup)!.ref } as Action;
      case 'redirect': {
        const { type: _type, statusCode, ...rest } = action;
        return { type: 'redirect', redirectConfig: { ...rest, statusCode } } as Action;
      }
      case 'fixed-response': {
        const { type: _type, ...config } = action;
        return { type: 'fixed-response', fixedResponseConfig: config } as Action;
      }
    }
  }

  /** The model this stack was built from. */
  get model(): Elbv2Model {
    return this.lb;
  }
}

