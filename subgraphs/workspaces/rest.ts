export const workspacesRestRoutes = [] as import('../../src/rest/route').RestRoute[];
