import type { RouteDefinition } from './routes.js';

/** API release the sandbox imitates, as GET /v2/auth/version reports it. */
export const API_VERSION = '2.6';

export const authRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    template: '/v2/auth/version',
    public: true,
    handle: () => ({ version: API_VERSION }),
  },
];
