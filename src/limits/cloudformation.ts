/**
 * CloudFormation's per-template quotas, as AWS documents them ("AWS CloudFormation quotas",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
 * None is adjustable: a template over one is refused when the stack is created or updated.
 * composex places its resources so that every template stays under them (src/aws/stack-io.ts,
 * src/aws/resources/placement.ts, src/aws/security-groups.ts, src/aws/app.ts), and render checks
 * the synthesized templates against this table.
 */
export const TEMPLATE_QUOTAS = {
  /** "Resources: maximum number of resources that you can declare in your template" — 500. */
  resources: 500,
  /** "Parameters: maximum number of parameters that you can declare in your template" — 200. */
  parameters: 200,
  /** "Outputs: maximum number of outputs that you can declare in your template" — 200. */
  outputs: 200,
  /** "Mappings: maximum number of mappings that you can declare in your template" — 200. */
  mappings: 200,
} as const;

export type TemplateQuota = keyof typeof TEMPLATE_QUOTAS;

/** How each quota is named in AWS's table (and in composex's messages). */
export const TEMPLATE_QUOTA_NAMES: Record<TemplateQuota, string> = {
  resources: 'resources per template',
  parameters: 'parameters per template',
  outputs: 'outputs per template',
  mappings: 'mappings per template',
};
