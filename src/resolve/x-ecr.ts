/**
 * ECS ComposeX's service keys about the image: `x-ecr` and `x-docker_opts`.
 *
 *   x-ecr:
 *     InterpolateWithDigest: true       # run the image by its digest, not its tag
 *     VulnerabilitiesScan:              # composex deploy stops on the image's ECR scan findings
 *       IgnoreFailure: false            # true: report the findings, deploy anyway
 *       TreatFailedAs: Failure          # a failed (or missing) scan stops (Failure) or not (Success)
 *       Thresholds: {CRITICAL: 0, HIGH: 5, MEDIUM: 10, LOW: 10}
 *     RoleArn: arn:aws:iam::…:role/…    # read a repository of another account (also under VulnerabilitiesScan)
 *   x-docker_opts:
 *     InterpolateWithDigest: true       # the same pin, for an image of any registry
 *
 * The pin is a lookup like the others: `composex lookup` (or `deploy` with a lock that lacks it)
 * asks the registry for the digest of the tag written and writes it to composex.lock.json (key
 * `services.<service>.image`); render reads the lock and names `<image>@sha256:…` in the task
 * definition, so ECS runs exactly the image that was checked, whatever the tag points at later.
 *
 * As in ECS ComposeX, `x-ecr` applies to images of private ECR repositories only (its other
 * images are left as written, with a warning here, CX3930); a threshold stops the deployment when
 * the image has at least that many findings of the severity (0 and 1: any); a severity not given
 * keeps its default 0.
 */
import type { Path } from '../compose/source-map';
import type { SourceLocation } from '../diagnostics';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { ImageScanModel, SCAN_SEVERITIES, ScanSeverity } from './image-model';
import { privateEcrImage, splitImageReference } from './images';
import { ImageAnswer, lockedAnswer, LookupRequest } from './lookups';
import { checkKeys, readBoolean, readInteger, readObject, readString } from './readers';

const X_ECR_KEYS = ['InterpolateWithDigest', 'VulnerabilitiesScan', 'RoleArn'];
const SCAN_KEYS = ['IgnoreFailure', 'TreatFailedAs', 'Thresholds', 'RoleArn'];
const X_DOCKER_OPTS_KEYS = ['InterpolateWithDigest'];
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** A threshold above any image's count of findings is as good as none; ECR counts stay far below. */
const MAX_THRESHOLD = 1_000_000;

interface ScanSettings {
  readonly thresholds: Readonly<Record<ScanSeverity, number>>;
  readonly ignoreFindings: boolean;
  readonly treatFailedAs: 'Success' | 'Failure';
  readonly path: Path;
}

/** What a service's `x-ecr` and `x-docker_opts` ask, once checked against its image. */
interface ImageOptions {
  readonly image: string;
  /** The `InterpolateWithDigest` that asks for a pin, when the image is not pinned already. */
  readonly pinAt?: Path;
  readonly scan?: ScanSettings;
  readonly roleArn?: string;
}

/** The lock key of a service's image digest. */
export const imageLockKey = (service: string): string => `services.${service}.image`;

/** Reads and checks both keys of a service; undefined when it has neither (or they ask nothing that applies). */
function readImageOptions(ctx: ResolveContext, service: string): ImageOptions | undefined {
  const config = ctx.project.services[service];
  const ecrPath: Path = ['services', service, 'x-ecr'];
  const dockerPath: Path = ['services', service, 'x-docker_opts'];
  const ecr = config['x-ecr'] === undefined ? undefined : readObject(ctx, config['x-ecr'], ecrPath, '{InterpolateWithDigest: true}');
  const docker = config['x-docker_opts'] === undefined ? undefined : readObject(ctx, config['x-docker_opts'], dockerPath, '{InterpolateWithDigest: true}');
  if (!ecr && !docker) return undefined;
  if (ecr) checkKeys(ctx, ecr, ecrPath, X_ECR_KEYS);
  if (docker) checkKeys(ctx, docker, dockerPath, X_DOCKER_OPTS_KEYS);
  const flag = (x: Record<string, unknown> | undefined, path: Path) => x?.InterpolateWithDigest !== undefined && readBoolean(ctx, x.InterpolateWithDigest, [...path, 'InterpolateWithDigest']) === true;
  const ecrPin = flag(ecr, ecrPath);
  const dockerPin = flag(docker, dockerPath);
  const scanPath: Path = [...ecrPath, 'VulnerabilitiesScan'];
  const rawScan = ecr?.VulnerabilitiesScan === undefined ? undefined : readObject(ctx, ecr.VulnerabilitiesScan, scanPath, '{Thresholds: {CRITICAL: 0, HIGH: 0}}');
  const scan = rawScan ? readScan(ctx, rawScan, scanPath) : undefined;
  const roleArn = ecr ? readRoleArn(ctx, ecr, rawScan, ecrPath) : undefined;

  const image = config.image;
  const key = (ecr ? ecrPath : dockerPath) satisfies Path;
  if (typeof image !== 'string' || image === '') {
    ctx.warning(
      CODES.IMAGE_OPTIONS_ON_BUILT_IMAGE,
      `service '${service}' has no image: composex builds it, pushes it to the stack's ECR repository and runs it by the digest it pushed; ${describePath(key)} is not applied (no scan is checked)`,
      key,
      'remove it, or build and push the image yourself, name it with image:, and keep the key',
      'key',
    );
    return undefined;
  }
  const ecrImage = privateEcrImage(image);
  const written = splitImageReference(image);
  if (!ecrImage && ecr && (ecrPin || scan)) {
    const ignored = [ecrPin ? 'InterpolateWithDigest' : undefined, scan ? 'VulnerabilitiesScan' : undefined].filter(Boolean).join(' and ');
    ctx.warning(
      CODES.ECR_OPTIONS_NOT_APPLIED,
      `x-ecr applies to images of private ECR repositories (<account>.dkr.ecr.<region>.amazonaws.com/<repository>), and ${image} is not one: its ${ignored} ${ignored.includes(' and ') ? 'are' : 'is'} not applied (ECS ComposeX skips it too)${scan ? '; ECR scan findings are read only from private ECR repositories, so no scan stops this deployment' : ''}`,
      ecrPath,
      [
        ecrPin && !dockerPin ? 'to run the image by its digest, write x-docker_opts: {InterpolateWithDigest: true} (composex asks the registry through your docker)' : undefined,
        scan ? 'to have its findings checked, copy the image into a private ECR repository with scanning on and name it in image:' : undefined,
      ]
        .filter(Boolean)
        .join('; ') || 'remove x-ecr: x-docker_opts pins the image already',
      'key',
    );
  }
  const pinAsked = (ecrPin && ecrImage !== undefined) || dockerPin;
  const pinAt = !pinAsked || written.digest !== undefined ? undefined : ecrPin && ecrImage ? [...ecrPath, 'InterpolateWithDigest'] : [...dockerPath, 'InterpolateWithDigest'];
  return {
    image,
    ...(pinAt ? { pinAt } : {}),
    ...(scan && ecrImage ? { scan } : {}),
    ...(roleArn ? { roleArn } : {}),
  };
}

function readScan(ctx: ResolveContext, raw: Record<string, unknown>, path: Path): ScanSettings {
  checkKeys(ctx, raw, path, SCAN_KEYS);
  const ignoreFindings = raw.IgnoreFailure === undefined ? false : readBoolean(ctx, raw.IgnoreFailure, [...path, 'IgnoreFailure']) === true;
  let treatFailedAs: 'Success' | 'Failure' = 'Failure';
  if (raw.TreatFailedAs !== undefined) {
    const value = readString(ctx, raw.TreatFailedAs, [...path, 'TreatFailedAs'], 'Success or Failure');
    if (value === 'Success' || value === 'Failure') treatFailedAs = value;
    else if (value !== undefined) {
      ctx.error(CODES.ECR_SCAN_SETTING_INVALID, `${describePath([...path, 'TreatFailedAs'])} must be Success or Failure, not '${value}'`, [...path, 'TreatFailedAs'], 'write TreatFailedAs: Failure (a failed scan stops the deployment) or Success (it does not)');
    }
  }
  const thresholds: Record<ScanSeverity, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
  if (raw.Thresholds !== undefined) {
    const given = readObject(ctx, raw.Thresholds, [...path, 'Thresholds'], '{CRITICAL: 0, HIGH: 5}');
    if (given) {
      checkKeys(ctx, given, [...path, 'Thresholds'], SCAN_SEVERITIES);
      for (const severity of SCAN_SEVERITIES) {
        if (given[severity] === undefined) continue;
        const n = readInteger(ctx, given[severity], [...path, 'Thresholds', severity], 0, MAX_THRESHOLD);
        if (n !== undefined) thresholds[severity] = n;
      }
    }
  }
  return { thresholds, ignoreFindings, treatFailedAs, path };
}

/** `x-ecr.RoleArn` or `x-ecr.VulnerabilitiesScan.RoleArn` (ECS ComposeX's schema has both); the same role when both are given. */
function readRoleArn(ctx: ResolveContext, ecr: Record<string, unknown>, scan: Record<string, unknown> | undefined, path: Path): string | undefined {
  const given = [
    ...(ecr.RoleArn !== undefined ? [{ value: ecr.RoleArn, at: [...path, 'RoleArn'] }] : []),
    ...(scan?.RoleArn !== undefined ? [{ value: scan.RoleArn, at: [...path, 'VulnerabilitiesScan', 'RoleArn'] }] : []),
  ];
  const arns: string[] = [];
  for (const { value, at } of given) {
    const arn = readString(ctx, value, at, 'arn:aws:iam::<account>:role/<name>');
    if (arn === undefined) continue;
    if (!ROLE_ARN.test(arn)) {
      ctx.error(CODES.ECR_ROLE_ARN_INVALID, `${describePath(at)} must be the ARN of an IAM role, not '${arn}'`, at, 'e.g. RoleArn: arn:aws:iam::111122223333:role/ecr-read (a role of the repository account your credentials may assume)');
      continue;
    }
    if (arns.length > 0 && arns[0] !== arn) {
      ctx.error(CODES.ECR_ROLE_ARN_INVALID, `${describePath(at)} names another role than ${describePath(given[0].at)}: composex reads the repository with one role`, at, 'give the role once, in x-ecr.RoleArn', 'key');
      continue;
    }
    arns.push(arn);
  }
  return arns[0];
}

/** The digest lookup a service asks for (`composex lookup`), when its image is not pinned already. */
export function imageLookupRequest(ctx: ResolveContext, service: string): LookupRequest | undefined {
  return requestFor(ctx, service, readImageOptions(ctx, service));
}

function requestFor(ctx: ResolveContext, service: string, options: ImageOptions | undefined): LookupRequest | undefined {
  if (!options?.pinAt) return undefined;
  const { name, tag } = splitImageReference(options.image);
  return {
    key: imageLockKey(service),
    query: { kind: 'image', image: `${name}:${tag ?? 'latest'}`, ...(options.roleArn ? { roleArn: options.roleArn } : {}) },
    path: options.pinAt,
    location: ctx.locate(options.pinAt),
  };
}

/** Every service's pinned image (from the lock) and the scans deploy checks, sorted by service. */
export function resolveImageOptions(ctx: ResolveContext): { pinned: Map<string, string>; scans: ImageScanModel[] } {
  const pinned = new Map<string, string>();
  const scans: ImageScanModel[] = [];
  for (const service of ctx.serviceNames) {
    const config = ctx.project.services[service];
    if (config['x-ecr'] === undefined && config['x-docker_opts'] === undefined) continue;
    const options = readImageOptions(ctx, service);
    if (!options) continue;
    const request = requestFor(ctx, service, options);
    const answer = request ? lockedAnswer<ImageAnswer>(ctx, request) : undefined;
    if (answer) pinned.set(service, answer.image);
    if (!options.scan) continue;
    const ecr = privateEcrImage(options.image)!;
    const digest = answer?.digest ?? ecr.digest;
    const location: SourceLocation | undefined = ctx.locate(options.scan.path);
    scans.push({
      service,
      image: answer?.image ?? options.image,
      registryId: ecr.registryId,
      region: ecr.region,
      repositoryName: ecr.repositoryName,
      imageId: digest !== undefined ? { imageDigest: digest } : { imageTag: ecr.tag ?? 'latest' },
      thresholds: options.scan.thresholds,
      ignoreFindings: options.scan.ignoreFindings,
      treatFailedAs: options.scan.treatFailedAs,
      ...(options.roleArn ? { roleArn: options.roleArn } : {}),
      ...(location ? { location } : {}),
    });
  }
  if (scans.length > 0) {
    // The templates carry no trace of the scan: say once which deployments check it.
    ctx.info(
      CODES.IMAGE_SCAN_CHECKED_AT_DEPLOY,
      `the ECR scan findings of ${scans.map((s) => `'${s.service}'`).join(', ')} are checked by \`composex deploy\` (and reported by \`composex plan\`) before the change set; the templates do not carry the check: deployed another way (the AWS CLI, \`cdk deploy\`), they stop on no finding`,
      ['services', scans[0].service, 'x-ecr', 'VulnerabilitiesScan'],
      'deploy with composex deploy, or check the findings in your pipeline before deploying the templates (aws ecr describe-image-scan-findings)',
      'key',
    );
  }
  return { pinned, scans };
}

