import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The event log (outbox): every domain event is written here in the same transaction as the
 * change that caused it, then published. Its id is the cursor subscriptions resume from.
 */
@Entity({ tableName: 'event_log' })
@Index({ properties: ['tenantId', 'topic', 'id'] })
// Streams of one subject (`notebookChanged(notebookId)`, a chat room) replay only its events.
@Index({ properties: ['tenantId', 'topic', 'subjectId', 'id'] })
export class EventRecord {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 36 })
  tenantId!: string;

  /** Stream name, e.g. `project`; subscriptions read one topic. */
  @Property({ type: 'string', length: 64 })
  topic!: string;

  /** What happened, e.g. `created`. */
  @Property({ type: 'string', length: 64 })
  type!: string;

  /** Id of the entity the event is about, so streams filter by it. */
  @Property({ type: 'string', length: 64 })
  subjectId!: string;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
