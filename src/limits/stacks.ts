/**
 * What composex's own stacks can hold before it knows how to split them (CloudFormation allows
 * 500 resources and 200 outputs per template).
 */

/** Named volumes: the Storage stack outputs two ids per volume. */
export const MAX_VOLUMES = 90;
/** Resources the Storage stack may use: per volume a file system, an access point, a mount target per subnet. */
export const STORAGE_STACK_RESOURCES = 490;
/** Created secrets: the Secrets stack outputs one ARN per secret. */
export const MAX_CREATED_SECRETS = 190;
