/**
 * A small CloudFormation / S3 / STS / Secrets Manager / RDS simulator on top of aws-sdk-client-mock:
 * real SDK clients whose `send` is stubbed per instance, with state (stacks, events, change sets,
 * objects, secret values) the handlers read and change. Time advances only when the code under
 * test sleeps (`tick`), which releases the next scripted step of the running operation.
 *
 * Pages are small on purpose (events 3 per page, change set 4 changes per page) so every listing
 * goes through NextToken.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  type ResourceChange,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ECRClient } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../src/deploy/clients';
import type { DeployIO } from '../../src/deploy/io';
import type { RenderedFile } from '../../src/render/types';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const BUCKET = `composex-${ACCOUNT}-${REGION}`;
const EVENTS_PER_PAGE = 3;
const CHANGES_PER_PAGE = 4;
const START = Date.parse('2026-11-23T10:00:00Z');

export function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode, attempts: 1 } });
}

export interface FakeResource {
  type: string;
  physicalId?: string;
  status?: string;
}

export interface FakeStack {
  readonly id: string;
  readonly name: string;
  status: string;
  reason?: string;
  description?: string;
  /** Oldest first. */
  readonly events: StackEvent[];
  readonly resources: Map<string, FakeResource>;
  parameters: { ParameterKey: string; ParameterValue: string }[];
  outputs: { OutputKey: string; OutputValue: string }[];
  template?: string;
}

export interface PlannedChangeSet {
  /** Root changes; an AWS::CloudFormation::Stack change gets a nested change set when `nested` has its logical id. */
  readonly changes: ResourceChange[];
  readonly nested?: Record<string, ResourceChange[]>;
  /** FAILED with this reason instead of CREATE_COMPLETE. */
  readonly failReason?: string;
}

interface FakeChangeSet {
  readonly id: string;
  readonly name: string;
  readonly stackId: string;
  readonly type: string;
  status: string;
  reason?: string;
  readonly changes: ResourceChange[];
  readonly input: Record<string, unknown>;
}

type Step = () => void;

/** A DB instance or cluster as RDS reports it; a modification takes effect one tick later. */
export interface FakeDatabase {
  readonly kind: 'instance' | 'cluster';
  deletionProtection: boolean;
  status: string;
}

const DATABASE_KINDS: Readonly<Record<string, FakeDatabase['kind']>> = { 'AWS::RDS::DBInstance': 'instance', 'AWS::RDS::DBCluster': 'cluster' };

export class FakeCloud {
  readonly cloudformation = new CloudFormationClient({ region: REGION });
  readonly s3 = new S3Client({ region: REGION });
  readonly sts = new STSClient({ region: REGION });
  readonly secretsManager = new SecretsManagerClient({ region: REGION });
  readonly rds = new RDSClient({ region: REGION });
  readonly ecr = new ECRClient({ region: REGION });
  readonly cfn = mockClient(this.cloudformation);
  readonly s3Mock = mockClient(this.s3);
  readonly stsMock = mockClient(this.sts);
  readonly smMock = mockClient(this.secretsManager);
  readonly rdsMock = mockClient(this.rds);
  readonly ecrMock = mockClient(this.ecr);

  readonly stacks = new Map<string, FakeStack>();
  readonly buckets = new Set<string>();
  readonly objects = new Map<string, string>();
  readonly secretValues = new Map<string, string>();
  /** RDS databases by identifier (the physical id of their stack resource). */
  readonly databases = new Map<string, FakeDatabase>();
  readonly changeSets = new Map<string, FakeChangeSet>();
  /** What the next CreateChangeSet computes. */
  nextChangeSet: PlannedChangeSet = { changes: [] };
  /** Paged reads as they were made (the SDK paginators reuse one input object, so recorded inputs show only its last state). */
  readonly reads: { command: string; name: string; token: string }[] = [];
  /** What ExecuteChangeSet / DeleteStack start: steps released one per sleep. */
  onExecute: (changeSet: FakeChangeSet) => Step[] = () => [];
  onDelete: (stack: FakeStack) => Step[] = (stack) => this.deletion(stack);
  private pending: Step[] = [];
  private clock = START;
  private counter = 0;

  constructor() {
    this.install();
  }

  get clients(): AwsClients {
    return { cloudformation: this.cloudformation, s3: this.s3, sts: this.sts, secretsManager: this.secretsManager, rds: this.rds, ecr: this.ecr };
  }

  /** Time passes: the next step of the running operation happens. */
  tick(): void {
    this.pending.shift()?.();
  }

  get busy(): boolean {
    return this.pending.length > 0;
  }

  stackNamed(name: string): FakeStack | undefined {
    return [...this.stacks.values()].reverse().find((s) => s.name === name && s.status !== 'DELETE_COMPLETE');
  }

  addStack(name: string, status: string, init: Partial<Pick<FakeStack, 'description' | 'template' | 'parameters' | 'outputs'>> = {}): FakeStack {
    const id = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/${String(++this.counter).padStart(8, '0')}-guid`;
    const stack: FakeStack = { id, name, status, events: [], resources: new Map(), parameters: [], outputs: [], ...init };
    this.stacks.set(id, stack);
    return stack;
  }

  /** A nested stack, registered in its parent as resource `logicalId`. */
  addNested(parent: FakeStack, logicalId: string, status: string, init: Partial<Pick<FakeStack, 'description' | 'template' | 'outputs'>> = {}): FakeStack {
    const child = this.addStack(`${parent.name}-${logicalId}-X${this.counter}`, status, init);
    parent.resources.set(logicalId, { type: 'AWS::CloudFormation::Stack', physicalId: child.id, status });
    return child;
  }

  /** Records an event (and its effect on the resource or the stack). */
  event(stack: FakeStack, logicalId: string, type: string, status: string, extra: { physicalId?: string; reason?: string } = {}): StackEvent {
    this.clock += 1000;
    const self = logicalId === stack.name;
    const physicalId = self ? stack.id : extra.physicalId ?? stack.resources.get(logicalId)?.physicalId;
    const event: StackEvent = {
      StackId: stack.id,
      StackName: stack.name,
      EventId: `${stack.name}-event-${String(stack.events.length + 1).padStart(4, '0')}`,
      LogicalResourceId: logicalId,
      PhysicalResourceId: physicalId,
      ResourceType: type,
      ResourceStatus: status as StackEvent['ResourceStatus'],
      Timestamp: new Date(this.clock),
      ...(extra.reason ? { ResourceStatusReason: extra.reason } : {}),
    };
    stack.events.push(event);
    if (self) {
      stack.status = status;
    } else {
      const resource = stack.resources.get(logicalId) ?? { type };
      stack.resources.set(logicalId, { ...resource, type, status, ...(physicalId ? { physicalId } : {}) });
      if (status === 'DELETE_COMPLETE') stack.resources.delete(logicalId);
    }
    return event;
  }

  selfEvent(stack: FakeStack, status: string, reason?: string): void {
    this.event(stack, stack.name, 'AWS::CloudFormation::Stack', status, reason ? { reason } : {});
  }

  /**
   * A successful create or update of the rendered app: nested stacks appear (with their resources,
   * secrets with ARNs) in one step and complete in the next.
   */
  applyTemplates(files: readonly RenderedFile[], kind: 'CREATE' | 'UPDATE', root: FakeStack): Step[] {
    const start: Step = () => {
      root.description = files[0].template.Description as string | undefined;
      this.selfEvent(root, `${kind}_IN_PROGRESS`, 'User Initiated');
      for (const file of files.slice(1).filter((f) => f.parent === files[0].path)) {
        const existing = root.resources.get(file.logicalId!)?.physicalId;
        const child = existing ? this.stacks.get(existing)! : this.addStack(`${root.name}-${file.logicalId}-X${this.counter}`, `${kind}_IN_PROGRESS`);
        child.template = file.content;
        child.description = file.template.Description as string | undefined;
        this.event(root, file.logicalId!, 'AWS::CloudFormation::Stack', `${kind}_IN_PROGRESS`, { physicalId: child.id });
        this.selfEvent(child, `${kind}_IN_PROGRESS`, 'User Initiated');
        for (const [id, r] of Object.entries(file.template.Resources ?? {})) {
          const physicalId = physicalIdFor(child, id, r.Type);
          this.event(child, id, r.Type, `${kind}_IN_PROGRESS`, { physicalId });
          const dbKind = DATABASE_KINDS[r.Type];
          if (dbKind && !this.databases.has(physicalId)) {
            this.databases.set(physicalId, { kind: dbKind, deletionProtection: r.Properties?.DeletionProtection === true, status: 'available' });
          }
        }
      }
    };
    const finish: Step = () => {
      for (const file of files.slice(1).filter((f) => f.parent === files[0].path)) {
        const child = this.stacks.get(root.resources.get(file.logicalId!)!.physicalId!)!;
        for (const [id, r] of Object.entries(file.template.Resources ?? {})) this.event(child, id, r.Type, `${kind}_COMPLETE`);
        for (const [key] of Object.entries(file.template.Outputs ?? {})) {
          if (key === 'LoadBalancerDnsName') child.outputs = [{ OutputKey: key, OutputValue: `${root.name}-lb-0123456789.elb.${REGION}.amazonaws.com` }];
        }
        this.selfEvent(child, `${kind}_COMPLETE`);
        this.event(root, file.logicalId!, 'AWS::CloudFormation::Stack', `${kind}_COMPLETE`);
      }
      this.selfEvent(root, `${kind}_COMPLETE`);
    };
    return [start, finish];
  }

  /**
   * Deleting a stack and its nested stacks, in two steps. A nested stack holding a database with
   * deletion protection on fails as CloudFormation's does (the others are deleted); databases
   * that go are removed from RDS.
   */
  deletion(stack: FakeStack): Step[] {
    return [
      () => this.selfEvent(stack, 'DELETE_IN_PROGRESS', 'User Initiated'),
      () => {
        const failed: string[] = [];
        for (const [id, r] of [...stack.resources]) {
          if (r.type === 'AWS::CloudFormation::Stack' && r.physicalId) {
            const child = this.stacks.get(r.physicalId);
            const blocking = child ? [...child.resources.values()].filter((c) => c.physicalId && this.databases.get(c.physicalId)?.deletionProtection) : [];
            if (child && blocking.length) {
              const reason = `Cannot delete protected DB Instance, please disable deletion protection and try again. (Service: Rds, Status Code: 400)`;
              for (const [cid, c] of child.resources) if (blocking.includes(c)) this.event(child, cid, c.type, 'DELETE_FAILED', { reason });
              this.selfEvent(child, 'DELETE_FAILED', 'The following resource(s) failed to delete: [...]');
              this.event(stack, id, r.type, 'DELETE_FAILED', { reason: `Embedded stack ${child.id} was not successfully deleted` });
              failed.push(id);
              continue;
            }
            if (child) {
              for (const c of child.resources.values()) if (c.physicalId) this.databases.delete(c.physicalId);
              child.status = 'DELETE_COMPLETE';
            }
          }
          this.event(stack, id, r.type, 'DELETE_COMPLETE');
        }
        if (failed.length) this.selfEvent(stack, 'DELETE_FAILED', `The following resource(s) failed to delete: [${failed.join(', ')}].`);
        else this.selfEvent(stack, 'DELETE_COMPLETE');
      },
    ];
  }

  private find(nameOrId: string): FakeStack | undefined {
    return this.stacks.get(nameOrId) ?? this.stackNamed(nameOrId);
  }

  private mustFind(nameOrId: string): FakeStack {
    const stack = this.find(nameOrId);
    if (!stack) throw awsError('ValidationError', `Stack with id ${nameOrId} does not exist`);
    return stack;
  }

  private install(): void {
    const cfn = this.cfn;
    cfn.on(DescribeStacksCommand).callsFake((input: { StackName: string }) => {
      const s = this.mustFind(input.StackName);
      return {
        Stacks: [
          {
            StackId: s.id,
            StackName: s.name,
            StackStatus: s.status,
            CreationTime: new Date(START),
            ...(s.reason ? { StackStatusReason: s.reason } : {}),
            ...(s.description ? { Description: s.description } : {}),
            Parameters: s.parameters,
            Outputs: s.outputs,
          },
        ],
      };
    });
    cfn.on(DescribeStackEventsCommand).callsFake((input: { StackName: string; NextToken?: string }) => {
      this.reads.push({ command: 'DescribeStackEvents', name: input.StackName, token: input.NextToken ?? '' });
      const s = this.mustFind(input.StackName);
      const newestFirst = [...s.events].reverse();
      const from = input.NextToken ? Number(input.NextToken) : 0;
      const page = newestFirst.slice(from, from + EVENTS_PER_PAGE);
      const next = from + EVENTS_PER_PAGE < newestFirst.length ? String(from + EVENTS_PER_PAGE) : undefined;
      return { StackEvents: page, ...(next ? { NextToken: next } : {}) };
    });
    cfn.on(ListStackResourcesCommand).callsFake((input: { StackName: string; NextToken?: string }) => {
      const s = this.mustFind(input.StackName);
      const all = [...s.resources].map(([id, r]) => ({
        LogicalResourceId: id,
        ResourceType: r.type,
        PhysicalResourceId: r.physicalId,
        ResourceStatus: r.status ?? 'CREATE_COMPLETE',
        LastUpdatedTimestamp: new Date(START),
      }));
      const from = input.NextToken ? Number(input.NextToken) : 0;
      const next = from + 3 < all.length ? String(from + 3) : undefined;
      return { StackResourceSummaries: all.slice(from, from + 3), ...(next ? { NextToken: next } : {}) };
    });
    cfn.on(DescribeStackResourceCommand).callsFake((input: { StackName: string; LogicalResourceId: string }) => {
      const s = this.mustFind(input.StackName);
      const r = s.resources.get(input.LogicalResourceId);
      if (!r) throw awsError('ValidationError', `Resource ${input.LogicalResourceId} does not exist for stack ${s.name}`);
      return { StackResourceDetail: { LogicalResourceId: input.LogicalResourceId, PhysicalResourceId: r.physicalId, ResourceType: r.type } };
    });
    cfn.on(GetTemplateCommand).callsFake((input: { StackName: string }) => ({ TemplateBody: this.mustFind(input.StackName).template }));
    cfn.on(CreateChangeSetCommand).callsFake((input: Record<string, unknown> & { StackName: string; ChangeSetName: string; ChangeSetType: string }) => {
      let stack = this.stackNamed(input.StackName);
      if (input.ChangeSetType === 'CREATE') {
        if (stack && stack.status !== 'REVIEW_IN_PROGRESS') throw awsError('AlreadyExistsException', `Stack [${input.StackName}] already exists`);
        if (!stack) {
          stack = this.addStack(input.StackName, 'REVIEW_IN_PROGRESS');
          this.selfEvent(stack, 'REVIEW_IN_PROGRESS', 'User Initiated');
        }
      } else if (!stack) {
        throw awsError('ValidationError', `Stack [${input.StackName}] does not exist`);
      }
      const plan = this.nextChangeSet;
      const id = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:changeSet/${input.ChangeSetName}/${++this.counter}`;
      const changes = plan.changes.map((c) => {
        const nested = c.ResourceType === 'AWS::CloudFormation::Stack' ? plan.nested?.[c.LogicalResourceId ?? ''] : undefined;
        if (!nested) return c;
        const nestedId = `${id}-nested-${c.LogicalResourceId}`;
        this.changeSets.set(nestedId, { id: nestedId, name: `${input.ChangeSetName}-${c.LogicalResourceId}`, stackId: 'nested', type: input.ChangeSetType, status: 'CREATE_COMPLETE', changes: nested, input: {} });
        return { ...c, ChangeSetId: nestedId };
      });
      this.changeSets.set(id, {
        id,
        name: input.ChangeSetName,
        stackId: stack.id,
        type: input.ChangeSetType,
        status: plan.failReason ? 'FAILED' : 'CREATE_COMPLETE',
        ...(plan.failReason ? { reason: plan.failReason } : {}),
        changes,
        input,
      });
      return { Id: id, StackId: stack.id };
    });
    cfn.on(DescribeChangeSetCommand).callsFake((input: { ChangeSetName: string; NextToken?: string }) => {
      this.reads.push({ command: 'DescribeChangeSet', name: input.ChangeSetName, token: input.NextToken ?? '' });
      const cs = this.changeSets.get(input.ChangeSetName);
      if (!cs) throw awsError('ChangeSetNotFoundException', `ChangeSet [${input.ChangeSetName}] does not exist`, 404);
      const from = input.NextToken ? Number(input.NextToken) : 0;
      const next = from + CHANGES_PER_PAGE < cs.changes.length ? String(from + CHANGES_PER_PAGE) : undefined;
      return {
        ChangeSetId: cs.id,
        ChangeSetName: cs.name,
        StackId: cs.stackId,
        Status: cs.status,
        ...(cs.reason ? { StatusReason: cs.reason } : {}),
        ExecutionStatus: cs.status === 'CREATE_COMPLETE' ? 'AVAILABLE' : 'UNAVAILABLE',
        Changes: cs.changes.slice(from, from + CHANGES_PER_PAGE).map((ResourceChange) => ({ Type: 'Resource', ResourceChange })),
        ...(next ? { NextToken: next } : {}),
      };
    });
    cfn.on(DeleteChangeSetCommand).callsFake((input: { ChangeSetName: string }) => {
      this.changeSets.delete(input.ChangeSetName);
      for (const key of [...this.changeSets.keys()]) if (key.startsWith(`${input.ChangeSetName}-nested-`)) this.changeSets.delete(key);
      return {};
    });
    cfn.on(ExecuteChangeSetCommand).callsFake((input: { ChangeSetName: string }) => {
      const cs = this.changeSets.get(input.ChangeSetName);
      if (!cs || cs.status !== 'CREATE_COMPLETE') throw awsError('InvalidChangeSetStatus', 'ChangeSet is not executable');
      const stack = this.stacks.get(cs.stackId)!;
      stack.template = String(cs.input.TemplateBody ?? cs.input.TemplateURL ?? '');
      stack.parameters = ((cs.input.Parameters as { ParameterKey: string; ParameterValue?: string }[]) ?? []).map((p) => ({
        ParameterKey: p.ParameterKey,
        ParameterValue: p.ParameterValue ?? stack.parameters.find((q) => q.ParameterKey === p.ParameterKey)?.ParameterValue ?? '',
      }));
      this.changeSets.delete(cs.id);
      for (const key of [...this.changeSets.keys()]) if (key.startsWith(`${cs.id}-nested-`)) this.changeSets.delete(key);
      this.pending.push(...this.onExecute(cs));
      return {};
    });
    cfn.on(DeleteStackCommand).callsFake((input: { StackName: string }) => {
      const stack = this.mustFind(input.StackName);
      if (stack.status === 'REVIEW_IN_PROGRESS') {
        stack.status = 'DELETE_COMPLETE';
        return {};
      }
      this.pending.push(...this.onDelete(stack));
      return {};
    });

    this.stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/dev`, UserId: 'AIDEXAMPLE' });

    this.s3Mock.on(HeadBucketCommand).callsFake((input: { Bucket: string }) => {
      if (!this.buckets.has(input.Bucket)) throw awsError('NotFound', 'NotFound', 404);
      return {};
    });
    this.s3Mock.on(CreateBucketCommand).callsFake((input: { Bucket: string }) => {
      this.buckets.add(input.Bucket);
      return {};
    });
    this.s3Mock.on(PutPublicAccessBlockCommand).resolves({});
    this.s3Mock.on(PutBucketEncryptionCommand).resolves({});
    this.s3Mock.on(PutBucketPolicyCommand).resolves({});
    this.s3Mock.on(HeadObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
      if (!this.objects.has(`${input.Bucket}/${input.Key}`)) throw awsError('NotFound', 'NotFound', 404);
      return { ContentLength: this.objects.get(`${input.Bucket}/${input.Key}`)!.length };
    });
    this.s3Mock.on(PutObjectCommand).callsFake((input: { Bucket: string; Key: string; Body: string }) => {
      if (!this.buckets.has(input.Bucket)) throw awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
      this.objects.set(`${input.Bucket}/${input.Key}`, input.Body);
      return {};
    });

    const describeDatabase = (identifier: string, kind: FakeDatabase['kind']): FakeDatabase => {
      const db = this.databases.get(identifier);
      if (!db || db.kind !== kind) {
        throw kind === 'instance'
          ? awsError('DBInstanceNotFoundFault', `DBInstance ${identifier} not found.`, 404)
          : awsError('DBClusterNotFoundFault', `DBCluster ${identifier} not found.`, 404);
      }
      return db;
    };
    const modifyDatabase = (identifier: string, kind: FakeDatabase['kind'], deletionProtection: boolean | undefined) => {
      const db = describeDatabase(identifier, kind);
      if (deletionProtection === undefined) return;
      db.status = 'modifying';
      this.pending.push(() => {
        db.deletionProtection = deletionProtection;
        db.status = 'available';
      });
    };
    this.rdsMock.on(DescribeDBInstancesCommand).callsFake((input: { DBInstanceIdentifier: string }) => {
      const db = describeDatabase(input.DBInstanceIdentifier, 'instance');
      return { DBInstances: [{ DBInstanceIdentifier: input.DBInstanceIdentifier, DeletionProtection: db.deletionProtection, DBInstanceStatus: db.status }] };
    });
    this.rdsMock.on(DescribeDBClustersCommand).callsFake((input: { DBClusterIdentifier: string }) => {
      const db = describeDatabase(input.DBClusterIdentifier, 'cluster');
      return { DBClusters: [{ DBClusterIdentifier: input.DBClusterIdentifier, DeletionProtection: db.deletionProtection, Status: db.status }] };
    });
    this.rdsMock.on(ModifyDBInstanceCommand).callsFake((input: { DBInstanceIdentifier: string; DeletionProtection?: boolean }) => {
      modifyDatabase(input.DBInstanceIdentifier, 'instance', input.DeletionProtection);
      return { DBInstance: { DBInstanceIdentifier: input.DBInstanceIdentifier } };
    });
    this.rdsMock.on(ModifyDBClusterCommand).callsFake((input: { DBClusterIdentifier: string; DeletionProtection?: boolean }) => {
      modifyDatabase(input.DBClusterIdentifier, 'cluster', input.DeletionProtection);
      return { DBCluster: { DBClusterIdentifier: input.DBClusterIdentifier } };
    });

    this.smMock.on(GetSecretValueCommand).callsFake((input: { SecretId: string }) => {
      if (!this.secretValues.has(input.SecretId)) {
        throw awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
      }
      return { ARN: input.SecretId, SecretString: this.secretValues.get(input.SecretId) };
    });
    this.smMock.on(PutSecretValueCommand).callsFake((input: { SecretId: string; SecretString: string }) => {
      this.secretValues.set(input.SecretId, input.SecretString);
      return { ARN: input.SecretId, VersionId: `v${++this.counter}` };
    });
  }
}

function physicalIdFor(stack: FakeStack, logicalId: string, type: string): string {
  switch (type) {
    case 'AWS::SecretsManager::Secret':
      return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${logicalId}-AbCdEf`;
    case 'AWS::ECS::Service':
      return `arn:aws:ecs:${REGION}:${ACCOUNT}:service/shop-cluster/${stack.name}-${logicalId}-Zz9`;
    case 'AWS::EFS::FileSystem':
      return 'fs-0123456789abcdef0';
    default:
      return `${stack.name}-${logicalId}`;
  }
}

export interface CapturedIO extends DeployIO {
  readonly out: () => string;
  readonly err: () => string;
  /** Answers given to confirmation prompts, in order; the questions asked. */
  readonly questions: string[];
  /** Ctrl-C: fires the registered interrupt handlers. */
  interrupt(): void;
}

/** An IO whose sleep advances the fake cloud, with a clock that moves 5 s per sleep. */
export function captureIO(cloud: FakeCloud, options: { isTTY?: boolean; columns?: number; answers?: boolean[]; onSleep?: (n: number) => void } = {}): CapturedIO {
  let stdout = '';
  let stderr = '';
  let now = Date.parse('2026-11-23T09:59:00Z');
  let sleeps = 0;
  const answers = [...(options.answers ?? [])];
  const handlers = new Set<() => void>();
  const questions: string[] = [];
  return {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: options.isTTY ?? false,
    interactive: options.isTTY ?? false,
    color: false,
    ...(options.columns ? { columns: options.columns } : {}),
    confirm: async (q) => {
      questions.push(q);
      return answers.shift() ?? false;
    },
    sleep: async () => {
      now += 5000;
      sleeps++;
      if (sleeps > 1000) throw new Error('test: too many sleeps (the code under test never settles)');
      options.onSleep?.(sleeps);
      cloud.tick();
    },
    now: () => new Date(now),
    onInterrupt: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    out: () => stdout,
    err: () => stderr,
    questions,
    interrupt: () => {
      for (const h of [...handlers]) h();
    },
  };
}
