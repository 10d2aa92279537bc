/**
 * The root stack's synthesizer.
 *
 * CDK writes each nested stack's template as a *file asset of its parent* and asks the root
 * stack's synthesizer where that asset will live (nested stacks forward `addFileAsset` to their
 * parent's synthesizer, so every nested template of the tree arrives here). `NestedStack` then
 * builds its own `https://s3.<region>.<suffix>/<bucket>/<key>` URL from our answer; we override
 * the `TemplateURL` property instead, with the child's file name in the cloud assembly. That name
 * is a valid relative path there (CDK writes every template flat into one directory), and it is
 * the unambiguous handle `synth.ts` replaces with the final location: a relative path to the
 * renamed file, or an S3 URL whose key is the hash of the file's final bytes — which only exist
 * after synthesis, once children are serialized (see synth.ts).
 *
 * Compared with `DefaultStackSynthesizer`: no bootstrap stack, no `BootstrapVersion` parameter or
 * `CheckBootstrapVersion` rule, no asset parameters, no asset manifest. Other assets (Lambda code,
 * Docker images) are refused: compose services name their images, composex builds nothing.
 */
import {
  DockerImageAssetLocation,
  DockerImageAssetSource,
  FileAssetLocation,
  FileAssetPackaging,
  FileAssetSource,
  ISynthesisSession,
  NestedStack,
  StackSynthesizer,
} from 'aws-cdk-lib';

/** A nested stack template CDK registered with us. */
export interface NestedTemplateAsset {
  readonly nestedStack: NestedStack;
  /** The template's file name in the cloud assembly (`<uniqueId>.nested.template.json`). */
  readonly assetFile: string;
  /** What the nested stack registered as the asset hash (its template file name: synth.ts skips CDK's hashing). */
  readonly sourceHash: string;
}

export class ComposexSynthesizer extends StackSynthesizer {
  private readonly assets: NestedTemplateAsset[] = [];
  private nestedByTemplateFile?: Map<string, NestedStack>;

  /** Every nested template of the tree, children before their parents (CDK's post-order). */
  get nestedTemplates(): readonly NestedTemplateAsset[] {
    return this.assets;
  }

  addFileAsset(asset: FileAssetSource): FileAssetLocation {
    const nestedStack = asset.fileName ? this.findNestedStack(asset.fileName) : undefined;
    if (!nestedStack || !asset.fileName || asset.packaging !== FileAssetPackaging.FILE) {
      throw new Error(
        `composex: unsupported file asset ${asset.displayName ?? asset.fileName ?? asset.sourceHash}: ` +
          'only nested stack templates can be rendered (composex uploads no other assets)',
      );
    }
    const resource = nestedStack.nestedStackResource;
    if (!resource) throw new Error(`composex: nested stack ${nestedStack.node.path} has no stack resource`);
    resource.addPropertyOverride('TemplateURL', asset.fileName);
    this.assets.push({ nestedStack, assetFile: asset.fileName, sourceHash: asset.sourceHash });
    // NestedStack builds an S3 URL from these; the property override above replaces it.
    return {
      bucketName: 'composex-local',
      objectKey: asset.fileName,
      httpUrl: asset.fileName,
      s3ObjectUrl: `s3://composex-local/${asset.fileName}`,
    };
  }

  addDockerImageAsset(asset: DockerImageAssetSource): DockerImageAssetLocation {
    throw new Error(
      `composex: unsupported Docker image asset ${asset.displayName ?? asset.sourceHash}: compose services name their image; composex builds none`,
    );
  }

  synthesize(session: ISynthesisSession): void {
    this.synthesizeTemplate(session);
    this.emitArtifact(session);
  }

  private findNestedStack(templateFile: string): NestedStack | undefined {
    const lookup = () => this.nestedByTemplateFile?.get(templateFile);
    if (!lookup()) {
      // Built once at synthesis (the tree is complete by then), rebuilt only if a stack is missing.
      this.nestedByTemplateFile = new Map();
      for (const c of this.boundStack.node.findAll()) {
        if (NestedStack.isNestedStack(c)) this.nestedByTemplateFile.set(c.templateFile, c);
      }
    }
    return lookup();
  }
}
