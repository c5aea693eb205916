import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { isSecretArn } from '../config/configured-connectors.ts';
import type { StageConfig } from '../config/stage-config.ts';
import { constructId } from './construct-id.ts';

/** A secret ARN with the 6-character suffix Secrets Manager appends (so no `-??????` wildcard is needed). */
const COMPLETE_ARN = /:secret:.+-[A-Za-z0-9]{6}$/;

export interface SourceSecretsProps {
  /** Every secret name the topology refers to (function grants and http connections). */
  readonly names: readonly string[];
  /** Existing secrets (by ARN) and seeding instructions, by topology name. */
  readonly sources: StageConfig['secrets'];
  /** JSON field seeded with a random placeholder when the config says nothing (connection secrets need theirs). */
  readonly placeholderField: (name: string) => string;
  /** @default RemovalPolicy.DESTROY */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Credentials for source systems and http targets, and the hub's own keys: references to existing secrets
 * where the stage config names their ARN, otherwise secrets created here and seeded with a random value
 * (a placeholder the operator replaces, or a usable key where the config says which field to generate).
 */
export class SourceSecrets extends Construct {
  private readonly byName = new Map<string, ISecret>();

  constructor(scope: Construct, id: string, props: SourceSecretsProps) {
    super(scope, id);
    for (const name of new Set(props.names)) {
      const source = props.sources[name];
      // A connector may name its secret by ARN (e.g. one owned by the source system's team): used as is.
      if (isSecretArn(name)) {
        this.byName.set(
          name,
          COMPLETE_ARN.test(name)
            ? Secret.fromSecretCompleteArn(this, constructId(name), name)
            : Secret.fromSecretPartialArn(this, constructId(name), name),
        );
        continue;
      }
      if (source && 'arn' in source) {
        this.byName.set(name, Secret.fromSecretCompleteArn(this, constructId(name), source.arn));
        continue;
      }
      // The physical name is the topology name, so functions that look a secret up by name find it; this
      // assumes one stage per account (the AWS-recommended layout), see docs/deploy.md.
      const secret = new Secret(this, constructId(name), {
        secretName: name,
        description: `hub360 secret "${name}"${source ? '' : ' (replace the placeholder, see docs/deploy.md)'}`,
        generateSecretString: {
          secretStringTemplate: '{}',
          generateStringKey: source?.generateField ?? props.placeholderField(name),
          passwordLength: source?.length ?? 32,
          excludePunctuation: true,
        },
        removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: source
          ? `hub360's own random key ("${name}", field ${source.generateField}); rotated in-house with the command in docs/operations.md rather than by a rotation Lambda, because a new key invalidates the page cursors clients hold and is best rolled in a quiet window.`
          : `Credentials of "${name}" are issued by an external system (ERP, PDM, SCM, call center, a reaction target); they are rotated there and copied here (docs/deploy.md), so no Lambda in this stack can rotate them.`,
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
