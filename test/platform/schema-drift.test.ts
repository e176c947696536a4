import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isInputObjectType, isObjectType, isSpecifiedScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subgraphs } from '../../subgraphs';
import { buildComposition, schemaFiles } from '../../src/federation/schema-files';
import { operationText } from '../../src/rest/router';
import { GENERATED_MANIFEST, manifestText, sha256Hex, shippedManifest } from '../../src/trusted-documents/manifest';

/** The committed SDL is what the code builds; composition reports no errors. Fix: `npm run compose`. */
describe('committed schema', () => {
  it('schema/*.graphql match the subgraphs the code builds, and they compose', async () => {
    const expected = schemaFiles(await buildComposition(subgraphs));
    const dir = join(__dirname, '..', '..', 'schema');
    const committed = readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort();
    expect(committed).toEqual(Object.keys(expected).sort());
    for (const [file, content] of Object.entries(expected)) {
      expect(readFileSync(join(dir, file), 'utf8'), `schema/${file} is stale: run npm run compose`).toBe(content);
    }
  });

  it('every subgraph declares the federation entities others reference', async () => {
    const { subgraphs: sdl } = await buildComposition(subgraphs);
    expect(sdl.tenants).toMatch(/type Tenant(\s+implements Node)?\s+@key\(fields: "id"\)/);
    expect(sdl.tenants).toMatch(/type User(\s+implements Node)?\s+@key\(fields: "id"\)/);
    expect(sdl.projects).toMatch(/type Project(\s+implements Node)?\s+@key\(fields: "id"\)/);
  });
});

describe('committed trusted documents manifest', () => {
  const root = join(__dirname, '..', '..');

  it(`${GENERATED_MANIFEST} holds every operation of subgraphs/**/*.graphql`, () => {
    const committed = readFileSync(join(root, GENERATED_MANIFEST), 'utf8');
    expect(committed, `${GENERATED_MANIFEST} is stale: run npm run compose`).toBe(manifestText(shippedManifest(root)));
  });

  it('registers the exact text every REST route sends, so REST runs in trusted documents mode', () => {
    const registered = new Set(shippedManifest(root).operations.map((o) => o.id));
    const unregistered = subgraphs.flatMap((m) => m.restRoutes ?? []).filter((route) => !registered.has(sha256Hex(operationText(route))));
    expect(unregistered.map((route) => `${route.method} ${route.path}`)).toEqual([]);
  });
});

describe('schema documentation', () => {
  it('describes every type, field and argument of the API (root types aside)', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'api.graphql'), 'utf8'));
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || isSpecifiedScalarType(type as never) || ['Query', 'Mutation', 'Subscription'].includes(type.name)) continue;
      if (!type.description) missing.push(`type ${type.name}`);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      for (const field of Object.values(root?.getFields() ?? {})) {
        if (!field.description) missing.push(`${root!.name}.${field.name}`);
        for (const arg of field.args) if (!arg.description) missing.push(`${root!.name}.${field.name}(${arg.name})`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('committed codegen output', () => {
  it('src/generated/operations.ts is what codegen.ts generates from the committed schema', async () => {
    const { generate } = await import('@graphql-codegen/cli');
    const config = (await import('../../codegen')).default;
    const root = join(__dirname, '..', '..');
    const outputs = (await generate({ ...config, cwd: root, silent: true }, false)) as { filename: string; content: string }[];
    expect(outputs).toHaveLength(1);
    const committed = readFileSync(join(root, 'src', 'generated', 'operations.ts'), 'utf8');
    expect(committed, 'src/generated/operations.ts is stale: run npm run codegen').toBe(outputs[0].content);
  }, 60_000);
});
