/**
 * Diagnostic codes of the deploy stage (CX6001–CX6099), as data: one line each in
 * docs/diagnostics.md. Exit codes: AWS-side failures 3, refusals and invalid input 1, usage 2.
 */
export const DEPLOY_CODES = {
  /** An AWS request failed (the message says which and why). */
  AWS_REQUEST_FAILED: 'CX6001',
  NO_CREDENTIALS: 'CX6002',
  NO_REGION: 'CX6003',
  CREDENTIALS_REJECTED: 'CX6004',
  ACCESS_DENIED: 'CX6005',
  THROTTLED: 'CX6006',
  UNREACHABLE: 'CX6007',
  /** `--parameters` / `--tags` not `KEY=VALUE`, or given twice. */
  INVALID_OPTION_VALUE: 'CX6010',
  /** `--parameters` names a parameter the root template does not declare. */
  UNKNOWN_PARAMETER: 'CX6011',
  /** A root parameter without a default is not given on create. */
  MISSING_PARAMETER: 'CX6012',
  /** The template bucket cannot be used (missing, or owned by another account). */
  BUCKET_UNUSABLE: 'CX6020',
  /** The stack is in a state no change set can be made against (busy, failed rollback). */
  STACK_BUSY: 'CX6030',
  STACK_NOT_FOUND: 'CX6031',
  /** A stack of that name exists but was not created by composex for this project. */
  STACK_NOT_OURS: 'CX6033',
  /** A stack whose first create failed (`ROLLBACK_COMPLETE`): deleted and created again. */
  ROLLBACK_COMPLETE: 'CX6032',
  CHANGE_SET_FAILED: 'CX6040',
  /** A data-bearing resource would be replaced or removed. */
  REPLACEMENT_REFUSED: 'CX6041',
  /** No confirmation: not a terminal and no `--yes`, or the answer was no. */
  NOT_CONFIRMED: 'CX6042',
  DEPLOY_FAILED: 'CX6050',
  /** Ctrl-C while watching: the operation goes on in CloudFormation. */
  WATCH_INTERRUPTED: 'CX6051',
  /** A `file:` secret's file cannot be read or an `environment:` secret's variable is not set. */
  SECRET_SOURCE_MISSING: 'CX6060',
  /** A secret created by the stack could not be found or given its value. */
  SECRET_NOT_SET: 'CX6061',
  DESTROY_FAILED: 'CX6070',
  /** A database the deletion would delete has deletion protection on, and no `--disable-deletion-protection`. */
  DELETION_PROTECTED: 'CX6071',
  /** Turning deletion protection off failed or did not take effect: nothing was deleted. */
  DELETION_PROTECTION_NOT_DISABLED: 'CX6072',
  /** `composex lookup`: a Lookup matches nothing in the account and region. */
  LOOKUP_NO_MATCH: 'CX6080',
  /** `composex lookup`: a Lookup matches several resources (they are listed). */
  LOOKUP_SEVERAL_MATCHES: 'CX6081',
  /** `composex build` / `push` / `deploy`: no docker (or no buildx plugin) to build with. */
  DOCKER_MISSING: 'CX6090',
  /** `docker buildx build` failed: its output is shown, nothing is pushed or deployed. */
  IMAGE_BUILD_FAILED: 'CX6091',
  /** `composex push`: the stack has no repository for the image yet (`composex deploy` creates it). */
  REPOSITORY_MISSING: 'CX6092',
  /** `docker login` to the ECR registry failed. */
  REGISTRY_LOGIN_FAILED: 'CX6093',
  /** Pushing the image (or reading its digest) failed. */
  IMAGE_PUSH_FAILED: 'CX6094',
  /** `composex build` / `push` name a service that composex does not build. */
  NOT_A_BUILT_SERVICE: 'CX6095',
  /** `composex lookup`: the one cache found lacks what the templates need (a VPC security group, an endpoint, its VPC). */
  LOOKUP_INCOMPLETE: 'CX6096',
  /** `x-ecr.VulnerabilitiesScan`: the image's ECR scan has findings at or above a threshold. */
  IMAGE_SCAN_FINDINGS: 'CX6100',
  /** `x-ecr.VulnerabilitiesScan`: the image has no scan, its scan failed or is not finished (`TreatFailedAs: Failure`). */
  IMAGE_SCAN_UNAVAILABLE: 'CX6101',
  /** `composex lookup` (InterpolateWithDigest): the registry has no image of that tag, or cannot be asked. */
  IMAGE_DIGEST_NOT_FOUND: 'CX6102',
  /** A secret written in the compose file (an x-elbv2 OIDC ClientSecret) is over CloudFormation's 4,096-byte parameter value limit. */
  SECRET_PARAMETER_TOO_LONG: 'CX6110',
} as const;
