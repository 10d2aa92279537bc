/**
 * `x-opensearch` OpenSearch Service domains. For each:
 *
 * - the domain (`AWS::OpenSearchService::Domain`) with its `Properties` as written, and what
 *   composex keeps on: encryption at rest, node-to-node encryption, HTTPS only with a TLS 1.2
 *   policy (`Policy-Min-TLS-1-2-PFS-2023-10` unless another TLS 1.2 one is written);
 *   `DeletionPolicy`/`UpdateReplacePolicy: Retain` (CloudFormation takes no snapshot of a domain:
 *   a deleted or replaced domain is kept, with its data and automated snapshots);
 * - VPC access: the first subnet of the storage (else private) subnets, or the first 2 or 3 with
 *   zone awareness ("one subnet for each Availability Zone"), and the domain's own security group
 *   (from the networking stack: ingress on 443 only from the consuming families, no egress). A VPC
 *   domain needs the service-linked role AWSServiceRoleForAmazonOpenSearchService, which OpenSearch
 *   Service creates with the first domain of the account when the deploying principal may call
 *   iam:CreateServiceLinkedRole; composex does not declare it (an `AWS::IAM::ServiceLinkedRole`
 *   fails when the role already exists, as it does in every account that ran a VPC domain);
 * - with `MacroParameters`: a master user (a generated Secrets Manager secret in the internal user
 *   database, or an IAM role the account may assume over TLS), and log groups the domain publishes
 *   to, with the CloudWatch Logs resource policy that lets the service write there when asked.
 */
import { Aws, CfnDeletionPolicy, CfnResource, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { OpenSearchModel } from '../../resolve/model';
import { DEFAULT_TLS_POLICY } from '../../resolve/resources/opensearch-settings';
import { logGroupSuffix, resourceSpec } from '../../resolve/resources/registry';
import { policyArn } from '../family/iam';
import { exportValue, importList, importString } from '../stack-io';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { placeInStacks } from './placement';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';
import { StackValue, valueName } from './values';

const OPENSEARCH = resourceSpec('opensearch');
/** Characters left out of the generated master password: quotes, slashes and `@` break JSON, URLs and shells. */
const MASTER_PASSWORD_EXCLUDED = '"\'\\/@`{}[]()*';

type Props = Record<string, unknown>;
const object = (v: unknown): Props => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Props) : {});

export class OpenSearchDomains implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly domains = new Map<string, CfnResource>();
  private readonly stackOf: Map<OpenSearchModel, NestedStack>;
  private readonly models: Map<string, OpenSearchModel>;

  constructor(scope: Construct, props: ResourceConstructProps<'opensearch'>) {
    const root = Stack.of(scope);
    this.models = new Map(props.resources.map((d) => [d.name, d]));
    const placed = placeInStacks(
      scope,
      'OpenSearch',
      'OpenSearch domains',
      props.resources.map((d) => ({ key: d.name, items: [d], footprint: { resources: 4 + d.logGroups.length, outputs: 5, parameters: 2 } })),
    );
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;
    for (const d of props.resources) {
      const stack = this.stackOf.get(d)!;
      const id = `${OPENSEARCH.idPrefix}${d.logicalId}`;
      const tags = [
        { Key: 'composex:project', Value: props.model.projectName },
        { Key: 'composex:opensearch', Value: d.name },
      ];
      const p = d.properties;

      const subnets = importList(stack, props.dataSubnets.name, props.dataSubnets.ids, root);
      const zoneCount = Math.min(d.zoneCount, props.dataSubnets.count);
      const groupId = importString(stack, `${id}SecurityGroupId`, props.securityGroupId('opensearch', d.name), root);

      const logs = this.logGroups(stack, id, d, tags);
      const security = this.masterUser(stack, id, d, tags);

      const domain = new CfnResource(stack, id, {
        type: 'AWS::OpenSearchService::Domain',
        properties: {
          ...p,
          // An M3, R3 or T2 instance type cannot encrypt (warned, CX3869): written off, for reviewers to see.
          EncryptionAtRestOptions: d.unencrypted ? { Enabled: false } : { ...object(p.EncryptionAtRestOptions), Enabled: true },
          NodeToNodeEncryptionOptions: { Enabled: !d.unencrypted },
          DomainEndpointOptions: { ...object(p.DomainEndpointOptions), EnforceHTTPS: true, TLSSecurityPolicy: object(p.DomainEndpointOptions).TLSSecurityPolicy ?? DEFAULT_TLS_POLICY },
          VPCOptions: { SubnetIds: Array.from({ length: zoneCount }, (_, i) => Fn.select(i, subnets)), SecurityGroupIds: [groupId] },
          ...(security ? { AdvancedSecurityOptions: security } : {}),
          ...(logs.options ? { LogPublishingOptions: { ...object(p.LogPublishingOptions), ...logs.options } } : {}),
          Tags: [...tags, ...((p.Tags as unknown[] | undefined) ?? [])],
        },
      });
      if (logs.policy) domain.addResourceDependency(logs.policy);
      recordRawProperties(this.rawProperties, domain, [OPENSEARCH.key, d.name, 'Properties'], p, d.propertyPaths);
      // The domain holds the data, and CloudFormation cannot snapshot it: kept on delete and replace.
      domain.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      domain.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      this.domains.set(d.name, domain);
    }
  }

  /** `CreateLogGroups`: one log group per log type, and (`CreateLogGroupsResourcePolicy`) the policy letting the service write to them. */
  private logGroups(stack: NestedStack, id: string, d: OpenSearchModel, tags: readonly { Key: string; Value: string }[]): { options?: Props; policy?: CfnResource } {
    if (d.logGroups.length === 0) return {};
    const options: Props = {};
    const arns: string[] = [];
    for (const type of d.logGroups) {
      const group = new CfnResource(stack, `${id}${logGroupSuffix(type)}LogGroup`, {
        type: 'AWS::Logs::LogGroup',
        properties: { RetentionInDays: d.logRetentionDays, Tags: tags },
      });
      const arn = group.getAtt('Arn').toString();
      arns.push(arn);
      options[type] = { Enabled: true, CloudWatchLogsLogGroupArn: arn };
    }
    if (!d.logResourcePolicy) return { options };
    // Amazon OpenSearch Service Developer Guide, "Enabling log publishing": the service principal may
    // create streams and put events in these groups, for this account's domains only.
    const policy = new CfnResource(stack, `${id}LogsPolicy`, {
      type: 'AWS::Logs::ResourcePolicy',
      properties: {
        PolicyName: Fn.join('-', ['composex-opensearch', Aws.STACK_NAME, d.logicalId]),
        PolicyDocument: stack.toJsonString({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'es.amazonaws.com' },
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: arns,
              Condition: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
            },
          ],
        }),
      },
    });
    return { options, policy };
  }

  /** `GenerateMasterUserSecret` / `CreateMasterUserRole`: `AdvancedSecurityOptions` with the master user; else the written ones. */
  private masterUser(stack: NestedStack, id: string, d: OpenSearchModel, tags: readonly { Key: string; Value: string }[]): Props | undefined {
    const written = d.properties.AdvancedSecurityOptions === undefined ? undefined : object(d.properties.AdvancedSecurityOptions);
    if (!d.masterUser) return written;
    if (d.masterUser.kind === 'secret') {
      const secret = new CfnResource(stack, `${id}MasterUserSecret`, {
        type: 'AWS::SecretsManager::Secret',
        properties: {
          Description: `composex ${Aws.STACK_NAME}: master user of OpenSearch domain '${d.name}'`,
          GenerateSecretString: {
            SecretStringTemplate: JSON.stringify({ username: 'admin' }),
            GenerateStringKey: 'password',
            PasswordLength: 32,
            ExcludeCharacters: MASTER_PASSWORD_EXCLUDED,
            // OpenSearch: at least one uppercase letter, one lowercase letter, one digit and one special character.
            RequireEachIncludedType: true,
          },
          Tags: tags,
        },
      });
      secret.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      secret.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      const field = (key: string) => Fn.join('', ['{{resolve:secretsmanager:', secret.ref, `:SecretString:${key}}}`]);
      return { ...written, Enabled: true, InternalUserDatabaseEnabled: true, MasterUserOptions: { MasterUserName: field('username'), MasterUserPassword: field('password') } };
    }
    // ECS ComposeX's master user role: assumable by the account's principals, over TLS only.
    const role = new CfnResource(stack, `${id}MasterUserRole`, {
      type: 'AWS::IAM::Role',
      properties: {
        Description: `composex: master user of OpenSearch domain ${d.name}`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: Fn.join('', ['arn:', Aws.PARTITION, ':iam::', Aws.ACCOUNT_ID, ':root']) },
              Action: 'sts:AssumeRole',
              Condition: { Bool: { 'aws:SecureTransport': 'true' } },
            },
          ],
        },
        ...(d.masterUser.permissionsBoundary ? { PermissionsBoundary: policyArn(d.masterUser.permissionsBoundary) } : {}),
        Tags: tags,
      },
    });
    return { ...written, Enabled: true, InternalUserDatabaseEnabled: false, MasterUserOptions: { MasterUserARN: role.getAtt('Arn').toString() } };
  }

  /** `DomainName` (the `Ref`), or an attribute: `Arn`, `DomainArn`, `DomainEndpoint`, `Id`. */
  value(name: string, attribute: string): StackValue {
    const d = this.models.get(name);
    const domain = this.domains.get(name);
    if (!d || !domain) throw new Error(`internal: unknown OpenSearch domain '${name}'`);
    const inStack = attribute === 'DomainName' ? domain.ref : domain.getAtt(attribute).toString();
    const outputName = valueName(OPENSEARCH.idPrefix, d.logicalId, attribute);
    return { name: outputName, value: exportValue(this.stackOf.get(d)!, outputName, inStack) };
  }
}
