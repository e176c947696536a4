import { transactWith } from '../../src/events/outbox';

/** Event-log topic of everything that happens in a workspace; `workspaceChanged` and the activity feed read it. */
export const WORKSPACE_TOPIC = 'workspace';
/** The catalogs domain's dataset topic: a cell edit is also a new version of the backing dataset. */
export const DATASET_TOPIC = 'dataset';

/** What happened in a workspace. */
export type WorkspaceChangeType =
  | 'created' | 'updated' | 'archived' | 'restored' | 'deleted'
  | 'shared' | 'share_revoked' | 'share_cleared' | 'tags_set'
  | 'cells_updated' | 'chart_created' | 'chart_updated' | 'chart_deleted'
  | 'task_attached' | 'task_updated' | 'task_detached';

/**
 * Every workspace event names who could see the workspace when it happened (`viewerIds`: the
 * owner and the share's recipients), so a subscription checks each event against its caller.
 */
export interface WorkspaceEventPayload {
  [key: string]: unknown;
  workspaceId: string;
  title: string;
  viewerIds: string[];
  actorId: string;
  chartId?: string;
  mutationId?: string;
  cells?: { key: Record<string, unknown>; column: string; newValue: unknown }[];
  datasetVersion?: number;
  recipientUserIds?: string[];
}

/** The workspaces domain's events: topic → payload. */
export type WorkspaceEvents = {
  [WORKSPACE_TOPIC]: WorkspaceEventPayload;
  [DATASET_TOPIC]: { id: string; name: string; version: number };
};

/** `transact` for this domain: emits type-check against WorkspaceEvents. */
export const transactWorkspaces = transactWith<WorkspaceEvents>();
