import { transactWith } from '../../src/events/outbox';

/** Event-log topic of project changes; `projectChanged` streams it. */
export const PROJECT_TOPIC = 'project';

/** What happened to a project. */
export type ProjectChangeType = 'created' | 'updated' | 'deleted';

/** The projects domain's events: topic → payload. */
export type ProjectEvents = {
  [PROJECT_TOPIC]: { id: string; name: string };
};

/** `transact` for this domain: emits type-check against ProjectEvents. */
export const transactProjects = transactWith<ProjectEvents>();
