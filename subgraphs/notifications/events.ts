import { transactWith } from '../../src/events/outbox';

/** Event-log topic of deliveries: every status change of every delivery, and in-app notifications. */
export const DELIVERY_TOPIC = 'notification_delivery';
/** Event-log topic of channels and rules. */
export const NOTIFICATION_CONFIG_TOPIC = 'notification_config';

export interface DeliveryEventPayload extends Record<string, unknown> {
  deliveryId: string;
  channelId: string;
  ruleId: string | null;
  status: string;
  attempts: number;
  eventType: string;
  statusCode?: number | null;
  error?: string | null;
  /** Who may see it beside Org admins: the channel's team, its member, and in-app recipients. */
  teamId: string | null;
  userIds: string[];
  inAppNotificationId?: string;
}

export type NotificationEvents = {
  [DELIVERY_TOPIC]: DeliveryEventPayload;
  [NOTIFICATION_CONFIG_TOPIC]: { id: string; name: string; kind: 'channel' | 'rule' };
};

export const transactNotifications = transactWith<NotificationEvents>();
