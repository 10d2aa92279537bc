/**
 * Images composex builds (`AppModel.images`): one ECR repository each, in the root stack, and the
 * root parameter `<Service>Image` the family stack runs. Its default (empty) runs
 * `<repository URI>:<content tag>`, the tag `composex push` gives the build inputs as they are at
 * render (src/aws/content-tag.ts): after a push, the stack deploys with no parameter at all.
 * `composex deploy` passes `<repository URI>@sha256:<digest>` of what it pushed.
 *
 * Why the root stack: the repository must exist before its image can be pushed, and the image
 * must be pushed before the family that runs it is created. `composex deploy` therefore first
 * adds the missing repositories to the stack alone (the deployed root template plus these
 * resources; src/deploy/images/), pushes, then deploys the whole project with the pushed digests.
 * That first step only works on resources of the root template.
 *
 * The repository:
 * - `ImageTagMutability: IMMUTABLE`: a tag always names the same image (AWS ECR: "prevents image
 *   tags from being overwritten"); composex tags by content, so a rebuild of the same inputs
 *   reuses the tag, and a different build gets another one.
 * - `ImageScanningConfiguration.ScanOnPush`: each pushed image is scanned for vulnerabilities.
 * - `EncryptionConfiguration: AES256`: encryption at rest (ECR's default, written out).
 * - a lifecycle policy expiring all but the newest `KEPT_IMAGES` images (running tasks keep
 *   running; a rollback further back than that needs the image pushed again).
 * - `DeletionPolicy` and `UpdateReplacePolicy: Retain`: deleting the stack keeps the images.
 * - no `RepositoryName`: CloudFormation names it, so two stacks of one project (or a stack deployed
 *   again after `composex destroy`, which keeps the old repository) never collide; deploy reads
 *   the name from the stack.
 */
import { CfnCondition, CfnDeletionPolicy, CfnParameter, Fn } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import type { BuiltImageModel } from '../resolve/model';
import { contentTag } from './content-tag';

/** Images a repository keeps (its lifecycle policy expires older ones). */
export const KEPT_IMAGES = 30;

/** The lifecycle policy text (ECR lifecycle policy syntax). */
export function lifecyclePolicyText(): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `keep the newest ${KEPT_IMAGES} images`,
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: KEPT_IMAGES },
        action: { type: 'expire' },
      },
    ],
  });
}

/** A built image as the family stack reads it: values valid in the root stack. */
export interface BuiltImageRefs {
  /** `Fn::If [<Service>ImageDefault, <repository URI>:<content tag>, Ref <Service>Image]`. */
  readonly image: string;
  /** `Fn::GetAtt Repository<Id>.Arn`. */
  readonly repositoryArn: string;
}

/** The repositories and image parameters, created in the stack of `scope` (logical ids from the model). */
export class ImageRepositories extends Construct {
  readonly repositories = new Map<string, ecr.CfnRepository>();
  readonly parameters = new Map<string, CfnParameter>();
  /** The image each family runs, valid in the root: the parameter, or the default when it is empty. */
  private readonly images = new Map<string, string>();

  constructor(scope: Construct, id: string, images: readonly BuiltImageModel[]) {
    super(scope, id);
    for (const image of images) {
      const repository = new ecr.CfnRepository(this, image.repositoryLogicalId, {
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: { encryptionType: 'AES256' },
        lifecyclePolicy: { lifecyclePolicyText: lifecyclePolicyText() },
      });
      repository.overrideLogicalId(image.repositoryLogicalId);
      repository.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      repository.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      this.repositories.set(image.service, repository);

      const tag = contentTag(image.build);
      const parameter = new CfnParameter(this, image.parameter, {
        type: 'String',
        default: '',
        description: `Image of service ${image.service}. Empty (the default): <URI of ${image.repositoryLogicalId}>:${tag}, the content tag of its build inputs at render, which composex push gives them. composex deploy sets <URI>@sha256:<digest> of the image it pushed`,
      });
      parameter.overrideLogicalId(image.parameter);
      this.parameters.set(image.service, parameter);
      const useDefault = new CfnCondition(this, `${image.parameter}Default`, { expression: Fn.conditionEquals(parameter.valueAsString, '') });
      useDefault.overrideLogicalId(`${image.parameter}Default`);
      this.images.set(image.service, Fn.conditionIf(useDefault.logicalId, Fn.join('', [repository.attrRepositoryUri, `:${tag}`]), parameter.valueAsString).toString());
    }
  }

  refs(service: string): BuiltImageRefs {
    const repository = this.repositories.get(service);
    const image = this.images.get(service);
    if (!repository || !image) throw new Error(`internal: service '${service}' has no built image`);
    return { image, repositoryArn: repository.attrArn };
  }
}
