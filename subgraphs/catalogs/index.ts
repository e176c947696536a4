import type { SubgraphModule } from '../../src/federation/module';
import { tenantReference } from '../../src/federation/reference-stub';
import { CatalogResolver } from './catalogs.resolver';
import { ConnectionResolver } from './connections.resolver';
import { restConnectionRoutes } from './rest-connections';
import { restCatalogRoutes } from './rest-catalogs';
import { restLakesailQueryRoutes } from './rest-lakesail-queries';
import { restSavedQueryRoutes } from './rest-saved-queries';
import { restSecretRoutes } from './rest-secrets';
import { ProjectSavedQueriesResolver, SavedQueryResolver } from './saved-queries.resolver';
import { savedQueryById } from './saved-queries';
import { ProjectReference, Catalog, ConnectionTable, DataConnection, Dataset, DatasetVersion, ProjectDataset, SavedQuery, SavedQueryVersion, Secret, SecretVersion, TableJob, Upload } from './entities';
import { SecretResolver } from './secrets.resolver';
import { DatasetResolver } from './datasets.resolver';
import { UploadResolver } from './uploads.resolver';
import { restDatasetRoutes } from './rest-datasets';
import { ProjectDatasetResolver } from './project-datasets.resolver';
import { restDatacoveyRoutes } from './rest-datacovey';
import { restDatacoveyTableJobRoutes } from './rest-datacovey-table-jobs';
import { TABLE_JOB_TASK, tableJobTask } from './table-jobs';
import { TableJobResolver } from './table-jobs.resolver';

/** Catalogs, connections, secrets, datasets, tables, uploads, saved queries, and table import / export jobs. */
export const catalogsModule: SubgraphModule = {
  name: 'catalogs',
  resolvers: [SecretResolver, CatalogResolver, ConnectionResolver, SavedQueryResolver, ProjectSavedQueriesResolver, UploadResolver, DatasetResolver, ProjectDatasetResolver, TableJobResolver],
  entities: [Secret, SecretVersion, Catalog, DataConnection, ConnectionTable, SavedQuery, SavedQueryVersion, Upload, ProjectDataset, Dataset, DatasetVersion, TableJob],
  restRoutes: [...restSecretRoutes, ...restCatalogRoutes, ...restConnectionRoutes, ...restSavedQueryRoutes, ...restLakesailQueryRoutes, ...restDatasetRoutes, ...restDatacoveyRoutes, ...restDatacoveyTableJobRoutes],
  tasks: { [TABLE_JOB_TASK]: tableJobTask },
  orphanedTypes: [ProjectReference],
  referenceResolvers: {
    // Other subgraphs reach a project's saved queries and a saved query by id.
    Project: tenantReference('projects'),
    SavedQuery: (ref, ctx) => savedQueryById(ctx, ref.id),
  },
};
