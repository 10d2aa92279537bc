/** The model of the images composex builds (part of `AppModel`, see model.ts). */

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
