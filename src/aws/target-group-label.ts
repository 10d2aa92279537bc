/**
 * A target group's resource label (`app/<lb>/<id>/targetgroup/<tg>/<id>`: the load balancer's and
 * the target group's full names joined, as ALBRequestCountPerTarget takes it), split back into the
 * LoadBalancer and TargetGroup dimensions of the AWS/ApplicationELB and AWS/NetworkELB metrics.
 */
import { Fn } from 'aws-cdk-lib';

export function targetGroupDimensions(label: string): { readonly loadBalancer: string; readonly targetGroup: string } {
  const part = (i: number) => Fn.select(i, Fn.split('/', label));
  return { loadBalancer: Fn.join('/', [part(0), part(1), part(2)]), targetGroup: Fn.join('/', [part(3), part(4), part(5)]) };
}
