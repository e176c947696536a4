import type { SubgraphModule } from '../../src/federation/module';
import { restSecretRoutes } from './rest-secrets';
import { Secret, SecretVersion } from './secrets';
import { SecretResolver } from './secrets.resolver';

/** Catalogs, connections, secrets, datasets, tables, uploads and saved queries (secrets so far). */
export const catalogsModule: SubgraphModule = {
  name: 'catalogs',
  resolvers: [SecretResolver],
  entities: [Secret, SecretVersion],
  restRoutes: restSecretRoutes,
};
