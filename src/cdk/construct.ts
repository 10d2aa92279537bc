/**
 * `ComposeX`: the compiler as a CDK construct, for use inside a user's own stack.
 *
 * ```ts
 * const { project } = loadProject({ files: ['compose.yaml'] });
 * const app = new ComposeX(stack, 'App', { project: project!, vpc, cluster });
 * app.services.api.taskRole.addPropertyOverride(...);   // escape hatches are the L1 resources
 * ```
 *
 * With `vpc` / `cluster`, the user's VPC and cluster are used and no Network / Cluster stack is
 * created. Errors — of loading, resolving, or what ECS cannot run — throw a `DiagnosticError`
 * listing all of them; warnings are attached to the construct as CDK warnings. An entry point
 * like the CLI: it may load compose files, and checks exactly what `composex render` checks.
 */
import { Annotations, NestedStack, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ComposeProject } from '../compose/types';
import { DiagnosticError, formatDiagnostic } from '../diagnostics';
import { compileProject, lockFilePath, readLockFile } from '../compile';
import type { LockFile } from '../resolve/lock';
import { loadProject, LoadOptions } from '../compose/load';
import type { AppModel } from '../resolve/model';
import { ComposeXStacks } from '../aws/app';

/** The resources of one family (and so of each of its services), for escape hatches. */
export interface ComposeXService {
  readonly familyName: string;
  readonly stack: NestedStack;
  readonly taskDefinition: ecs.CfnTaskDefinition;
  /** Absent for a family that only runs as tasks of x-events rules (`DeleteDefaultService`). */
  readonly service?: ecs.CfnService;
  readonly taskRole: iam.CfnRole;
  readonly executionRole: iam.CfnRole;
  readonly securityGroup: ec2.CfnSecurityGroup;
}

export interface ComposeXProps {
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
   * composex does not implement (`x-elasticache`, `x-cloudmap`, `x-aws-role`, …): what they would create is
   * left out, with a warning each (CX1431). Default: such a key is an error (CX1430).
   */
  readonly allowUnsupportedKeys?: boolean;
  /**
   * The answers of `composex lookup` for the project's `Lookup`s (composex.lock.json, read with
   * `readLockFile`). Default with `files`: the lock next to the first file. Synth never calls AWS.
   */
  readonly lock?: LockFile;
}

function isAppModel(value: unknown): value is AppModel {
  return typeof value === 'object' && value !== null && 'families' in value && 'ingress' in value;
}

export class ComposeX extends Construct {
  readonly model: AppModel;
  readonly stacks: ComposeXStacks;
  /** By Compose service name. */
  readonly services: Record<string, ComposeXService>;
  /** By family name. */
  readonly families: Record<string, ComposeXService>;

  constructor(scope: Construct, id: string, props: ComposeXProps) {
    if (!props.project && !props.files) throw new Error('ComposeX: pass either `project` or `files`');
    super(scope, id);
    let model: AppModel;
    if (typeof props.project === 'function') model = props.project();
    else if (isAppModel(props.project)) model = props.project;
    else {
      let project = props.project;
      if (!project) {
        const loaded = loadProject({ ...props.load, files: props.files });
        if (!loaded.project) throw new DiagnosticError(loaded.diagnostics.filter((d) => d.severity === 'error'));
        project = loaded.project;
      }
      // With `files`, composex.lock.json next to the first file is read, as `composex render` does.
      const read = props.lock ? { lock: props.lock } : props.files ? readLockFile(lockFilePath(project)) : {};
      if (read.diagnostic) throw new DiagnosticError([read.diagnostic]);
      const resolved = compileProject(project, { allowUnsupportedKeys: props.allowUnsupportedKeys === true, ...(read.lock ? { lock: read.lock } : {}) });
      if (!resolved.model) throw new DiagnosticError(resolved.diagnostics.filter((d) => d.severity === 'error'));
      // Notes (info) stay notes: a warning would fail `cdk synth --strict`.
      resolved.diagnostics.forEach((d, i) =>
        d.severity === 'info' ? Annotations.of(this).addInfo(formatDiagnostic(d)) : Annotations.of(this).addWarningV2(`composex:${d.code}:${i}`, formatDiagnostic(d)),
      );
      model = resolved.model;
    }
    if (props.projectName) model = { ...model, projectName: props.projectName };
    this.model = model;

    Stack.of(this); // must be inside a stack: nested stacks need a parent stack
    this.stacks = new ComposeXStacks(this, 'Stacks', { model, vpc: props.vpc, cluster: props.cluster });

    const families: Record<string, ComposeXService> = {};
    const services: Record<string, ComposeXService> = {};
    for (const family of model.families) {
      const stack = this.stacks.families.get(family.name)!;
      const entry: ComposeXService = {
        familyName: family.name,
        stack,
        taskDefinition: stack.taskDefinition,
        ...(stack.service ? { service: stack.service } : {}),
        taskRole: stack.taskRole,
        executionRole: stack.executionRole,
        securityGroup: this.stacks.networking.securityGroup({ kind: 'family', family: family.name }),
      };
      families[family.name] = entry;
      // A service in several families maps to the first (families are sorted by name).
      for (const c of family.containers) services[c.name] ??= entry;
    }
    this.families = families;
    this.services = services;
  }
}
