import { transactWith } from '../../src/events/outbox';

/** Event-log topic of secrets (their metadata; never their values). */
export const SECRET_TOPIC = 'secret';
/** Event-log topic of catalogs and their team access. */
export const CATALOG_TOPIC = 'catalog';
/** Event-log topic of connections and their discovery. */
export const CONNECTION_TOPIC = 'connection';

/** The catalogs domain's events: topic → payload. */
export type CatalogEvents = {
  [SECRET_TOPIC]: { id: string; name: string; version?: number };
  [CATALOG_TOPIC]: { id: string; name: string };
  [CONNECTION_TOPIC]: { id: string; name: string };
};

/** `transact` for this domain: emits type-check against CatalogEvents. */
export const transactCatalogs = transactWith<CatalogEvents>();
