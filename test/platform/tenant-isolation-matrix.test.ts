import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema, getNamedType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isObjectType, Kind, parse,
  type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLNamedType, type GraphQLObjectType, type GraphQLOutputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphs } from '../../subgraphs';
import { ERROR_ENVELOPES } from '../../src/rest/profiles';
import type { RestRoute } from '../../src/rest/route';
import { gql, gqlOk, rest, subscribe, wsClient, type GqlResponse, type QueuedSubscription } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';
import {
  ARG_TYPES, ARG_VALUES, BY_DESIGN, FIXTURES, FORBIDDEN_BY_DESIGN, INPUT_REFERENCE_NEEDS, INPUT_REFERENCE_UNDO, LISTED_BY_OTHERS, REST_BODIES, REST_BY_DESIGN, REST_PARAMS, SUBSCRIPTION_TRIGGERS, TYPE_ALIASES,
  fixtureSet, type FixtureContext,
} from './isolation-fixtures';

/**
 * Issue 8's tenant-isolation matrix, generated from the schema: every row type (an object type with
 * `id: ID!`) needs a fixture, and for every access path — query by id, lists, mutations,
 * subscriptions, `_entities` and REST routes — tenant B is denied tenant A's rows. A new type,
 * field or route is covered without anyone adding it here; one without a fixture fails the test.
 */
const SCHEMA_DIR = join(__dirname, '..', '..', 'schema');
const schema = buildSchema(readFileSync(join(SCHEMA_DIR, 'api.graphql'), 'utf8'));
const rowTypes = Object.values(schema.getTypeMap())
  .filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__') && String(t.getFields().id?.type) === 'ID!')
  .map((t) => t.name);

const DESTRUCTIVE = /^(delete|remove|revoke|destroy|archive|disconnect|discard|close|cancel|clear|detach|reject|expire)/;
const SUBSCRIBE_WINDOW_MS = 400;

const cells: Record<string, number> = { 'query by id': 0, lists: 0, mutations: 0, 'input references': 0, subscriptions: 0, _entities: 0, 'REST routes': 0 };
/** Fields and routes left out, with why: they address only types that are not rows (notAddressable). */
const skipped: string[] = [];
/** Cells where B's answer was not NOT_FOUND but empty (or FORBIDDEN by design) exactly as for ids that exist nowhere. */
const likeMissing: string[] = [];
/** Input references B may store unchecked: accepted for A's id exactly as for an id that exists nowhere. */
const uncheckedReferences: string[] = [];
/** Answers that a caller without the row gets anyway: A's answer is an error of one of these, the id did not reach a row. */
const NOT_REACHED = ['NOT_FOUND', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'FORBIDDEN'];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const UUID_ONLY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An answer with every id blanked: two answers alike but for the ids in them say the same thing. */
const shapeOf = (value: unknown) => JSON.stringify(value ?? null).replace(UUID, '<id>');

const isIdArg = (arg: GraphQLArgument) => !isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type) && getNamedType(arg.type).name === 'ID';

/** The type an ID argument names: a table entry, else its own name (`jobId` → Job), else the field's name (`updateCatalog` → Catalog), else the return type. */
function typeForArg(root: string, field: GraphQLField<unknown, unknown>, arg: GraphQLArgument): string | undefined {
  const listed = ARG_TYPES[`${root}.${field.name}.${arg.name}`];
  if (listed) return listed;
  const known = (name: string) => (FIXTURES[name] ? name : TYPE_ALIASES[name]);
  if (arg.name !== 'id') {
    const base = arg.name.replace(/Id$/, '');
    return known(base[0].toUpperCase() + base.slice(1));
  }
  const words = root === 'Query' ? field.name[0].toUpperCase() + field.name.slice(1) : field.name.replace(/^[a-z]+/, '');
  const prefix = [...Object.keys(FIXTURES), ...Object.keys(TYPE_ALIASES)].filter((name) => words.startsWith(name)).sort((x, y) => y.length - x.length)[0];
  if (prefix) return known(prefix);
  const returned = getNamedType(field.type).name;
  return FIXTURES[returned] ? returned : undefined;
}

/** An ARG_VALUES entry for one argument, given the caller's own row ids; undefined when there is none. */
function listedValue(field: string, arg: string, own: (type: string) => string): unknown {
  const listed = ARG_VALUES[field]?.[arg];
  return typeof listed === 'function' ? listed(own) : listed;
}

/** The type an ID field of an input names: a table entry, else its name (`teamIds` → Team, `queryIds` → SavedQuery). */
function typeForInputField(name: string): string | undefined {
  const listed = ARG_TYPES[`Input.${name}`];
  if (listed) return listed;
  const base = name.replace(/Ids?$/, '');
  if (!base) return undefined;
  const word = base[0].toUpperCase() + base.slice(1);
  return FIXTURES[word] ? word : TYPE_ALIASES[word];
}

/** Every ID field inside a root field's input arguments, as a path from the argument (`input.source.uploadId`). */
function inputIdPaths(field: GraphQLField<unknown, unknown>): string[][] {
  const paths: string[][] = [];
  const walk = (type: GraphQLInputType, path: string[], seen: Set<string>) => {
    const named = getNamedType(type);
    if (!isInputObjectType(named) || seen.has(named.name)) return;
    for (const child of Object.values(named.getFields())) {
      if (getNamedType(child.type).name === 'ID') paths.push([...path, child.name]);
      else walk(child.type, [...path, child.name], new Set([...seen, named.name]));
    }
  };
  for (const arg of field.args) walk(arg.type, [arg.name], new Set());
  return paths;
}

/** Sets the ID field at `path` (below `type`) to `id`, creating the objects and lists on the way with their required fields. */
function withIdAt(type: GraphQLInputType, value: unknown, path: string[], id: string, idFor: (name: string) => string): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const list = Array.isArray(value) && value.length ? value : [minimalValue(inner.ofType, path[0] ?? '', idFor)];
    return !path.length ? [id] : [withIdAt(inner.ofType, list[0], path, id, idFor), ...list.slice(1)];
  }
  if (!path.length) return id;
  const object = isInputObjectType(inner) ? inner : undefined;
  if (!object) return id;
  const current = (value && typeof value === 'object' ? value : minimalValue(object, '', idFor)) as Record<string, unknown>;
  const child = object.getFields()[path[0]];
  return { ...current, [path[0]]: withIdAt(child.type, current[path[0]], path.slice(1), id, idFor) };
}

/** `__typename` and every ID field, and `nodes { … }` of a connection: enough to see whose rows come back. */
function selectionOf(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const fields = Object.values(named.getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type)));
  const nodes = fields.find((f) => f.name === 'nodes');
  if (nodes) return `{ nodes ${selectionOf(nodes.type)} }`;
  const ids = fields.filter((f) => getNamedType(f.type).name === 'ID').map((f) => f.name);
  return `{ __typename ${ids.join(' ')} }`;
}

/** Minimal valid input: "x", 1, false, the first enum value, required input fields recursively. */
function minimalValue(type: GraphQLInputType, name: string, idFor: (name: string) => string): unknown {
  if (isNonNullType(type)) return minimalValue(type.ofType, name, idFor);
  if (isListType(type)) return [minimalValue(type.ofType, name, idFor)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => [f.name, minimalValue(f.type, f.name, idFor)]));
  }
  switch (type.name) {
    case 'ID': return idFor(name);
    case 'Int': case 'Float': return 1;
    case 'Boolean': return false;
    case 'JSON': case 'JSONObject': return {};
    case 'DateTimeISO': return new Date(Date.now() + 86_400_000).toISOString();
    default: return 'x';
  }
}

function argumentList(field: GraphQLField<unknown, unknown>, used: GraphQLArgument[]): { declared: string; passed: string } {
  return {
    declared: used.map((a) => `$${a.name}: ${String(a.type)}`).join(', '),
    passed: used.map((a) => `${a.name}: $${a.name}`).join(', '),
  };
}

function operationFor(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>, used: GraphQLArgument[]): string {
  const { declared, passed } = argumentList(field, used);
  return `${kind}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''} ${selectionOf(field.type)} }`;
}

let sent = 0;
/** A copy of `value` with every generated "x" made unique, so a call repeated with another id does not conflict on a name. */
const freshStrings = (value: unknown): unknown =>
  value === 'x' ? `x${++sent}` : Array.isArray(value) ? value.map(freshStrings)
    : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, freshStrings(v)])) : value;

/** Every string anywhere in `value` (ids show up as `id`, `teamId`, `nodes[].id`, …). */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

/** The smallest body a route's JSON schema accepts. */
function minimalJson(node: any, key = ''): unknown {
  if (!node || typeof node !== 'object') return undefined;
  if (node.const !== undefined) return node.const;
  if (Array.isArray(node.enum)) return node.enum.find((v: unknown) => v !== null);
  if (node.default !== undefined) return node.default;
  const choice = node.anyOf ?? node.oneOf;
  if (choice) return minimalJson(choice.find((c: any) => c.type !== 'null'));
  const type = Array.isArray(node.type) ? node.type.find((t: string) => t !== 'null') : node.type;
  switch (type ?? (node.properties ? 'object' : undefined)) {
    case 'object': return Object.fromEntries((node.required ?? []).map((name: string) => [name, minimalJson(node.properties?.[name] ?? { type: 'string' }, name)]));
    case 'array': return node.minItems ? Array.from({ length: node.minItems }, () => minimalJson(node.items)) : [];
    case 'integer': case 'number': return node.minimum ?? 1;
    case 'boolean': return false;
    case 'string':
      if (node.format === 'email' || key === 'email') return 'x@example.test';
      if (node.pattern) return ['X', 'x', '1', 'x@example.test'].find((candidate) => new RegExp(node.pattern).test(candidate)) ?? 'x';
      if (node.format === 'uri' || node.format === 'url') return 'http://example.test/';
      if (node.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      return 'x'.repeat(Math.max(1, node.minLength ?? 1));
    default: return 'x';
  }
}

/** `@key` entity types each subgraph resolves itself (not the `resolvable: false` stubs). */
function resolvableEntities(name: string): string[] {
  const document = parse(readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8'));
  return document.definitions.flatMap((d) => {
    if (d.kind !== Kind.OBJECT_TYPE_DEFINITION && d.kind !== Kind.OBJECT_TYPE_EXTENSION) return [];
    const keys = (d.directives ?? []).filter((dir) => dir.name.value === 'key');
    const resolvable = keys.some((k) => !k.arguments?.some((a) => a.name.value === 'resolvable' && a.value.kind === Kind.BOOLEAN && !a.value.value));
    return resolvable ? [d.name.value] : [];
  });
}

/** The argument names a type that is a value, not a row: nothing to isolate. */
class NotARow extends Error {}

describe('tenant-isolation matrix (generated from the schema)', () => {
  let server: TestServer;
  let a: TestTenant;
  let b: TestTenant;
  let bTeam: string;
  let ids: Record<string, string>;
  let fixture: FixtureContext;
  /** B's own rows, made as the input-reference cells need them. */
  let ofB: ReturnType<typeof fixtureSet>;
  let idsOfA: Set<string>;

  const asB = (query: string, variables?: Record<string, unknown>) => gql(server, b.token, query, variables);
  const leakedIn = (value: unknown) => stringsIn(value).filter((s) => idsOfA.has(s));
  const isNotFound = (result: GqlResponse) => result.errors?.[0]?.extensions?.code === 'NOT_FOUND';
  const withOtherIds = (variables: Record<string, unknown>) => Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' && idsOfA.has(v) ? randomUUID() : v]));

  /** Null when A's own call reached its row (any answer but "not found" or bad input), else why the cell proves nothing. */
  function ownCallProblem(label: string, own: GqlResponse): string | undefined {
    const code = own.errors?.[0]?.extensions?.code;
    return code && NOT_REACHED.includes(code) ? `${label}: A's own call fails, so the cell proves nothing: ${JSON.stringify(own.errors![0])}` : undefined;
  }

  /**
   * B calls `label` with A's ids: NOT_FOUND is right; so is, for a read, an empty answer (or, where
   * the design says so, FORBIDDEN) exactly like B's answer for ids that exist nowhere.
   */
  async function deniedProblem(label: string, query: string, variables: Record<string, unknown>, read: boolean): Promise<string | undefined> {
    const result = await asB(query, variables);
    const leaked = leakedIn(result.data);
    if (leaked.length) return `${label}: B saw A's ids ${leaked}`;
    if (isNotFound(result)) return undefined;
    const code = result.errors?.[0]?.extensions?.code;
    if ((read && !result.errors) || (code === 'FORBIDDEN' && FORBIDDEN_BY_DESIGN[label])) {
      const elsewhere = await asB(query, withOtherIds(variables));
      if (shapeOf(elsewhere) === shapeOf(result)) {
        likeMissing.push(label);
        return undefined;
      }
    }
    return `${label}(${JSON.stringify(variables)}): B got ${JSON.stringify(result.errors?.[0] ?? result.data).slice(0, 300)}`;
  }

  /** A's id for an ID argument, or why there is none. */
  function aIdFor(root: string, field: GraphQLField<unknown, unknown>, arg: GraphQLArgument): string | Error {
    const type = typeForArg(root, field, arg);
    if (!type) return new Error(`${root}.${field.name}(${arg.name}): no type for this ID argument (add it to ARG_TYPES)`);
    const entry = FIXTURES[type];
    if (entry && 'notAddressable' in entry) return new NotARow(`${root}.${field.name}(${arg.name}) → ${type}: ${entry.notAddressable}`);
    return ids[type] ?? new Error(`${root}.${field.name}(${arg.name}) → ${type}: no fixture id`);
  }

  /** Arguments for a root field addressed with A's ids: every ID argument, and the minimum for other required ones. */
  function argumentsFor(root: string, field: GraphQLField<unknown, unknown>): { used: GraphQLArgument[]; variables: Record<string, unknown> } | Error {
    const used: GraphQLArgument[] = [];
    const variables: Record<string, unknown> = {};
    // B's own rows for ids inside inputs, so a NOT_FOUND is about A's row and not about the input.
    const ownId = (name: string) => (/^team/i.test(name) ? bTeam : b.adminId);
    for (const arg of field.args) {
      if (isIdArg(arg)) {
        const id = aIdFor(root, field, arg);
        if (id instanceof Error) {
          if (isNonNullType(arg.type) || id instanceof NotARow) return id;
          continue;
        }
        used.push(arg);
        variables[arg.name] = id;
      } else if (listedValue(field.name, arg.name, (type) => ofB.ids[type]) !== undefined) {
        used.push(arg);
        variables[arg.name] = listedValue(field.name, arg.name, (type) => ofB.ids[type]);
      } else if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
        used.push(arg);
        variables[arg.name] = minimalValue(arg.type, arg.name, ownId);
      }
    }
    return { used, variables };
  }

  const rootFields = (type: GraphQLObjectType | null | undefined) => Object.values(type?.getFields() ?? {});
  const byIdQueries = rootFields(schema.getQueryType()).filter((f) => f.args.some(isIdArg) && !BY_DESIGN[`Query.${f.name}`]);

  beforeAll(async () => {
    // Short provisioning steps: one fixture is a provisioned cluster on a provisioned network.
    server = await startTestServer({ env: { CLUSTER_STEP_MS: '20' } });
    a = await createTenant(server, 'matrix-a');
    b = await createTenant(server, 'matrix-b');
    const c = await createTenant(server, 'matrix-c');
    ({ context: fixture, ids } = fixtureSet(server, a, c));
    ofB = fixtureSet(server, b, c);
    bTeam = await ofB.context.need('Team');
    for (const [type, entry] of Object.entries(FIXTURES)) if (!('notAddressable' in entry)) await fixture.need(type);
    idsOfA = new Set([...Object.values(ids), a.tenantId, a.adminId]);
  }, 120_000);

  afterAll(async () => {
    const total = Object.values(cells).reduce((sum, n) => sum + n, 0);
    for (const [path, n] of Object.entries(cells)) console.log(`isolation matrix: ${path}: ${n} cells`);
    console.log(`isolation matrix: total: ${total} cells (${rowTypes.length} row types); not cells: ${skipped.length} (${skipped.join('; ')})`);
    console.log(`isolation matrix: input references stored unchecked (as any unknown id would be): ${uncheckedReferences.length} (${uncheckedReferences.join('; ')})`);
    console.log(`isolation matrix: answered like a missing id rather than NOT_FOUND: ${likeMissing.length} (${likeMissing.join('; ')})`);
    await server?.close();
  });

  it('has a fixture (or a reason it is not addressable) for every type with an id', () => {
    const missing = rowTypes.filter((name) => !FIXTURES[name]);
    expect(missing, `types with an id and no entry in FIXTURES (test/platform/isolation-fixtures.ts)`).toEqual([]);
  });

  it('query by id: B gets NOT_FOUND for every root query with an ID argument, A still reads its row', async () => {
    const problems: string[] = [];
    for (const field of byIdQueries) {
      const args = argumentsFor('Query', field);
      if (args instanceof NotARow) { skipped.push(args.message); continue; }
      if (args instanceof Error) { problems.push(args.message); continue; }
      const query = operationFor('query', field, args.used);
      const ownProblem = ownCallProblem(`Query.${field.name}`, await gql(server, a.token, query, args.variables));
      if (ownProblem) { problems.push(ownProblem); continue; }
      cells['query by id']++;
      const problem = await deniedProblem(`Query.${field.name}`, query, args.variables, true);
      if (problem) problems.push(problem);
    }
    expect(problems).toEqual([]);
  });

  it('lists: no list B reads contains any of A\'s ids, while A\'s own lists show its rows', async () => {
    const problems: string[] = [];
    const lists = rootFields(schema.getQueryType()).filter((f) => {
      const returned = isNonNullType(f.type) ? f.type.ofType : f.type;
      const listLike = isListType(returned) || (isObjectType(returned) && !!returned.getFields().nodes);
      return listLike && !f.args.some((arg) => isIdArg(arg) && isNonNullType(arg.type));
    });
    for (const field of lists) {
      const used = field.args.filter((arg) => arg.name === 'first' || (isNonNullType(arg.type) && arg.defaultValue === undefined));
      const variables = Object.fromEntries(used.map((arg) => [arg.name, arg.name === 'first' ? 100 : (listedValue(field.name, arg.name, (type) => ofB.ids[type]) ?? minimalValue(arg.type, arg.name, () => b.adminId))]));
      const query = operationFor('query', field, used);
      const listed = await asB(query, variables);
      cells.lists++;
      if (listed.errors) problems.push(`${field.name}: B's list failed: ${JSON.stringify(listed.errors[0])}`);
      if (leakedIn(listed.data).length) problems.push(`${field.name}: B saw A's ids ${leakedIn(listed.data)}`);
      // The cell can fail: A's own list of that type shows A's row.
      const node = getNamedType(isObjectType(getNamedType(field.type)) && (getNamedType(field.type) as GraphQLObjectType).getFields().nodes
        ? (getNamedType(field.type) as GraphQLObjectType).getFields().nodes.type : field.type) as GraphQLNamedType;
      if (ids[node.name] && !LISTED_BY_OTHERS[field.name]) {
        const own = await gql(server, a.token, query, variables);
        if (!stringsIn(own.data).includes(ids[node.name])) problems.push(`${field.name}: A's own list lacks its ${node.name} ${ids[node.name]} (${JSON.stringify(own.errors?.[0] ?? own.data).slice(0, 200)})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('mutations: every root mutation with an ID argument is NOT_FOUND for B on A\'s rows, and A\'s rows stay', async () => {
    const problems: string[] = [];
    const mutations = rootFields(schema.getMutationType())
      .filter((f) => f.args.some(isIdArg) && !BY_DESIGN[`Mutation.${f.name}`])
      .sort((x, y) => Number(DESTRUCTIVE.test(x.name)) - Number(DESTRUCTIVE.test(y.name)));
    for (const field of mutations) {
      const args = argumentsFor('Mutation', field);
      if (args instanceof NotARow) { skipped.push(args.message); continue; }
      if (args instanceof Error) { problems.push(args.message); continue; }
      cells.mutations++;
      const problem = await deniedProblem(`Mutation.${field.name}`, operationFor('mutation', field, args.used), args.variables, false);
      if (problem) problems.push(problem);
    }
    // Nothing of A's was changed away: every by-id read still answers A.
    for (const field of byIdQueries) {
      const args = argumentsFor('Query', field);
      if (args instanceof Error) continue;
      const ownProblem = ownCallProblem(`after B's mutations, Query.${field.name}`, await gql(server, a.token, operationFor('query', field, args.used), args.variables));
      if (ownProblem) problems.push(ownProblem);
    }
    expect(problems).toEqual([]);
  });

  it('input references: no mutation takes an id of A\'s row inside its input from B (same answer as for an id that exists nowhere)', async () => {
    const problems: string[] = [];
    const mutations = rootFields(schema.getMutationType()).filter((f) => !BY_DESIGN[`Mutation.${f.name}`]);
    for (const field of mutations) {
      for (const path of inputIdPaths(field)) {
        const label = `Mutation.${field.name}(${path.join('.')})`;
        const target = typeForInputField(path[path.length - 1]);
        const entry = target ? FIXTURES[target] : undefined;
        if (!target || !entry) { problems.push(`${label}: no type for this ID field (add Input.${path[path.length - 1]} to ARG_TYPES)`); continue; }
        if ('notAddressable' in entry) { skipped.push(`${label} → ${target}: ${entry.notAddressable}`); continue; }
        // Everything else B sends is B's own: its rows for the top-level ids and for ids the input requires.
        const ownTypes = [
          ...field.args.filter(isIdArg).map((arg) => typeForArg('Mutation', field, arg)),
          ...inputIdPaths(field).map((p) => typeForInputField(p[p.length - 1])),
        ].filter((type): type is string => !!type && !!FIXTURES[type] && !('notAddressable' in FIXTURES[type]));
        for (const type of new Set([...ownTypes, target, ...(INPUT_REFERENCE_NEEDS[field.name] ?? [])])) await ofB.context.need(type);
        const own = (type: string) => ofB.ids[type];
        const ownId = (name: string) => ofB.ids[typeForInputField(name) ?? ''] ?? b.adminId;
        const variables: Record<string, unknown> = {};
        const used: GraphQLArgument[] = [];
        for (const arg of field.args) {
          if (isIdArg(arg)) {
            const type = typeForArg('Mutation', field, arg);
            if (type && ofB.ids[type]) { used.push(arg); variables[arg.name] = ofB.ids[type]; }
          } else if (arg.name === path[0]) {
            used.push(arg);
            const base = listedValue(field.name, arg.name, own) ?? (isNonNullType(arg.type) ? minimalValue(arg.type, arg.name, ownId) : undefined);
            variables[arg.name] = withIdAt(arg.type, base, path.slice(1), '', ownId);
          } else if (listedValue(field.name, arg.name, own) !== undefined) {
            used.push(arg);
            variables[arg.name] = listedValue(field.name, arg.name, own);
          } else if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
            used.push(arg);
            variables[arg.name] = minimalValue(arg.type, arg.name, ownId);
          }
        }
        const argType = field.args.find((arg) => arg.name === path[0])!.type;
        const send = async (id: string) => {
          const result = await asB(operationFor('mutation', field, used), freshStrings({ ...variables, [path[0]]: withIdAt(argType, variables[path[0]], path.slice(1), id, ownId) }) as Record<string, unknown>);
          if (!result.errors) await INPUT_REFERENCE_UNDO[field.name]?.(ofB.context);
          return result;
        };
        cells['input references']++;
        const withA = await send(ids[target]);
        // The answer may echo the id B sent (a stored reference); any other id of A's is a leak.
        const leaked = leakedIn(withA.data).filter((id) => id !== ids[target]);
        if (leaked.length) { problems.push(`${label}: B saw A's ids ${leaked}`); continue; }
        const nowhere = await send(randomUUID());
        const answer = (r: GqlResponse) => shapeOf(r.errors ? { code: r.errors[0].extensions?.code, message: r.errors[0].message } : 'accepted').replace(/x\d+/g, 'x');
        if (answer(withA) !== answer(nowhere)) problems.push(`${label}: A's ${target} answers ${answer(withA)}, an id that exists nowhere ${answer(nowhere)}`);
        else if (!withA.errors) uncheckedReferences.push(label);
        else {
          // The cell can fail: B's own row gets past where A's and an unknown id stop.
          const control = await send(ofB.ids[target]);
          if (answer(control) === answer(nowhere)) problems.push(`${label}: B's own ${target} answers as an unknown id does (${answer(control)}): the call stops before the reference`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('subscriptions: B, with A\'s ids or none, replaying from the start, gets NOT_FOUND or nothing while A\'s own subscription gets A\'s change', async () => {
    const problems: string[] = [];
    const clientA = wsClient(server, a.token);
    const clientB = wsClient(server, b.token);
    const watched: { name: string; sub: QueuedSubscription }[] = [];
    const ownSubs: QueuedSubscription[] = [];
    for (const field of rootFields(schema.getSubscriptionType())) {
      const trigger = SUBSCRIPTION_TRIGGERS[field.name];
      if (!trigger) { problems.push(`${field.name}: no trigger in SUBSCRIPTION_TRIGGERS`); continue; }
      const args = argumentsFor('Subscription', field);
      if (args instanceof NotARow) { skipped.push(args.message); continue; }
      if (args instanceof Error) { problems.push(args.message); continue; }
      const after = field.args.find((arg) => arg.name === 'after');
      const replay = after ? { used: [...args.used, after], variables: { ...args.variables, after: '0' } } : args;
      const variants = [replay];
      const idArgs = field.args.filter(isIdArg);
      if (idArgs.length && !idArgs.some((arg) => isNonNullType(arg.type))) {
        variants.push({ used: replay.used.filter((arg) => !isIdArg(arg)), variables: Object.fromEntries(Object.entries(replay.variables).filter(([k]) => !idArgs.some((arg) => arg.name === k))) });
      }
      for (const variant of variants) watched.push({ name: `${field.name}(${JSON.stringify(variant.variables)})`, sub: subscribe(clientB, operationFor('subscription', field, variant.used), variant.variables) });
      cells.subscriptions += variants.length;
      // A's own subscription with the same ids receives A's change: the trigger works, so B's silence means something.
      const own = subscribe(clientA, operationFor('subscription', field, replay.used), replay.variables);
      let received: Awaited<ReturnType<QueuedSubscription['next']>> | undefined;
      for (let attempt = 0; attempt < 50 && !received; attempt++) {
        await trigger(fixture);
        received = await own.next(300).catch(() => undefined);
      }
      if (!received || received.errors) problems.push(`${field.name}: A's own subscription got ${JSON.stringify(received ?? 'nothing')}`);
      ownSubs.push(own);
    }
    // What A's subscriptions carried (rows the triggers made included) is A's: B must see none of it.
    const drain = async (sub: QueuedSubscription) => {
      const messages: unknown[] = [];
      for (let next = await sub.next(SUBSCRIBE_WINDOW_MS).catch(() => undefined); next; next = await sub.next(SUBSCRIBE_WINDOW_MS).catch(() => undefined)) messages.push(next);
      sub.dispose();
      return messages;
    };
    for (const own of ownSubs) for (const s of stringsIn(await drain(own))) if (UUID_ONLY.test(s)) idsOfA.add(s);
    // B's own rows make events too (B's stream may carry them); an error must be NOT_FOUND.
    for (const { name, sub } of watched) {
      for (const message of (await drain(sub)) as { data?: unknown; errors?: { extensions?: { code?: string } }[] }[]) {
        const code = message.errors?.[0]?.extensions?.code;
        if (message.errors && code !== 'NOT_FOUND') problems.push(`${name}: B got ${JSON.stringify(message.errors[0]).slice(0, 300)}`);
        if (leakedIn(message.data).length) problems.push(`${name}: B received A's ${JSON.stringify(message).slice(0, 300)}`);
      }
    }
    await clientA.dispose();
    await clientB.dispose();
    expect(problems).toEqual([]);
  });

  it('_entities: each subgraph served alone resolves A\'s references for A and never for B', async () => {
    const problems: string[] = [];
    for (const module of subgraphs) {
      const entities = resolvableEntities(module.name).filter((type) => ids[type]);
      if (!entities.length) continue;
      const alone = await startTestServer({ subgraph: module.name, sameDatabaseAs: server });
      try {
        for (const type of entities) {
          const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ${type} { id } } }`;
          const variables = { reps: [{ __typename: type, id: ids[type] }] };
          const own = await gql(alone, a.token, query, variables);
          if (own.data?._entities?.[0]?.id !== ids[type]) problems.push(`${module.name} ${type}: A's own reference did not resolve: ${JSON.stringify(own)}`);
          const denied = await gql(alone, b.token, query, variables);
          cells._entities++;
          if (denied.data?._entities?.[0] != null) problems.push(`${module.name} ${type}: B resolved A's reference: ${JSON.stringify(denied.data)}`);
        }
      } finally {
        await alone.close();
      }
    }
    expect(problems).toEqual([]);
  });

  it('REST: every route with a path parameter answers B 404 in its profile\'s envelope for A\'s ids', async () => {
    const problems: string[] = [];
    const routes = subgraphs.flatMap((m) => m.restRoutes ?? [])
      .filter((route) => /\{\w+\}/.test(route.path) && !REST_BY_DESIGN[`${route.profile} ${route.method.toUpperCase()} ${route.path}`])
      .sort((x, y) => Number(x.method === 'delete') - Number(y.method === 'delete'));
    const valueFor = (route: RestRoute, param: string): string | undefined => {
      const table = REST_PARAMS[route.profile] ?? {};
      const byPath = Object.keys(table).filter((key) => key.startsWith('/') && route.path.startsWith(key) && key.endsWith(`{${param}}`))[0];
      const named = table[byPath ?? param];
      if (!named) return undefined;
      if (typeof named !== 'string') return named.value;
      return named.includes('.') ? fixture.values[named] : ids[named];
    };
    for (const route of routes) {
      const label = `${route.profile} ${route.method.toUpperCase()} ${route.path}`;
      let path = route.path;
      let unmapped = false;
      for (const [, param] of route.path.matchAll(/\{(\w+)\}/g)) {
        const value = valueFor(route, param);
        if (value === undefined) { problems.push(`${label}: no mapping for {${param}} in REST_PARAMS`); unmapped = true; break; }
        path = path.replace(`{${param}}`, encodeURIComponent(value));
      }
      if (unmapped) continue;
      const url = `${server.config.restBasePaths[route.profile]}${path}`;
      const body = REST_BODIES[label] ?? (route.rawBody ? 'a,b\n1,2\n' : route.body ? minimalJson(route.body) : undefined);
      if (route.method === 'get') {
        const own = await rest(server, a.token, 'GET', url);
        if ([400, 403, 404, 422].includes(own.status) || (own.status >= 500 && own.status !== 502)) {
          problems.push(`${label}: A's own GET ${url} is ${own.status}, so the cell proves nothing: ${String(JSON.stringify(own.body)).slice(0, 200)}`);
        }
      }
      const denied = await rest(server, b.token, route.method.toUpperCase(), url, body);
      cells['REST routes']++;
      const envelope = ERROR_ENVELOPES[route.profile].error('NOT_FOUND', 'not found', 404) as Record<string, unknown>;
      const sameShape = denied.body && typeof denied.body === 'object' && Object.keys(envelope).every((key) => key in (denied.body as object));
      // A list under A's parent may answer empty, or the design may refuse first: fine if it is B's answer for ids that exist nowhere.
      const likeNowhere = async () => {
        const elsewhere = await rest(server, b.token, route.method.toUpperCase(), url.replace(UUID, () => randomUUID()), body);
        return elsewhere.status === denied.status && shapeOf(elsewhere.body) === shapeOf(denied.body);
      };
      const accepted = (denied.status === 404 && sameShape) ||
        (((route.method === 'get' && denied.status === 200) || (denied.status === 403 && FORBIDDEN_BY_DESIGN[label])) && (await likeNowhere()));
      if (accepted && denied.status !== 404) likeMissing.push(label);
      if (!accepted) problems.push(`${label}: B got ${denied.status} ${String(JSON.stringify(denied.body)).slice(0, 200)}`);
      // An error message may echo the id B sent; any other id of A's is a leak.
      const leaked = leakedIn(denied.body).filter((id) => !path.includes(encodeURIComponent(id)));
      if (leaked.length) problems.push(`${label}: B saw A's ids ${leaked}`);
    }
    expect(problems).toEqual([]);
  });
});
