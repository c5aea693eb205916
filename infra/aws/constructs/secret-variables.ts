/** One definition shared with the runtime that reads the variable (connectors/secrets). */
export { secretArnVariable } from '../../../connectors/secrets/secret-arn-variable.ts';
