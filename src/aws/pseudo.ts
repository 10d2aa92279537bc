/** The pseudo parameters ARNs are built from, as CDK tokens (`Ref AWS::Partition`, …). */
import { Aws } from 'aws-cdk-lib';
import type { Pseudo } from '../resolve/task-role-statements';

export const PSEUDO: Pseudo = { partition: Aws.PARTITION, region: Aws.REGION, accountId: Aws.ACCOUNT_ID };
