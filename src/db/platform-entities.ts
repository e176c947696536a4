import { EventRecord } from '../events/event-record';
import { Task } from '../queue/task';

/** Tables the platform itself owns (beside every subgraph's entities): the event log and the task queue. */
export const PLATFORM_ENTITIES = [EventRecord, Task];
