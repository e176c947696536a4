import { Arg, Args, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../src/context';
import { Connection, PageArgs } from '../../src/pagination';
import { getOperation, listOperations, Operation, OperationFilter } from './operations';

export const OperationConnection = Connection(Operation, 'Operation');

@Resolver(() => Operation)
export class OperationResolver {
  @Authorized()
  @Query(() => OperationConnection, { description: "Your tenant's background operations, newest first." })
  operations(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => OperationFilter, { nullable: true, description: 'Kinds and statuses.' }) filter: OperationFilter | undefined, @Ctx() ctx: Context) {
    return listOperations(ctx, filter, page);
  }

  @Authorized()
  @Query(() => Operation, { description: 'One background operation: its status and, once done, its result.' })
  operation(@Arg('id', () => ID, { description: 'Operation id.' }) id: string, @Ctx() ctx: Context) {
    return getOperation(ctx, id);
  }
}
