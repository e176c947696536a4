import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema, getNamedType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isObjectType, Kind, parse,
  type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLObjectType, type GraphQLOutputType,
} from 'graphql';
import { ARG_TYPES, ARG_VALUES, FIXTURES, TYPE_ALIASES } from './isolation-fixtures';

/**
 * What the tenant-isolation matrix reads off the schema: the row types, which type an ID argument
 * or input field names, minimal valid arguments and bodies, selections that show whose rows come
 * back, and the `@key` entities each subgraph resolves.
 */
const SCHEMA_DIR = join(__dirname, '..', '..', 'schema');
export const schema = buildSchema(readFileSync(join(SCHEMA_DIR, 'api.graphql'), 'utf8'));
export const rowTypes = Object.values(schema.getTypeMap())
  .filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__') && String(t.getFields().id?.type) === 'ID!')
  .map((t) => t.name);

export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
export const UUID_ONLY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An answer with every id blanked: two answers alike but for the ids in them say the same thing. */
export const shapeOf = (value: unknown) => JSON.stringify(value ?? null).replace(UUID, '<id>');

export const isIdArg = (arg: GraphQLArgument) => !isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type) && getNamedType(arg.type).name === 'ID';

/** The type an ID argument names: a table entry, else its own name (`jobId` → Job), else the field's name (`updateCatalog` → Catalog), else the return type. */
export function typeForArg(root: string, field: GraphQLField<unknown, unknown>, arg: GraphQLArgument): string | undefined {
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
export function listedValue(field: string, arg: string, own: (type: string) => string): unknown {
  const listed = ARG_VALUES[field]?.[arg];
  return typeof listed === 'function' ? listed(own) : listed;
}

/** The type an ID field of an input names: a table entry, else its name (`teamIds` → Team, `queryIds` → SavedQuery). */
export function typeForInputField(name: string): string | undefined {
  const listed = ARG_TYPES[`Input.${name}`];
  if (listed) return listed;
  const base = name.replace(/Ids?$/, '');
  if (!base) return undefined;
  const word = base[0].toUpperCase() + base.slice(1);
  return FIXTURES[word] ? word : TYPE_ALIASES[word];
}

/** Every ID field inside a root field's input arguments, as a path from the argument (`input.source.uploadId`). */
export function inputIdPaths(field: GraphQLField<unknown, unknown>): string[][] {
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
export function withIdAt(type: GraphQLInputType, value: unknown, path: string[], id: string, idFor: (name: string) => string): unknown {
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
export function selectionOf(type: GraphQLOutputType): string {
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
export function minimalValue(type: GraphQLInputType, name: string, idFor: (name: string) => string): unknown {
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

export function argumentList(field: GraphQLField<unknown, unknown>, used: GraphQLArgument[]): { declared: string; passed: string } {
  return {
    declared: used.map((a) => `$${a.name}: ${String(a.type)}`).join(', '),
    passed: used.map((a) => `${a.name}: $${a.name}`).join(', '),
  };
}

export function operationFor(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>, used: GraphQLArgument[]): string {
  const { declared, passed } = argumentList(field, used);
  return `${kind}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''} ${selectionOf(field.type)} }`;
}

let sent = 0;
/** A copy of `value` with every generated "x" made unique, so a call repeated with another id does not conflict on a name. */
export const freshStrings = (value: unknown): unknown =>
  value === 'x' ? `x${++sent}` : Array.isArray(value) ? value.map(freshStrings)
    : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, freshStrings(v)])) : value;

/** Every string anywhere in `value` (ids show up as `id`, `teamId`, `nodes[].id`, …). */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

/** The smallest body a route's JSON schema accepts. */
export function minimalJson(node: any, key = ''): unknown {
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
export function resolvableEntities(name: string): string[] {
  const document = parse(readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8'));
  return document.definitions.flatMap((d) => {
    if (d.kind !== Kind.OBJECT_TYPE_DEFINITION && d.kind !== Kind.OBJECT_TYPE_EXTENSION) return [];
    const keys = (d.directives ?? []).filter((dir) => dir.name.value === 'key');
    const resolvable = keys.some((k) => !k.arguments?.some((a) => a.name.value === 'resolvable' && a.value.kind === Kind.BOOLEAN && !a.value.value));
    return resolvable ? [d.name.value] : [];
  });
}

/** The argument names a type that is a value, not a row: nothing to isolate. */
export class NotARow extends Error {}
