/**
 * The sidecars composex adds to a family's task (part of the model, src/resolve/model.ts): the
 * FireLens log router, the X-Ray daemon, the CloudWatch agent and the secrets init container.
 */
import type { ResourceKind } from './model-resources';

/**
 * A named (EFS) volume of the model, scratch space of the task (tmpfs, anonymous volume), or the
 * task volume holding the container's secret files (filled by the family's `secretsInit`, read-only).
 */
export type ContainerMount =
  | { readonly kind: 'volume'; readonly volume: string; readonly containerPath: string; readonly readOnly: boolean }
  | { readonly kind: 'scratch'; readonly name: string; readonly containerPath: string; readonly readOnly: boolean }
  | { readonly kind: 'secrets'; readonly name: string; readonly containerPath: string; readonly readOnly: true };

/**
 * A value composex writes into a FireLens log option or the router's environment: text, or a
 * value only the family stack knows (its log group's name, the region, an x- resource's attribute).
 */
export type FireLensValue =
  | { readonly text: string }
  | { readonly ref: 'logGroup' | 'region' }
  | { readonly ref: 'resource'; readonly kind: ResourceKind; readonly resource: string; readonly attribute: string };

export interface FireLensOption {
  readonly name: string;
  readonly value: FireLensValue;
}

/** What a task-role statement of the log router applies to: the family's log group, or an ARN (with `${AWS::…}` pseudo parameters). */
export type FireLensStatementResource = { readonly on: 'logGroup' } | { readonly on: 'arn'; readonly arn: string };

export interface FireLensStatement {
  readonly sid: string;
  /** Sorted, explicit actions. */
  readonly actions: readonly string[];
  readonly resources: readonly FireLensStatementResource[];
}

/**
 * The FireLens log router of a family (resolve/firelens-router.ts): AWS for Fluent Bit, in a
 * container named `name` (unique in the task; `log_router`, ECS ComposeX's name). Its CPU units,
 * hard memory limit and memory reservation (MiB) are counted in the task size.
 */
export interface LogRouterModel extends Readonly<Record<'name' | 'image', string>>, Readonly<Record<'cpu' | 'memory' | 'memoryReservation', number>> {
  /** `firelensConfiguration.options`, sorted by name (`enable-ecs-log-metadata`, the configuration file). */
  readonly firelensOptions: readonly { readonly name: string; readonly value: string }[];
  /** Its variables, sorted by name (the configuration file reads them as `${NAME}`). */
  readonly environment: readonly FireLensOption[];
  /** The task volume holding its configuration file (written by the secrets init container), read-only. */
  readonly mounts: readonly ContainerMount[];
  /** The init container it waits for (its configuration file), when it has one. */
  readonly waitsFor?: string;
  /** `EnableApiHeathCheck`: Fluent Bit's health endpoint on 127.0.0.1:2020, checked by ECS. */
  readonly healthCheck: boolean;
  /** The containers that log through it, sorted. */
  readonly services: readonly string[];
  /** What its outputs write to (the task role), besides the x- resource grants (model.grants). */
  readonly statements: readonly FireLensStatement[];
}

/** The X-Ray daemon sidecar of a family (resolve/x-xray.ts). */
export interface XrayDaemonModel {
  /** Container name, unique in the task (`xray-daemon`). */
  readonly name: string;
  readonly image: string;
  /** CPU units and memory reservation (MiB), counted in the task size. */
  readonly cpu: number;
  readonly memoryReservation: number;
  /** UDP port the services send segments to, on 127.0.0.1. */
  readonly port: number;
  /** The services that asked (they get its address and start after it), sorted. */
  readonly services: readonly string[];
}

/** The CloudWatch agent sidecar of a family (resolve/cloudwatch-agent.ts). */
export interface CloudwatchAgentModel {
  /** Container name, unique in the task (`cloudwatch-agent`). */
  readonly name: string;
  readonly image: string;
  /** CPU units and memory reservation (MiB), counted in the task size. */
  readonly cpu: number;
  readonly memoryReservation: number;
  /** It takes EMF logs on 127.0.0.1:25888 (the services get `AWS_EMF_AGENT_ENDPOINT`). */
  readonly emf: boolean;
  /** `EnableCWAgentDebug`: the agent logs in debug mode. */
  readonly debug: boolean;
  /** Prometheus scraping of the family's tasks: the Prometheus configuration, the exporter jobs and the EMF metric declarations. */
  readonly prometheus?: {
    readonly scrapeConfig: string;
    readonly jobs: readonly { readonly name: string; readonly port: number; readonly path: string }[];
    readonly declarations: readonly {
      readonly source_labels: readonly string[];
      readonly label_matcher: string;
      readonly dimensions: readonly (readonly string[])[];
      readonly metric_selectors: readonly string[];
    }[];
  };
  /** The family's services: they start after it (and get its EMF address), sorted. */
  readonly services: readonly string[];
  /** Log groups the services name for their EMF logs (`AWS_EMF_LOG_GROUP_NAME`), besides the family's. */
  readonly emfLogGroups: readonly string[];
}

/**
 * A non-essential container that runs first in the task and exits: it receives the family's file
 * secrets as ECS secrets (through the execution role, like any other) and writes each one into a
 * task volume without a source (task storage, shared by the task's containers only), with its
 * mode and owner. Each app container mounts only its own volumes, read-only, and starts after
 * this one exits successfully (`DependsOn` `SUCCESS`).
 */
export interface SecretsInitModel {
  /** Container name, unique in the task. */
  readonly name: string;
  /** A small public image with a POSIX shell, pinned. */
  readonly image: string;
  /** Hard memory limit, MiB; counted in the family's task size. */
  readonly memory: number;
  /** The task volumes it fills, each mounted read-write in it at `mountPath`, sorted by name. */
  readonly volumes: readonly { readonly name: string; readonly mountPath: string }[];
  /** Its ECS secrets: a variable per secret, holding the whole value, sorted by name. */
  readonly variables: readonly { readonly name: string; readonly secret: string }[];
  /** What it writes: `path` is absolute in the init container (under a volume's `mountPath`), sorted by path. */
  readonly files: readonly { readonly path: string; readonly variable: string; readonly mode: number; readonly uid?: number; readonly gid?: number }[];
}
