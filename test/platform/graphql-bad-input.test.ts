import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildClientSchema, getIntrospectionQuery, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType,
  type GraphQLInputType, type GraphQLSchema, type IntrospectionQuery,
} from 'graphql';
import { gql } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

/** Hostile values of one kind, for every argument of a given type. */
const HOSTILE: Record<string, unknown[]> = {
  String: ['x'.repeat(60_000), "' OR 1=1 --", '%_%\\'],
  ID: ['x'.repeat(60_000), '../../etc/passwd', '-1'],
  Int: [-1, 2_147_483_647],
  Float: [-1e308],
  Boolean: [true],
  DateTimeISO: ['2019-08-24T14:15:22Z'],
  JSONObject: [{ nested: { deep: ['x'.repeat(10_000)] } }],
  JSON: [{ a: 1 }],
};

function valueFor(type: GraphQLInputType, variant: number, depth = 0): unknown {
  if (isNonNullType(type)) return valueFor(type.ofType, variant, depth);
  if (isListType(type)) return [valueFor(type.ofType, variant, depth)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isScalarType(type)) {
    const options = HOSTILE[type.name] ?? ['x'];
    return options[variant % options.length];
  }
  if (isInputObjectType(type) && depth < 4) {
    return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, valueFor(f.type, variant, depth + 1)]));
  }
  return null;
}

/** Every query and mutation, from the schema itself, called with hostile arguments: clear errors, never INTERNAL_SERVER_ERROR. */
describe('GraphQL operations under hostile arguments', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    const introspection = await gql<IntrospectionQuery>(server, tenant.token, getIntrospectionQuery());
    schema = buildClientSchema(introspection.data!);
  });
  afterAll(() => server?.close());

  it('answers every root field with data or a coded client error', async () => {
    const internal: string[] = [];
    const calls: { field: string; variant: number; query: string; variables: Record<string, unknown> }[] = [];
    for (const [kind, root] of [['query', schema.getQueryType()!], ['mutation', schema.getMutationType()!]] as const) {
      for (const field of Object.values(root.getFields())) {
        for (let variant = 0; variant < 3; variant++) {
          const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
          const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
          const query = `${kind}${defs ? `(${defs})` : ''} { r: ${field.name}${args ? `(${args})` : ''} { __typename } }`
            .replace(/ \{ __typename \} \}$/, isScalarType(unwrap(field.type)) ? ' }' : ' { __typename } }');
          calls.push({ field: field.name, variant, query, variables: Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.type, variant)])) });
        }
      }
    }
    // A few at a time, as clients do; one by one this file took a minute.
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < calls.length) {
          const { field, variant, query, variables } = calls[next++];
          const result = await gql(server, tenant.token, query, variables);
          const codes = (result.errors ?? []).map((e) => e.extensions?.code);
          if (result.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR')) internal.push(`${field}#${variant} → ${result.status} ${JSON.stringify(result.errors?.[0])}`);
        }
      }),
    );
    console.log(`GraphQL hostile-argument calls: ${calls.length}, internal errors: ${internal.length}`);
    expect(internal).toEqual([]);
  }, 120_000);
});

function unwrap(type: any): any {
  return type.ofType ? unwrap(type.ofType) : type;
}
