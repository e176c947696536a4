import { EventRecord } from '../events/event-record';
import { Task } from '../queue/task';
import { TeamGrant } from '../access/team-grants';
import { IdempotencyRecord } from '../idempotency/idempotency-record';

/** Tables the platform itself owns (beside every subgraph's entities): the event log, the task queue, team grants, idempotency keys. */
export const PLATFORM_ENTITIES = [EventRecord, Task, TeamGrant, IdempotencyRecord];
