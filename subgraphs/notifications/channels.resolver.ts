import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { routeKeysOf } from './channels';
import { NotificationChannel } from './entities';

@Resolver(() => NotificationChannel)
export class NotificationChannelResolver {
  @FieldResolver(() => [String], { description: 'Event types its enabled rules send to it (athena-rs route keys).' })
  routeKeys(@Root() channel: NotificationChannel, @Ctx() ctx: Context) {
    return routeKeysOf(ctx, channel);
  }
}
