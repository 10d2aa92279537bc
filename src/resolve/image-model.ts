/** The model of the images composex builds and checks (part of `AppModel`, see model.ts). */
import type { SourceLocation } from '../diagnostics';

/**
 * A service whose image composex builds (`build:` and no `image:`): an ECR repository in the root
 * stack, and a root-stack parameter holding the image the family runs (`<repository URI>@sha256:…`,
 * set by `composex deploy` to the digest it pushed).
 */
export interface BuiltImageModel {
  readonly service: string;
  /** Logical id of the `AWS::ECR::Repository` in the root stack (`Repository<Id>`). */
  readonly repositoryLogicalId: string;
  /** Root-stack parameter with the image reference (`<Id>Image`), passed down to the family stack. */
  readonly parameter: string;
  readonly build: ImageBuild;
}

/** What `docker buildx build` is given, from the service's `build:` (paths absolute). */
export interface ImageBuild {
  /** A directory, or a URL (`https://…git`, `git@…`) docker fetches itself. */
  readonly context: string;
  /** Relative to the context, as Compose has it; absent: `Dockerfile`. */
  readonly dockerfile?: string;
  readonly dockerfileInline?: string;
  /** Sorted by name; no value: docker takes it from its environment. */
  readonly args: readonly { readonly name: string; readonly value?: string }[];
  readonly target?: string;
  /** `build.platforms`, else the service's `platform`, else the family's architecture (`linux/amd64`). */
  readonly platforms: readonly string[];
  /** Build secrets: the id the Dockerfile mounts, and a file or a variable of the environment. */
  readonly secrets: readonly { readonly id: string; readonly file?: string; readonly environment?: string }[];
  /** `build.ssh`: `default` or `id=path`. */
  readonly ssh: readonly string[];
  readonly cacheFrom: readonly string[];
  readonly cacheTo: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly additionalContexts: Readonly<Record<string, string>>;
  readonly network?: string;
  readonly noCache: boolean;
  readonly pull: boolean;
}

/** The ECR severities a scan threshold names (ECS ComposeX's `x-ecr.VulnerabilitiesScan.Thresholds`). */
export const SCAN_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type ScanSeverity = (typeof SCAN_SEVERITIES)[number];

/**
 * `x-ecr.VulnerabilitiesScan` of a service whose image is in a private ECR repository: `composex
 * deploy` reads the image's scan findings (DescribeImageScanFindings) before it creates the change
 * set, and stops when a severity reaches its threshold (src/deploy/image-scans.ts).
 */
export interface ImageScanModel {
  readonly service: string;
  /** The image as the task definition names it (`…@sha256:…` when pinned). */
  readonly image: string;
  /** The 12-digit account of the registry, its region, the repository. */
  readonly registryId: string;
  readonly region: string;
  readonly repositoryName: string;
  /** The image the scan is of: the pinned digest, else the tag written (`latest` when none). */
  readonly imageId: { readonly imageDigest: string } | { readonly imageTag: string };
  /** A severity stops the deployment when the image has at least this many findings of it (and at least one). */
  readonly thresholds: Readonly<Record<ScanSeverity, number>>;
  /** `IgnoreFailure: true`: findings over a threshold are reported, and the deployment goes on. */
  readonly ignoreFindings: boolean;
  /** `TreatFailedAs`: a scan that failed, or none at all, stops the deployment (`Failure`) or not. */
  readonly treatFailedAs: 'Success' | 'Failure';
  /** `RoleArn`: the role assumed to read the repository of another account. */
  readonly roleArn?: string;
  /** Where the service's `x-ecr.VulnerabilitiesScan` is written, for messages. */
  readonly location?: SourceLocation;
}
