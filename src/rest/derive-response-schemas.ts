/**
 * Derives each REST route's response JSON Schema from its code (`npm run compose` runs this):
 * the type TypeScript infers for the route's `response` mapping, whose `data` is the typed
 * document's result type (codegen, from the operation's selection set against the schema), is
 * turned into JSON Schema. Nothing is written per route, so the document follows every change of
 * a selection or a mapping. Dev-time only: it loads the TypeScript compiler.
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { packageRoot } from '../package-root';
import type { JsonSchema } from './route';

/** What a route answers on success: a JSON body with this schema, or no body (204). */
export type DerivedResponse = { schema: JsonSchema } | { noBody: true };

/** Routes by `${operationName}|${summary}`; `|*` where the summary is computed (a route factory). */
export type DerivedResponses = Record<string, DerivedResponse>;

export const GENERATED_FILE = 'src/generated/rest-response-schemas.ts';

/** Deepest nesting followed; deeper (only recursive types) is left open. */
const MAX_DEPTH = 16;

class SchemaWriter {
  /** Where a type could not be made precise (any, unknown), for the report. */
  readonly open: string[] = [];

  constructor(private readonly checker: ts.TypeChecker) {}

  schemaOf(type: ts.Type, where: string, depth = 0): JsonSchema {
    const { checker } = this;
    const flags = type.flags;
    if (depth > MAX_DEPTH) return {};
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
      this.open.push(where);
      return {};
    }
    if (flags & ts.TypeFlags.Null) return { type: 'null' };
    if (flags & ts.TypeFlags.Never) return {};
    if (flags & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (flags & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', enum: [checker.typeToString(type) === 'true'] };
    if (flags & ts.TypeFlags.StringLike) return { type: 'string' };
    if (flags & ts.TypeFlags.NumberLike) return { type: 'number' };
    if (flags & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (type.isUnion()) return this.unionOf(type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void))), where, depth);
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const items = checker.getTypeArguments(type as ts.TypeReference);
      const item = items.length === 1 ? this.schemaOf(items[0], `${where}[]`, depth + 1) : { anyOf: items.map((t) => this.schemaOf(t, `${where}[]`, depth + 1)) };
      return { type: 'array', items: item };
    }
    if (type.getSymbol()?.getName() === 'Date') return { type: 'string', format: 'date-time' };
    if (flags & ts.TypeFlags.Object || type.isIntersection()) return this.objectOf(type, where, depth);
    this.open.push(`${where} (${checker.typeToString(type)})`);
    return {};
  }

  private unionOf(members: ts.Type[], where: string, depth: number): JsonSchema {
    if (members.length === 1) return this.schemaOf(members[0], where, depth);
    // `true | false` is TypeScript's boolean; string literals (enums) become one enum.
    const schemas = members.map((m) => this.schemaOf(m, where, depth));
    const merged: JsonSchema[] = [];
    for (const schema of schemas) {
      const same = merged.find((m) => m.type === schema.type && Array.isArray(m.enum) && Array.isArray(schema.enum) && Object.keys(m).length === 2);
      if (same && Object.keys(schema).length === 2) (same.enum as unknown[]).push(...(schema.enum as unknown[]));
      else merged.push({ ...schema, ...(Array.isArray(schema.enum) ? { enum: [...(schema.enum as unknown[])] } : {}) });
    }
    for (const m of merged) if (m.type === 'boolean' && Array.isArray(m.enum) && m.enum.length === 2) delete m.enum;
    if (merged.length === 1) return merged[0];
    // Plain types (`string | null`) as a type list, anything richer as anyOf.
    if (merged.every((m) => Object.keys(m).length === 1 && typeof m.type === 'string')) return { type: merged.map((m) => m.type as string) };
    return { anyOf: merged };
  }

  private objectOf(type: ts.Type, where: string, depth: number): JsonSchema {
    const { checker } = this;
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const propertyType = checker.getTypeOfSymbol(property);
      if (propertyType.getCallSignatures().length) continue;
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0
        || (propertyType.isUnion() && propertyType.types.some((t) => t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)))
        || (propertyType.flags & ts.TypeFlags.Undefined) !== 0;
      if (propertyType.flags & ts.TypeFlags.Undefined) continue;
      properties[property.getName()] = this.schemaOf(propertyType, `${where}.${property.getName()}`, depth + 1);
      if (!optional) required.push(property.getName());
    }
    const schema: JsonSchema = { type: 'object', properties, ...(required.length ? { required } : {}) };
    const index = checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & ts.TypeFlags.String);
    if (index) schema.additionalProperties = this.schemaOf(index.type, `${where}[key]`, depth + 1);
    return schema;
  }
}

/** The operation name of a typed document: `DocumentNode<ListProjectsQuery, …>` exported as `ListProjectsDocument`. */
function operationNameOf(initializer: ts.Expression, checker: ts.TypeChecker): string | undefined {
  const symbol = checker.getSymbolAtLocation(initializer);
  const name = symbol ? checker.getAliasedSymbol(symbol)?.getName() ?? symbol.getName() : initializer.getText();
  return name.endsWith('Document') ? name.slice(0, -'Document'.length) : undefined;
}

/** The result type of a typed document (`TypedDocumentNode`'s `__apiType` returns it). */
function dataTypeOf(initializer: ts.Expression, checker: ts.TypeChecker): ts.Type | undefined {
  const property = checker.getPropertyOfType(checker.getTypeAtLocation(initializer), '__apiType');
  const apiType = property && checker.getTypeOfSymbol(property);
  const call = apiType ? checker.getNonNullableType(apiType).getCallSignatures()[0] : undefined;
  return call?.getReturnType();
}

function propertiesOf(literal: ts.ObjectLiteralExpression): Map<string, ts.ObjectLiteralElementLike> {
  return new Map(literal.properties.flatMap((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [[p.name.text, p] as const] : [])));
}

/** Every route literal (an object with `operation`, `path` and `summary`) of the subgraphs, with its derived response. */
export function deriveResponseSchemas(root = packageRoot()): { responses: DerivedResponses; open: string[] } {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
  if (!parsed) throw new Error('tsconfig.json could not be read');
  const program = ts.createProgram(parsed.fileNames.filter((f) => f.includes('/subgraphs/')), parsed.options);
  const checker = program.getTypeChecker();
  const writer = new SchemaWriter(checker);
  const found: Record<string, DerivedResponse[]> = {};
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(join(root, 'subgraphs'))) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isObjectLiteralExpression(node)) {
        const props = propertiesOf(node);
        const operation = props.get('operation');
        if (operation && ts.isPropertyAssignment(operation) && props.has('summary') && props.has('path')) {
          const summaryProp = props.get('summary')!;
          const summary = ts.isPropertyAssignment(summaryProp) && ts.isStringLiteralLike(summaryProp.initializer) ? summaryProp.initializer.text : '*';
          const opName = operationNameOf(operation.initializer, checker);
          const where = `${relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
          if (!opName) throw new Error(`${where}: a route's operation must be a typed document (…Document from src/generated/operations)`);
          (found[`${opName}|${summary}`] ??= []).push(responseOf(props, operation.initializer, checker, writer, `${where} ${summary}`));
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  const responses: DerivedResponses = {};
  for (const [key, derived] of Object.entries(found)) {
    const distinct = [...new Map(derived.map((d) => [JSON.stringify(d), d])).values()];
    // One route factory (or several) under one key: the routes answer one of these.
    responses[key] = distinct.length === 1 ? distinct[0] : { schema: { anyOf: distinct.map((d) => ('schema' in d ? d.schema : { type: 'null' })) } };
  }
  return { responses, open: writer.open };
}

function responseOf(props: Map<string, ts.ObjectLiteralElementLike>, operation: ts.Expression, checker: ts.TypeChecker, writer: SchemaWriter, where: string): DerivedResponse {
  const response = props.get('response');
  let body: ts.Type | undefined;
  if (response) {
    const mapping = ts.isPropertyAssignment(response) ? response.initializer : ts.isMethodDeclaration(response) ? response : undefined;
    const signature = mapping && checker.getTypeAtLocation(mapping).getCallSignatures()[0];
    if (!signature) throw new Error(`${where}: response is not a function`);
    body = signature.getReturnType();
  } else {
    // No mapping: the body is the first field of `data`.
    const data = dataTypeOf(operation, checker);
    const first = data && checker.getPropertiesOfType(data)[0];
    if (!first) throw new Error(`${where}: no result type for the operation`);
    body = checker.getTypeOfSymbol(first);
  }
  if (body.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return { noBody: true };
  const contentType = props.get('contentType');
  // A text body (CSV): the mapping returns the text.
  if (contentType) return { schema: { type: 'string' } };
  return { schema: writer.schemaOf(body, where) };
}

/** Writes the derived schemas where the OpenAPI document reads them. */
export function writeResponseSchemas(root = packageRoot()): void {
  const { responses, open } = deriveResponseSchemas(root);
  const text = [
    '/* eslint-disable */',
    '// Generated by `npm run compose` (src/rest/derive-response-schemas.ts) from the REST routes\' response mappings. Do not edit.',
    "import type { DerivedResponses } from '../rest/derive-response-schemas';",
    '',
    'export const REST_RESPONSE_SCHEMAS: DerivedResponses = {',
    ...Object.keys(responses).sort().map((key) => `  ${JSON.stringify(key)}: ${JSON.stringify(responses[key])},`),
    '};',
    '',
  ].join('\n');
  writeFileSync(join(root, GENERATED_FILE), text);
  console.log(`REST response schemas: ${Object.keys(responses).length} route mappings → ${GENERATED_FILE} (${open.length} values left open: JSON scalars, any)`);
}

if (require.main === module) writeResponseSchemas();
