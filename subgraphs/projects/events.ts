import { transactWith } from '../../src/events/outbox';

/** Event-log topic of project changes; `projectChanged` streams it. */
export const PROJECT_TOPIC = 'project';
/** Event-log topic of approval requests and their reviews. */
export const APPROVAL_TOPIC = 'approval';
/** Event-log topic of agents and their project assignments. */
export const AGENT_TOPIC = 'agent';

/** What happened to a project. */
export type ProjectChangeType = 'created' | 'updated' | 'deleted';

/** The projects domain's events: topic → payload. */
export type ProjectEvents = {
  [PROJECT_TOPIC]: { id: string; name: string };
  [APPROVAL_TOPIC]: { id: string; status: string };
  [AGENT_TOPIC]: { id: string; name?: string; projectId?: string };
};

/** `transact` for this domain: emits type-check against ProjectEvents. */
export const transactProjects = transactWith<ProjectEvents>();
