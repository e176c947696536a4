import { collectSubFields } from '@graphql-tools/utils';
import { getNamedType, isObjectType, type GraphQLResolveInfo } from 'graphql';

/**
 * Whether the operation selects `name` under the field being resolved (fragments and
 * `@include`/`@skip` counted), for work a field needs only when it is asked for.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return true;
  return collectSubFields(info.schema, info.fragments, info.variableValues as never, type, [...info.fieldNodes]).fields.has(name);
}
