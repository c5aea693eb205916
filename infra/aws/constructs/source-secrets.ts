import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { constructId } from './construct-id.ts';

export interface SourceSecretsProps {
  /** Every secret name the topology refers to (function grants and http connections). */
  readonly names: readonly string[];
  /** Secrets that already exist, by topology name. */
  readonly existing: StageConfig['secrets'];
  /** Physical names of created secrets are `<namePrefix>/<name>`. */
  readonly namePrefix: string;
  /** JSON field the stack seeds with a random placeholder, per secret (connection secrets need theirs). */
  readonly placeholderField: (name: string) => string;
  /** @default RemovalPolicy.DESTROY */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Credentials for source systems and http targets: references to existing secrets where the stage config
 * names their ARN, otherwise secrets created here with a random placeholder the operator replaces.
 */
export class SourceSecrets extends Construct {
  private readonly byName = new Map<string, ISecret>();

  constructor(scope: Construct, id: string, props: SourceSecretsProps) {
    super(scope, id);
    for (const name of new Set(props.names)) {
      const existing = props.existing[name];
      if (existing) {
        this.byName.set(name, Secret.fromSecretCompleteArn(this, constructId(name), existing.arn));
        continue;
      }
      const secret = new Secret(this, constructId(name), {
        secretName: `${props.namePrefix}/${name}`,
        description: `hub360 credentials "${name}" (replace the placeholder, see docs/deploy.md)`,
        generateSecretString: {
          secretStringTemplate: '{}',
          generateStringKey: props.placeholderField(name),
          excludePunctuation: true,
        },
        removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Credentials issued by an external system (ERP, PDM, SCM, call center); they are rotated there and updated here, no Lambda can rotate them.',
      });
      this.byName.set(name, secret);
    }
  }

  /** The secret the topology calls `name`. */
  get(name: string): ISecret {
    const secret = this.byName.get(name);
    if (!secret) throw new Error(`Secret "${name}" is not referenced by the topology`);
    return secret;
  }
}
