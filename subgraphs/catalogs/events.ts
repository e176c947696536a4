import { transactWith } from '../../src/events/outbox';

/** Event-log topic of secrets (their metadata; never their values). */
export const SECRET_TOPIC = 'secret';
/** Event-log topic of catalogs and their team access. */
export const CATALOG_TOPIC = 'catalog';
/** Event-log topic of connections and their discovery. */
export const CONNECTION_TOPIC = 'connection';
/** Event-log topic of saved queries. */
export const SAVED_QUERY_TOPIC = 'saved_query';

/** Event-log topic of uploads. */
export const UPLOAD_TOPIC = 'upload';
/** Event-log topic of datasets, their versions and project datasets. */
export const DATASET_TOPIC = 'dataset';

/** The catalogs domain's events: topic → payload. */
export type CatalogEvents = {
  [SECRET_TOPIC]: { id: string; name: string; version?: number };
  [CATALOG_TOPIC]: { id: string; name: string };
  [CONNECTION_TOPIC]: { id: string; name: string };
  [SAVED_QUERY_TOPIC]: { id: string; name: string; version?: number };
  [UPLOAD_TOPIC]: { id: string; sizeBytes: number };
  [DATASET_TOPIC]: { id: string; name: string; version?: number };
};

/** `transact` for this domain: emits type-check against CatalogEvents. */
export const transactCatalogs = transactWith<CatalogEvents>();
