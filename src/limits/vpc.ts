/**
 * Amazon VPC security-group quotas, as the Amazon VPC User Guide documents them ("Amazon VPC
 * quotas", section "Security groups",
 * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
 */

/**
 * "Inbound or outbound rules per security group": 60 by default (adjustable; the product with
 * security groups per network interface may not exceed 1,000). The quota is enforced separately
 * for IPv4 and IPv6 rules; a rule that references a security group counts toward both, and a rule
 * that references a prefix list counts as many rules as the list's maximum entries.
 */
export const MAX_INBOUND_RULES_PER_SECURITY_GROUP = 60;

/** "Security groups per network interface": 5 by default (adjustable, at most 16). */
export const MAX_SECURITY_GROUPS_PER_NETWORK_INTERFACE = 5;
