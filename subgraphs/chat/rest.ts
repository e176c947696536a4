import type { RestRoute } from '../../src/rest/route';
export const chatRestRoutes: RestRoute[] = [];
