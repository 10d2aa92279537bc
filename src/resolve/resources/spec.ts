/**
 * The shape of a resource kind's spec (the entries of registry.ts), apart from the registry so a
 * resolver can be handed its own spec without importing the registry.
 */
import type { IngressRule, ResourceGrant, ResourceKind, ResourceModels, ResourcesByKind } from '../model';
import type { ResolveContext } from '../context';
import type { Membership } from '../families';
import type { AccessLevel } from './access';

/** What a kind's resolver gives. */
export interface KindResolution<K extends ResourceKind> {
  /** Sorted by name. */
  readonly resources: readonly ResourceModels[K][];
  readonly grants: readonly ResourceGrant[];
  /** Network access the resources open (a database's port to its consumers). */
  readonly ingress?: readonly IngressRule[];
  /** Resources of kinds resolved before it, updated (a topic's subscriptions mark their queues). */
  readonly updated?: Partial<ResourcesByKind>;
}

/** Reads `x-<key>`; `resolved` holds the kinds before it in `RESOURCE_KINDS`; `spec` is its own. */
export type ResourceResolver<K extends ResourceKind> = (
  ctx: ResolveContext,
  membership: Membership,
  resolved: Partial<ResourcesByKind>,
  spec: ResourceKindSpec<K>,
) => KindResolution<K>;

/** Node shapes of the access graph (src/graph/render.ts draws each in Mermaid and dot). */
export type NodeShape = 'circle' | 'box' | 'roundedBox' | 'parallelogram' | 'trapezoid' | 'hexagon' | 'cylinder' | 'flag' | 'stadium';

/** An edge from one resource to another (a subscription, a dead-letter queue). */
export interface ResourceEdge {
  readonly to: { readonly kind: ResourceKind; readonly name: string };
  readonly kind: 'subscription' | 'deadLetter' | 'encryption';
  readonly label: string;
}

export interface ResourceKindSpec<K extends ResourceKind> {
  readonly kind: K;
  /** The top-level Compose key: `x-sqs`. */
  readonly key: string;
  /** The CloudFormation type(s) of the resource its `Properties` are written for. */
  readonly cfnTypes: readonly string[];
  /** Prefix of its logical IDs, outputs and parameters: `Queue` → `QueueJobs`, `QueueJobsUrl`. */
  readonly idPrefix: string;
  readonly access: {
    /** `Access: <level>`: level → the actions it grants. */
    readonly levels: Readonly<Record<string, AccessLevel>>;
    /** Levels written as a mapping, `Access: {DBCluster: RO}`: key → level → actions. */
    readonly keyed?: Readonly<Record<string, Readonly<Record<string, AccessLevel>>>>;
    /**
     * Other names ECS ComposeX takes for a level (AWS SAM policy template names) → the level of
     * `levels` granted instead, with exactly that level's actions.
     */
    readonly aliases?: Readonly<Record<string, string>>;
  };
  readonly values: {
    /** The attribute in the variable named after the resource (`JOBS` = `Url`); none for databases (ECS secrets). */
    readonly main?: string;
    /** The attributes `ReturnValues` accepts, and the other spellings ECS ComposeX users write. */
    readonly returnValues: readonly string[];
    readonly aliases: Readonly<Record<string, string>>;
  };
  readonly resolve: ResourceResolver<K>;
  /** A resource reached without a grant of its own (a dead-letter or subscribed queue) is not unused. */
  readonly usedOtherwise?: (resource: ResourceModels[K], all: ResourcesByKind) => boolean;
  readonly graph: {
    readonly shape: NodeShape;
    /** Shown in parentheses after `x-rds orders` (the engine). */
    readonly detail?: (resource: ResourceModels[K]) => string;
    readonly edges?: (resource: ResourceModels[K]) => readonly ResourceEdge[];
  };
  /**
   * Resources of the kind have their own security group, which admits only their consumers' families
   * on the resource's port (the resolver gives those ingress rules) and allows no outbound traffic
   * (but HTTPS where `outboundHttps` gives a reason).
   */
  readonly network?: {
    /** Who owns the group, in its description and messages: `RDS database` → `RDS database orders`. */
    readonly describe: string;
    /** How to need fewer inbound rules when the group would pass the VPC quota (CX3220). */
    readonly quotaHint: string;
    /**
     * Why a resource of the kind starts HTTPS connections (a database with RdsFeatures calls S3),
     * written as the description of its group's one outbound rule, TCP 443; undefined: no outbound traffic.
     */
    readonly outboundHttps?: (resource: ResourceModels[K]) => string | undefined;
  };
  /**
   * The suffixes generate appends to `<idPrefix><logicalId>` for a resource, beside its `values`
   * attributes (`Policy`, `Alias`, `SecurityGroup`…): what distinct-ids.ts keeps apart. `all`: every
   * kind's resources (a queue's subscriptions are named after their topics' ids).
   */
  readonly idSuffixes?: (resource: ResourceModels[K], all: ResourcesByKind) => readonly string[];
  /** docs/resources.md has a section `## \`<key>\`: <title>` with a `| level | actions |` table. */
  readonly docs: { readonly title: string };
}
