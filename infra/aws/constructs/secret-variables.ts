/** One definition shared with the runtime that reads the variable (connectors/secrets). */
export { secretArnVariable } from '../../../adapters/secrets/secret-arn-variable.ts';
