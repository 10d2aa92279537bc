/**
 * The root stack's synthesizer. CDK asks it where each nested stack's template will live (nested
 * templates are file assets of their parent). We answer with a file name next to the root
 * template — so `aws cloudformation package` uploads them — or, given a bucket, an S3 URL whose
 * key is the template's content hash. No bootstrap stack, no asset parameters, no version rule.
 */
import {
  DockerImageAssetLocation,
  DockerImageAssetSource,
  FileAssetLocation,
  FileAssetSource,
  ISynthesisSession,
  StackSynthesizer,
} from 'aws-cdk-lib';

export interface TemplateLocationOptions {
  /** `json` or `yaml`: the extension of the written files. */
  readonly format: 'json' | 'yaml';
  readonly bucket?: string;
  readonly prefix?: string;
}

/** One nested template CDK registered: the file CDK writes, and the name and URL we give it. */
export interface NestedTemplateAsset {
  /** File name inside the CDK output directory. */
  readonly cdkFile: string;
  /** Our file name (flat, next to the root template). */
  readonly fileName: string;
  /** What the parent's `TemplateURL` says. */
  readonly url: string;
  /** Construct path of the nested stack relative to the root stack. */
  readonly constructPath: string;
  readonly sourceHash: string;
  /** Key CDK builds its own S3 URL from; used to find and rewrite that URL (see render.ts). */
  readonly objectKey: string;
}

export class LocalTemplateSynthesizer extends StackSynthesizer {
  readonly nested: NestedTemplateAsset[] = [];
  private readonly usedNames = new Set<string>();

  constructor(private readonly options: TemplateLocationOptions) {
    super();
  }

  addFileAsset(asset: FileAssetSource): FileAssetLocation {
    if (!asset.fileName || !asset.displayName?.endsWith(' Nested Stack Template')) {
      throw new Error(`composex: unexpected file asset ${asset.fileName ?? asset.sourceHash}: only nested templates are supported`);
    }
    const constructPath = asset.displayName.slice(0, -' Nested Stack Template'.length);
    const fileName = this.uniqueName(constructPath, asset.sourceHash);
    const ext = this.options.format;
    let url: string;
    let bucketName = '';
    let objectKey = fileName;
    if (this.options.bucket) {
      bucketName = this.options.bucket;
      objectKey = [this.options.prefix?.replace(/^\/+|\/+$/g, ''), `${asset.sourceHash}.${ext}`].filter(Boolean).join('/');
      url = `https://${bucketName}.s3.amazonaws.com/${objectKey}`;
    } else {
      url = fileName;
    }
    this.nested.push({ cdkFile: asset.fileName, fileName, url, constructPath, sourceHash: asset.sourceHash, objectKey });
    return { bucketName, objectKey, httpUrl: url, s3ObjectUrl: `s3://${bucketName}/${objectKey}` };
  }

  addDockerImageAsset(_asset: DockerImageAssetSource): DockerImageAssetLocation {
    throw new Error('composex: Docker image assets are not supported; compose services name their image');
  }

  synthesize(session: ISynthesisSession): void {
    this.synthesizeTemplate(session);
    this.emitArtifact(session);
  }

  /** `App/Stacks/FamilyApi` → `FamilyApi.json`; a clash (never expected) gets a hash suffix. */
  private uniqueName(constructPath: string, hash: string): string {
    const last = constructPath.split('/').pop() ?? 'Nested';
    let base = last.replace(/[^A-Za-z0-9-]/g, '') || 'Nested';
    if (this.usedNames.has(base)) base = `${base}-${hash.slice(0, 8)}`;
    this.usedNames.add(base);
    return `${base}.${this.options.format}`;
  }
}
