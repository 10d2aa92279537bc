/**
 * `ComposeX`: the compiler as a CDK construct, for use inside a user's own stack.
 *
 * ```ts
 * import { ComposeX } from 'composex';
 * const shop = new ComposeX(stack, 'Shop', { files: ['compose.yaml'], vpc, serviceNames: ['api', 'web'] });
 * bucket.grantRead(shop.services.api);                        // iam.IGrantable: a policy on the task role
 * db.connections.allowDefaultPortFrom(shop.services.api);     // ec2.IConnectable: the family's security group
 * shop.services.api.override('service', 'AvailabilityZoneRebalancing', 'ENABLED');   // guarded escape hatch
 * ```
 *
 * With `vpc` / `cluster`, the user's VPC and cluster are used and no Network / Cluster stack is
 * created. Diagnostics — of loading, resolving, or what ECS cannot run — become CDK annotations on
 * this construct, located in the compose file: errors (which stop `cdk synth` and `cdk deploy`,
 * printed without a stack trace), warnings, and notes as infos. With errors nothing is generated,
 * and the handles are stand-ins that accept grants and connections so the app runs on to synthesis.
 * An entry point like the CLI: it may load compose files, and checks exactly what `composex render`
 * checks.
 */
import { Annotations, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ComposeProject } from '../compose/types';
import { type Diagnostic, formatDiagnostic, suggestion, warning } from '../diagnostics';
import { compileProject, lockFilePath, readLockFile } from '../compile';
import type { LockFile } from '../resolve/lock';
import { loadProject, LoadOptions } from '../compose/load';
import type { AppModel } from '../resolve/model';
import { ComposeXStacks } from '../aws/app';
import { ComposeXLoadBalancer, ComposeXService } from './handles';
import { cdkError, cdkMessage } from './errors';
import { OverrideGuard } from './override-guard';
import { checkBuildContexts } from '../render/build-contexts';

export interface ComposeXProps<S extends string = string> {
  /**
   * The project: a loaded `ComposeProject` (resolved here), a resolved `AppModel`, or a function
   * returning one.
   */
  readonly project?: AppModel | ComposeProject | (() => AppModel);
  /** Compose files to load instead of `project` (with the Compose discovery rules when empty). */
  readonly files?: readonly string[];
  /** Options for loading `files` (project directory, environment, profiles…). */
  readonly load?: Omit<LoadOptions, 'files'>;
  /** Overrides the project name (the Service Connect namespace, resource names). */
  readonly projectName?: string;
  /** Run in this VPC. Default: a new VPC (or the `x-vpc` one) in a Network nested stack. */
  readonly vpc?: ec2.IVpc;
  /** Run in this cluster. Default: a new cluster (or the `x-cluster` one). */
  readonly cluster?: ecs.ICluster;
  /**
   * Synthesize although the project uses `x-` keys of ECS ComposeX or Docker's ECS integration that
   * composex does not implement (`x-appmesh`, `x-aws-vpc`, …): what they would create is left out,
   * with a warning each (CX1431). Default: such a key is an error (CX1430).
   */
  readonly allowUnsupportedKeys?: boolean;
  /**
   * The answers of `composex lookup` for the project's `Lookup`s (composex.lock.json, read with
   * `readLockFile`). Default with `files`: the lock next to the first file. Synth never calls AWS.
   */
  readonly lock?: LockFile;
  /**
   * The Compose services the app uses (`['api', 'web']`): `services` is then typed by these names,
   * so `app.services.apii` does not compile, and a name the compose file lacks is an error
   * annotation (CX5115). Default: `services` is a record by any name.
   */
  readonly serviceNames?: readonly S[];
}

function isAppModel(value: unknown): value is AppModel {
  return typeof value === 'object' && value !== null && 'families' in value && 'ingress' in value;
}

/** Diagnostics as annotations: errors stop synthesis; notes (info) stay infos — a warning would fail `cdk synth --strict`. */
function annotate(scope: Construct, diagnostics: readonly Diagnostic[]): void {
  const cwd = process.cwd();
  diagnostics.forEach((d, i) => {
    const message = formatDiagnostic(d, { cwd });
    if (d.severity === 'error') Annotations.of(scope).addError(message);
    else if (d.severity === 'info') Annotations.of(scope).addInfo(message);
    else Annotations.of(scope).addWarningV2(`composex:${d.code}:${i}`, message);
  });
}

export class ComposeX<S extends string = string> extends Construct {
  /** Every diagnostic of loading and resolving (also attached as annotations). */
  readonly diagnostics: readonly Diagnostic[];
  /** By Compose service name (a service in several families: the first by family name). */
  readonly services: { readonly [K in S]: ComposeXService };
  /** By family name. */
  readonly families: Readonly<Record<string, ComposeXService>>;
  /** The load balancers of the published ports (more than one past 50 ports); empty without any. */
  readonly loadBalancers: readonly ComposeXLoadBalancer[];

  private readonly resolved?: { readonly model: AppModel; readonly stacks: ComposeXStacks };

  constructor(scope: Construct, id: string, props: ComposeXProps<S>) {
    if (!props.project && !props.files) throw new Error('ComposeX: pass either `project` or `files`');
    super(scope, id);
    Stack.of(this); // must be inside a stack: nested stacks need a parent stack
    const compiled = this.compile(props);
    // A build context that cannot be read (CX5103) stops generation here, as in `composex render`.
    const unreadable = compiled.model ? checkBuildContexts(compiled.model) : [];
    const model = unreadable.length > 0 ? undefined : compiled.model;
    const diagnostics = model ? [...compiled.diagnostics, ...ignoredByProps(model, props)] : [...compiled.diagnostics, ...unreadable];
    annotate(this, diagnostics);

    const missing = model ? (props.serviceNames ?? []).filter((name) => !model.families.some((f) => f.containers.some((c) => c.name === name))) : [];
    for (const name of missing) {
      const known = model!.families.flatMap((f) => f.containers.map((c) => c.name));
      const where = this.firstFile(props) ?? 'the compose file';
      Annotations.of(this).addError(`${where}: error ${cdkMessage('CX5115', `serviceNames lists '${name}', which the compose file does not define`)}\n  hint: ${suggestion(name, known, 'service')}`);
    }
    this.diagnostics = diagnostics;

    if (!model) {
      // Nothing is generated; stand-ins let the app's own code run on to synthesis, which prints the errors.
      const why = `${this.firstFile(props) ?? 'the compose project'} has errors (error annotations on ${this.node.path})`;
      const unresolved = new Construct(this, 'NotGenerated');
      const standIns = new Map<string, ComposeXService>();
      const standIn = (name: string) => standIns.get(name) ?? standIns.set(name, ComposeXService.unresolved(unresolved, name, why)).get(name)!;
      const byName = new Proxy({} as Record<string, ComposeXService>, { get: (_, name) => (typeof name === 'string' ? standIn(name) : undefined) });
      this.services = byName as ComposeX<S>['services'];
      this.families = byName;
      this.loadBalancers = [];
      return;
    }

    const stacks = new ComposeXStacks(this, 'Stacks', { model, vpc: props.vpc, cluster: props.cluster });
    this.resolved = { model, stacks };
    const guard = new OverrideGuard();
    guard.attach(this);
    const handles = new Construct(this, 'Handles');
    let imported: ecs.ICluster | undefined;
    const cluster = () => {
      if (props.cluster) return props.cluster;
      if (!props.vpc) return undefined;
      imported ??= ecs.Cluster.fromClusterAttributes(handles, 'Cluster', { clusterName: stacks.clusterRefs.clusterName, vpc: props.vpc });
      return imported;
    };
    const families: Record<string, ComposeXService> = {};
    const services: Record<string, ComposeXService> = {};
    for (const family of model.families) {
      const owner = { kind: 'family', family: family.name } as const;
      const entry = ComposeXService.ofFamily(handles, stacks.families.get(family.name)!, stacks.networking.securityGroup(owner), stacks.networking.groupId(owner), guard, cluster);
      families[family.name] = entry;
      // A service in several families maps to the first (families are sorted by name).
      for (const c of family.containers) services[c.name] ??= entry;
    }
    this.families = families;
    this.services = services as ComposeX<S>['services'];
    this.loadBalancers = stacks.loadBalancers.map(
      (stack, index) =>
        new ComposeXLoadBalancer(handles, `LoadBalancer${index === 0 ? '' : index + 1}`, stack, stacks.networking.groupId(index === 0 ? { kind: 'loadBalancer' } : { kind: 'loadBalancer', index }), guard),
    );
  }

  /** The resolved project. Throws (CX5110) when the compose file has errors. */
  get model(): AppModel {
    return this.generated.model;
  }

  /** The nested stacks composex created. Throws (CX5110) when the compose file has errors. */
  get stacks(): ComposeXStacks {
    return this.generated.stacks;
  }

  /** The first load balancer, absent when no port is published. */
  get loadBalancer(): ComposeXLoadBalancer | undefined {
    return this.loadBalancers[0];
  }

  /** The handle of a Compose service; an unknown name throws (CX5115) with the closest name. */
  service(name: S): ComposeXService {
    const found = (this.services as Readonly<Record<string, ComposeXService | undefined>>)[name];
    if (found) return found;
    const known = Object.keys(this.services);
    throw cdkError('CX5115', `the compose project has no service '${name}'; ${suggestion(name, known, 'service')}`);
  }

  /** The task role of a Compose service's family: `bucket.grantRead(app.taskRole('api'))`. */
  taskRole(name: S): iam.IRole {
    return this.service(name).taskRole;
  }

  /** A grant on a service's task role as one expression: `app.grant('api', (role) => bucket.grantRead(role))`. */
  grant<T>(name: S, grant: (role: iam.IRole) => T): T {
    return this.service(name).grant(grant);
  }

  private get generated(): { readonly model: AppModel; readonly stacks: ComposeXStacks } {
    if (!this.resolved) throw cdkError('CX5110', `nothing was generated: the compose project has errors (error annotations on ${this.node.path})`);
    return this.resolved;
  }

  private firstFile(props: ComposeXProps<S>): string | undefined {
    return props.files?.[0];
  }

  private compile(props: ComposeXProps<S>): { model?: AppModel; diagnostics: readonly Diagnostic[] } {
    const fix = (m: AppModel) => (props.projectName ? { ...m, projectName: props.projectName } : m);
    if (typeof props.project === 'function') return { model: fix(props.project()), diagnostics: [] };
    if (isAppModel(props.project)) return { model: fix(props.project), diagnostics: [] };
    let project = props.project;
    if (!project) {
      const loaded = loadProject({ ...props.load, files: props.files });
      if (!loaded.project) return { diagnostics: loaded.diagnostics };
      project = loaded.project;
    }
    // With `files`, composex.lock.json next to the first file is read, as `composex render` does.
    const read = props.lock ? { lock: props.lock } : props.files ? readLockFile(lockFilePath(project)) : {};
    if (read.diagnostic) return { diagnostics: [read.diagnostic] };
    const resolved = compileProject(project, { allowUnsupportedKeys: props.allowUnsupportedKeys === true, ...(read.lock ? { lock: read.lock } : {}) });
    if (!resolved.model) return { diagnostics: resolved.diagnostics };
    return { model: fix(resolved.model), diagnostics: resolved.diagnostics };
  }
}

/**
 * CX5117: `x-vpc` beside the construct's `vpc`, or `x-cluster` beside its `cluster`: the app's own
 * VPC or cluster is used (src/aws/app.ts), so what the file declares there (a new VPC with its
 * Endpoints, NAT gateways and CIDR, an existing VPC's ids, a cluster's settings) is not created nor
 * read. Said once per key, at the key, never in silence.
 */
function ignoredByProps(model: AppModel, props: Pick<ComposeXProps, 'vpc' | 'cluster'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ignored = [
    { key: 'x-vpc', prop: 'vpc', given: props.vpc !== undefined, what: 'the VPC it declares (a new one with its subnets, NAT gateways and Endpoints, or an existing one by ids or Lookup)' },
    { key: 'x-cluster', prop: 'cluster', given: props.cluster !== undefined, what: 'the cluster it declares (a new one with its settings, or an existing one)' },
  ];
  for (const { key, prop, given, what } of ignored) {
    const at = given ? model.locate([key], 'key') : undefined;
    if (!at) continue;
    out.push(
      warning(
        'CX5117',
        `${key} is not used: the ComposeX construct runs the services in the ${prop} the app passes (props.${prop}), so ${what} is not created or read`,
        at,
        `remove ${key} from the compose file when the app gives the ${prop}, or leave props.${prop} out to have composex use ${key}`,
      ),
    );
  }
  return out;
}
