import { randomUUID } from 'node:crypto';
import { getNamedType, isInterfaceType, isListType, isNonNullType, isObjectType, type GraphQLArgument, type GraphQLField, type GraphQLNamedType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphs } from '../../subgraphs';
import { toGlobalId } from '../../src/relay/node';
import { ERROR_ENVELOPES } from '../../src/rest/profiles';
import type { RestRoute } from '../../src/rest/route';
import { gql, rest, subscribe, wsClient, type GqlResponse, type QueuedSubscription } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';
import {
  BY_DESIGN, FIXTURES, FORBIDDEN_BY_DESIGN, INPUT_REFERENCE_NEEDS, INPUT_REFERENCE_UNDO, LISTED_BY_OTHERS, REST_BODIES, REST_BY_DESIGN, REST_PARAMS, SUBSCRIPTION_TRIGGERS,
  fixtureSet, type FixtureContext,
} from './isolation-fixtures';
import {
  freshStrings, inputIdPaths, isIdArg, listedValue, minimalJson, minimalValue, NotARow, operationFor, resolvableEntities, rowTypes, schema, shapeOf, stringsIn,
  typeForArg, typeForInputField, UUID, UUID_ONLY, withIdAt,
} from './isolation-schema';

/**
 * Issue 8's tenant-isolation matrix, generated from the schema: every row type (an object type with
 * `id: ID!`) needs a fixture, and for every access path — query by id, lists, mutations, ids inside
 * mutation inputs, subscriptions, `_entities` and REST routes — tenant B is denied tenant A's rows.
 * A new type, field or route is covered without anyone adding it here; one without a fixture fails
 * the test. The summary it prints (cells per path) is the figure issue 8 asks for.
 */
const DESTRUCTIVE = /^(delete|remove|revoke|destroy|archive|disconnect|discard|close|cancel|clear|detach|reject|expire)/;
const SUBSCRIBE_WINDOW_MS = 400;

const cells: Record<string, number> = { 'query by id': 0, 'node by global id': 0, lists: 0, mutations: 0, 'input references': 0, subscriptions: 0, _entities: 0, 'REST routes': 0 };
/** Fields and routes left out, with why: they address only types that are not rows (notAddressable). */
const skipped: string[] = [];
/** Cells where B's answer was not NOT_FOUND but FORBIDDEN by design, exactly as for ids that exist nowhere. */
const forbiddenLikeMissing: string[] = [];
/** Input references B may store unchecked: accepted for A's id exactly as for an id that exists nowhere. */
const uncheckedReferences: string[] = [];
/** Answers that a caller without the row gets anyway: A's answer is an error of one of these, the id did not reach a row. */
const NOT_REACHED = ['NOT_FOUND', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'FORBIDDEN'];

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
   * B calls `label` with A's ids: NOT_FOUND is right (a list under A's parent too: not an empty list);
   * so is FORBIDDEN where the design says so, when it is B's answer for ids that exist nowhere.
   */
  async function deniedProblem(label: string, query: string, variables: Record<string, unknown>): Promise<string | undefined> {
    const result = await asB(query, variables);
    const leaked = leakedIn(result.data);
    if (leaked.length) return `${label}: B saw A's ids ${leaked}`;
    if (isNotFound(result)) return undefined;
    const code = result.errors?.[0]?.extensions?.code;
    if (code === 'FORBIDDEN' && FORBIDDEN_BY_DESIGN[label]) {
      const elsewhere = await asB(query, withOtherIds(variables));
      if (shapeOf(elsewhere) === shapeOf(result)) {
        forbiddenLikeMissing.push(label);
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
    console.log(`isolation matrix: FORBIDDEN by design rather than NOT_FOUND: ${forbiddenLikeMissing.length} (${forbiddenLikeMissing.join('; ')})`);
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
      const problem = await deniedProblem(`Query.${field.name}`, query, args.variables);
      if (problem) problems.push(problem);
    }
    expect(problems).toEqual([]);
  });

  it('node and nodes: B gets null for the global id of every Node row of A\'s (as for one that exists nowhere), A gets its row', async () => {
    const problems: string[] = [];
    const node = schema.getType('Node');
    if (!isInterfaceType(node)) throw new Error('the schema has no Node interface');
    const query = 'query($id: ID!) { node(id: $id) { __typename globalId } }';
    const many = 'query($ids: [ID!]!) { nodes(ids: $ids) { __typename globalId } }';
    for (const { name } of schema.getPossibleTypes(node)) {
      const entry = FIXTURES[name];
      if (entry && 'notAddressable' in entry) { skipped.push(`Node ${name}: ${entry.notAddressable}`); continue; }
      if (!ids[name]) { problems.push(`Node ${name}: no fixture id`); continue; }
      const globalId = toGlobalId(name, ids[name]);
      const own = await gql(server, a.token, query, { id: globalId });
      if (own.data?.node?.globalId !== globalId) { problems.push(`Node ${name}: A's own node(id:) got ${JSON.stringify(own).slice(0, 300)}`); continue; }
      cells['node by global id'] += 2;
      const denied = await asB(query, { id: globalId });
      if (denied.errors || denied.data?.node !== null) problems.push(`Node ${name}: B's node(id:) got ${JSON.stringify(denied).slice(0, 300)}`);
      const deniedMany = await asB(many, { ids: [globalId] });
      if (deniedMany.errors || JSON.stringify(deniedMany.data?.nodes) !== '[null]') problems.push(`Node ${name}: B's nodes(ids:) got ${JSON.stringify(deniedMany).slice(0, 300)}`);
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
      const problem = await deniedProblem(`Mutation.${field.name}`, operationFor('mutation', field, args.used), args.variables);
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
    for (const s of stringsIn(await Promise.all(ownSubs.map(drain)))) if (UUID_ONLY.test(s)) idsOfA.add(s);
    // B's own rows make events too (B's stream may carry them); an error must be NOT_FOUND.
    const seenByB = await Promise.all(watched.map(async ({ name, sub }) => ({ name, messages: await drain(sub) })));
    for (const { name, messages } of seenByB) {
      for (const message of messages as { data?: unknown; errors?: { extensions?: { code?: string } }[] }[]) {
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
      // A list under A's parent is 404 too, never an empty list; the design may refuse first: fine if it is B's answer for ids that exist nowhere.
      const likeNowhere = async () => {
        const elsewhere = await rest(server, b.token, route.method.toUpperCase(), url.replace(UUID, () => randomUUID()), body);
        return elsewhere.status === denied.status && shapeOf(elsewhere.body) === shapeOf(denied.body);
      };
      const accepted = (denied.status === 404 && sameShape) || (denied.status === 403 && FORBIDDEN_BY_DESIGN[label] && (await likeNowhere()));
      if (accepted && denied.status !== 404) forbiddenLikeMissing.push(label);
      if (!accepted) problems.push(`${label}: B got ${denied.status} ${String(JSON.stringify(denied.body)).slice(0, 200)}`);
      // An error message may echo the id B sent; any other id of A's is a leak.
      const leaked = leakedIn(denied.body).filter((id) => !path.includes(encodeURIComponent(id)));
      if (leaked.length) problems.push(`${label}: B saw A's ids ${leaked}`);
    }
    expect(problems).toEqual([]);
  });
});
