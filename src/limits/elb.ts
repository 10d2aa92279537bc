/**
 * Elastic Load Balancing quotas that decide how composex lays out its load balancers, as AWS
 * documents them: "Quotas for your Application Load Balancers"
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html)
 * and "Quotas for your Network Load Balancers"
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html).
 */

/**
 * Listeners per load balancer: 50 for an Application Load Balancer (adjustable) and 50 for a
 * Network Load Balancer (not adjustable). composex splits published ports over several load
 * balancers of at most this many listeners each.
 */
export const MAX_LISTENERS_PER_LOAD_BALANCER = 50;

/**
 * "Target Groups per Application Load Balancer": 100, not adjustable. composex creates at most
 * one target group per listener, so a load balancer of 50 listeners has at most 50.
 */
export const MAX_TARGET_GROUPS_PER_LOAD_BALANCER = 100;

/**
 * "Load balancers per target group": 1. A target group reached from several listeners (one
 * container port published on several host ports) puts all those listeners on one load balancer.
 */
export const MAX_LOAD_BALANCERS_PER_TARGET_GROUP = 1;

/**
 * "Target Groups per Action per Application Load Balancer": 5, not adjustable. composex's
 * listeners have one action (the default action) forwarding to one target group.
 */
export const MAX_TARGET_GROUPS_PER_ACTION = 5;

/**
 * "Rules per Application Load Balancer (not counting default rules)": 100. The default load
 * balancer has none (each listener forwards with its default action); an `x-elbv2` ALB has one
 * per target with a host or path condition (CX3237 past this).
 */
export const MAX_RULES_PER_LOAD_BALANCER = 100;

/** "Certificates per Application Load Balancer (excluding default certificates)": 25. */
export const MAX_EXTRA_CERTIFICATES_PER_LOAD_BALANCER = 25;

/**
 * "Application Load Balancers per Region" and "Network Load Balancers per Region": 50 each,
 * adjustable. A project that needs more load balancers than this deploys only after the quota
 * is raised (CX3221).
 */
export const MAX_LOAD_BALANCERS_PER_REGION = 50;
