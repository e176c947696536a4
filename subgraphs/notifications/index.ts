import type { SubgraphModule } from '../../src/federation/module';
import { deliveryTask, DELIVERY_TASK, matchEvents } from './deliveries';
import { InAppNotification, NotificationChannel, NotificationDelivery, NotificationRule } from './entities';
import { NotificationResolver } from './notifications.resolver';
import { NotificationChannelResolver } from './channels.resolver';
import { restLakesailNotificationRoutes } from './rest-lakesail';
import { restAthenaWebhookRoutes } from './rest-athena';

/** Notifications: channels, rules, deliveries (matched in every domain's transactions, sent on the task queue), in-app inbox. */
export const notificationsModule: SubgraphModule = {
  name: 'notifications',
  resolvers: [NotificationResolver, NotificationChannelResolver],
  entities: [NotificationChannel, NotificationRule, NotificationDelivery, InAppNotification],
  onEvents: matchEvents,
  tasks: { [DELIVERY_TASK]: deliveryTask },
  restRoutes: [...restLakesailNotificationRoutes, ...restAthenaWebhookRoutes],
};
