/**
 * `x-ecr.VulnerabilitiesScan`: before the change set, `composex deploy` reads the ECR scan of each
 * image that asks (DescribeImageScanFindings, in the registry's region, with `RoleArn` assumed) and
 * stops when a severity reaches its threshold, naming the image, the counts by severity and the
 * thresholds. A basic scan still IN_PROGRESS is waited for with the SDK's own waiter
 * (`waitUntilImageScanComplete`). No scan, a failed or unfinished one stops the deployment unless
 * `TreatFailedAs: Success`; findings over a threshold are only reported with `IgnoreFailure: true`.
 * `plan` reports the same and stops nothing.
 *
 * ECR counts findings by CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNDEFINED (API reference,
 * ImageScanFindings.findingSeverityCounts); only the four ECS ComposeX names take a threshold, the
 * others are shown. An enhanced scan (Amazon Inspector) reports status ACTIVE.
 */
import { DescribeImageScanFindingsCommand, type DescribeImageScanFindingsCommandOutput, type ECRClient, waitUntilImageScanComplete } from '@aws-sdk/client-ecr';
import { Diagnostic, error, formatDiagnostic } from '../diagnostics';
import { SCAN_SEVERITIES, type ImageScanModel } from '../resolve/image-model';
import { DEPLOY_CODES } from './codes';
import { DeployError, DEPLOY_EXIT } from './errors';
import type { DeployIO } from './io';

/** How long a scan in progress is waited for (seconds), and the waiter's delays between polls. */
export interface ScanWait {
  readonly maxWaitTime: number;
  readonly minDelay: number;
  readonly maxDelay: number;
}
/** A basic scan takes minutes at most; 15 minutes covers a busy account. */
export const DEFAULT_SCAN_WAIT: ScanWait = { maxWaitTime: 900, minDelay: 5, maxDelay: 30 };

const SEVERITY_ORDER = [...SCAN_SEVERITIES, 'INFORMATIONAL', 'UNDEFINED'];
/** Statuses whose findings are final: a basic scan that finished, an enhanced (continuous) scan that is active. */
const FINDINGS_READY = new Set(['COMPLETE', 'ACTIVE']);

type ScanOutcome = { readonly counts: Readonly<Record<string, number>> } | { readonly unavailable: string };

/**
 * Checks every scan; in `deploy` mode throws a DeployError (exit 1) when one stops the deployment,
 * after printing each problem. Prints one line per image.
 */
export async function checkImageScans(
  scans: readonly ImageScanModel[],
  ecrIn: (region: string, roleArn?: string) => Promise<ECRClient>,
  io: Pick<DeployIO, 'stdout' | 'stderr'>,
  /** `ignore`: `composex deploy --ignore-ecr-findings` (ECS ComposeX's flag): reported, not stopped on. */
  mode: 'deploy' | 'plan' | 'ignore',
  wait: ScanWait = DEFAULT_SCAN_WAIT,
): Promise<void> {
  if (scans.length === 0) return;
  io.stdout(`Checking the ECR scan findings of ${scans.length} image${scans.length === 1 ? '' : 's'} (x-ecr.VulnerabilitiesScan)\n`);
  const stops: Diagnostic[] = [];
  for (const scan of scans) {
    const outcome = await readScan(scan, await ecrIn(scan.region, scan.roleArn), io, wait);
    const problem = judge(scan, outcome);
    if (!problem) {
      io.stdout(`  ${scan.service}: ${scan.image}: passed (${'counts' in outcome ? formatCounts(outcome.counts) : ''}; thresholds ${formatThresholds(scan)})\n`);
      continue;
    }
    if (problem.severity === 'error') stops.push(problem);
    else io.stdout(`${formatDiagnostic(problem)}\n`);
  }
  if (stops.length === 0) return;
  if (mode === 'plan') {
    io.stdout(`composex deploy would stop here:\n${stops.map((d) => `${formatDiagnostic(d)}\n`).join('')}`);
    return;
  }
  if (mode === 'ignore') {
    io.stdout(`--ignore-ecr-findings: deploying anyway:\n${stops.map((d) => `${formatDiagnostic({ ...d, severity: 'warning' })}\n`).join('')}`);
    return;
  }
  for (const d of stops.slice(0, -1)) io.stderr(`${formatDiagnostic(d)}\n`);
  throw new DeployError(stops[stops.length - 1], DEPLOY_EXIT.refused);
}

async function readScan(scan: ImageScanModel, ecr: ECRClient, io: Pick<DeployIO, 'stdout'>, wait: ScanWait): Promise<ScanOutcome> {
  const input = { registryId: scan.registryId, repositoryName: scan.repositoryName, imageId: scan.imageId };
  let found: DescribeImageScanFindingsCommandOutput;
  try {
    found = await ecr.send(new DescribeImageScanFindingsCommand({ ...input, maxResults: 1 }));
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'ScanNotFoundException') return { unavailable: 'the image has no scan (is scan on push on for the repository? `aws ecr start-image-scan` scans it now)' };
    if (name === 'ImageNotFoundException' || name === 'RepositoryNotFoundException') {
      throw new DeployError(error(DEPLOY_CODES.IMAGE_SCAN_UNAVAILABLE, `${scan.service}: ${scan.image} is not in ECR (${name}): the service could not start`, scan.location, 'push the image, or fix image:'), DEPLOY_EXIT.refused);
    }
    throw e;
  }
  if (found.imageScanStatus?.status === 'IN_PROGRESS') {
    io.stdout(`  ${scan.service}: the scan of ${scan.image} is in progress; waiting for it (at most ${Math.round(wait.maxWaitTime / 60)} minutes)\n`);
    try {
      const done = await waitUntilImageScanComplete({ client: ecr, ...wait }, { ...input, maxResults: 1 });
      found = done.reason as DescribeImageScanFindingsCommandOutput;
    } catch (e) {
      // The waiter throws on a timeout, and on a scan that FAILED (its status is read again below).
      if ((e as { name?: string }).name === 'TimeoutError') return { unavailable: `the scan was still in progress after ${Math.round(wait.maxWaitTime / 60)} minutes` };
      found = await ecr.send(new DescribeImageScanFindingsCommand({ ...input, maxResults: 1 }));
    }
  }
  const status = found.imageScanStatus?.status ?? 'UNKNOWN';
  if (!FINDINGS_READY.has(status)) return { unavailable: `the scan is ${status}${found.imageScanStatus?.description ? `: ${found.imageScanStatus.description}` : ''}` };
  const counts = found.imageScanFindings?.findingSeverityCounts ?? {};
  return { counts: Object.fromEntries(Object.entries(counts).filter((e): e is [string, number] => typeof e[1] === 'number')) };
}

/** What a scan says: an error stops the deployment, a warning is reported; undefined when it passes. */
function judge(scan: ImageScanModel, outcome: ScanOutcome): Diagnostic | undefined {
  if ('unavailable' in outcome) {
    const message = `${scan.service}: no ECR scan findings for ${scan.image}: ${outcome.unavailable}`;
    if (scan.treatFailedAs === 'Success') return { ...error(DEPLOY_CODES.IMAGE_SCAN_UNAVAILABLE, `${message}; deploying anyway (TreatFailedAs: Success)`, scan.location), severity: 'warning' };
    return error(
      DEPLOY_CODES.IMAGE_SCAN_UNAVAILABLE,
      `${message}; x-ecr.VulnerabilitiesScan stops the deployment (TreatFailedAs: Failure)`,
      scan.location,
      'scan the image (aws ecr start-image-scan, or scan on push), or set TreatFailedAs: Success to deploy images whose scan is missing or failed',
    );
  }
  const over = SCAN_SEVERITIES.filter((s) => (outcome.counts[s] ?? 0) > 0 && (outcome.counts[s] ?? 0) >= scan.thresholds[s]);
  const summary = `${formatCounts(outcome.counts)}; thresholds ${formatThresholds(scan)}`;
  if (over.length === 0) return undefined;
  const message = `${scan.service}: ${scan.image} has ECR scan findings at or above x-ecr thresholds: ${over.map((s) => `${s} ${outcome.counts[s]} (threshold ${scan.thresholds[s]})`).join(', ')} (${summary})`;
  if (scan.ignoreFindings) return { ...error(DEPLOY_CODES.IMAGE_SCAN_FINDINGS, `${message}; deploying anyway (IgnoreFailure: true)`, scan.location), severity: 'warning' };
  return error(
    DEPLOY_CODES.IMAGE_SCAN_FINDINGS,
    message,
    scan.location,
    'push an image without them (newer base image and packages), then deploy with --refresh-lookups when the image is pinned by digest; or raise x-ecr.VulnerabilitiesScan.Thresholds, or set IgnoreFailure: true to deploy with the findings',
  );
}

function formatThresholds(scan: ImageScanModel): string {
  return SCAN_SEVERITIES.map((s) => `${s} ${scan.thresholds[s]}`).join(', ');
}

function formatCounts(counts: Readonly<Record<string, number>>): string {
  const known = SEVERITY_ORDER.filter((s) => counts[s] !== undefined);
  const other = Object.keys(counts).filter((s) => !SEVERITY_ORDER.includes(s)).sort();
  const listed = [...known, ...other].map((s) => `${s} ${counts[s]}`);
  return listed.length === 0 ? 'no findings' : `findings ${listed.join(', ')}`;
}
