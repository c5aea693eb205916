import type { Template } from 'aws-cdk-lib/assertions';
import * as z from 'zod';

export const StatementSchema = z.object({
  Effect: z.enum(['Allow', 'Deny']),
  Action: z.union([z.string(), z.array(z.string())]),
  Resource: z.unknown(),
});
export type Statement = z.infer<typeof StatementSchema>;

const PolicyDocumentSchema = z.object({ Statement: z.array(StatementSchema) });

type Resource = { readonly Properties?: Record<string, unknown> };

const resourcesOf = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type));

/** Logical id of the Lambda function whose description is `description` (the topology's). */
export const functionIdByDescription = (template: Template, description: string): string => {
  const match = resourcesOf(template, 'AWS::Lambda::Function').find(
    ([, fn]) => fn.Properties?.Description === description,
  );
  if (!match) throw new Error(`No function described "${description}"`);
  return match[0];
};

/** Logical id of the role a function runs as. */
export const roleIdOfFunction = (template: Template, functionId: string): string => {
  const role = template.toJSON().Resources[functionId]?.Properties?.Role;
  const roleId = role?.['Fn::GetAtt']?.[0];
  if (typeof roleId !== 'string') throw new Error(`Function ${functionId} has no role reference`);
  return roleId;
};

/** Every statement of the identity policies attached to a role. */
export const statementsOfRole = (template: Template, roleId: string): Statement[] =>
  resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties?.Roles ?? []).includes(`"Ref":"${roleId}"`))
    .flatMap(([, policy]) => PolicyDocumentSchema.parse(policy.Properties?.PolicyDocument).Statement);

/** The actions of a set of statements, flattened. */
export const actionsOf = (statements: readonly Statement[]): string[] =>
  statements.flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action],
  );

/** Count of resources of a type. */
export const countOf = (template: Template, type: string): number => resourcesOf(template, type).length;
