import type { SubgraphModule } from '../../src/federation/module';
import { CatalogResolver } from './catalogs.resolver';
import { ConnectionResolver } from './connections.resolver';
import { restConnectionRoutes } from './rest-connections';
import { restCatalogRoutes } from './rest-catalogs';
import { restLakesailQueryRoutes } from './rest-lakesail-queries';
import { restSavedQueryRoutes } from './rest-saved-queries';
import { restSecretRoutes } from './rest-secrets';
import { SavedQueryResolver } from './saved-queries.resolver';
import { Catalog, ConnectionTable, DataConnection, Dataset, DatasetVersion, ProjectDataset, SavedQuery, SavedQueryVersion, Secret, SecretVersion, Upload } from './entities';
import { SecretResolver } from './secrets.resolver';
import { DatasetResolver } from './datasets.resolver';
import { UploadResolver } from './uploads.resolver';
import { restDatasetRoutes } from './rest-datasets';
import { ProjectDatasetResolver } from './project-datasets.resolver';
import { restDatacoveyRoutes } from './rest-datacovey';

/** Catalogs, connections, secrets, datasets, tables, uploads and saved queries. */
export const catalogsModule: SubgraphModule = {
  name: 'catalogs',
  resolvers: [SecretResolver, CatalogResolver, ConnectionResolver, SavedQueryResolver, UploadResolver, DatasetResolver, ProjectDatasetResolver],
  entities: [Secret, SecretVersion, Catalog, DataConnection, ConnectionTable, SavedQuery, SavedQueryVersion, Upload, ProjectDataset, Dataset, DatasetVersion],
  restRoutes: [...restSecretRoutes, ...restCatalogRoutes, ...restConnectionRoutes, ...restSavedQueryRoutes, ...restLakesailQueryRoutes, ...restDatasetRoutes, ...restDatacoveyRoutes],
};
