export const workspacesHotdataRoutes = [] as import('../../src/rest/route').RestRoute[];
