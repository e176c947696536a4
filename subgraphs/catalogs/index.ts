import type { SubgraphModule } from '../../src/federation/module';
import { CatalogResolver } from './catalogs.resolver';
import { ConnectionResolver } from './connections.resolver';
import { restConnectionRoutes } from './rest-connections';
import { restCatalogRoutes } from './rest-catalogs';
import { restSavedQueryRoutes } from './rest-saved-queries';
import { restSecretRoutes } from './rest-secrets';
import { SavedQueryResolver } from './saved-queries.resolver';
import { Catalog, CatalogTeam, ConnectionTable, DataConnection, SavedQuery, SavedQueryVersion, Secret, SecretVersion } from './entities';
import { SecretResolver } from './secrets.resolver';

/** Catalogs, connections, secrets, datasets, tables, uploads and saved queries (secrets, catalogs, connections and saved queries so far). */
export const catalogsModule: SubgraphModule = {
  name: 'catalogs',
  resolvers: [SecretResolver, CatalogResolver, ConnectionResolver, SavedQueryResolver],
  entities: [Secret, SecretVersion, Catalog, CatalogTeam, DataConnection, ConnectionTable, SavedQuery, SavedQueryVersion],
  restRoutes: [...restSecretRoutes, ...restCatalogRoutes, ...restConnectionRoutes, ...restSavedQueryRoutes],
};
