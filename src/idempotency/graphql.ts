import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { execute, getOperationAST, GraphQLError, Kind, print, valueFromASTUntyped, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context } from '../context';
import { AppError, statusForCode } from '../errors';
import { claimIdempotencyKey, completeIdempotencyKey, fingerprintOf, releaseIdempotencyKey, type IdempotentRequest } from './store';

/** The argument the federation layer adds to every `create…` mutation (see src/federation/idempotency-argument.ts). */
export const IDEMPOTENCY_ARGUMENT = 'idempotencyKey';
/** Response header on a replayed response. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * The idempotent request an operation makes, if any: the REST layer's (from `Idempotency-Key`,
 * put on the context) or the `idempotencyKey` argument of the mutation's root fields.
 */
export function idempotentRequestOf(ctx: Context, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): IdempotentRequest | undefined {
  if (ctx.idempotency) return ctx.idempotency;
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'mutation') return undefined;
  const keys = new Set<string>();
  const fields: string[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const argument = selection.arguments?.find((a) => a.name.value === IDEMPOTENCY_ARGUMENT);
    if (!argument) continue;
    const value = valueFromASTUntyped(argument.value, variables);
    if (value === null || value === undefined) continue;
    keys.add(String(value));
    fields.push(selection.name.value);
  }
  if (!keys.size) return undefined;
  if (keys.size > 1) throw new AppError('BAD_USER_INPUT', 'One idempotencyKey per operation: every field that takes one must get the same');
  return {
    key: [...keys][0],
    scope: `graphql:${fields.join(',')}`,
    fingerprint: fingerprintOf({ query: print(operation), variables: variables ?? {} }),
  };
}

/** Claims per request, replays or stores: the HTTP half (REST runs through it too, via executeOperation). */
export function idempotencyPlugin(): ApolloServerPlugin<Context> {
  const claims = new WeakMap<Context, { recordId?: string; replay?: Record<string, unknown> }>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operationName, request }: GraphQLRequestContextDidResolveOperation<Context>) {
          try {
            const idempotent = idempotentRequestOf(contextValue, document, operationName, request.variables);
            if (!idempotent || !contextValue.identity) return; // anonymous callers: the operation refuses them itself
            const claim = await claimIdempotencyKey(contextValue.em, contextValue.identity, idempotent);
            claims.set(contextValue, claim.kind === 'first' ? { recordId: claim.recordId } : { replay: claim.response });
          } catch (error) {
            // Refused before execution: Apollo answers 500 unless the error names its status.
            if (!(error instanceof AppError)) throw error;
            throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: statusForCode(error.code) } } });
          }
        },
        async responseForOperation({ contextValue }) {
          const replay = claims.get(contextValue)?.replay;
          if (!replay) return null;
          return { http: { status: undefined, headers: new HeaderMap([[REPLAYED_HEADER, 'true']]) }, body: { kind: 'single', singleResult: replay } };
        },
        async willSendResponse({ contextValue, response }) {
          const recordId = claims.get(contextValue)?.recordId;
          if (!recordId) return;
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          if (result && !result.errors?.length && result.data) await completeIdempotencyKey(contextValue.em, recordId, { data: result.data });
          else await releaseIdempotencyKey(contextValue.em, recordId);
        },
      };
    },
  };
}

/** graphql-ws's `execute` with the same rules (graphql-ws does not run Apollo's plugins). */
export async function executeIdempotently(args: ExecutionArgs): Promise<ExecutionResult> {
  const ctx = args.contextValue as Context;
  let idempotent: IdempotentRequest | undefined;
  try {
    idempotent = idempotentRequestOf(ctx, args.document, args.operationName, args.variableValues ?? undefined);
  } catch (error) {
    return { errors: [error as AppError] };
  }
  if (!idempotent || !ctx.identity) return execute(args) as ExecutionResult;
  let claim;
  try {
    claim = await claimIdempotencyKey(ctx.em, ctx.identity, idempotent);
  } catch (error) {
    if (error instanceof AppError) return { errors: [error] };
    throw error;
  }
  if (claim.kind === 'replay') return claim.response as ExecutionResult;
  try {
    const result = (await execute(args)) as ExecutionResult;
    if (!result.errors?.length && result.data) await completeIdempotencyKey(ctx.em, claim.recordId, { data: result.data });
    else await releaseIdempotencyKey(ctx.em, claim.recordId);
    return result;
  } catch (error) {
    await releaseIdempotencyKey(ctx.em, claim.recordId);
    throw error;
  }
}
