/** Event-log topic of project changes; `projectChanged` streams it. */
export const PROJECT_TOPIC = 'project';

/** What happened to a project. */
export type ProjectChangeType = 'created' | 'updated' | 'deleted';
