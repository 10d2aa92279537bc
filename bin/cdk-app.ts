/**
 * Example CDK app: a Compose project as ECS services inside an ordinary CDK stack.
 *
 *   npx cdk synth                                   (examples/shop, offline, no credentials)
 *   npx cdk synth -c compose=examples/tweet-app/compose.yaml
 *
 * The stack is environment-agnostic and makes no lookups, so synth needs no AWS account. Problems
 * in the compose file are error annotations: `cdk synth` prints them, located, and stops.
 */
import { App, Stack } from 'aws-cdk-lib';
import { ComposeX } from '../src';

// Creation stack traces cost seconds on large projects and nobody reads them here.
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const files = String(app.node.tryGetContext('compose') ?? 'examples/shop/compose.yaml').split(',');
const stack = new Stack(app, String(app.node.tryGetContext('stackName') ?? 'ComposeXExample'));
new ComposeX(stack, 'App', { files, load: { env: process.env } });
app.synth();
