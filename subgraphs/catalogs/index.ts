import type { SubgraphModule } from '../../src/federation/module';
import { CatalogResolver } from './catalogs.resolver';
import { ConnectionResolver } from './connections.resolver';
import { restConnectionRoutes } from './rest-connections';
import { restCatalogRoutes } from './rest-catalogs';
import { restSecretRoutes } from './rest-secrets';
import { Catalog, CatalogTeam, ConnectionTable, DataConnection, Secret, SecretVersion } from './entities';
import { SecretResolver } from './secrets.resolver';

/** Catalogs, connections, secrets, datasets, tables, uploads and saved queries (secrets, catalogs and connections so far). */
export const catalogsModule: SubgraphModule = {
  name: 'catalogs',
  resolvers: [SecretResolver, CatalogResolver, ConnectionResolver],
  entities: [Secret, SecretVersion, Catalog, CatalogTeam, DataConnection, ConnectionTable],
  restRoutes: [...restSecretRoutes, ...restCatalogRoutes, ...restConnectionRoutes],
};
