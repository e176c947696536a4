import type { SubgraphModule } from '../../src/federation/module';
import { CatalogResolver } from './catalogs.resolver';
import { restCatalogRoutes } from './rest-catalogs';
import { restSecretRoutes } from './rest-secrets';
import { Catalog, CatalogTeam, Secret, SecretVersion } from './entities';
import { SecretResolver } from './secrets.resolver';

/** Catalogs, connections, secrets, datasets, tables, uploads and saved queries (secrets and catalogs so far). */
export const catalogsModule: SubgraphModule = {
  name: 'catalogs',
  resolvers: [SecretResolver, CatalogResolver],
  entities: [Secret, SecretVersion, Catalog, CatalogTeam],
  restRoutes: [...restSecretRoutes, ...restCatalogRoutes],
};
