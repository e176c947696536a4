import type { SubgraphModule } from '../../src/federation/module';
import { CatalogResolver } from './catalogs.resolver';
import { ConnectionResolver } from './connections.resolver';
import { restConnectionRoutes } from './rest-connections';
import { restCatalogRoutes } from './rest-catalogs';
import { restLakesailQueryRoutes } from './rest-lakesail-queries';
import { restSavedQueryRoutes } from './rest-saved-queries';
import { restSecretRoutes } from './rest-secrets';
import { SavedQueryResolver } from './saved-queries.resolver';
import { Catalog, ConnectionTable, DataConnection, SavedQuery, SavedQueryVersion, Secret, SecretVersion, TeamGrant } from './entities';
import { SecretResolver } from './secrets.resolver';

/** Catalogs, connections, secrets, datasets, tables, uploads and saved queries (secrets, catalogs, connections and saved queries so far). */
export const catalogsModule: SubgraphModule = {
  name: 'catalogs',
  resolvers: [SecretResolver, CatalogResolver, ConnectionResolver, SavedQueryResolver],
  entities: [Secret, SecretVersion, Catalog, TeamGrant, DataConnection, ConnectionTable, SavedQuery, SavedQueryVersion],
  restRoutes: [...restSecretRoutes, ...restCatalogRoutes, ...restConnectionRoutes, ...restSavedQueryRoutes, ...restLakesailQueryRoutes],
};
