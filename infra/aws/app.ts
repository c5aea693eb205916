import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { hubTopology } from '../topology/index.ts';
import { resolveStageConfig } from './config/stage-config.ts';
import { HubStack } from './hub-stack.ts';

// The CDK app: `npx cdk synth -c stage=prod ...` (cdk.json defaults the stage to dev). cdk-nag's
// AwsSolutions pack runs on every synth, so a new finding fails the build rather than a review.
const app = new App();
const config = resolveStageConfig(app.node.getAllContext());
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
new HubStack(app, `hub360-${config.stage}`, {
  config,
  topology: hubTopology,
  description: `hub360 customer-360 integration hub (${config.stage})`,
  ...(config.account && config.region ? { env: { account: config.account, region: config.region } } : {}),
});
app.synth();
