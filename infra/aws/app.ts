import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../../schemas/config/parse-config.ts';
import { hubTopology } from '../topology/index.ts';
import { loadStageConfig } from './config/stage-requirements.ts';
import { stageTopology } from './config/stage-topology.ts';
import { HubStack } from './hub-stack.ts';

// The CDK app: `npx cdk synth -c stage=prod ...` (cdk.json defaults the stage to dev). cdk-nag's
// AwsSolutions pack runs on every synth, so a new finding fails the build rather than a review.
const app = new App();
try {
  // Connector instances decide only the schedules: the stage is checked against the functions, rules and routes.
  const config = loadStageConfig(app.node.getAllContext(), hubTopology);
  const topology = stageTopology(config);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  new HubStack(app, `hub360-${config.stage}`, {
    config,
    topology,
    description: `hub360 customer-360 integration hub (${config.stage})`,
    ...(config.account && config.region ? { env: { account: config.account, region: config.region } } : {}),
  });
  app.synth();
} catch (err: unknown) {
  // A configuration mistake is the operator's to fix: each missing or wrong setting on its own line, no trace.
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
}
