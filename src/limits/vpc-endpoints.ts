/**
 * The AWS services `x-vpc.Endpoints.AwsServices` may name, as data: the short name that follows
 * `com.amazonaws.<region>.` in the endpoint's service name, and the endpoint type composex creates.
 *
 * Gateway endpoints exist only for Amazon S3 and DynamoDB ("Gateway endpoints",
 * https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html): they are free, are
 * routes in route tables, and need no security group. Every other service is reached through an
 * interface endpoint (AWS PrivateLink): network interfaces in subnets, one per zone, behind a
 * security group that must admit HTTPS (443) from the clients ("AWS services that integrate with
 * AWS PrivateLink", https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html).
 *
 * What ECS on Fargate needs without a NAT (Amazon ECR User Guide, "Amazon ECR interface VPC
 * endpoints", https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html):
 * `ecr.api` and `ecr.dkr` to pull from ECR, and the S3 gateway endpoint for the image layers (ECR
 * cannot use an S3 interface endpoint); `logs` for the awslogs driver; `secretsmanager` / `ssm`
 * for the secrets ECS injects. composex creates what the file lists, nothing more (the S3 gateway
 * endpoint is always there).
 */

export type VpcEndpointType = 'Gateway' | 'Interface';

export interface VpcEndpointService {
  readonly type: VpcEndpointType;
  /** What the endpoint reaches, for messages and docs. */
  readonly reaches: string;
}

export const VPC_ENDPOINT_SERVICES: Readonly<Record<string, VpcEndpointService>> = {
  s3: { type: 'Gateway', reaches: 'Amazon S3 (and the image layers of ECR)' },
  dynamodb: { type: 'Gateway', reaches: 'Amazon DynamoDB' },
  'ecr.api': { type: 'Interface', reaches: 'the Amazon ECR API (image manifests, authorization)' },
  'ecr.dkr': { type: 'Interface', reaches: 'the Amazon ECR Docker registry (pulls)' },
  logs: { type: 'Interface', reaches: 'CloudWatch Logs (the awslogs log driver)' },
  monitoring: { type: 'Interface', reaches: 'CloudWatch metrics' },
  secretsmanager: { type: 'Interface', reaches: 'AWS Secrets Manager' },
  ssm: { type: 'Interface', reaches: 'AWS Systems Manager (Parameter Store)' },
  ssmmessages: { type: 'Interface', reaches: 'Systems Manager Session Manager (ECS Exec)' },
  ec2messages: { type: 'Interface', reaches: 'Systems Manager messages' },
  kms: { type: 'Interface', reaches: 'AWS KMS' },
  sqs: { type: 'Interface', reaches: 'Amazon SQS' },
  sns: { type: 'Interface', reaches: 'Amazon SNS' },
  sts: { type: 'Interface', reaches: 'AWS STS' },
  ecs: { type: 'Interface', reaches: 'the Amazon ECS API' },
  'ecs-agent': { type: 'Interface', reaches: 'the Amazon ECS agent endpoint' },
  'ecs-telemetry': { type: 'Interface', reaches: 'the Amazon ECS telemetry endpoint' },
  elasticfilesystem: { type: 'Interface', reaches: 'the Amazon EFS API' },
  'kinesis-streams': { type: 'Interface', reaches: 'Amazon Kinesis Data Streams' },
  events: { type: 'Interface', reaches: 'Amazon EventBridge' },
  xray: { type: 'Interface', reaches: 'AWS X-Ray' },
};

/** Port of every interface endpoint: the AWS APIs answer HTTPS only. */
export const INTERFACE_ENDPOINT_PORT = 443;
