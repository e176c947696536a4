import { EventRecord } from '../events/event-record';
import { Task } from '../queue/task';
import { TeamGrant } from '../access/team-grants';

/** Tables the platform itself owns (beside every subgraph's entities): the event log, the task queue, team grants. */
export const PLATFORM_ENTITIES = [EventRecord, Task, TeamGrant];
